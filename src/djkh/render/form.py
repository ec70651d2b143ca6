"""The paper forms as plain rows of text and exact numbers, shared by every export."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from djkh.decimals import format_number
from djkh.i18n import _, current_language, ngettext
from djkh.model.rubric import Rubric, Rule, RuleKind, Scale, Section
from djkh.render.period_lines import item_periods_line, period_notes
from djkh.render.relative_notes import pending_banner, relative_lines
from djkh.scoring.engine import (
    PERIODS,
    ZERO,
    BonusItemScore,
    Deduction,
    ItemScore,
    Merged,
    ScoreCard,
    SectionScore,
    steps_of,
)

if TYPE_CHECKING:
    from djkh.problems.problem import Problem
    from djkh.scoring.batch import ItemLoss, LeftOut, RubricRanking
    from djkh.scoring.years import YearComparison, YearRow

Number = Decimal | int | None
_made = tuple.__new__  # a named tuple of all its values in field order (see _item_row)
# Columns of the scoring form by position: the self score, and the notes (扣分说明).
SELF_SCORE_COLUMN, NOTES_COLUMN = 3, 6


def card_headings() -> tuple[str, ...]:
    """项目, 目标, 标准分, 自查分, 扣分, 得分, 扣分说明: the scoring form's columns."""
    return (
        _("Item"),
        _("Goal"),
        _("Standard score"),
        _("Self score"),
        _("Deduction"),
        _("Score"),
        _("Deduction notes"),
    )


def rubric_headings() -> tuple[str, ...]:
    """项目, 目标, 考核内容及标准, 标准分, 评分说明, 评分方法: the rubric form's columns."""
    return (
        _("Item"),
        _("Goal"),
        _("Content and standards"),
        _("Standard score"),
        _("Scoring notes"),
        _("Scoring method"),
    )


def loss_headings() -> tuple[str, ...]:
    """项目, 失分单位数, 平均失分: the columns of where units lose points."""
    return (_("Item"), _("Units losing points"), _("Average loss (all units)"))


def unit_fields(card: ScoreCard) -> tuple[tuple[str, str | int], ...]:
    """单位, 年度, 考核细则 with their values; 考核期, 考核人 and 考核日期 when the findings give
    them."""
    fields: tuple[tuple[str, str | int], ...] = (
        (_("Unit"), card.unit),
        (_("Year"), card.year),
        (_("Rubric"), card.rubric.ref),
    )
    if card.unit_class is not None:
        fields += ((_("Class"), card.unit_class.title),)
    if card.period is not None:  # 平时考核: one period's card
        fields += ((_("Period"), card.period),)
    if card.assessor is not None:
        fields += ((_("Assessor"), card.assessor),)
    if card.date is not None:
        fields += ((_("Assessed on"), card.date),)
    return fields


def unit_line(card: ScoreCard, gap: str = "    ") -> str:
    """'单位：示例局甲    年度：2007    考核细则：wenzhou-jiguan@2007'."""
    return gap.join(labelled(label, value) for label, value in unit_fields(card))


def labelled(label: str, value: str | int) -> str:
    """'单位：示例局甲' ('Unit: …' in English)."""
    return _("{label}: {value}").format(label=label, value=value)


def evidence_line(text: str) -> str:
    """'证据：…'."""
    return _("Evidence: {text}").format(text=text)


def reason_line(text: str) -> str:
    """'理由：…': why a judged rule gave its points."""
    return _("Reason: {text}").format(text=text)


def note_line(text: str) -> str:
    """'备注：…'."""
    return _("Note: {text}").format(text=text)


def not_applicable_line(reason: str) -> str:
    """'不适用：…'."""
    return _("Not applicable: {reason}").format(reason=reason)


def mismatch_note(count: int) -> str:
    """The footnote under a form whose self scores differ from the scores."""
    return _("self score differs from the score ({n} items)").format(n=count)


class Role(str, Enum):
    """What a row of a form is; the HTML export names its rows' class by it."""

    ITEM = "item"
    SUBTOTAL = "subtotal"  # a section's 小计, or what the bonus or the penalties add up to
    WEIGHTED = "weighted"  # 折算: what a weighted section counts for
    BONUS = "bonus"  # a bonus item
    PENALTY = "penalty"  # a penalty item (综合扣分)
    BASE = "base"  # 基本分, above the bonus part
    TOTAL = "total"

    def __str__(self) -> str:
        return self.value


class CardRow(NamedTuple):  # a batch's html makes one for each line of thousands of forms
    """One line of the scoring form: an item, a subtotal (小计), a bonus line or the total."""

    role: Role
    section: str  # the section's heading, on its first item only
    goal: str
    max: Decimal | None
    self_score: Decimal | None
    deduction: Decimal | None
    score: Decimal | None
    notes: tuple[str, ...]
    shown: str | None = None  # the score as text where a number alone would mislead

    @property
    def score_text(self) -> str:
        """The 得分 cell: '不适用', '6→8' for an override, '+5' for a bonus, else the number."""
        return self.shown if self.shown is not None else cell_text(self.score)


class RubricRow(NamedTuple):
    """One item of the rubric as the familiar form shows it, or a section's or rubric's total."""

    role: Role
    section: str
    goal: str
    standards: str
    score: Decimal | None  # none for a penalty item, which has no 标准分
    rules: str
    methods: str


def numeral(index: int) -> str:
    """The numeral a form numbers its sections with: 0 -> 一 (I in English)."""
    return _numeral_of(numerals_text(), index)


