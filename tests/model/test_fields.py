"""Numbers a findings file gives: exact, and the whole ones shared between units."""

from __future__ import annotations

from decimal import Decimal

import pytest

from djkh.checks.workspace import Workspace
from djkh.model import fields
from tests.conftest import EXAMPLES


def test_a_whole_self_score_is_one_shared_decimal() -> None:
    five = fields._optional_number(5)
    assert five is fields._optional_number(5)
    assert type(five) is Decimal and five.as_tuple() == Decimal(5).as_tuple()
    assert str(fields._optional_number(10)) == "10"
    assert str(fields._optional_number(Decimal("4.50"))) == "4.50"  # as written, not as 4.5
    assert fields._optional_number(None) is None


def test_whole_numbers_kept_past_the_bound_are_made_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fields, "_WHOLE", {})
    monkeypatch.setattr(fields, "_WHOLE_KEPT", 1)
    assert [str(fields._optional_number(n)) for n in (5, 10, 5, 0)] == ["5", "10", "5", "0"]
    assert len(fields._WHOLE) == 1


def test_items_with_the_same_self_score_share_it() -> None:
    found = Workspace.default(()).assessment(str(EXAMPLES / "示例委乙.yaml")).value
    assert found is not None
    scores = [item.self_score for item in found.findings.items.values() if item.self_score == 5]
    assert len(scores) > 2
    assert all(score is scores[0] for score in scores)
