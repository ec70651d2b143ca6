"""The forms laid out once: the scoring form's rows and notes, the rubric form, the ranking."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from djkh.checks.workspace import Workspace
from djkh.files.catalogue import RubricCatalogue
from djkh.render.form import (
    Role,
    card_rows,
    cell_text,
    heading_spans,
    item_label,
    ranking_headings,
    ranking_rows,
    rubric_rows,
    section_heading,
    statistics,
    unit_line,
)
from djkh.scoring.batch import rank_cards
from djkh.scoring.engine import ScoreCard, score_findings
from tests.checks.documents import FINDINGS_HEAD, RUBRIC

D = Decimal
ASSESSED = """\
items:
  study:
    self_score: 2
    findings:
      plan: {value: true, evidence: 无年度学习计划}
      sessions: 5
  life:
    self_score: 1
    findings: {missed: 3}
    note: 已整改
  style:
    self_score: 3
    findings: {rate: 85.5}
"""


def _card(tmp_path: Path, items: str = ASSESSED, unit: str = "示例局甲") -> ScoreCard:
    rubric = tmp_path / "rubrics" / "t" / "1.yaml"
    rubric.parent.mkdir(parents=True, exist_ok=True)
    rubric.write_text(RUBRIC, encoding="utf-8")
    path = tmp_path / f"{unit}.yaml"
    path.write_text(FINDINGS_HEAD.replace("示例局甲", unit) + items, encoding="utf-8")
    assessed = Workspace(RubricCatalogue((tmp_path / "rubrics",))).assessment(str(path))
    assert assessed.value is not None, assessed.problems
    return score_findings(assessed.value.findings, assessed.value.rubric)


def _cells(card: ScoreCard) -> list[tuple[object, ...]]:
    return [
        (
            row.role,
            row.section,
            row.goal,
            cell_text(row.max),
            cell_text(row.self_score),
            cell_text(row.deduction),
            row.score_text,
            row.notes,
        )
        for row in card_rows(card)
    ]


def test_the_scoring_form_row_by_row(tmp_path: Path) -> None:
    assert _cells(_card(tmp_path)) == [
        (
            Role.ITEM,
            "I. 组织建设",
            "1. 学习制度",
            "4",
            "2",
            "3",
            "1",
            (
                "-2 年初无计划扣2分",
                "Evidence: 无年度学习计划",
                "-1 全年学习不少于6次，缺一次扣1分 (recorded: 5次, required 6次)",
            ),
        ),
        (
            Role.ITEM,
            "",
            "2. 组织生活",
            "2",
            "1",
            "2",
            "0",
            (
                "-3 每少一次扣1分 (recorded: 3)",
                "deductions add up to 3, limited to the item's standard score of 2 (扣完为止)",
                "Note: 已整改",
            ),
        ),
        (Role.SUBTOTAL, "", "Subtotal", "6", "3", "5", "1", ()),
        (
            Role.ITEM,
            "II. 作风建设",
            "1. 作风",
            "4",
            "3",
            "2",
            "2",
            ("-2 出席率低于90%扣2分 (recorded: 85.5%)",),
        ),
        (Role.SUBTOTAL, "", "Subtotal", "4", "3", "2", "2", ()),
        (Role.TOTAL, "Total", "", "10", "6", "7", "3", ()),
    ]


def test_an_override_shows_both_scores_and_who_approved_it(tmp_path: Path) -> None:
    items = ASSESSED.replace(
        "    note: 已整改\n",
        "    override: {score: 1, reason: 复核后认定, approved_by: 考核组}\n",
    )
    life = _cells(_card(tmp_path, items))[1]
    assert life[3:] == (
        "2",
        "1",
        "1",
        "0→1",
        (
            "-3 每少一次扣1分 (recorded: 3)",
            "deductions add up to 3, limited to the item's standard score of 2 (扣完为止)",
            "set by hand: computed 0, set to 1; reason: 复核后认定; approved by: 考核组",
        ),
    )


def test_the_unit_line_names_unit_year_and_rubric(tmp_path: Path) -> None:
    assert unit_line(_card(tmp_path)) == "Unit: 示例局甲    Year: 2007    Rubric: t@1"


@pytest.mark.usefixtures("chinese")
def test_chinese_forms_number_sections_as_on_paper(tmp_path: Path) -> None:
    rows = list(card_rows(_card(tmp_path)))
    assert [(row.section, row.goal) for row in rows if row.role is Role.ITEM] == [
        ("一、组织建设", "1、学习制度"),
        ("", "2、组织生活"),
        ("二、作风建设", "1、作风"),
    ]
    assert section_heading(10, "第十一部分") == "11、第十一部分"  # past 十: plain numbers
    assert item_label(1, 0, "作风") == "二.1 作风"


def test_the_rubric_form(tmp_path: Path) -> None:
    rubric = _card(tmp_path).rubric
    assert [
        (row.role, row.section, row.goal, row.standards, row.score, row.rules, row.methods)
        for row in rubric_rows(rubric)
    ] == [
        (
            Role.ITEM,
            "I. 组织建设",
            "1. 学习制度",
            "",
            D(4),
            "年初无计划扣2分\n全年学习不少于6次，缺一次扣1分",
            "",
        ),
        (Role.ITEM, "", "2. 组织生活", "", D(2), "每少一次扣1分", ""),
        (Role.SUBTOTAL, "", "Subtotal", "", D(6), "", ""),
        (Role.ITEM, "II. 作风建设", "1. 作风", "", D(4), "出席率低于90%扣2分", ""),
        (Role.SUBTOTAL, "", "Subtotal", "", D(4), "", ""),
        (Role.TOTAL, "Total", "", "", D(10), "", ""),
    ]


def test_the_ranking_shares_places_and_counts_the_units(tmp_path: Path) -> None:
    clean = "items:\n  study: {}\n  life: {}\n  style: {}\n"
    cards = [
        (f"{unit}.yaml", _card(tmp_path, items, unit))
        for unit, items in (("甲", ASSESSED), ("乙", clean), ("丙", clean))
    ]
    (ranking,) = rank_cards(cards)
    assert ranking_headings(ranking) == (
        "Rank",
        "Unit",
        "Self score",
        "Score",
        "Deduction",
        "I. 组织建设",
        "II. 作风建设",
    )
    assert [tuple(cell_text(cell) for cell in row) for row in ranking_rows(ranking)] == [
        ("1", "丙", "", "10", "0", "6", "4"),  # equal scores: in the order of their names
        ("1", "乙", "", "10", "0", "6", "4"),
        ("3", "甲", "6", "3", "7", "1", "2"),
    ]
    assert statistics(ranking) == (
        ("Units", 3),
        ("Mean", D("7.67")),
        ("Highest", D(10)),
        ("Lowest", D(3)),
    )


@pytest.mark.parametrize(
    ("firsts", "spans"),
    [
        (["I. a", "", "", "II. b", ""], {0: 3, 3: 2}),
        (["", "I. a", ""], {0: 1, 1: 2}),
        ([D(1), None, D(0)], {0: 2, 2: 1}),
    ],
)
def test_heading_spans(firsts: list[str | Decimal | None], spans: dict[int, int]) -> None:
    assert heading_spans(firsts) == spans


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), ("甲", "甲"), (0, "0"), (D("2.50"), "2.5"), (D("-0.5"), "-0.5")],
)
def test_cell_text(value: str | Decimal | int | None, text: str) -> None:
    assert cell_text(value) == text
