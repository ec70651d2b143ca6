"""Year over year (比上年): each unit's score and rank in last year's ranking and this year's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from djkh.checks.consistency import same_unit
from djkh.scoring.batch import RubricRanking


@dataclass(frozen=True)
class YearRow:
    """One unit in both years; a year it was not ranked in has no score and no rank."""

    unit: str
    previous_score: Decimal | None
    previous_rank: int | None
    score: Decimal | None
    rank: int | None

    @property
    def score_change(self) -> Decimal | None:
        """This year's score less last year's, when the unit was ranked in both."""
        if self.score is None or self.previous_score is None:
            return None
        return self.score - self.previous_score

    @property
    def rank_change(self) -> int | None:
        """Places moved up (a positive number) or down (negative), when ranked in both."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


@dataclass(frozen=True)
class YearComparison:
    """Last year's ranking beside this year's, for one rubric (and class group).

    `rows` hold this year's units in rank order, then the units ranked last year only.
    """

    title: str
    previous_ref: str | None
    previous_year: int | None
    ref: str | None
    year: int | None
    group: str | None
    rows: tuple[YearRow, ...]


def compare_years(
    previous: Sequence[RubricRanking], current: Sequence[RubricRanking]
) -> tuple[YearComparison, ...]:
    """Pair each ranking of this year with last year's of the same rubric id and class group
    (any version); a lone ranking in each year is paired whatever its rubric. A ranking with
    no partner is shown with its units in one year only."""
    pairs = _pairs(previous, current)
    return tuple(_comparison(old, new) for old, new in pairs)


def _pairs(
    previous: Sequence[RubricRanking], current: Sequence[RubricRanking]
) -> list[tuple[RubricRanking | None, RubricRanking | None]]:
    if len(previous) == 1 and len(current) == 1:
        return [(previous[0], current[0])]
    left = list(previous)
    pairs: list[tuple[RubricRanking | None, RubricRanking | None]] = []
    for new in current:
        old = next((r for r in left if _key(r) == _key(new)), None)
        if old is not None:
            left.remove(old)
        pairs.append((old, new))
    return pairs + [(old, None) for old in left]


def _key(ranking: RubricRanking) -> tuple[str, str | None]:
    return ranking.ref.split("@", 1)[0], ranking.group


def _comparison(old: RubricRanking | None, new: RubricRanking | None) -> YearComparison:
    before = {same_unit(r.card.unit): r for r in old.units} if old else {}
    rows = []
    for ranked in new.units if new else ():
        was = before.pop(same_unit(ranked.card.unit), None)
        rows.append(
            YearRow(
                ranked.card.unit,
                was.card.score if was else None,
                was.rank if was else None,
                ranked.card.score,
                ranked.rank,
            )
        )
    rows += [YearRow(r.card.unit, r.card.score, r.rank, None, None) for r in before.values()]
    shown = new or old
    assert shown is not None
    return YearComparison(
        shown.title,
        old.ref if old else None,
        old.year if old else None,
        new.ref if new else None,
        new.year if new else None,
        shown.group,
        tuple(rows),
    )