def _numeral_of(text: str, index: int) -> str:
    numerals = _split_numerals(text)
    return numerals[index] if index < len(numerals) else str(index + 1)


def numerals_text() -> str:
    """The numerals a form numbers its sections with, in the current language: '一,二,…'."""
    return _("I,II,III,IV,V,VI,VII,VIII,IX,X")


@lru_cache(maxsize=8)
def _split_numerals(numerals: str) -> tuple[str, ...]:
    return tuple(numerals.split(","))


def section_heading(index: int, title: str) -> str:
    """'一、组织建设'."""
    return _section_heading(_("{numeral}. {title}"), numerals_text(), index, title)


# A batch's forms head and number the same sections and items thousands of times; the template
# and the numerals are part of the key, as they change with the language.
@lru_cache(maxsize=1024)
def _section_heading(template: str, numerals: str, index: int, title: str) -> str:
    return template.format(numeral=_numeral_of(numerals, index), title=title)


def item_goal(number: int, title: str) -> str:
    """'2、年初有计划': an item numbered within its section."""
    return _item_goal(_("{number}. {title}"), number, title)


@lru_cache(maxsize=4096)
def _item_goal(template: str, number: int, title: str) -> str:
    return template.format(number=number, title=title)


def card_rows(card: ScoreCard) -> Iterator[CardRow]:
    """Every item, each section's subtotal, the bonus part and the total, in form order."""
    # The words looked up once per form, not once per item: a batch writes thousands of forms.
    goal, heading, numerals, subtotal = (
        _("{number}. {title}"),
        _("{numeral}. {title}"),
        numerals_text(),
        _("Subtotal"),
    )
    for index, section in enumerate(card.sections):
        first = _section_heading(heading, numerals, index, section.section.title)
        for number, item in enumerate(section.items, start=1):
            heading_shown = first if number == 1 else ""
            key = (id(item), number, heading_shown, goal)
            kept = _PLAIN_ROWS.get(key)
            if kept is not None:  # a kept row holds its score alive: no other can have its id
                yield kept[1]
            else:
                yield _plain_or_item_row(key, item)
        yield CardRow(
            Role.SUBTOTAL,
            "",
            subtotal,
            section.section.score,
            section.self_score,
            section.deduction,
            section.score,
            section_notes(section),
        )
        if section.section.weight is not None:
            yield weighted_row(section)
    if card.bonus is not None or card.rescaled or card.penalties is not None:
        yield from bonus_rows(card)
    if card.penalties is not None:
        yield from penalty_rows(card)
    yield CardRow(
        Role.TOTAL,
        _("Total"),
        "",
        card.rubric.total,
        card.self_score,
        card.deduction,
        card.score,
        total_notes(card),
    )


def _plain_or_item_row(key: _PlainKey, item: ItemScore) -> CardRow:
    """`_item_row`, kept under `key` where its row says nothing more than its numbers."""
    _id, number, heading, template = key
    row = _item_row(heading, _item_goal(template, number, item.item.title), item)
    if not row.notes and row.shown is None:
        if len(_PLAIN_ROWS) >= _PLAIN_ROWS_KEPT:
            _PLAIN_ROWS.clear()
        _PLAIN_ROWS[key] = (item, row)
    return row


# An item's row with no notes: by the id of its score (kept alive here), its place in the
# section, the section's heading on its first item and the goal's template (the language). Most
# items of most cards score alike, and the engine shares their scores (`_untouched`).
_PlainKey = tuple[int, int, str, str]
_PLAIN_ROWS: dict[_PlainKey, tuple[ItemScore, CardRow]] = {}
_PLAIN_ROWS_KEPT = 4096  # a bound for a batch whose units all score differently


def section_notes(section: SectionScore) -> tuple[str, ...]:
    """Under a section's 小计: how its cap (本部分最多扣N分) limited what its items lost."""
    if section.uncapped is None or section.section.cap is None:
        return ()
    note = _("the items lose {lost} in all, limited to this section's cap of {cap} (capped)")
    return (
        note.format(lost=format_number(section.uncapped), cap=format_number(section.deduction)),
    )


def weight_text(weight: Decimal) -> str:
    """A weight as a percentage: 0.2 -> '20%'."""
    return f"{format_number(weight * 100)}%"


def weighted_row(section: SectionScore) -> CardRow:
    """折算（占20%）: a weighted section's score on its own scale and what it counts for."""
    weight = section.section.weight
    assert weight is not None
    counts = section.section.counts
    note = _("{score} of {max} × {weight} = {weighted}").format(
        score=format_number(section.score),
        max=format_number(section.section.score),
        weight=weight_text(weight),
        weighted=format_number(section.weighted),
    )
    goal = _("Weighted ({weight} of the total)").format(weight=weight_text(weight))
    return CardRow(
        Role.WEIGHTED, "", goal, counts, None, counts - section.weighted, section.weighted, (note,)
    )


def total_notes(card: ScoreCard) -> tuple[str, ...]:
    """Under the total: the self score weighted in (自评占30%), how the periods made the year
    (平时考核), that points relative to the batch are pending, and how a score veto (一票否决,
    总分计0分) lowered it."""
    notes: tuple[str, ...] = (self_weight_note(card),) if card.assessed is not None else ()
    notes += period_notes(card)
    if card.provisional:
        notes = (*notes, _("provisional: the points relative to the batch are pending"))
    if card.before_vetoes is None:
        return notes
    note = _("a veto sets the score to {score} (it was {before})")
    before = note.format(score=format_number(card.score), before=format_number(card.before_vetoes))
    return (*notes, before)


