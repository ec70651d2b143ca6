"""分类考核: a common part for every unit and a part per class, checked, scored and ranked."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

RUBRIC = """\
kind: rubric
id: classes
version: "1"
title: 分类考核测试
total: 100
class_ranking: by-group
sections:
- id: common
  title: 共性指标
  score: 40
  items:
  - id: study
    title: 理论学习
    score: 40
    rules:
    - {id: miss, text: 每缺一次扣5分, kind: count, deduct: 5}
classes:
- id: office
  title: 县委办
  group: 重点
  sections:
  - id: office-work
    title: 县委办个性指标
    score: 60
    items:
    - id: docs
      title: 公文办理
      score: 60
      rules:
      - {id: late, text: 每延误一件扣3分, kind: count, deduct: 3}
- id: finance
  title: 财政局
  group: 重点
  sections:
  - id: finance-work
    title: 财政局个性指标
    score: 60
    items:
    - id: budget
      title: 预算执行
      score: 60
      rules:
      - {id: slow, text: 执行率低于90%扣10分, kind: threshold, below: 90, deduct: 10}
- id: archives
  title: 档案局
  group: 一般
  sections:
  - id: archive-work
    title: 档案局个性指标
    score: 60
    items:
    - id: files
      title: 档案管理
      score: 60
      rules:
      - {id: lost, text: 档案丢失扣20分, deduct: 20}
"""

UNITS = {
    "a.yaml": """\
kind: findings
rubric: classes@1
unit: 县委办
unit_class: office
year: 2026
items:
  study: {findings: {miss: 1}}
  docs: {findings: {late: 2}}
""",
    "b.yaml": """\
kind: findings
rubric: classes@1
unit: 财政局
unit_class: finance
year: 2026
items:
  study: {findings: {miss: 0}}
  budget: {findings: {slow: 85}}
""",
    "c.yaml": """\
kind: findings
rubric: classes@1
unit: 档案局
unit_class: archives
year: 2026
items:
  study: {findings: {miss: 2}}
  files: {findings: {lost: false}}
