"""The scoring engine: findings applied to a rubric give exact item, section and total scores."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from typing import Any, NamedTuple, TypeVar

from djkh.decimals import EXACT
from djkh.model.findings import Finding, Findings, ItemFindings, Override
from djkh.model.rubric import (
    Bonus,
    GradeCondition,
    Item,
    NotApplicable,
    PartItem,
    Penalties,
    Periods,
    RoundAt,
    Rubric,
    Rule,
    RuleKind,
    Scale,
    Section,
    UnitClass,
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)
Value = bool | int | Decimal | str
# Built without validation: the first validation of an ItemFindings builds its validator (15 ms),
# which a command that scores nothing need not pay for at import.
_NOTHING_RECORDED = ItemFindings.model_construct()
# A NamedTuple made of all its values in order, without the call of its generated `__new__`
# (made by name, twice that): a batch makes an ItemScore for every item of every unit, and a
# Deduction for every hit. Every field is given: nothing fills in the defaults.
_made = tuple.__new__

# The records of a card's parts are NamedTuples, as immutable as the frozen dataclasses
# elsewhere: a batch makes hundreds of thousands of those made per item and rule, and a frozen
# dataclass takes five times as long to build; each dataclass also costs every start of djkh
# about half a millisecond, compiling its methods. The card stays a dataclass (a worker's written
# card extends it).


class Deduction(NamedTuple):
    """One rule that cost (or, when `adds`, earned) points: what was recorded and the points.

    `counted` is False for a lower tier of a group of which only the highest counts (就高).
    """

    rule: Rule
    value: Value
    amount: Decimal
    evidence: str | None
    capped: bool
    reason: str | None = None
    counted: bool = True
    reference: Decimal | None = None
    scale: Scale | None = None
    extra: int | None = None
    adds: bool = False


class SurveyResult(NamedTuple):
    """A survey item's arithmetic (民主测评): the votes, the ballots and the points they make.

    `earned` is score × Σ(votes × value) ÷ (valid × the best value), rounded half up to two
    places (or the rubric's item places); `lost` is what the abstentions cost.
    """

    votes: tuple[tuple[str, Decimal, int], ...]  # (level, value, votes)
    valid: int
    abstained: int
    invalid: int
    earned: Decimal
    lost: Decimal


class Rating(NamedTuple):
    """One assessor's score of an item when several assess a unit."""

    assessor: str
    score: Decimal
    file: str | None = None  # the assessor's findings file: it tells the raters of a group apart


PERIODS = "periods"  # Merged.combine of an item made of a unit's periods (平时考核)


class Merged(NamedTuple):
    """How a unit's item came from several assessors (or periods): the rule and each one's
    score."""

    combine: str  # owner, mean, trimmed-mean, weighted; periods
    ratings: tuple[Rating, ...]
    owner: str | None = None
    weights: tuple[tuple[str, Decimal], ...] = ()  # weighted: each rater group's share


class BatchBasis(NamedTuple):
    """What a unit's value was compared with: the batch's units that took part, the unit's
    rank among them, their best value, their mean as shown (2 places, or more where 2 would
    put a value level with it or on its wrong side) and the exact mean, which decides."""

    units: int
    rank: int
    best: Decimal
    mean: Decimal
    exact_mean: Decimal


class RelativePoints(NamedTuple):
    """A rule scored against the whole batch (rank, relative): the unit's value and, once the
    batch is known, what it was compared with and the points; both None while pending."""

    item: Item
    rule: Rule
    value: Decimal
    evidence: str | None = None
    basis: BatchBasis | None = None
    amount: Decimal | None = None


class ItemScore(NamedTuple):
    """An item's result; `deduction` is at most the item's score (扣完为止).

    `computed` is what the rules give; `score` differs from it only when an override or
    rounding applies. A not-applicable item has `not_applicable` (the reason) and `max` 0 when
    the rubric rescales, its full score when it counts as full marks.
    """

    item: Item
    score: Decimal
    deduction: Decimal
    self_score: Decimal | None
    deductions: tuple[Deduction, ...]
    note: str | None
    computed: Decimal | None = None
    override: Override | None = None
    not_applicable: str | None = None
    max: Decimal | None = None
    survey: SurveyResult | None = None
    merged: Merged | None = None
    relative: tuple[RelativePoints, ...] = ()  # rank and relative rules: values, batch points

    @property
    def uncapped_deduction(self) -> Decimal:
        """The rules' deductions added up, before the item's floor of zero applies."""
        return sum((d.amount for d in self.deductions if d.counted and not d.adds), ZERO)

    @property
    def earned(self) -> Decimal:
        """The points the item's rules add (得分制, 加分 inside an item), counted ones only."""
        return sum((d.amount for d in self.deductions if d.counted and d.adds), ZERO)

    @property
    def raw(self) -> Decimal:
        """The item's start, less its deductions, plus what it earned: before its bounds apply."""
        return self.item.starts_at - self.uncapped_deduction + self.earned

    @property
    def available(self) -> Decimal:
        """The points this item counts for: its score, or 0 when left out as not applicable."""
        return self.item.score if self.max is None else self.max


class SectionScore(NamedTuple):
    """A section's subtotal."""

    section: Section
    score: Decimal
    deduction: Decimal
    items: tuple[ItemScore, ...]
    available: Decimal  # the points its applicable items count for
    uncapped: Decimal | None = None  # the items' loss, when the section's cap limited it

    @property
    def weighted(self) -> Decimal:
        """What the section counts for in the total: its score, times its weight if any."""
        weight = self.section.weight
        return self.score if weight is None else self.score * weight

    @property
    def self_score(self) -> Decimal | None:
        """The items' self scores added up, when every item has one."""
        return _total_self_score(self.items)


class BonusItemScore(NamedTuple):
    """What one bonus item added (or penalty item deducted): each rule's amount (capped per
    rule); `computed` is what the rules give when an override set `points` by hand."""

    item: PartItem
    points: Decimal
    additions: tuple[Deduction, ...]
    self_score: Decimal | None
    note: str | None
    computed: Decimal | None = None
    override: Override | None = None
    merged: Merged | None = None


class BonusScore(NamedTuple):
    """The bonus part: every item's points, and what counts after the overall cap (封顶)."""

    bonus: Bonus
    items: tuple[BonusItemScore, ...]
    earned: Decimal
    points: Decimal


class PenaltyScore(NamedTuple):
    """The penalty part (综合扣分): every item's points, and what counts after its cap."""

    penalties: Penalties
    items: tuple[BonusItemScore, ...]
    incurred: Decimal
    points: Decimal


class Veto(NamedTuple):
    """A veto rule that hit (一票否决): the grade it forces."""

    item: Item
    hit: Deduction

    @property
    def grade(self) -> str:
        """The grade the rule forces."""
        assert self.hit.rule.veto is not None
        return self.hit.rule.veto

    @property
    def limit(self) -> Decimal:
        """The score a score veto (总分计0分) limits the unit to."""
        assert self.hit.rule.veto_score is not None
        return self.hit.rule.veto_score

    @property
    def bars(self) -> str:
        """What a bar (不得申报, 取消评先资格) takes from the unit."""
        assert self.hit.rule.bars is not None
        return self.hit.rule.bars


class PeriodsScore(NamedTuple):
    """How a unit's periods (平时考核) made its year: each period's score, what they combine
    to (`part`), the year-end assessment's score, and the year's score before any score veto.

    The card's items are each the periods' combined, or, where they cannot be (`shown` is
    then set), those of the year-end assessment or else the last period.
    """

    periods: Periods
    scores: tuple[tuple[str, Decimal], ...]  # each period, in the rubric's order
    part: Decimal
    year_end: Decimal | None
    score: Decimal
    shown: str | None
    places: int = 2  # the year's places: the part is shown to them
    items_total: Decimal | None = None  # what the year's items add up to, where not `score`

    @property
    def shown_part(self) -> Decimal:
        """The part as the card shows it: rounded half up to the year's places."""
        return self.part.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ScoreCard:
    """One unit's assessment: the totals and every section, item and deduction behind them.

    `score` is the final score: `base` (the sections, rescaled when items are not applicable)
    plus the bonus, less the penalties, then limited by any score veto. `deduction` is what
    the unit lost from the rubric's total. `score_vetoes` set the score to at most their
    `veto_score`; `bars` leave score and grade alone and bar the unit from something.
    """

    unit: str
    year: int
    rubric: Rubric
    score: Decimal
    deduction: Decimal
    sections: tuple[SectionScore, ...]
    base: Decimal | None = None
    bonus: BonusScore | None = None
    vetoes: tuple[Veto, ...] = ()
    grade: str | None = None
    raw_base: Decimal | None = None
    assessor: str | None = None
    date: str | None = None  # YYYY-MM-DD
    penalties: PenaltyScore | None = None
    score_vetoes: tuple[Veto, ...] = ()
    bars: tuple[Veto, ...] = ()
    before_vetoes: Decimal | None = None  # the score a score veto lowered
    unit_class: UnitClass | None = None  # 分类考核: the class whose part `sections` ends with
    grade_by_score: str | None = None  # the grade a quota (名额) lowered, when one did
    assessed: Decimal | None = None  # 自评占N%: the assessors' score, before the self score
    recorded: frozenset[str] = frozenset()  # the items the findings mention
    recorded_rules: frozenset[tuple[str, str]] = frozenset()  # (item, rule) findings given
    assessors: tuple[str, ...] = ()  # several assessors combined into this card
    period: str | None = None  # 平时考核: the period the findings record (一季度, 年终考评)
    periods: PeriodsScore | None = None  # the periods and year-end combined into this card

    @property
    def relative(self) -> tuple[RelativePoints, ...]:
        """Every rank and relative rule of the card's items: the values, and the batch points."""
        if not self.rubric.has_relative:  # most rubrics: no walk over the items
            return ()
        return tuple(entry for s in self.sections for item in s.items for entry in item.relative)

    @property
    def provisional(self) -> bool:
        """Whether points relative to the batch are still pending: the unit was scored alone."""
        return any(entry.basis is None for entry in self.relative)

    @property
    def common_sections(self) -> tuple[SectionScore, ...]:
        """The sections every unit is scored on: all of them, less a class's own part."""
        if self.unit_class is None:
            return self.sections
        return self.sections[: len(self.sections) - len(self.unit_class.sections)]

    @property
    def class_sections(self) -> tuple[SectionScore, ...]:
        """The sections of the unit's class (分类考核), none without a class."""
        return self.sections[len(self.common_sections) :]

    @property
    def self_score(self) -> Decimal | None:
        """The unit's self-assessed total, when every applicable item has a self score."""
        items = (i for s in self.sections for i in s.items if i.not_applicable is None)
        return _total_self_score(items, empty=None)  # most cards stop at an item without one

    @property
    def rescaled(self) -> bool:
        """Whether not-applicable items were left out and the score scaled to the total."""
        return self.raw_base is not None


def _total_self_score(items: Iterable[ItemScore], empty: Decimal | None = ZERO) -> Decimal | None:
    """The items' self scores added up in order, or None when one has none; `empty` for no
    items."""
    total = ZERO  # a loop: a ranking asks it of thousands of cards, html of every section
    added = False
    for item in items:
        if item.self_score is None:
            return None
        total += item.self_score
        added = True
    return total if added else empty


def score_findings(findings: Findings, rubric: Rubric) -> ScoreCard:
    """Score checked findings against their rubric (see docs/format.md, 'Scoring')."""
    with localcontext(EXACT):
        return _score_card(findings, rubric)


def _score_card(findings: Findings, rubric: Rubric) -> ScoreCard:
    unit_class = rubric.classes_by_id.get(findings.unit_class or "")
    if unit_class is not None:  # 分类考核: the common sections, then the class's own
        rubric = rubric.for_class(unit_class.id)
    item_places = _places(rubric, RoundAt.ITEM)
    sections = tuple([_score_section(rubric, s, findings, item_places) for s in rubric.sections])
    parts = CardParts(
        findings.unit,
        findings.year,
        rubric,
        sections,
        _score_bonus(rubric.bonus, findings) if rubric.bonus else None,
        _score_penalties(rubric.penalties, findings) if rubric.penalties else None,
        tuple(_vetoes(rubric, findings, "veto_rules")),
        tuple(_vetoes(rubric, findings, "score_veto_rules")),
        tuple(_vetoes(rubric, findings, "bar_rules")),
        findings.assessor,
        findings.date,
        unit_class,
    )
    card = _finish_card(parts)  # already in the exact context
    if findings.period is not None:
        card = replace(card, period=findings.period)
    if rubric.assessors is None:  # only several assessors' files are combined by what they hold
        return card
    rules = frozenset((i, r) for i, found in findings.items.items() for r in found.findings)
    return replace(card, recorded=frozenset(findings.items), recorded_rules=rules)


class CardParts(NamedTuple):
    """What a card is added up from: the scored sections, parts and veto hits."""

    unit: str
    year: int
    rubric: Rubric
    sections: tuple[SectionScore, ...]
    bonus: BonusScore | None
    penalties: PenaltyScore | None
    vetoes: tuple[Veto, ...]
    score_vetoes: tuple[Veto, ...]
    bars: tuple[Veto, ...]
    assessor: str | None
    date: str | None
    unit_class: UnitClass | None


def finish_card(parts: CardParts) -> ScoreCard:
    """The card's totals from its parts: rescaled, bonus and penalties, rounded, self score
    weighted in, limited by score vetoes, graded."""
    with localcontext(EXACT):
        return _finish_card(parts)


def _finish_card(parts: CardParts) -> ScoreCard:
    rubric, sections, bonus, penalties = parts.rubric, parts.sections, parts.bonus, parts.penalties
    raw = sum([s.weighted for s in sections], ZERO)
    available = sum([_weighted_available(s) for s in sections], ZERO)
    base, raw_base = raw, None
    if available != rubric.total:  # items left out as not applicable: scale to the total
        places = rubric.rounding.places if rubric.rounding else RESCALE_PLACES
        base, raw_base = _round_within(raw * rubric.total / available, places, rubric.total), raw
    total = base + (bonus.points if bonus else ZERO)
    total = max(ZERO, total - (penalties.points if penalties else ZERO))
    total_places = _places(rubric, RoundAt.TOTAL)
    if total_places is not None:
        total = _round_within(total, total_places, _top(rubric))
    assessed = None
    if rubric.self_assessment is not None:  # 自评占N%
        own = _total_self_score(tuple(i for s in sections for i in s.items if not i.not_applicable))
        if own is not None:
            weight = rubric.self_assessment.weight
            assessed, total = total, own * weight + total * (1 - weight)
            if total_places is not None:
                total = _round_within(total, total_places, _top(rubric))
    score_vetoes = parts.score_vetoes
    before_vetoes = None
    if score_vetoes and min(v.limit for v in score_vetoes) < total:
        before_vetoes, total = total, max(ZERO, min(v.limit for v in score_vetoes))
    # The grade from the parts, so the card is made once rather than made and copied.
    grade = grade_from(rubric, total, sections, parts.vetoes, score_vetoes)
    return made_card(
        ScoreCard,
        unit=parts.unit,
        year=parts.year,
        rubric=rubric,
        score=_shared(total),
        deduction=_shared(rubric.total - base),
        sections=sections,
        base=_shared(base),
        bonus=bonus,
        vetoes=parts.vetoes,
        grade=grade,
        raw_base=raw_base,
        assessor=parts.assessor,
        date=parts.date,
        penalties=penalties,
        score_vetoes=score_vetoes,
        bars=parts.bars,
        before_vetoes=before_vetoes,
        unit_class=parts.unit_class,
        assessed=assessed,
    )


CardT = TypeVar("CardT", bound="ScoreCard")


def made_card(kind: type[CardT], **values: Any) -> CardT:
    """`kind(**values)`, made without the frozen dataclass's assignment of each of its 25 or
    more fields in turn: a batch makes a card for each file, and a pool two for each unit.

    The fields not given are read from the class, as for any dataclass field with a plain
    default (none of ScoreCard's has a factory): a card holds only the values it was given,
    and the ranking, which reads thousands of cards one after another, finds them closer
    together.
    """
    card = object.__new__(kind)
    vars(card).update(values)
    return card


def _weighted_available(section: SectionScore) -> Decimal:
    weight = section.section.weight
    return section.available if weight is None else section.available * weight


def _top(rubric: Rubric) -> Decimal:
    """The highest score the rubric allows: the total and the bonus cap (none: no limit)."""
    if rubric.bonus is None:
        return rubric.total
    if rubric.bonus.cap is None:
        return Decimal("Infinity")
    return rubric.total + rubric.bonus.cap


RESCALE_PLACES = 2  # a rescaled score's places when the rubric declares no rounding


def _places(rubric: Rubric, at: RoundAt) -> int | None:
    rounding = rubric.rounding
    return rounding.places if rounding is not None and rounding.at is at else None


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _round_within(value: Decimal, places: int, top: Decimal) -> Decimal:
    """Rounded half up, but never past 0 or `top`: an item of 2.5 rounded to whole points
    keeps its 2.5 rather than scoring 3 (validate warns of such a rubric)."""
    return min(max(_round(value, places), ZERO), top)


def _score_section(
    rubric: Rubric, section: Section, findings: Findings, places: int | None
) -> SectionScore:
    recorded = findings.items
    items = tuple(
        [
            _score_item(rubric, item, recorded.get(item.id, _NOTHING_RECORDED), places)
            for item in section.items
        ]
    )
    return section_score(section, items)


def section_score(section: Section, items: tuple[ItemScore, ...]) -> SectionScore:
    """A section's subtotal from its items' scores, within the section's cap."""
    score = sum([i.score for i in items], ZERO)
    available = sum([i.available for i in items], ZERO)
    if section.cap is not None and available - score > section.cap:
        capped = available - section.cap
        lost = _shared(available - score)
        return _made(
            SectionScore, (section, _shared(capped), section.cap, items, _shared(available), lost)
        )
    lost = _shared(available - score)
    return _made(SectionScore, (section, _shared(score), lost, items, _shared(available), None))


def _score_item(
    rubric: Rubric, item: Item, recorded: ItemFindings, places: int | None
) -> ItemScore:
    if recorded.not_applicable is not None:
        full = rubric.not_applicable is NotApplicable.FULL
        score = item.score if full else ZERO
        return ItemScore(
            item,
            score,
            ZERO,
            recorded.self_score,
            (),
            recorded.note,
            score,
            None,
            recorded.not_applicable,
            item.score if full else ZERO,
        )
    if not recorded.findings and recorded.override is None and item.survey is None:
        return _untouched(item, recorded, places)
    deductions = _deductions(item.scored_rules, recorded.findings)
    costless = not deductions and recorded.override is None and item.survey is None
    if costless and not item.relative_rules:  # findings that cost nothing: scored as untouched
        return _untouched(item, recorded, places)
    survey = None if item.survey is None else _survey(item, recorded, places)
    computed = _shared(_item_points(item, deductions) if survey is None else _survey_points(survey))
    score = computed if places is None else _shared(_round_within(computed, places, item.score))
    if recorded.override is not None:
        score = recorded.override.score
    relative = _relative_values(item, recorded) if item.relative_rules else ()
    override, self_score, note = recorded.override, recorded.self_score, recorded.note
    values = (item, score, _shared(item.score - score), self_score, deductions, note, computed)
    return _made(ItemScore, (*values, override, None, None, survey, None, relative))


def _untouched(item: Item, recorded: ItemFindings, places: int | None) -> ItemScore:
    """`_score_item` of an item with no override or survey whose findings cost nothing, shared."""
    self_score, note = recorded.self_score, recorded.note
    key = (id(item), places, None if self_score is None else str(self_score), note)
    made = _UNTOUCHED.get(key)
    if made is None:  # a kept score holds its item alive: no other item can have its id
        if len(_UNTOUCHED) >= _UNTOUCHED_KEPT:
            _UNTOUCHED.clear()
        computed = _shared(_item_points(item, ()))
        score = computed if places is None else _shared(_round_within(computed, places, item.score))
        values = (item, score, _shared(item.score - score), self_score, (), note, computed)
        made = _made(ItemScore, (*values, None, None, None, None, None, ()))
        _UNTOUCHED[key] = made
    return made


# An untouched item's score, by the id of its item (kept alive here), the places it is rounded
# to, its self score (as text: its places too) and its note: most items of most units, most
# with the same self score and no note, so the cards share them rather than each holding one.
_UNTOUCHED: dict[tuple[int, int | None, str | None, str | None], ItemScore] = {}
_UNTOUCHED_KEPT = 4096  # a bound for a batch whose units' self scores and notes all differ


def _shared(number: Decimal) -> Decimal:
    """The one object the cards hold for this number and its places (4.0 and 4 kept apart)."""
    text = str(number)
    kept = _NUMBERS.get(text)
    return _kept(text, number) if kept is None else kept


def read_number(text: str) -> Decimal:
    """The number written as `text` (a worker's total or loss), as the cards hold it: looking
    it up is quicker than reading it again."""
    kept = _NUMBERS.get(text)
    return _kept(text, Decimal(text)) if kept is None else kept


def _kept(text: str, number: Decimal) -> Decimal:
    if len(_NUMBERS) >= _NUMBERS_KEPT:
        _NUMBERS.clear()
    _NUMBERS[text] = number
    return number


# A batch's numbers by their text: its cards share them, where each would otherwise hold
# thousands of 5s and 95.5s of its own.
_NUMBERS: dict[str, Decimal] = {}
_NUMBERS_KEPT = 4096  # a bound for a batch whose totals all differ


def _relative_values(item: Item, recorded: ItemFindings) -> tuple[RelativePoints, ...]:
    """The values of the item's rank and relative rules: their points wait for the batch
    (全批相对计分, scoring/relative.py)."""
    entries = []
    for rule in item.relative_rules:
        finding = recorded.findings.get(rule.id)
        if finding is not None and not isinstance(finding.value, (bool, str)):
            entries.append(RelativePoints(item, rule, Decimal(finding.value), finding.evidence))
    return tuple(entries)


def item_with_hits(rubric: Rubric, scored: ItemScore, hits: tuple[Deduction, ...]) -> ItemScore:
    """An item scored again from its rules' hits gathered from several files (a rule's own
    考核责任单位); its self score, note, override and 不适用 stay those of `scored`."""
    if scored.not_applicable is not None:
        return scored
    with localcontext(EXACT):
        hits = _highest_tiers(tuple(hit._replace(counted=True) for hit in hits))
        computed = _item_points(scored.item, hits)
        places = _places(rubric, RoundAt.ITEM)
        score = computed if places is None else _round_within(computed, places, scored.item.score)
        if scored.override is not None:
            score = scored.override.score
        return scored._replace(
            score=score, deduction=scored.item.score - score, deductions=hits, computed=computed
        )


def _survey(item: Item, recorded: ItemFindings, places: int | None) -> SurveyResult:
    """民主测评: score × Σ(votes × value) ÷ (valid ballots × the best value), to two places
    (or the rubric's), and each abstaining ballot's deduction."""
    survey = item.survey
    assert survey is not None
    votes = tuple(
        (level.name, level.value, recorded.votes.get(level.name, 0)) for level in survey.levels
    )
    valid = sum(count for _, _, count in votes)
    worth = sum((value * count for _, value, count in votes), ZERO)
    earned = ZERO if valid == 0 else item.score * worth / (survey.top * valid)
    earned = _round(earned, RESCALE_PLACES if places is None else places)
    abstained = recorded.abstained or 0
    lost = (survey.abstain_deduct or ZERO) * abstained
    return SurveyResult(votes, valid, abstained, recorded.invalid or 0, earned, lost)


def _survey_points(survey: SurveyResult) -> Decimal:
    return max(ZERO, survey.earned - survey.lost)


def _item_points(item: Item, deductions: tuple[Deduction, ...]) -> Decimal:
    """The start less the deductions plus the additions, kept from 0 to the item's score."""
    if not deductions and item.start is None:  # nothing found: what the sum below gives, sooner
        return item.score - min(item.score, ZERO)
    if item.start is None and not any(d.adds for d in deductions):  # the common case, fast
        return item.score - min(item.score, sum([d.amount for d in deductions if d.counted], ZERO))
    lost = sum([d.amount for d in deductions if d.counted and not d.adds], ZERO)
    earned = sum([d.amount for d in deductions if d.counted and d.adds], ZERO)
    return min(max(item.starts_at - lost + earned, ZERO), item.score)


def _score_bonus(bonus: Bonus, findings: Findings) -> BonusScore:
    return bonus_score(bonus, tuple(_score_part_item(item, findings) for item in bonus.items))


def bonus_score(bonus: Bonus, items: tuple[BonusItemScore, ...]) -> BonusScore:
    """The bonus part from its items' points, within its cap."""
    earned = sum((i.points for i in items), ZERO)
    return BonusScore(bonus, items, earned, _within(earned, bonus.cap))


def _score_penalties(penalties: Penalties, findings: Findings) -> PenaltyScore:
    items = tuple(_score_part_item(item, findings) for item in penalties.items)
    return penalty_score(penalties, items)


def penalty_score(penalties: Penalties, items: tuple[BonusItemScore, ...]) -> PenaltyScore:
    """The penalty part from its items' points, within its cap."""
    incurred = sum((i.points for i in items), ZERO)
    return PenaltyScore(penalties, items, incurred, _within(incurred, penalties.cap))


def _within(points: Decimal, cap: Decimal | None) -> Decimal:
    return points if cap is None else min(points, cap)


def _score_part_item(item: PartItem, findings: Findings) -> BonusItemScore:
    """A bonus or penalty item: its rules' points, or the points a committee set (override)."""
    recorded = findings.items.get(item.id, _NOTHING_RECORDED)
    additions = _deductions(item.rules, recorded.findings)
    points = sum((a.amount for a in additions if a.counted), ZERO)
    if recorded.override is None:
        return BonusItemScore(item, points, additions, recorded.self_score, recorded.note)
    return BonusItemScore(
        item,
        recorded.override.score,
        additions,
        recorded.self_score,
        recorded.note,
        points,
        recorded.override,
    )


def _vetoes(rubric: Rubric, findings: Findings, kind: str) -> Iterator[Veto]:
    """The hits of each item's veto rules of one kind: veto_rules, score_veto_rules, bar_rules."""
    for item, rules in rubric.vetoing[kind]:
        recorded = findings.items.get(item.id, _NOTHING_RECORDED)
        if recorded.not_applicable is not None:
            continue
        for hit in _deductions(rules, recorded.findings):
            yield Veto(item, hit)


def grade_of(card: ScoreCard) -> str | None:
    """The grade band the score earns, then lowered to any veto's grade (see docs/format.md)."""
    return grade_from(card.rubric, card.score, card.sections, card.vetoes, card.score_vetoes)


def grade_from(
    rubric: Rubric,
    score: Decimal,
    sections: tuple[SectionScore, ...],
    vetoes: tuple[Veto, ...],
    score_vetoes: tuple[Veto, ...],
) -> str | None:
    """`grade_of` a card with this score, these sections and these veto hits."""
    if not rubric.grades:
        return None
    bands = rubric.grades_from_top
    zero_section = any(s.score == 0 and s.available > 0 for s in sections)
    vetoed = bool(vetoes or score_vetoes)
    barred = {GradeCondition.VETO: vetoed, GradeCondition.ZERO_SECTION: zero_section}
    earned = next(
        (band for band in bands if score >= band.min and not any(barred[c] for c in band.unless)),
        bands[-1],
    )
    forced = [band for band in bands if band.name in {veto.grade for veto in vetoes}]
    return min([earned, *forced], key=lambda band: band.min).name


def _deductions(rules: Sequence[Rule], findings: dict[str, Finding]) -> tuple[Deduction, ...]:
    """What the recorded findings cost under these rules (or add, or for veto rules: which hit)."""
    if not findings:  # an item passed cleanly (findings: {}) or left out
        return ()
    found = []
    for rule in rules:
        finding = findings.get(rule.id)
        if finding is None:
            continue
        value = finding.value
        amount = _AMOUNTS[rule.kind](rule, value, finding.reference)
        if amount <= 0:  # most findings cost nothing: no scale, extra or cap makes them cost
            continue
        scale = None if finding.scale is None or not rule.scales else _scale_of(rule, finding)
        if scale is not None or (rule.extra is not None and finding.extra):
            amount = _scaled(rule, finding, amount, scale)
        capped = False
        if rule.cap is not None and amount > rule.cap:
            amount, capped = rule.cap, True
        if amount > 0:
            extra = finding.extra if rule.extra is not None else None
            found.append(
                _made(
                    Deduction,
                    (
                        rule,
                        value,
                        _shared(amount),
                        finding.evidence,
                        capped,
                        finding.reason,
                        True,
                        finding.reference,
                        scale,
                        extra,
                        _adds(rule, value),
                    ),
                )
            )
    return _highest_tiers(tuple(found)) if found else ()


def _adds(rule: Rule, value: Value) -> bool:
    if rule.kind is RuleKind.LEVELS and isinstance(value, str):
        level = rule.levels_by_name[value]
        return level.add is not None
    return rule.adds


def _scale_of(rule: Rule, finding: Finding) -> Scale | None:
    if finding.scale is None or not rule.scales:  # most findings name no circumstance
        return None
    return next((scale for scale in rule.scales if scale.id == finding.scale), None)


def _scaled(rule: Rule, finding: Finding, amount: Decimal, scale: Scale | None) -> Decimal:
    """A hit's points scaled by its circumstance (减半, 加倍), plus points per extra unit."""
    if amount <= 0:
        return amount
    if scale is not None:
        amount *= scale.factor
    if rule.extra is not None and finding.extra:
        amount += rule.extra.points * finding.extra
    return amount


def _highest_tiers(found: tuple[Deduction, ...]) -> tuple[Deduction, ...]:
    """Of the hits of one tier group, only the highest counts (就高, 不重复计分)."""
    tiered = [(hit.rule.tier_group, hit) for hit in found if hit.rule.tier_group is not None]
    if len(tiered) < 2:  # most hits are of no tier group; one alone is its group's highest
        return found
    best: dict[str, Deduction] = {}
    for tier, hit in tiered:
        if tier not in best or hit.amount > best[tier].amount:
            best[tier] = hit
    if len(best) == len(tiered):
        return found
    return tuple(
        hit
        if hit.rule.tier_group is None or best[hit.rule.tier_group] is hit
        else hit._replace(counted=False)
        for hit in found
    )


def rule_deduction(rule: Rule, value: Value, reference: Decimal | None = None) -> Decimal:
    """What one rule deducts (or adds, or for a veto: whether it hit) for a finding, uncapped."""
    return _AMOUNTS[rule.kind](rule, value, reference)


def _flat(rule: Rule, value: Value, _reference: Decimal | None) -> Decimal:
    return rule.per_hit if value is True else ZERO


def _batch_relative(_rule: Rule, _value: Value, _reference: Decimal | None) -> Decimal:
    return ZERO  # points against the whole batch: scoring/relative.py gives them


def _requirement(rule: Rule, value: Value, _reference: Decimal | None) -> Decimal:
    return rule.per_hit if value is rule.adds else ZERO  # met earns its points, unmet costs them


def _level(rule: Rule, value: Value, _reference: Decimal | None) -> Decimal:
    assert isinstance(value, str), "checked findings name a level"
    return rule.levels_by_name[value].points


def _number(value: Value) -> Decimal:
    assert not isinstance(value, (bool, str)), "checked findings give a number"
    return Decimal(value)


def _count(rule: Rule, value: Value, _reference: Decimal | None) -> Decimal:
    return rule.per_hit * _number(value)


def _judged(_rule: Rule, value: Value, _reference: Decimal | None) -> Decimal:
    return _number(value)


def _proportion(rule: Rule, value: Value, _reference: Decimal | None) -> Decimal:
    """A share in %, or a score out of `of` (折算)."""
    number = _number(value)
    full = rule.of or HUNDRED
    share = number if rule.adds else full - number
    return rule.per_hit * share / full


def _shortfall(rule: Rule, value: Value, reference: Decimal | None) -> Decimal:
    number = _number(value)
    target = reference if rule.reference is not None else rule.required
    assert target is not None
    return rule.per_hit * _steps(rule, target - number)


def _excess(rule: Rule, value: Value, reference: Decimal | None) -> Decimal:
    number = _number(value)
    limit = reference if rule.reference is not None else rule.above
    assert limit is not None
    return rule.per_hit * _steps(rule, number - limit)


def _bands(rule: Rule, value: Value, _reference: Decimal | None) -> Decimal:
    number = _number(value)
    hits = [band.points for band in rule.bands if _beyond(number, band.below, band.above)]
    return sum(hits, ZERO) if rule.cumulative else max(hits, default=ZERO)


def _threshold(rule: Rule, value: Value, _reference: Decimal | None) -> Decimal:
    number = _number(value)
    return rule.per_hit if _beyond(number, rule.below, rule.above) else ZERO


# Each kind's arithmetic, looked up once per finding rather than asked kind by kind.
_AMOUNTS: dict[RuleKind, Callable[[Rule, Value, Decimal | None], Decimal]] = {
    RuleKind.FLAT: _flat,
    RuleKind.RANK: _batch_relative,
    RuleKind.RELATIVE: _batch_relative,
    RuleKind.REQUIREMENT: _requirement,
    RuleKind.LEVELS: _level,
    RuleKind.COUNT: _count,
    RuleKind.JUDGED: _judged,
    RuleKind.PROPORTION: _proportion,
    RuleKind.SHORTFALL: _shortfall,
    RuleKind.EXCESS: _excess,
    RuleKind.BANDS: _bands,
    RuleKind.THRESHOLD: _threshold,
}


def steps_of(rule: Rule, gap: Decimal) -> Decimal:
    """How many steps a gap makes: whole steps only (每下降5%), or the gap itself without a step."""
    return _steps(rule, gap)


def _steps(rule: Rule, gap: Decimal) -> Decimal:
    if gap <= 0:
        return ZERO
    if rule.step is None:
        return gap
    return (gap / rule.step).to_integral_value(rounding=ROUND_FLOOR)


def _beyond(value: Decimal, below: Decimal | None, above: Decimal | None) -> bool:
    return (below is not None and value < below) or (above is not None and value > above)