def self_weight_note(card: ScoreCard) -> str:
    """'自评97×30% + 考评93.25×70% = 94.375'."""
    setup = card.rubric.self_assessment
    assert setup is not None and card.assessed is not None and card.self_score is not None
    result = card.before_vetoes if card.before_vetoes is not None else card.score
    return _("self {own} × {own_weight} + assessed {assessed} × {weight} = {result}").format(
        own=format_number(card.self_score),
        own_weight=weight_text(setup.weight),
        assessed=format_number(card.assessed),
        weight=weight_text(1 - setup.weight),
        result=format_number(result),
    )


def _item_row(heading: str, goal: str, item: ItemScore) -> CardRow:
    if not item.deductions and item.item.start is None and _only_hits(item):
        # Nothing found, nothing to say (most items of most forms): made of its values in field
        # order, as a named tuple made by position costs twice as much.
        values = (Role.ITEM, heading, goal, item.item.score, item.self_score, item.deduction)
        return _made(CardRow, (*values, item.score, (), None))
    shown = score_shown(item)
    deduction: Decimal | None = item.deduction
    score: Decimal | None = item.score
    if item.not_applicable is not None:
        deduction = None
        score = None if item.available == 0 else item.score  # 0 available: the total rescaled
    notes = item_notes(item)
    return CardRow(
        Role.ITEM, heading, goal, item.item.score, item.self_score, deduction, score, notes, shown
    )


def score_shown(item: ItemScore) -> str | None:
    """得分 as text where the number alone would mislead: '不适用', '10（不适用）', '6→8'."""
    if item.not_applicable is not None:
        if item.available == 0:
            return _("not applicable")
        return _("{score} (not applicable)").format(score=format_number(item.score))
    if item.override is not None and item.computed is not None:
        return f"{format_number(item.computed)}→{format_number(item.score)}"
    return None


def bonus_rows(card: ScoreCard) -> Iterator[CardRow]:
    """基本分 (with how it was rescaled), then the bonus items and what the bonus adds."""
    notes: tuple[str, ...] = ()
    if card.raw_base is not None:
        available = sum((s.available for s in card.sections), Decimal(0))
        notes = (rescale_note(card.raw_base, available, card),)
    yield CardRow(
        Role.BASE, _("Base score"), "", card.rubric.total, None, card.deduction, card.base, notes
    )
    bonus = card.bonus
    if bonus is None:
        return
    cap = bonus.bonus.cap
    heading = bonus_heading(bonus.bonus.title, cap)
    for number, item in enumerate(bonus.items, start=1):
        yield _part_item_row(Role.BONUS, heading if number == 1 else "", number, item, "+")
    capped: tuple[str, ...] = ()
    if cap is not None and bonus.earned > bonus.points:
        note = _("bonus earned {earned} in all, limited to the bonus cap of {cap} (capped)")
        capped = (note.format(earned=format_number(bonus.earned), cap=format_number(cap)),)
    shown = f"+{format_number(bonus.points)}"
    yield CardRow(Role.SUBTOTAL, "", _("Bonus"), cap, None, None, bonus.points, capped, shown)


def penalty_rows(card: ScoreCard) -> Iterator[CardRow]:
    """综合扣分: each penalty item and what the penalties deduct from the final score."""
    penalties = card.penalties
    if penalties is None:
        return
    cap = penalties.penalties.cap
    heading = penalty_heading(penalties.penalties.title, cap)
    for number, item in enumerate(penalties.items, start=1):
        yield _part_item_row(Role.PENALTY, heading if number == 1 else "", number, item, "-")
    capped: tuple[str, ...] = ()
    if cap is not None and penalties.incurred > penalties.points:
        note = _("penalties add up to {incurred}, limited to the penalty cap of {cap} (capped)")
        capped = (note.format(incurred=format_number(penalties.incurred), cap=format_number(cap)),)
    shown = f"-{format_number(penalties.points)}" if penalties.points else "0"
    points = penalties.points
    yield CardRow(Role.SUBTOTAL, "", _("Penalties"), cap, None, None, points, capped, shown)


def part_item_lines(item: BonusItemScore, sign: str) -> list[str]:
    """A bonus or penalty item's notes: each rule's points, evidence, reasons, an override, the
    note."""
    # The exports list every rule's points, then all evidence, then all reasons.
    notes = sorted(part_item_note_parts(item, sign), key=lambda note: _PART_ORDER[note.kind])
    return [str(note) for note in notes]


def part_item_note_parts(item: BonusItemScore, sign: str) -> tuple[Note, ...]:
    """A bonus or penalty item's notes, each rule's evidence and reason right below it."""
    notes = [note for addition in item.additions for note in _hit_notes(addition, sign)]
    if item.override is not None and item.computed is not None:
        notes.append(Note(NoteKind.OVERRIDE, _part_override_note(item)))
    if item.merged is not None:
        notes.append(Note(NoteKind.SOURCE, merged_line(item.merged, item.points)))
    if item.note:
        notes.append(Note(NoteKind.NOTE, note_line(item.note)))
    return tuple(notes)


def _part_override_note(item: BonusItemScore) -> str:
    """A committee's points (override) with reason and approver."""
    assert item.override is not None and item.computed is not None
    return _(
        "set by hand: computed {computed}, set to {score}; reason: {reason}; approved by: {who}"
    ).format(
        computed=format_number(item.computed),
        score=format_number(item.points),
        reason=item.override.reason,
        who=item.override.approved_by,
    )


def part_item_shown(item: BonusItemScore, sign: str) -> str:
    """'+5', '-3', '0', or '2→+5' when a committee set the points."""
    points = f"{sign}{format_number(item.points)}" if item.points else "0"
    if item.override is not None and item.computed is not None:
        return f"{format_number(item.computed)}→{points}"
    return points


