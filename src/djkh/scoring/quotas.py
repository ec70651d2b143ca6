"""Grade quotas (名额: 优秀不超过20%, 优秀1个): grades handed out in rank order, within limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_FLOOR, Decimal
from itertools import groupby

from djkh.model.rubric import Grade, Rubric
from djkh.scoring.engine import ScoreCard


def quota_limits(rubric: Rubric, units: int) -> dict[str, int]:
    """How many of `units` each limited grade may go to: the lower of its count and its share,
    the share rounded down (不超过: 20% of 7 units is 1)."""
    return {grade.name: _limit(grade, units) for grade in rubric.grades if grade.has_quota}


def _limit(grade: Grade, units: int) -> int:
    limits = []
    if grade.max_count is not None:
        limits.append(grade.max_count)
    if grade.max_share is not None:
        share = Decimal(units) * grade.max_share / 100
        limits.append(int(share.to_integral_value(rounding=ROUND_FLOOR)))
    return min(limits)


def apply_quotas(ranked: Sequence[tuple[int, ScoreCard]]) -> list[ScoreCard]:
    """The cards, best first with their ranks, each graded within the quotas.

    A unit keeps the grade its score earns while that grade has room, else it takes the next
    grade down with room. Units sharing a rank share their fate: when a grade has no room for
    all of them, none of them gets it (不超过 is a ceiling). Vetoed units rank last, so they
    take room only after every other unit, and never rise above their veto's grade.
    """
    if not ranked or not ranked[0][1].rubric.has_quotas:
        return [card for _, card in ranked]
    rubric = ranked[0][1].rubric
    bands = [grade.name for grade in rubric.grades_from_top]
    room = quota_limits(rubric, len(ranked))
    graded: dict[int, str] = {}
    for _, tied in groupby(enumerate(ranked), key=lambda entry: entry[1][0]):
        by_grade: dict[str, list[int]] = {}
        for index, (_, card) in tied:
            by_grade.setdefault(card.grade or bands[-1], []).append(index)
        for earned, indexes in by_grade.items():
            grade = _grade_with_room(bands[bands.index(earned) :], room, len(indexes))
            graded.update((index, grade) for index in indexes)
    return [_graded(card, graded[index]) for index, (_, card) in enumerate(ranked)]


def _grade_with_room(bands: list[str], room: dict[str, int], needed: int) -> str:
    """The first of `bands` with room for `needed` units, its room taken; the last has no quota."""
    for band in bands:
        if band not in room:
            return band
        if room[band] >= needed:
            room[band] -= needed
            return band
    return bands[-1]


def _graded(card: ScoreCard, grade: str) -> ScoreCard:
    if grade == card.grade:
        return card
    return replace(card, grade=grade, grade_by_score=card.grade)