""",
}


def _setup(tmp_path: Path, rubric: str = RUBRIC, **units: str) -> Path:
    (tmp_path / "r.yaml").write_text(rubric, encoding="utf-8")
    folder = tmp_path / "u"
    folder.mkdir()
    for name, text in {**UNITS, **units}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_unit_is_scored_on_the_common_part_and_its_class(djkh, tmp_path: Path) -> None:
    folder = _setup(tmp_path)
    run = djkh(
        "score", str(folder / "a.yaml"), "--rubric", str(tmp_path / "r.yaml"), "--format", "json"
    )
    assert run.code == 0, run.stderr
    card = json.loads(run.stdout, parse_float=Decimal)
    assert card["unit_class"] == {"id": "office", "title": "县委办", "group": "重点"}
    assert [(s["id"], s["score"]) for s in card["sections"]] == [
        ("common", 35),
        ("office-work", 54),
    ]
    assert card["score"] == 89


def test_units_rank_by_group(djkh, tmp_path: Path) -> None:
    folder = _setup(tmp_path)
    run = djkh("score", str(folder), "--rubric", str(tmp_path / "r.yaml"), "--format", "json")
    assert run.code == 0, run.stderr
    rankings = json.loads(run.stdout, parse_float=Decimal)["rankings"]
    assert [(r["group"], [(u["rank"], u["unit"]) for u in r["units"]]) for r in rankings] == [
        ("重点", [(1, "财政局"), (2, "县委办")]),
        ("一般", [(1, "档案局")]),
    ]


def test_units_of_all_classes_rank_together_with_their_own_part_in_one_column(
    djkh, tmp_path: Path
) -> None:
    folder = _setup(tmp_path, RUBRIC.replace("class_ranking: by-group", "class_ranking: together"))
    run = djkh("score", str(folder), "--rubric", str(tmp_path / "r.yaml"), "--format", "csv")
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[2:6] == [
        "Rank,Unit,Self score,Score,Deduction,I. 共性指标,II. Class part,Class",
        "1,档案局,,90,10,30,60,档案局",
        "1,财政局,,90,10,40,50,财政局",
        "3,县委办,,89,11,35,54,县委办",
    ]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "no class",
            UNITS["c.yaml"].replace("unit_class: archives\n", ""),
            "c.yaml:3:1: error: rubric classes@1 scores units by class (分类考核): add "
            "'unit_class: ID', one of office, finance, archives [DJ414]",
        ),
        (
            "a class the rubric lacks",
            UNITS["c.yaml"].replace("unit_class: archives", "unit_class: archive"),
            "c.yaml:4:13: error: rubric classes@1 has no unit class 'archive'; did you mean "
            "'archives'? [DJ414]",
        ),
        (
            "another class's rules",
            UNITS["c.yaml"].replace("  files:", "  docs: {findings: {late: 1}}\n  files:"),
            "c.yaml:8:3: error: item 'docs' belongs to class 'office' (县委办), not to this unit's "
            "class 'archives': a unit is scored on the common part and its own class's part "
            "[DJ414]",
        ),
    ],
)
def test_findings_of_the_wrong_class_are_refused(
    djkh, tmp_path: Path, name: str, text: str, message: str
) -> None:
    folder = _setup(tmp_path, **{"c.yaml": text})
    run = djkh("validate", str(folder / "c.yaml"), str(tmp_path / "r.yaml"))
    assert run.code == 1
    assert message in run.stdout.replace(f"{folder}/", "")


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "a class whose part misses the total",
            "    score: 60\n    items:\n    - id: files\n      title: 档案管理\n      score: 60",
            "    score: 50\n    items:\n    - id: files\n      title: 档案管理\n      score: 50",
            "r.yaml:44:3: error: the common sections and those of class 'archives' add up to 90, "
            "not the total 100: correct a section's score or the total [DJ303]",
        ),
        (
            "a class id used twice",
            "- id: finance",
            "- id: office",
            "r.yaml:31:7: error: class id 'office' is already used at line 18: ids must be unique "
            "[DJ301]",
        ),
        (
            "an item id in two classes",
            "    - id: budget",
            "    - id: docs",
            "r.yaml:39:11: error: item id 'docs' is already used at line 26: ids must be unique "
            "across the rubric (findings name items by id) [DJ301]",
        ),
        (
            "a class without its part",
            "  sections:\n  - id: archive-work",
            "  sectons:\n  - id: archive-work",
            "r.yaml:44:3: error: missing required key 'sections' [DJ202]\n"
            "r.yaml:47:3: error: unknown key 'sectons'; did you mean 'sections'? [DJ201]",
        ),
    ],
)
def test_rubric_class_problems(
    djkh, tmp_path: Path, name: str, old: str, new: str, message: str
) -> None:
    assert old in RUBRIC
    _setup(tmp_path, RUBRIC.replace(old, new))
    run = djkh("validate", str(tmp_path / "r.yaml"))
    assert run.code == 1
    assert message in run.stdout.replace(f"{tmp_path}/", "")


def test_init_writes_the_common_part_and_the_class(djkh, tmp_path: Path) -> None:
    _setup(tmp_path)
    rubric = str(tmp_path / "r.yaml")
    run = djkh(
        "init", "--rubric", rubric, "--unit", "档案局", "--year", "2026", "--class", "archives"
    )
    assert run.code == 0, run.stderr
    assert "unit_class: archives\n" in run.stdout
    assert [
        line
        for line in run.stdout.splitlines()
        if line.startswith("  ") and line.endswith(":") and not line.startswith("   ")
    ] == ["  study:", "  files:"]
    args = ("init", "--rubric", rubric, "--unit", "档案局", "--year", "2026")
    run = djkh(*args)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-1] == (
        "Error: Missing option '--class'. rubric classes@1 scores units by class (分类考核): "
        "choose one of office, finance, archives"
    )
    run = djkh(*args, "--class", "archive")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--class': rubric classes@1 has no unit class 'archive'; "
        "did you mean 'archives'? (choices: office, finance, archives)"
    )


def test_a_class_part_is_linted_like_the_common_part(djkh, tmp_path: Path) -> None:
    _setup(tmp_path, RUBRIC.replace("档案丢失扣20分, deduct: 20", "档案丢失扣70分, deduct: 70"))
    run = djkh("validate", str(tmp_path / "r.yaml"))
    assert run.code == 0
    assert (
        "r.yaml:56:44: warning: one hit of rule 'lost' deducts 70, more than the 60 item 'files' "
        "is worth: check 'deduct' against the original [DJ501]"
    ) in run.stdout.replace(f"{tmp_path}/", "")


def test_textconv_lists_each_class_part_under_its_class(djkh, tmp_path: Path) -> None:
    _setup(tmp_path)
    run = djkh("git-textconv", str(tmp_path / "r.yaml"))
    assert run.code == 0
    lines = run.stdout.splitlines()
    start = lines.index("class office: 县委办 [重点]")
    assert lines[start : start + 3] == [
        "class office: 县委办 [重点]",
        "section office-work: 县委办个性指标 (60)",
        "  item office-work/docs: 公文办理 (60)",
    ]
