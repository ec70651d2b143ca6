"""A card made without the frozen dataclass's assignments reads as the dataclass's would."""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, fields, replace
from decimal import Decimal

import pytest

from djkh.checks.workspace import Workspace
from djkh.scoring.engine import ScoreCard, score_findings
from tests.conftest import EXAMPLES


def _cards() -> list[ScoreCard]:
    workspace = Workspace.default(())
    cards = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        found = workspace.assessment(str(path)).value
        assert found is not None
        cards.append(score_findings(found.findings, found.rubric))
    return cards


def test_every_field_of_a_scored_card_reads_as_the_dataclass_s() -> None:
    # Those left at a default come from the class, so no field may have a factory.
    assert all(field.default_factory is MISSING for field in fields(ScoreCard))
    for card in _cards():
        expected = ScoreCard(**{field.name: getattr(card, field.name) for field in fields(card)})
        assert type(card) is ScoreCard and card == expected
        assert repr(card) == repr(expected)
        assert len(vars(card)) == 19  # the defaults are not held by each card
        assert set(vars(card)) <= {field.name for field in fields(card)}  # no name misspelt
        assert replace(card, grade="好").grade == "好"
        with pytest.raises(FrozenInstanceError):
            card.score = Decimal(0)  # type: ignore[misc]
