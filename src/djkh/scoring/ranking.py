"""Competition ranking: the highest score ranks 1, ties share a rank, the next rank skips."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Protocol, TypeVar


class _Ordered(Hashable, Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


K = TypeVar("K", bound=_Ordered)


def competition_ranks(scores: Sequence[K]) -> list[int]:
    """Each score's rank among all of them: 90, 85, 85, 80 rank 1, 2, 2, 4.

    A score may be a tuple, compared item by item: (not vetoed, score) ranks vetoed units last.
    """
    first_place: dict[K, int] = {}
    for place, score in enumerate(sorted(scores, reverse=True), start=1):
        first_place.setdefault(score, place)
    return [first_place[score] for score in scores]