def _part_item_row(
    role: Role, heading: str, number: int, item: BonusItemScore, sign: str
) -> CardRow:
    return CardRow(
        role,
        heading,
        item_goal(number, item.item.title),
        None,
        item.self_score,
        None,
        item.points,
        tuple(part_item_lines(item, sign)),
        part_item_shown(item, sign),
    )


def penalty_heading(title: str, cap: Decimal | None) -> str:
    """'综合扣分（最多扣10分）', or the title alone without a cap."""
    if cap is None:
        return title
    return _("{title} (at most {cap} points deducted)").format(title=title, cap=format_number(cap))


def bonus_heading(title: str, cap: Decimal | None) -> str:
    """'加分项（最多加5分）', or '加分项（不封顶）' for a bonus without a cap (积分制)."""
    if cap is None:
        return _("{title} (no cap)").format(title=title)
    return _("{title} (at most {cap} points added)").format(title=title, cap=format_number(cap))


def rescale_note(raw: Decimal, available: Decimal, card: ScoreCard) -> str:
    """'适用项目满分80分，得66分，按100分折算为82.5分'."""
    return _(
        "the items that apply are worth {available} and scored {raw}: {base} when scaled to {total}"
    ).format(
        available=format_number(available),
        raw=format_number(raw),
        total=format_number(card.rubric.total),
        base=format_number(card.base or 0),
    )


def card_banner(card: ScoreCard) -> tuple[str, ...]:
    """The lines every output shows above the form: each veto, then the grade."""
    return tuple(labelled(label, text) for label, text in banner_fields(card))


def banner_fields(card: ScoreCard) -> tuple[tuple[str, str], ...]:
    """Each veto ('一票否决（等次：不合格）', what hit) and the grade ('等次', '良好')."""
    fields = [
        (
            _("Veto (grade: {grade})").format(grade=veto.grade),
            _("{item} — {rule}").format(item=veto.item.title, rule=veto.hit.rule.text),
        )
        for veto in card.vetoes
    ]
    fields += [
        (
            _("Veto (score: {score})").format(score=format_number(veto.limit)),
            _("{item} — {rule}").format(item=veto.item.title, rule=veto.hit.rule.text),
        )
        for veto in card.score_vetoes
    ]
    fields += [
        (
            _("Barred from {what}").format(what=veto.bars),
            _("{item} — {rule}").format(item=veto.item.title, rule=veto.hit.rule.text),
        )
        for veto in card.bars
    ]
    pending = pending_banner(card)
    if pending is not None:
        fields.append(pending)
    if card.grade is not None:
        grade = quota_grade(card)
        if card.provisional:
            grade = _("{grade} (provisional)").format(grade=grade)
        fields.append((_("Grade"), grade))
    return tuple(fields)


class NoteKind(Enum):
    """What a line of the 扣分说明 says, so a terminal can colour each kind its own way."""

    NOT_APPLICABLE = "not applicable"
    SOURCE = "source"  # where the points came from: a survey, the assessors combined
    HIT = "hit"  # a rule's points: '-2 每少1次扣2分（记录：5次，应为6次）'
    EVIDENCE = "evidence"
    REASON = "reason"
    BOUND = "bound"  # the item's score stopped at 0 or at its standard score
    OVERRIDE = "override"
    NOTE = "note"


_PART_ORDER = {NoteKind.HIT: 0, NoteKind.EVIDENCE: 1, NoteKind.REASON: 2}
_PART_ORDER.update({kind: 3 for kind in (NoteKind.OVERRIDE, NoteKind.SOURCE, NoteKind.NOTE)})


class Note(NamedTuple):  # a batch's html makes one for each hit and evidence of every form
    """One line of the 扣分说明: its kind, its text, and the points it moves ('-2', '+1') if any."""

    kind: NoteKind
    text: str
    amount: str = ""

    def __str__(self) -> str:
        return f"{self.amount} {self.text}" if self.amount else self.text


def quota_grade(card: ScoreCard) -> str:
    """The grade, with the one the score earned when a quota lowered it: '良好（优秀名额已满）'."""
    if card.grade_by_score is None:
        return card.grade or ""
    return _("{grade} (no place left for {earned})").format(
        grade=card.grade, earned=card.grade_by_score
    )


def item_notes(item: ItemScore) -> tuple[str, ...]:
    """The 扣分说明 of one item as lines of text: `item_note_parts`, each as text."""
    if _hits_and_note_only(item):  # most items that say anything: their lines made at once
        if not item.deductions and item.item.start is None and not item.note:
            return ()
        lines: list[str] = []
        for hit in item.deductions:
            lines += _hit_lines(hit, "+" if hit.adds else "-")
        lines += bound_notes(item)
        if item.note:
            lines.append(note_line(item.note))
        return tuple(lines)
    return tuple(map(str, item_note_parts(item)))


def _only_hits(item: ItemScore) -> bool:
    """Whether the item's notes can only be its hits and its bounds."""
    return not item.note and _hits_and_note_only(item)


def _hits_and_note_only(item: ItemScore) -> bool:
    """Whether the item's notes can only be its hits, its bounds and its note."""
    return (
        item.not_applicable is None
        and item.survey is None
        and not item.relative
        and item.merged is None
        and item.override is None
    )


