"""Ranking: equal scores share a place and the next place is skipped."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from djkh.scoring.ranking import competition_ranks

D = Decimal


@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        ([], []),
        ([90], [1]),
        ([90, 85, 85, 80], [1, 2, 2, 4]),
        ([80, 90, 90, 90], [4, 1, 1, 1]),
        ([D("85.5"), D("85.50"), 85], [1, 1, 3]),
    ],
)
def test_competition_ranks(scores: list[Any], ranks: list[int]) -> None:
    assert competition_ranks([D(s) for s in scores]) == ranks
