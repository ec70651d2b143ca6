"""Year over year: both years' score and rank per unit, the changes, units of one year only."""

from __future__ import annotations

from decimal import Decimal

from djkh.scoring.batch import score_paths
from djkh.scoring.years import YearRow, compare_years
from tests.conftest import EXAMPLES

JIEDAO = EXAMPLES.parent / "findings-jiedao"
RUBRICS = (EXAMPLES.parent / "rubric",)
D = Decimal


def _rankings(year: int):  # type: ignore[no-untyped-def]
    result = score_paths((JIEDAO / str(year),), RUBRICS)
    assert result.problems == ()
    return result.rankings


def test_each_unit_in_both_years_and_the_units_of_one_year() -> None:
    (comparison,) = compare_years(_rankings(2025), _rankings(2026))
    assert (comparison.previous_ref, comparison.previous_year) == ("example-jiedao@2025", 2025)
    assert (comparison.ref, comparison.year) == ("example-jiedao@2026", 2026)
    assert comparison.rows == (
        YearRow("东湖街道", D(90), 2, D(96), 1),
        YearRow("南山街道", D(95), 1, D(93), 2),
        YearRow("西城街道", D(88), 3, D(93), 2),
        YearRow("北关街道", D(80), 4, D(85), 4),
        YearRow("新区街道", None, None, D(70), 5),  # new this year
        YearRow("老城街道", D(75), 5, None, None),  # ranked last year only
    )
    changes = [(row.score_change, row.rank_change) for row in comparison.rows]
    assert changes == [(6, 1), (-2, -1), (5, 1), (5, 0), (None, None), (None, None)]


def test_a_ranking_without_a_partner_shows_its_units_in_one_year() -> None:
    wenzhou = score_paths((EXAMPLES,)).rankings
    comparisons = compare_years(_rankings(2025), (*_rankings(2026), *wenzhou))
    assert [(c.previous_ref, c.ref) for c in comparisons] == [
        ("example-jiedao@2025", "example-jiedao@2026"),
        (None, "wenzhou-jiguan@2007"),
    ]
    assert {row.previous_rank for row in comparisons[1].rows} == {None}