def item_note_parts(item: ItemScore) -> tuple[Note, ...]:
    """The 扣分说明 of one item: each deduction, its evidence, the item's limit and note."""
    if not item.deductions and item.item.start is None and _only_hits(item):
        return ()  # nothing found, nothing to say: most items of most cards
    notes = []
    if item.not_applicable is not None:
        notes.append(Note(NoteKind.NOT_APPLICABLE, not_applicable_line(item.not_applicable)))
    notes += [Note(NoteKind.SOURCE, line) for line in source_notes(item)]
    for deduction in item.deductions:
        notes += _hit_notes(deduction, "+" if deduction.adds else "-")
    notes += [Note(NoteKind.BOUND, line) for line in bound_notes(item)]
    if item.override is not None and item.computed is not None:
        notes.append(Note(NoteKind.OVERRIDE, override_note(item)))
    if item.note:
        notes.append(Note(NoteKind.NOTE, note_line(item.note)))
    return tuple(notes)


def _hit_notes(hit: Deduction, sign: str) -> list[Note]:
    """A rule's points ('-2', '+1') and text with what was recorded, then evidence and reason."""
    text = f"{hit.rule.text}{recorded(hit)}"
    notes = [Note(NoteKind.HIT, text, f"{sign}{format_number(hit.amount)}")]
    if hit.evidence:
        notes.append(Note(NoteKind.EVIDENCE, evidence_line(hit.evidence)))
    if hit.reason:
        notes.append(Note(NoteKind.REASON, reason_line(hit.reason)))
    return notes


def _hit_lines(hit: Deduction, sign: str) -> list[str]:
    """`_hit_notes` as text, without the notes made first."""
    lines = [f"{sign}{format_number(hit.amount)} {hit.rule.text}{recorded(hit)}"]
    if hit.evidence:
        lines.append(evidence_line(hit.evidence))
    if hit.reason:
        lines.append(reason_line(hit.reason))
    return lines


def source_notes(item: ItemScore) -> list[str]:
    """Where the item's points came from: a survey's arithmetic, the assessors combined."""
    notes = survey_lines(item) if item.survey is not None else []
    notes += relative_lines(item)
    if item.merged is not None:
        notes.append(merged_line(item.merged, item.score))
    return notes


def survey_lines(item: ItemScore) -> list[str]:
    """民主测评's arithmetic: '（好42×1 + 一般6×0.8 + 差2×0.6）÷（50×1）×20 = 19.2', then what
    abstaining and invalid ballots did."""
    survey, rules = item.survey, item.item.survey
    assert survey is not None and rules is not None
    votes = " + ".join(
        f"{name}{count}×{format_number(value)}" for name, value, count in survey.votes
    )
    lines = [
        _("survey: ({votes}) ÷ ({valid} valid × {top}) × {score} = {earned}").format(
            votes=votes,
            valid=survey.valid,
            top=format_number(rules.top),
            score=format_number(item.item.score),
            earned=format_number(survey.earned),
        )
    ]
    if survey.abstained:
        lines.append(
            ngettext(
                "{n} abstaining ballot × {each} = -{lost}",
                "{n} abstaining ballots × {each} = -{lost}",
                survey.abstained,
            ).format(
                n=survey.abstained,
                each=format_number(rules.abstain_deduct or 0),
                lost=format_number(survey.lost),
            )
        )
    if survey.invalid:
        lines.append(
            ngettext(
                "{n} invalid ballot, not counted",
                "{n} invalid ballots, not counted",
                survey.invalid,
            ).format(n=survey.invalid)
        )
    return lines


def merged_line(merged: Merged, score: Decimal) -> str:
    """Where a combined item's score came from: its owner, or each assessor's score."""
    if merged.owner is not None:
        return _("assessed by {owner} (responsible department)").format(owner=merged.owner)
    ratings = "、".join(f"{r.assessor} {format_number(r.score)}" for r in merged.ratings)
    if merged.combine == PERIODS:  # 平时考核: the periods, not assessors
        return item_periods_line(ratings, format_number(score))
    how = {
        "mean": _("mean"),
        "trimmed-mean": _("mean without the highest and lowest"),
        "weighted": _("weighted by rater group"),
    }[merged.combine]
    if merged.weights:  # 分管领导×20% + 干部职工×40% + 考核组×40%
        shares = " + ".join(f"{name}×{weight_text(weight)}" for name, weight in merged.weights)
        how = _("{how} ({shares})").format(how=how, shares=shares)
    return _("assessors: {ratings}; {how}: {score}").format(
        ratings=ratings, how=how, score=format_number(score)
    )


def override_note(item: ItemScore) -> str:
    """'人工调整：计算得分6，调整为8；理由：…；批准：…'."""
    assert item.override is not None and item.computed is not None
    return _(
        "set by hand: computed {computed}, set to {score}; reason: {reason}; approved by: {who}"
    ).format(
        computed=format_number(item.computed),
        score=format_number(item.score),
        reason=item.override.reason,
        who=item.override.approved_by,
    )


def bound_notes(item: ItemScore) -> list[str]:
    """Why an item's score stopped at 0 (扣完为止) or at its standard score."""
    # `item.raw`, `uncapped_deduction` and `earned` in one pass over the hits, not three: a
    # batch's html asks this of every item that lost points on every unit's form.
    lost = earned = ZERO
    for hit in item.deductions:
        if hit.counted:
            if hit.adds:
                earned += hit.amount
            else:
                lost += hit.amount
    raw, score = item.item.starts_at - lost + earned, item.item.score
    if raw < 0 and item.item.start is None and not earned:
        return [_limit_note(lost, score)]
    if raw < 0:
        message = _("the rules give {raw} in all, limited to 0 (扣完为止)")
        return [message.format(raw=format_number(raw))]
    if raw > score and item.not_applicable is None:
        message = _("the rules give {raw} in all, limited to the item's standard score of {score}")
        return [message.format(raw=format_number(raw), score=format_number(score))]
    return []


