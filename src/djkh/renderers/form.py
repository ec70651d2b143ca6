"""The paper forms as plain rows of text and exact numbers, shared by every export."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from djkh.batch import ItemLoss, RubricRanking
from djkh.decimals import format_number
from djkh.models import Rubric, RuleKind
from djkh.scoring import Deduction, ItemScore, ScoreCard

NUMERALS = "一二三四五六七八九十"
CARD_HEADINGS = ("项目", "目标", "标准分", "自查分", "扣分", "得分", "扣分说明")
RUBRIC_HEADINGS = ("项目", "目标", "考核内容及标准", "标准分", "评分说明", "评分方法")
LOSS_HEADINGS = ("项目", "失分单位数", "平均失分（全部单位）")
Number = Decimal | int | None


@dataclass(frozen=True)
class CardRow:
    """One line of the scoring form: an item, a section's subtotal (小计) or the total (合计)."""

    role: str  # "item", "subtotal" or "total"
    section: str  # the section's heading, on its first item only
    goal: str
    max: Decimal
    self_score: Decimal | None
    deduction: Decimal
    score: Decimal
    notes: tuple[str, ...]


@dataclass(frozen=True)
class RubricRow:
    """One item of the rubric as the familiar form shows it, or a section's or rubric's total."""

    role: str
    section: str
    goal: str
    standards: str
    score: Decimal
    rules: str
    methods: str


def numeral(index: int) -> str:
    """The Chinese numeral a form numbers its sections with: 0 -> 一."""
    return NUMERALS[index] if index < len(NUMERALS) else str(index + 1)


def section_heading(index: int, title: str) -> str:
    """'一、组织建设'."""
    return f"{numeral(index)}、{title}"


def card_rows(card: ScoreCard) -> Iterator[CardRow]:
    """Every item, each section's subtotal and the total, in form order."""
    for index, section in enumerate(card.sections):
        for number, item in enumerate(section.items, start=1):
            heading = section_heading(index, section.section.title) if number == 1 else ""
            yield CardRow(
                "item",
                heading,
                f"{number}、{item.item.title}",
                item.item.score,
                item.self_score,
                item.deduction,
                item.score,
                item_notes(item),
            )
        yield CardRow(
            "subtotal",
            "",
            "小计",
            section.section.score,
            section.self_score,
            section.deduction,
            section.score,
            (),
        )
    yield CardRow(
        "total", "合计", "", card.rubric.total, card.self_score, card.deduction, card.score, ()
    )


def item_notes(item: ItemScore) -> tuple[str, ...]:
    """The 扣分说明 of one item: each deduction, its evidence, the item's limit and note."""
    notes = []
    for deduction in item.deductions:
        notes.append(deduction_line(deduction))
        if deduction.evidence:
            notes.append(f"证据：{deduction.evidence}")
    if item.uncapped_deduction > item.item.score:
        notes.append(limit_note(item))
    if item.note:
        notes.append(f"备注：{item.note}")
    return tuple(notes)


def deduction_line(deduction: Deduction) -> str:
    """'-2 每少1次扣2分（记录：5次，应为6次）'."""
    return f"-{format_number(deduction.amount)} {deduction.rule.text}{recorded(deduction)}"


def limit_note(item: ItemScore) -> str:
    """The note shown when an item's deductions add up to more than its score."""
    return (
        f"扣分合计{format_number(item.uncapped_deduction)}分，"
        f"以本项标准分{format_number(item.item.score)}分为限（扣完为止）"
    )


def recorded(deduction: Deduction) -> str:
    """What the assessor recorded, in words: '（记录：5次，应为6次）'."""
    rule, value = deduction.rule, deduction.value
    unit = rule.unit or ""
    if rule.kind is RuleKind.FLAT:
        shown = ""
    elif rule.kind is RuleKind.SHORTFALL:
        assert rule.required is not None
        shown = f"记录：{_value(value)}{unit}，应为{format_number(rule.required)}{unit}"
    else:
        shown = f"记录：{_value(value)}{unit}"
    if deduction.capped and rule.cap is not None:
        shown += ("，" if shown else "") + f"本条最多扣{format_number(rule.cap)}分"
    return f"（{shown}）" if shown else ""


def _value(value: bool | int | Decimal) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return format_number(value)


def rubric_rows(rubric: Rubric) -> Iterator[RubricRow]:
    """Every item with its standards, score, rules and methods; each section's 小计; 合计."""
    for index, section in enumerate(rubric.sections):
        for number, item in enumerate(section.items, start=1):
            yield RubricRow(
                "item",
                section_heading(index, section.title) if number == 1 else "",
                f"{number}、{item.title}",
                "\n".join(item.standards),
                item.score,
                "\n".join(rule.text for rule in item.rules),
                "\n".join(item.methods),
            )
        yield RubricRow("subtotal", "", "小计", "", section.score, "", "")
    yield RubricRow("total", "合计", "", "", rubric.total, "", "")


def ranking_headings(ranking: RubricRanking) -> tuple[str, ...]:
    """名次, 单位, 自查分, 得分, 扣分 and one column per section."""
    sections = (section_heading(i, t) for i, t in enumerate(ranking.section_titles))
    return ("名次", "单位", "自查分", "得分", "扣分", *sections)


def ranking_rows(ranking: RubricRanking) -> Iterator[tuple[str | Number, ...]]:
    """Each unit, best first: rank, unit, self score, score, deduction, section subtotals."""
    for ranked in ranking.units:
        card = ranked.card
        subtotals = (section.score for section in card.sections)
        yield (ranked.rank, card.unit, card.self_score, card.score, card.deduction, *subtotals)


def statistics(ranking: RubricRanking) -> tuple[tuple[str, Decimal | int], ...]:
    """单位数, 平均分, 最高分, 最低分."""
    return (
        ("单位数", len(ranking.units)),
        ("平均分", ranking.mean),
        ("最高分", ranking.highest),
        ("最低分", ranking.lowest),
    )


def loss_label(loss: ItemLoss) -> str:
    """'一.2 年初有计划' : section numeral, item number, goal."""
    return f"{numeral(loss.section_index)}.{loss.item_index + 1} {loss.title}"


def cell_text(value: str | Number) -> str:
    """A cell as text: exact numbers, blank for none."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return format_number(value)


def heading_spans(firsts: Sequence[str | Number]) -> dict[int, int]:
    """Row index of each first-column cell with text -> the rows it heads, up to the next."""
    starts = [i for i, value in enumerate(firsts) if cell_text(value)] + [len(firsts)]
    spans = {start: end - start for start, end in pairwise(starts)}
    if starts[0] != 0:
        spans[0] = starts[0]
    return spans
