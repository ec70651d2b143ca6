"""Points relative to the batch (全市排名赋分, 平均分/最高平均分×分值, 高于平均水平加分)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import NamedTuple, TypeVar

from djkh.decimals import EXACT
from djkh.model.rubric import RelativeTo, RoundAt, Rule, RuleKind
from djkh.scoring.engine import (
    ZERO,
    BatchBasis,
    CardParts,
    Deduction,
    ItemScore,
    RelativePoints,
    ScoreCard,
    SectionScore,
    finish_card,
    item_with_hits,
    section_score,
)

P = TypeVar("P")
_PLACES = 2  # a proportional result's places when the rubric does not round its items
Key = tuple[str, str]  # (item id, rule id)


def with_relative_points(group: Sequence[tuple[P, ScoreCard]]) -> list[tuple[P, ScoreCard]]:
    """The cards of one ranking with their rank and relative rules scored against each other.

    Every unit of the ranking whose value a rule has takes part, vetoed units too (a veto
    changes the grade and the place, not what was measured); a unit whose item is not
    applicable, or a file left out for errors, does not. Ties share the better rank's points.
    """
    if not any(card.relative for _, card in group):
        return list(group)
    with localcontext(EXACT):
        values: dict[Key, list[Decimal]] = {}
        rules: dict[Key, Rule] = {}
        for _, card in group:
            for entry in card.relative:
                values.setdefault(_key(entry), []).append(entry.value)
                rules[_key(entry)] = entry.rule
        batches = {key: _Batch.of(rules[key], found) for key, found in values.items()}
        return [(tag, _rescored(card, batches)) for tag, card in group]


class _Batch(NamedTuple):
    """One rule's values over the batch: sorted once, so each unit's rank is a bisection."""

    ascending: list[Decimal]
    best: Decimal
    mean: Decimal
    exact_mean: Decimal
    lower_first: bool

    @classmethod
    def of(cls, rule: Rule, values: list[Decimal]) -> _Batch:
        ascending = sorted(values)
        best = ascending[0] if rule.lower_first else ascending[-1]
        exact = sum(values, ZERO) / len(values)
        return cls(ascending, best, shown_mean(exact, ascending), exact, rule.lower_first)

    def basis(self, value: Decimal) -> BatchBasis:
        """The value's place: 1 + the values better than it, so ties share a rank (1, 1, 3)."""
        if self.lower_first:
            better = bisect_left(self.ascending, value)
        else:
            better = len(self.ascending) - bisect_right(self.ascending, value)
        return BatchBasis(len(self.ascending), better + 1, self.best, self.mean, self.exact_mean)


def shown_mean(exact: Decimal, values: Sequence[Decimal]) -> Decimal:
    """The mean to 2 places, as the ranking shows it, or to the fewest places past 2 at which
    every value stands on the same side of it as of the exact mean (1.001 below 1.002, not
    level with 1.00)."""
    places = _PLACES
    while True:
        shown = _round(exact, places)
        if shown == exact or all(_side(v, shown) == _side(v, exact) for v in values):
            return shown
        places += 1


def _side(value: Decimal, mean: Decimal) -> int:
    return (value > mean) - (value < mean)


def _key(entry: RelativePoints) -> Key:
    return entry.item.id, entry.rule.id


def _rescored(card: ScoreCard, batches: dict[Key, _Batch]) -> ScoreCard:
    """The card again, each relative rule's points added to its item, and its totals."""
    if not card.relative:
        return card
    places = _item_places(card)
    scored = tuple(_points(entry, batches[_key(entry)], places) for entry in card.relative)
    sections = tuple(_section(section, scored, card) for section in card.sections)
    parts = CardParts(
        card.unit,
        card.year,
        card.rubric,
        sections,
        card.bonus,
        card.penalties,
        card.vetoes,
        card.score_vetoes,
        card.bars,
        card.assessor,
        card.date,
        card.unit_class,
    )
    finished = finish_card(parts)
    return replace(
        finished,
        recorded=card.recorded,
        recorded_rules=card.recorded_rules,
        assessors=card.assessors,
    )


def _item_places(card: ScoreCard) -> int:
    rounding = card.rubric.rounding
    return rounding.places if rounding is not None and rounding.at is RoundAt.ITEM else _PLACES


def _section(
    section: SectionScore, scored: tuple[RelativePoints, ...], card: ScoreCard
) -> SectionScore:
    items = tuple(_item(item, scored, card) for item in section.items)
    return section_score(section.section, items)


def _item(item: ItemScore, scored: tuple[RelativePoints, ...], card: ScoreCard) -> ItemScore:
    own = [entry for entry in scored if entry.item.id == item.item.id]
    if not own:
        return item
    hits = tuple(_hit(entry) for entry in own if entry.amount)
    kept = tuple(hit for hit in item.deductions if not hit.rule.kind.relative)  # scored again
    rescored = item_with_hits(card.rubric, item, (*kept, *hits))
    return rescored._replace(relative=tuple(own))


def _hit(entry: RelativePoints) -> Deduction:
    rule = entry.rule
    amount = entry.amount or ZERO
    capped = rule.cap is not None and amount > rule.cap
    if capped:
        assert rule.cap is not None
        amount = rule.cap
    adds = rule.kind is RuleKind.RANK or _better_than_mean(entry)
    return Deduction(rule, entry.value, amount, entry.evidence, capped, adds=adds)


def _better_than_mean(entry: RelativePoints) -> bool:
    """Whether a relative rule's hit adds: to the best always; to the mean when better."""
    if entry.rule.to is not RelativeTo.MEAN:
        return True
    assert entry.basis is not None
    return _better(entry.rule, entry.value, entry.basis.exact_mean)


def _points(entry: RelativePoints, batch: _Batch, places: int) -> RelativePoints:
    """The entry with the batch it was compared with and the points that gives."""
    basis = batch.basis(entry.value)
    return entry._replace(
        basis=basis, amount=relative_amount(entry.rule, entry.value, basis, places)
    )


def relative_amount(rule: Rule, value: Decimal, basis: BatchBasis, places: int) -> Decimal:
    """A rule's points for `value` against the batch: by rank, in proportion to the best, or
    for being better (add) or worse (deduct) than the mean."""
    if rule.kind is RuleKind.RANK:
        return rule.points[basis.rank - 1] if basis.rank <= len(rule.points) else ZERO
    if rule.to is RelativeTo.BEST:
        if rule.ranks is not None and basis.rank > rule.ranks:  # 第2-5名按第1名的比例得分
            return ZERO
        return _round(_share_of_best(rule, value, basis.best) * (rule.add or ZERO), places)
    if _better(rule, value, basis.exact_mean):  # the exact mean decides, not the one shown
        return rule.add or ZERO
    if _better(rule, basis.exact_mean, value):
        return rule.deduct or ZERO
    return ZERO


def _share_of_best(rule: Rule, value: Decimal, best: Decimal) -> Decimal:
    """value ÷ best (or best ÷ value when lower is better); a best of 0 earns nothing, and
    when lower is better a value of 0 is the best."""
    if rule.lower_first:
        return Decimal(1) if value == 0 else best / value
    return ZERO if best == 0 else value / best


def _better(rule: Rule, value: Decimal, than: Decimal) -> bool:
    return value < than if rule.lower_first else value > than


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