def _limit_note(deducted: Decimal, score: Decimal) -> str:
    """The note shown when an item's deductions add up to more than its score."""
    return _(
        "deductions add up to {deducted}, limited to the item's standard score of {score} "
        "(扣完为止)"
    ).format(deducted=format_number(deducted), score=format_number(score))


def recorded(deduction: Deduction) -> str:
    """What the assessor recorded, in words: '（记录：5次，应为6次）'.

    The same rule with the same value reads alike on every unit's form (不满足, 缺1次): worked
    out once per run and language. Equal numbers read alike (5 and 5.0), true is not 1.
    """
    rule, scale = deduction.rule, deduction.scale
    key = (
        id(rule),
        type(deduction.value),
        deduction.value,
        deduction.reference,
        id(scale),
        deduction.extra,
        deduction.capped,
        deduction.counted,
        current_language(),
    )
    kept = _RECORDED.get(key)
    if kept is None or kept[0] is not rule or kept[1] is not scale:
        if len(_RECORDED) >= _RECORDED_KEPT:
            _RECORDED.clear()
        kept = _RECORDED[key] = (rule, scale, _recorded(deduction))
    return kept[2]


# What was recorded, in words: by the rule and scale (kept alive here) and what it depends on.
_RECORDED: dict[tuple[object, ...], tuple[Rule, Scale | None, str]] = {}
_RECORDED_KEPT = 4096  # a bound for a batch whose units all record different values


def _recorded(deduction: Deduction) -> str:
    rule = deduction.rule
    shown = ""
    for part in _recorded_parts(deduction):
        if part:
            shown = _("{recorded}, {cap}").format(recorded=shown, cap=part) if shown else part
    if deduction.capped and rule.cap is not None:
        if rule.add is not None:
            cap = _("this rule adds at most {cap}")
        else:
            cap = _("this rule deducts at most {cap}")
        cap = cap.format(cap=format_number(rule.cap))
        shown = _("{recorded}, {cap}").format(recorded=shown, cap=cap) if shown else cap
    if not deduction.counted:
        note = _("not counted: only the highest of tier group '{tier}' counts (就高)")
        note = note.format(tier=rule.tier_group)
        shown = _("{recorded}, {cap}").format(recorded=shown, cap=note) if shown else note
    return _(" ({details})").format(details=shown) if shown else ""


def _recorded_parts(deduction: Deduction) -> list[str]:
    """What was recorded, the limit compared with, the steps, the scale and the extra units."""
    rule, value = deduction.rule, deduction.value
    unit = rule.unit or ""
    kind = rule.kind
    if kind is RuleKind.FLAT:
        parts = [""]
    elif kind is RuleKind.REQUIREMENT:
        parts = [_("met") if value is True else _("not met")]
    elif kind is RuleKind.LEVELS:
        parts = [_("level: {level}").format(level=value)]
    elif kind is RuleKind.JUDGED:
        least = format_number(rule.min or 0)
        most = format_number(rule.deduct or rule.add or 0)
        parts = [_("judged, {least} to {most}").format(least=least, most=most)]
    elif kind is RuleKind.PROPORTION and rule.of is not None:
        full = format_number(rule.of)
        parts = [_("recorded: {value} of {of}").format(value=_value(value), of=full)]
    elif kind is RuleKind.PROPORTION:
        parts = [_("recorded: {value}%").format(value=_value(value))]
    elif kind in (RuleKind.SHORTFALL, RuleKind.EXCESS):
        parts = [_compared(deduction)]
    else:
        parts = [_("recorded: {value}{unit}").format(value=_value(value), unit=unit)]
    if deduction.scale is not None:
        parts.append(deduction.scale.text)
    if rule.extra is not None and deduction.extra:
        extra = _("{text}: {n}{unit} more").format(
            text=rule.extra.text, n=deduction.extra, unit=rule.extra.unit or ""
        )
        parts.append(extra)
    return parts


def _compared(deduction: Deduction) -> str:
    """'记录：5次，应为6次', '记录：7起，上年发案数5起', '… 计2个整档（每档5%）'."""
    rule, value = deduction.rule, deduction.value
    unit = rule.unit or ""
    assert not isinstance(value, (bool, str))
    if rule.reference is not None:
        limit = deduction.reference or Decimal(0)
        shown = _("recorded: {value}{unit}, {what} {limit}{unit}").format(
            value=_value(value), unit=unit, what=rule.reference, limit=format_number(limit)
        )
    elif rule.kind is RuleKind.SHORTFALL:
        limit = rule.required or Decimal(0)
        shown = _("recorded: {value}{unit}, required {required}{unit}").format(
            value=_value(value), unit=unit, required=format_number(limit)
        )
    else:
        limit = rule.above or Decimal(0)
        shown = _("recorded: {value}{unit}, limit {limit}{unit}").format(
            value=_value(value), unit=unit, limit=format_number(limit)
        )
    if rule.step is None:
        return shown
    gap = limit - Decimal(value) if rule.kind is RuleKind.SHORTFALL else Decimal(value) - limit
    steps = steps_of(rule, gap)
    counted = ngettext(
        "{n} whole step of {step}{unit}", "{n} whole steps of {step}{unit}", int(steps)
    ).format(n=format_number(steps), step=format_number(rule.step), unit=unit)
    return _("{recorded}, {cap}").format(recorded=shown, cap=counted)


