"""`djkh init --format xlsx` for one assessor or one period: the workbook holds what the YAML
template holds, and a filled form scores as the same YAML (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from openpyxl import load_workbook

from tests.conftest import REPO

ZHEN = REPO / "examples" / "findings-zhen"
JIDU = REPO / "examples" / "findings-jidu"
RUBRICS = str(REPO / "examples" / "rubric")
ROLE, FIRST_FORM_ROW = 12, 10


def _init(djkh, target: Path, *args: str) -> None:
    run = djkh("init", "--year", "2026", "--rubric-dir", RUBRICS, "-o", str(target), *args)
    assert run.code == 0, run.stderr
    assert run.stderr == (
        f"wrote {target}: fill in the yellow cells, then run djkh validate {target}\n"
    )


def _rows(path: Path) -> list[tuple[Any, ...]]:
    """Each row of the form's only sheet: 项目, 目标, 标准分, 评分说明, the hidden role."""
    sheet = load_workbook(path).active
    return [
        (row[0], row[1], row[3], row[4], row[ROLE - 1])
        for row in sheet.iter_rows(min_row=FIRST_FORM_ROW, values_only=True)
    ]


def _fill(path: Path, findings: Path) -> None:
    """Type a YAML findings file's answers into the form's yellow cells, as a person would."""
    data = yaml.safe_load(findings.read_text(encoding="utf-8"))
    book = load_workbook(path)
    sheet = book.active
    if "date" in data:
        sheet.cell(7, 2, str(data["date"]))
    for row in range(FIRST_FORM_ROW, sheet.max_row + 1):
        kind, _sep, target = str(sheet.cell(row, ROLE).value).partition(" ")
        item, _sep, rule = target.split(" ")[0].partition("/")
        recorded = data["items"].get(item, {})
        found = recorded.get("findings", {}).get(rule)
        if kind == "item":
            sheet.cell(row, 8, recorded.get("self_score"))
            sheet.cell(row, 11, recorded.get("note"))
        elif kind == "rule":
            value = found["value"] if isinstance(found, dict) else found
            sheet.cell(row, 6, ("是" if value else "否") if isinstance(value, bool) else value)
            sheet.cell(row, 11, found.get("evidence") if isinstance(found, dict) else None)
        elif kind == "reason":
            sheet.cell(row, 6, found["reason"])
    book.save(path)


def _score(djkh, *paths: Path) -> dict[str, Any]:
    run = djkh("score", "--rubric-dir", RUBRICS, "--format", "json", *map(str, paths))
    assert run.code == 0, run.stderr
    card: dict[str, Any] = json.loads(run.stdout)
    return card


def test_an_assessors_workbook_holds_only_its_items_with_the_assessor_locked(
    djkh, tmp_path: Path
) -> None:
    book = tmp_path / "宣传科.xlsx"
    _init(djkh, book, "--rubric", "example-zhen@2026", "--unit", "示例镇甲", "--assessor", "宣传科")
    assert _rows(book) == [
        ("宣传思想", "理论学习", 15, "(this item)", "item theory-study"),
        (None, None, None, "理论学习无年度计划的，扣3分", "rule theory-study/no-plan flat"),
        (None, "意识形态工作", 15, "(this item)", "item public-opinion"),
        (
            None, None, None, "发生意识形态领域问题的，每起扣5分",
            "rule public-opinion/incidents count",
        ),
        ("综合评价", "党建工作整体成效", 10, "(this item)", "item overall-work"),
        (
            None, None, None, "根据平时工作情况酌情扣0.5-4分",
            "rule overall-work/overall-judgement judged",
        ),
        (
            None, None, None, "The reason for the points judged",
            "reason overall-work/overall-judgement",
        ),
    ]  # fmt: skip
    sheet = load_workbook(book).active
    assessor = sheet.cell(6, 2)
    assert (sheet.cell(6, 1).value, assessor.value, sheet.cell(6, ROLE).value) == (
        "Assessor",
        "宣传科",
        "assessor-named",
    )
    assert assessor.protection.locked
    assert json.loads(sheet.cell(1, ROLE).value) == {
        "djkh": "findings",
        "version": 1,
        "sheet": "示例镇甲",
        "rows": FIRST_FORM_ROW + 6,
    }


def test_the_owner_of_the_other_items_gets_them_and_the_shared_one(djkh, tmp_path: Path) -> None:
    book = tmp_path / "组织科.xlsx"
    _init(djkh, book, "--rubric", "example-zhen@2026", "--unit", "示例镇甲", "--assessor", "组织科")
    assert [role for *_cells, role in _rows(book)] == [
        "item branch-life",
        "rule branch-life/no-meetings count",
        "item cadre-training",
        "rule cadre-training/training-days shortfall",
        "item overall-work",
        "rule overall-work/overall-judgement judged",
        "reason overall-work/overall-judgement",
        "item democratic",
        "survey democratic",
        "vote democratic 好",
        "vote democratic 一般",
        "vote democratic 差",
        "abstained democratic",
        "invalid democratic",
    ]


