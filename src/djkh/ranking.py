"""Competition ranking: the highest score ranks 1, ties share a rank, the next rank skips."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def competition_ranks(scores: Sequence[Decimal]) -> list[int]:
    """Each score's rank among all of them: 90, 85, 85, 80 rank 1, 2, 2, 4."""
    first_place: dict[Decimal, int] = {}
    for place, score in enumerate(sorted(scores, reverse=True), start=1):
        first_place.setdefault(score, place)
    return [first_place[score] for score in scores]