def _value(value: bool | int | Decimal | str) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value if isinstance(value, str) else format_number(value)


def rubric_rows(rubric: Rubric) -> Iterator[RubricRow]:
    """Every item with its standards, score, rules and methods; each section's 小计 (with its
    cap and weight); the penalty part; 合计."""
    for index, section in enumerate(rubric.sections):
        for number, item in enumerate(section.items, start=1):
            yield RubricRow(
                Role.ITEM,
                section_heading(index, section.title) if number == 1 else "",
                item_goal(number, item.title),
                "\n".join(item.standards),
                item.score,
                "\n".join(rule.text for rule in item.rules),
                "\n".join(item.methods),
            )
        yield RubricRow(
            Role.SUBTOTAL, "", _("Subtotal"), "", section.score, _section_terms(section), ""
        )
        if section.weight is not None:
            goal = _("Weighted ({weight} of the total)").format(weight=weight_text(section.weight))
            yield RubricRow(Role.WEIGHTED, "", goal, "", section.counts, "", "")
    yield from _class_rows(rubric)
    if rubric.penalties is not None:
        heading = penalty_heading(rubric.penalties.title, rubric.penalties.cap)
        for number, part_item in enumerate(rubric.penalties.items, start=1):
            yield RubricRow(
                Role.PENALTY,
                heading if number == 1 else "",
                item_goal(number, part_item.title),
                "\n".join(part_item.standards),
                None,
                "\n".join(rule.text for rule in part_item.rules),
                "\n".join(part_item.methods),
            )
    yield RubricRow(Role.TOTAL, _("Total"), "", "", rubric.total, "", "")


def _class_rows(rubric: Rubric) -> Iterator[RubricRow]:
    """Each class's own part (分类考核), its sections numbered on from the common ones."""
    common = len(rubric.sections)
    for unit_class in rubric.classes:
        for index, section in enumerate(unit_class.sections, start=common):
            title = _("{title} (class: {unit_class})").format(
                title=section.title, unit_class=unit_class.title
            )
            for number, item in enumerate(section.items, start=1):
                yield RubricRow(
                    Role.ITEM,
                    section_heading(index, title) if number == 1 else "",
                    item_goal(number, item.title),
                    "\n".join(item.standards),
                    item.score,
                    "\n".join(rule.text for rule in item.rules),
                    "\n".join(item.methods),
                )
            terms = _section_terms(section)
            yield RubricRow(Role.SUBTOTAL, "", _("Subtotal"), "", section.score, terms, "")
            if section.weight is not None:
                goal = _("Weighted ({weight} of the total)").format(
                    weight=weight_text(section.weight)
                )
                yield RubricRow(Role.WEIGHTED, "", goal, "", section.counts, "", "")


def _section_terms(section: Section) -> str:
    """What the 小计 of `djkh show` notes: the section's cap on its loss."""
    if section.cap is None:
        return ""
    return _("the section loses at most {cap}").format(cap=format_number(section.cap))


def ranking_headings(ranking: RubricRanking) -> tuple[str, ...]:
    """名次, 单位, 自查分, 得分, 扣分, one column per section, then 加分 and 等次 if used."""
    sections = (section_heading(i, t) for i, t in enumerate(ranking.section_titles))
    return (*lead_headings(), *sections, *extra_headings(ranking))


def lead_headings() -> tuple[str, ...]:
    """The ranking's columns before the sections: 名次, 单位, 自查分, 得分, 扣分."""
    return (_("Rank"), _("Unit"), _("Self score"), _("Score"), _("Deduction"))


def extra_headings(ranking: RubricRanking) -> tuple[str, ...]:
    """The columns after the sections: 加分 when the rubric has a bonus, 等次 when grades."""
    rubric = ranking.units[0].card.rubric
    headings: tuple[str, ...] = (_("Class"),) if has_classes(ranking) else ()
    headings += (_("Bonus"),) if rubric.bonus else ()
    headings += (_("Penalties"),) if rubric.penalties else ()
    headings += (_("Barred from"),) if ranking_bars(ranking) else ()
    return headings + ((_("Grade"),) if rubric.grades else ())


def has_classes(ranking: RubricRanking) -> bool:
    """Whether the ranked units are scored by class (分类考核)."""
    return ranking.units[0].card.unit_class is not None


def ranking_bars(ranking: RubricRanking) -> bool:
    """Whether any ranked unit's rubric can bar it (classes may differ in their rules)."""
    return any(has_bars(rubric) for rubric in ranking.rubrics)  # each rubric once, not per unit


def text_columns(ranking: RubricRanking) -> set[int]:
    """The ranking's columns of text rather than numbers: 单位, 类别, 取消资格, 等次."""
    width = len(ranking_headings(ranking))
    rubric = ranking.units[0].card.rubric
    text = {1}
    if rubric.grades:
        text.add(width - 1)
    if ranking_bars(ranking):
        text.add(width - 2 if rubric.grades else width - 1)
    if has_classes(ranking):
        text.add(len(lead_headings()) + len(ranking.section_titles))
    return text


def has_bars(rubric: Rubric) -> bool:
    """Whether any rule of the rubric bars units from something (不得申报, 取消评先资格)."""
    return bool(rubric.vetoing["bar_rules"])  # kept with the rubric: asked for every unit


def ranking_rows(ranking: RubricRanking) -> Iterator[tuple[str | Number, ...]]:
    """Each unit, best first: rank, unit, self score, score, deduction, subtotals, bonus, grade."""
    bars = ranking_bars(ranking)
    for ranked in ranking.units:
        yield unit_row(ranked.rank, ranked.card, bars, ranking.class_part)


