"""The bundled Wenzhou rubric: complete, corrected, and what the seed says."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest

from djkh.checks.workspace import Workspace
from djkh.files.catalogue import RubricCatalogue, bundled_dir
from djkh.model.rubric import Rubric

PATH = bundled_dir() / "wenzhou-jiguan" / "2007.yaml"


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    outcome = Workspace(RubricCatalogue.default()).rubric(str(PATH))
    assert outcome.problems == ()
    assert outcome.value is not None
    return outcome.value


def test_structure(rubric: Rubric) -> None:
    assert rubric.ref == "wenzhou-jiguan@2007"
    assert [(s.title, s.score, len(s.items)) for s in rubric.sections] == [
        ("党组党委领导班子自身建设", 20, 4),
        ("党组党委抓机关党建工作", 20, 3),
        ("机关党组织建设", 60, 6),
    ]
    scores = [item.score for s in rubric.sections for item in s.items]
    assert scores == [5, 5, 5, 5, 10, 5, 5, 10, 10, 15, 10, 10, 5]
    assert rubric.total == sum(scores) == 100


def test_every_numbered_point_is_transcribed(rubric: Rubric) -> None:
    items = [item for s in rubric.sections for item in s.items]
    assert [len(i.standards) for i in items] == [5, 4, 3, 4, 5, 3, 4, 4, 4, 4, 3, 4, 6]
    assert [len(i.methods) for i in items] == [3, 2, 3, 3, 4, 2, 3, 4, 3, 3, 3, 4, 3]
    assert [len(i.rules) for i in items] == [9, 3, 3, 3, 5, 2, 2, 4, 4, 3, 3, 5, 3]


def test_rule_kinds(rubric: Rubric) -> None:
    rules = {(i.id, r.id): r for s in rubric.sections for i in s.items for r in i.rules}
    assert Counter(r.kind.value for r in rules.values()) == {
        "flat": 36,
        "shortfall": 6,
        "count": 6,
        "threshold": 1,
    }
    registration = rules["work-style", "community-registration"]
    assert (registration.below, registration.deduct, registration.unit) == (90, 3, "%")
    lectures = rules["ideological-work", "party-lectures"]
    assert (lectures.required, lectures.deduct) == (4, 5)
    assert rules["member-management", "violations-self-reported"].deduct == Decimal(1)


def test_seed_faults_are_corrected() -> None:
    text = PATH.read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"\([a-zü]", body), "pinyin left behind"
    assert "?" not in body
    for traditional in "發規據創執監戰統協區優聯現業態機關黨":
        assert traditional not in body
    assert "末5位的" in body and "未5位的" not in body
    assert "年初未制定党建工作计划" in body and "年初末制定" not in body
    assert "德才兼备" in body
    assert "上 |" not in body


def test_corrections_are_commented() -> None:
    text = PATH.read_text(encoding="utf-8")
    assert text.count("# 更正") >= 50
    assert "“未5位的”为识别错误" in text and "“年初末制定”为识别错误" in text
    assert "分页残留" in text