def test_a_filled_assessors_workbook_scores_with_the_other_yaml_as_both_yaml(
    djkh, tmp_path: Path
) -> None:
    book = tmp_path / "宣传科.xlsx"
    _init(djkh, book, "--rubric", "example-zhen@2026", "--unit", "示例镇甲", "--assessor", "宣传科")
    publicity, organisation = ZHEN / "示例镇甲-宣传科.yaml", ZHEN / "示例镇甲-组织科.yaml"
    _fill(book, publicity)
    assert _score(djkh, book, organisation) == _score(djkh, publicity, organisation)
    converted = tmp_path / "back.yaml"
    run = djkh("convert", "--rubric-dir", RUBRICS, str(book), "-o", str(converted))
    assert run.code == 0, run.stderr
    assert yaml.safe_load(converted.read_text(encoding="utf-8")) == yaml.safe_load(
        publicity.read_text(encoding="utf-8")
    )


def test_a_periods_workbook_records_its_period_and_makes_the_same_year(
    djkh, tmp_path: Path
) -> None:
    book = tmp_path / "二季度.xlsx"
    _init(djkh, book, "--rubric", "example-jidu@2026", "--unit", "示例社区甲", "--period", "二季度")
    sheet = load_workbook(book).active
    assert sheet.cell(1, 1).value == "示例社区党建工作季度考核细则 (二季度)"
    assert json.loads(sheet.cell(1, ROLE).value) == {
        "djkh": "findings",
        "version": 1,
        "sheet": "示例社区甲",
        "rows": FIRST_FORM_ROW + 5,
        "period": "二季度",
    }
    quarter = JIDU / "示例社区甲-二季度.yaml"
    _fill(book, quarter)
    periods = ["一季度", "二季度", "三季度", "四季度", "年终考评"]
    files = [JIDU / f"示例社区甲-{period}.yaml" for period in periods]
    with_book = [book if path == quarter else path for path in files]
    assert _score(djkh, *with_book) == _score(djkh, *files)
    assert _score(djkh, book) == _score(djkh, quarter)


def test_an_assessors_name_changed_in_the_workbook_is_refused_at_its_cell(
    djkh, tmp_path: Path
) -> None:
    # The form holds 宣传科's items only: read as another assessor's, it would be wrong.
    book = tmp_path / "宣传科.xlsx"
    _init(djkh, book, "--rubric", "example-zhen@2026", "--unit", "示例镇甲", "--assessor", "宣传科")
    _fill(book, ZHEN / "示例镇甲-宣传科.yaml")
    opened = load_workbook(book)
    opened.active.cell(6, 2, "组织科")
    opened.save(book)
    run = djkh("validate", "--rubric-dir", RUBRICS, str(book))
    assert run.code == 1
    assert run.stdout == (
        f"{book}:示例镇甲!B6: error: this cell is part of the form djkh wrote and was changed: "
        "undo the change; this row takes no answers [DJ009]\n"
        "checked 1 file: 1 error in 1 file\n"
    )


RULE_OWNERS = """\
kind: rubric
id: owners
version: '1'
title: 分工考核细则
total: 20
assessors: {combine: owner}
sections:
- id: s
  title: 工作
  score: 20
  items:
  - id: work
    title: 日常工作
    score: 10
    rules:
    - {id: organisation, text: 组织科酌情扣分, kind: judged, deduct: 4, owner: 组织科}
    - {id: rural, text: 农村科酌情扣分, kind: judged, deduct: 3, owner: 农村科}
    - {id: late, text: 材料迟报的，每次扣1分, kind: count, deduct: 1}
  - id: study
    title: 理论学习
    score: 10
    owner: 农村科
    rules:
    - {id: no-plan, text: 无学习计划扣3分, deduct: 3}
bonus:
  cap: 2
  items:
  - id: honour
    title: 获得表彰
    owner: 组织科
    rules:
    - {id: prize, text: 获市级表彰加2分, add: 2}
"""


def _yaml_keys(djkh, rubric: Path, assessor: str) -> list[tuple[str, str]]:
    run = djkh(
        "init", "--rubric", str(rubric), "--unit", "甲", "--year", "2026", "--assessor", assessor
    )
    assert run.code == 0, run.stderr
    items = yaml.safe_load(run.stdout)["items"]
    return [(item, rule) for item, found in items.items() for rule in found["findings"]]


def _book_keys(book: Path) -> list[tuple[str, str]]:
    roles = [str(role) for *_cells, role in _rows(book)]
    keys = [role.split(" ")[1].partition("/") for role in roles if role.startswith("rule ")]
    return [(item, rule) for item, _sep, rule in keys]


def test_rule_owners_and_bonus_owners_split_the_workbook_as_the_yaml(djkh, tmp_path: Path) -> None:
    rubric = tmp_path / "owners.yaml"
    rubric.write_text(RULE_OWNERS, encoding="utf-8")
    expected = {
        "组织科": [("work", "organisation"), ("work", "late"), ("honour", "prize")],
        "农村科": [("work", "rural"), ("work", "late"), ("study", "no-plan")],
    }
    for assessor, keys in expected.items():
        book = tmp_path / f"{assessor}.xlsx"
        _init(djkh, book, "--rubric", str(rubric), "--unit", "甲", "--assessor", assessor)
        assert _book_keys(book) == keys
        assert _yaml_keys(djkh, rubric, assessor) == keys