def unit_row(
    rank: int, card: ScoreCard, bars: bool, class_part: bool = False
) -> tuple[str | Number, ...]:
    """One unit's row of its ranking; `bars`: the ranking has the 取消资格 column, `class_part`:
    its units are of several classes, each unit's own part in one column."""
    subtotals: list[Number] = [section.score for section in card.sections]
    if class_part:
        own = sum((section.score for section in card.class_sections), Decimal(0))
        subtotals = [*(section.score for section in card.common_sections), own]
    extra: tuple[str | Number, ...] = ()
    if card.unit_class is not None:
        extra += (card.unit_class.title,)
    if card.bonus is not None:
        extra += (card.bonus.points,)
    if card.penalties is not None:
        extra += (card.penalties.points,)
    if bars:
        extra += (_("; ").join(dict.fromkeys(veto.bars for veto in card.bars)),)
    if card.rubric.grades:
        extra += (_grade_cell(card),)
    return (rank, card.unit, card.self_score, card.score, card.deduction, *subtotals, *extra)


def _grade_cell(card: ScoreCard) -> str:
    if card.vetoes or card.score_vetoes:
        return _("{grade} (veto)").format(grade=quota_grade(card))
    return quota_grade(card)


def statistics(ranking: RubricRanking) -> tuple[tuple[str, Decimal | int], ...]:
    """单位数, 平均分, 最高分, 最低分."""
    return (
        (_("Units"), len(ranking.units)),
        (_("Mean"), ranking.mean),
        (_("Highest"), ranking.highest),
        (_("Lowest"), ranking.lowest),
    )


def loss_label(loss: ItemLoss) -> str:
    """'一.2 年初有计划' : section numeral, item number, goal."""
    return item_label(loss.section_index, loss.item_index, loss.title)


def item_label(section_index: int, item_index: int, title: str) -> str:
    """An item named by its place on the form: '一.2 年初有计划'."""
    return f"{numeral(section_index)}.{item_index + 1} {title}"


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


def rubric_line(ref: str) -> str:
    """'考核细则：wenzhou-jiguan@2007'."""
    return labelled(_("Rubric"), ref)


def ranking_line(ranking: RubricRanking, gap: str = "    ") -> str:
    """'考核细则：wenzhou-jiguan@2007    年度：2007': which rubric and which year are ranked."""
    return gap.join((rubric_line(ranking.ref), labelled(_("Year"), ranking.year)))


def left_out_title(count: int) -> str:
    """The heading over the files a partial ranking leaves out."""
    message = ngettext(
        "{n} file left out of the ranking (--partial)",
        "{n} files left out of the ranking (--partial)",
        count,
    )
    return message.format(n=count)


def left_out_headings() -> tuple[str, str]:
    """文件, 未计入原因."""
    return (_("File"), _("Why it is left out"))


def left_out_rows(left_out: Sequence[LeftOut]) -> list[tuple[str, str]]:
    """Each file left out, and its errors one per line, located as validate locates them."""
    return [(entry.path, "\n".join(_reason(p) for p in entry.errors)) for entry in left_out]


def _reason(problem: Problem) -> str:
    where = f"{problem.place()}: " if problem.place() else ""
    return f"{where}{problem.message} [{problem.code.value}]"


def losses_title() -> str:
    """The heading over where units lose points."""
    return _("Points lost, item by item")


def years_title(comparison: YearComparison) -> str:
    """'上年对比：2025年 → 2026年' (a year without a ranking reads '—')."""
    return _("Year over year: {previous} → {year}").format(
        previous=_year_name(comparison.previous_year), year=_year_name(comparison.year)
    )


def _year_name(year: int | None) -> str:
    return "—" if year is None else _("{year}").format(year=year)


def years_line(comparison: YearComparison, gap: str = "    ") -> str:
    """'考核细则：example@2025 → example@2026', and the group when ranked by group."""
    line = labelled(_("Rubric"), years_refs(comparison))
    if comparison.group is not None:
        line += gap + labelled(_("Group"), comparison.group)
    return line


def years_refs(comparison: YearComparison) -> str:
    """'example@2025 → example@2026': the rubric of each year ('—' for a year without one)."""
    return f"{comparison.previous_ref or '—'} → {comparison.ref or '—'}"


def years_headings(comparison: YearComparison) -> tuple[str, ...]:
    """单位, 2025年得分, 2025年名次, 2026年得分, 2026年名次, 得分变化, 名次变化, 说明."""
    before, now = _year_name(comparison.previous_year), _year_name(comparison.year)
    return (
        _("Unit"),
        _("Score {year}").format(year=before),
        _("Rank {year}").format(year=before),
        _("Score {year}").format(year=now),
        _("Rank {year}").format(year=now),
        _("Score change"),
        _("Places moved up"),
        _("Note"),
    )


def years_rows(comparison: YearComparison) -> list[tuple[str | Number, ...]]:
    """Each unit: both years' score and rank, the changes, and a note if ranked in one year."""
    return [
        (
            row.unit,
            row.previous_score,
            row.previous_rank,
            row.score,
            row.rank,
            row.score_change,
            row.rank_change,
            _year_note(comparison, row),
        )
        for row in comparison.rows
    ]


def _year_note(comparison: YearComparison, row: YearRow) -> str:
    if row.rank is None:
        return _("ranked in {year} only").format(year=_year_name(comparison.previous_year))
    if row.previous_rank is None:
        return _("ranked in {year} only").format(year=_year_name(comparison.year))
    return ""
