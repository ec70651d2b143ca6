"""Periods (平时考核): a unit's period files and year-end assessment combined into its year."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import TYPE_CHECKING, Any

from djkh.checks.consistency import locate_key, period_twice_message, same_unit
from djkh.decimals import EXACT
from djkh.i18n import _, ngettext
from djkh.model.rubric import PeriodCombine, Periods, RoundAt, Rubric
from djkh.problems.codes import Code
from djkh.problems.problem import Problem
from djkh.scoring.assessors import Combined, Scored
from djkh.scoring.engine import (
    PERIODS,
    ZERO,
    BonusItemScore,
    ItemScore,
    Merged,
    PeriodsScore,
    Rating,
    ScoreCard,
    Veto,
    bonus_score,
    grade_of,
    penalty_score,
    section_score,
)
from djkh.scoring.unscored import Unscored

if TYPE_CHECKING:
    from fractions import Fraction

YEAR_PLACES = 2  # the year's places when the rubric declares no rounding


def combine_periods(combined: Combined, unscored: Sequence[Unscored] = ()) -> Combined:
    """Each unit whose rubric has `periods`: its period files (and year-end) made one card.

    A unit missing a period, with a period twice, or with an `unscored` file (one that failed
    its own checks), is refused with every one of its files: a missing period is never scored
    as 0. Cards of rubrics without periods pass through.
    """
    groups: dict[tuple[str, int, str], list[Scored]] = {}
    kept: list[Scored] = []
    for path, card in combined.cards:
        if card.rubric.periods is None or card.period is None:
            kept.append((path, card))
        else:
            key = (same_unit(card.unit), card.year, card.rubric.ref)
            groups.setdefault(key, []).append((path, card))
    problems = list(combined.problems)
    files = dict(combined.files)
    for group in groups.values():
        group.sort(key=_in_rubric_order)
        card = group[0][1]
        failed = [u for u in unscored if u.records(card.unit, card.year, card.rubric.ref)]
        found = _refusals(group, combined, failed)
        if found:
            problems += found
            continue
        with localcontext(EXACT):
            card = year_card([card for _path, card in group])
        path = ", ".join(path for path, _card in group)
        kept.append((path, card))
        files[path] = tuple(file for p, _c in group for file in combined.files_of(p))
    return Combined(tuple(kept), tuple(problems), files)


def _in_rubric_order(scored: Scored) -> int:
    setup, period = scored[1].rubric.periods, scored[1].period
    assert setup is not None
    names = setup.all_names
    return names.index(period) if period in names else len(names)


def _refusals(group: list[Scored], combined: Combined, failed: list[Unscored]) -> list[Problem]:
    """A period given twice, and the periods missing (a failed file's is not); then the same
    said in every other file, with the files that failed their own checks."""
    problems = _twice(group, combined) + _missing(group, combined, failed)  # every reason
    if not problems and not failed:
        return []
    with_errors = {problem.path for problem in problems} | {u.path for u in failed}
    code = problems[0].code if problems else Code.MISSING_PERIOD
    unit = group[0][1].unit
    message = _("{unit}'s periods cannot be combined into the year: see the errors in {files}")
    message = message.format(unit=unit, files=", ".join(sorted(with_errors)))
    others = [
        locate_key(file, "period", code, message)
        for path, _card in group
        for file in combined.files_of(path)
        if file not in with_errors
    ]
    return problems + others


def _twice(group: list[Scored], combined: Combined) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for path, card in group:
        assert card.period is not None
        first = combined.files_of(path)[0]
        if card.period not in seen:
            seen[card.period] = first
            continue
        message = period_twice_message(card.unit, card.period, card.year, seen[card.period])
        problems.append(locate_key(first, "period", Code.PERIOD_TWICE, message))
    return problems


def _missing(group: list[Scored], combined: Combined, failed: list[Unscored]) -> list[Problem]:
    """The periods no file records; none where a failed file's period is not plainly known."""
    rubric = group[0][1].rubric
    setup = rubric.periods
    assert setup is not None
    failed_periods = [u.period_in(rubric) for u in failed]
    if None in failed_periods:  # it may be any missing one
        return []
    present = {card.period for _path, card in group} | set(failed_periods)
    missing = [name for name in setup.all_names if name not in present]
    if not missing:
        return []
    path, card = group[0]
    message = ngettext(
        "{unit} has no findings for period {periods} of {year}, which the rubric combines into "
        "the year ({all}): add that file (a missing period is not scored as 0)",
        "{unit} has no findings for periods {periods} of {year}, which the rubric combines "
        "into the year ({all}): add those files (a missing period is not scored as 0)",
        len(missing),
    ).format(
        unit=card.unit,
        periods="、".join(missing),
        year=card.year,
        all="、".join(setup.all_names),
    )
    return [locate_key(combined.files_of(path)[0], "period", Code.MISSING_PERIOD, message)]


def year_card(cards: Sequence[ScoreCard]) -> ScoreCard:
    """The year's card from one card per period (and the year-end's), as `periods` says.

    The score is the periods combined (sum, mean or weighted), times `weight` plus the
    year-end's score times the rest, rounded half up to the rubric's places (2 without);
    a veto in any period counts for the year. Each item is the periods' item scores combined
    alike, where the shares add up to 1 (not with `sum`, nor a period rescaled or of another
    class): else the items are those of the year-end assessment or the last period.
    Called in EXACT.
    """
    rubric = cards[0].rubric
    setup = rubric.periods
    assert setup is not None
    by_name = {card.period: card for card in cards}
    scores = tuple((name, by_name[name].score) for name in setup.names)
    part = combine_scores(setup, [score for _name, score in scores])
    year_end = None if setup.year_end is None else by_name[setup.year_end].score
    score = part if year_end is None else mixed(setup, part, year_end)
    places = rubric.rounding.places if rubric.rounding is not None else YEAR_PLACES
    score = max(ZERO, _round(score, places))
    ordered = [by_name[name] for name in setup.all_names]
    parts = _combined_parts(ordered, shares(setup))
    shown = None if parts is not None else setup.year_end or setup.names[-1]
    base = by_name[shown] if shown is not None else replace(ordered[-1], **(parts or {}))
    total = None if parts is None else _items_total(parts)
    items_total = None if total is None or total == score else total
    result = PeriodsScore(setup, scores, part, year_end, score, shown, places, items_total)
    vetoes, score_vetoes, bars = (
        _union(cards, kind) for kind in ("vetoes", "score_vetoes", "bars")
    )
    before = None
    if score_vetoes and min(v.limit for v in score_vetoes) < score:
        before, score = score, max(ZERO, min(v.limit for v in score_vetoes))
    full = _year_full(setup, rubric.total)
    card = replace(
        base,
        score=score,
        deduction=max(ZERO, full - score),
        vetoes=vetoes,
        score_vetoes=score_vetoes,
        bars=bars,
        before_vetoes=before,
        assessed=None,
        grade=None,
        grade_by_score=None,
        period=None,
        periods=result,
    )
    return replace(card, grade=grade_of(card)) if rubric.grades else card


def shares(setup: Periods) -> list[tuple[str, Fraction]]:
    """Each period's share of the year, the year-end's last: the year is Σ share × score.
    Exact fractions: three shares of ⅓ add up to 1, as 0.333… three times would not."""
    from fractions import Fraction  # here: a batch without periods never needs it

    part = Fraction(1) if setup.weight is None else Fraction(setup.weight)
    count = len(setup.names)
    if setup.combine is PeriodCombine.SUM:
        each = [part] * count
    elif setup.combine is PeriodCombine.MEAN:
        each = [part / count] * count
    else:
        each = [part * Fraction(weight) for weight in setup.weights]
    found = list(zip(setup.names, each, strict=True))
    if setup.year_end is not None:
        found.append((setup.year_end, 1 - part))
    return found


def _items_total(parts: dict[str, Any]) -> Decimal:
    """What the year's sections, bonus and penalties add up to, each item rounded as shown."""
    total: Decimal = parts["base"]
    if parts["bonus"] is not None:
        total += parts["bonus"].points
    if parts["penalties"] is not None:
        total -= parts["penalties"].points
    return max(ZERO, total)


def _combined_parts(
    cards: list[ScoreCard], found: list[tuple[str, Fraction]]
) -> dict[str, Any] | None:
    """The year's sections, bonus and penalties, item by item, or None where items do not
    combine into the year's (shares not adding up to 1, a period rescaled or of another class)."""
    first = cards[0]
    if sum(share for _name, share in found) != 1:
        return None
    if any(card.rescaled or card.unit_class != first.unit_class for card in cards):
        return None
    weighing = _Weighing(cards, found, first.rubric)
    sections = tuple(
        section_score(section.section, weighing.items(si))
        for si, section in enumerate(first.sections)
    )
    bonus = penalties = None
    if first.bonus is not None:
        bonus = bonus_score(first.bonus.bonus, weighing.parts(_bonus_items))
    if first.penalties is not None:
        penalties = penalty_score(first.penalties.penalties, weighing.parts(_penalty_items))
    base = sum((section.weighted for section in sections), ZERO)
    return {"sections": sections, "bonus": bonus, "penalties": penalties, "base": base}


class _Weighing:
    """Each item's year: its score in every period times the period's share, added up."""

    def __init__(self, cards: list[ScoreCard], found: list[tuple[str, Fraction]], rubric: Rubric):
        self.cards, self.found = cards, found
        rounding = rubric.rounding
        at_item = rounding is not None and rounding.at is RoundAt.ITEM
        self.places = rounding.places if rounding is not None and at_item else None

    def weigh(self, scores: list[Decimal]) -> tuple[Decimal, Merged]:
        from fractions import Fraction

        exact = sum(
            (share * Fraction(s) for (_n, share), s in zip(self.found, scores, strict=True)),
            Fraction(0),
        )
        total = Decimal(exact.numerator) / Decimal(exact.denominator)  # one division, in EXACT
        ratings = tuple(
            Rating(name, s) for (name, _share), s in zip(self.found, scores, strict=True)
        )
        return _item_places(total, self.places), Merged(PERIODS, ratings)

    def items(self, si: int) -> tuple[ItemScore, ...]:
        found = []
        for ii, first in enumerate(self.cards[0].sections[si].items):
            each = [card.sections[si].items[ii].score for card in self.cards]
            score, merged = self.weigh(each)
            score = min(max(score, ZERO), first.item.score)
            item = ItemScore(first.item, score, first.item.score - score, None, (), None, score)
            found.append(item._replace(merged=merged))
        return tuple(found)

    def parts(
        self, at: Callable[[ScoreCard], tuple[BonusItemScore, ...]]
    ) -> tuple[BonusItemScore, ...]:
        found = []
        for index, first in enumerate(at(self.cards[0])):
            points, merged = self.weigh([at(card)[index].points for card in self.cards])
            found.append(BonusItemScore(first.item, points, (), None, None, merged=merged))
        return tuple(found)


def _item_places(value: Decimal, places: int | None) -> Decimal:
    """An item's year: the rubric's item places, else exact up to 4 places, else 2."""
    if places is not None:
        return _round(value, places)
    exact = value.normalize()
    if exact.as_tuple().exponent >= -4:  # type: ignore[operator]
        return value
    return _round(value, YEAR_PLACES)


def _bonus_items(card: ScoreCard) -> tuple[BonusItemScore, ...]:
    return card.bonus.items if card.bonus else ()


def _penalty_items(card: ScoreCard) -> tuple[BonusItemScore, ...]:
    return card.penalties.items if card.penalties else ()


def combine_scores(setup: Periods, scores: Sequence[Decimal]) -> Decimal:
    """The periods' part: their sum, mean, or weighted sum, unrounded."""
    if setup.combine is PeriodCombine.SUM:
        return sum(scores, ZERO)
    if setup.combine is PeriodCombine.MEAN:
        return sum(scores, ZERO) / len(scores)
    return sum((w * s for w, s in zip(setup.weights, scores, strict=True)), ZERO)


def mixed(setup: Periods, part: Decimal, year_end: Decimal) -> Decimal:
    """平时考评占N%: the periods' part times `weight`, plus the year-end's times the rest."""
    assert setup.weight is not None
    return part * setup.weight + year_end * (1 - setup.weight)


def _year_full(setup: Periods, total: Decimal) -> Decimal:
    """The year's full score: every period and the year-end at the rubric's total."""
    part = combine_scores(setup, [total] * len(setup.names))
    return part if setup.year_end is None else mixed(setup, part, total)


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _union(cards: Sequence[ScoreCard], kind: str) -> tuple[Veto, ...]:
    """The hits of one kind of veto in any period, each rule once (a veto is a fact)."""
    found: dict[tuple[str, str], Veto] = {}
    for card in cards:
        hits: tuple[Veto, ...] = getattr(card, kind)
        for veto in hits:
            found.setdefault((veto.item.id, veto.hit.rule.id), veto)
    return tuple(found.values())
