"""The batch pass that gives rank and relative rules their points (scoring/relative.py)."""

from __future__ import annotations

from decimal import Decimal

from djkh.scoring.batch import rank_cards, score_paths
from djkh.scoring.engine import ScoreCard
from djkh.scoring.relative import with_relative_points
from tests.conftest import REPO

PAIMING = REPO / "examples" / "findings-paiming"
RUBRICS = REPO / "examples" / "rubric"


def _cards() -> list[tuple[str, ScoreCard]]:
    result = score_paths((PAIMING,), (RUBRICS,))
    return [(unit.path, unit.card) for ranking in result.rankings for unit in ranking.units]


def test_the_points_are_given_once_however_often_the_cards_are_ranked() -> None:
    cards = _cards()
    again = [(u.path, u.card.score) for r in rank_cards(cards) for u in r.units]
    assert again == [(path, card.score) for path, card in cards]


def test_each_unit_keeps_its_value_and_what_the_batch_made_of_it() -> None:
    cards = dict(_cards())
    entries = {
        entry.rule.id: (entry.value, entry.basis, entry.amount)
        for entry in cards[str(PAIMING / "示例镇戊.yaml")].relative
    }
    rank_value, rank_basis, rank_points = entries["growth-rank"]
    assert (rank_value, rank_basis.rank, rank_basis.units, rank_points) == (
        Decimal("4.3"),
        5,
        5,
        Decimal(0),
    )
    tax_value, tax_basis, tax_points = entries["tax-share"]
    assert (tax_value, tax_basis.best, tax_points) == (
        Decimal("3.1"),
        Decimal("4.8"),
        Decimal("12.92"),
    )
    _, mean_basis, mean_points = entries["petitions"]
    assert (mean_basis.mean, mean_points) == (Decimal(6), Decimal(2))


def test_a_batch_without_such_rules_is_handed_back_as_it_is() -> None:
    result = score_paths((REPO / "examples" / "findings",))
    cards = [(unit.path, unit.card) for ranking in result.rankings for unit in ranking.units]
    assert with_relative_points(cards) == cards
