"""A card a worker wrote keeps its unit's piece as UTF-8: a batch holds one per unit."""

from __future__ import annotations

import sys
from dataclasses import MISSING, FrozenInstanceError, fields
from decimal import Decimal

import pytest

from djkh.checks.workspace import Workspace
from djkh.render import BATCH
from djkh.scoring.engine import score_findings
from djkh.scoring.pieces import WrittenCard, written, written_card
from tests.conftest import EXAMPLES


def test_a_written_cards_piece_is_its_text_as_utf8_in_about_half_the_room() -> None:
    path = str(sorted(EXAMPLES.glob("*.yaml"))[0])
    found = Workspace.default(()).assessment(path).value
    assert found is not None
    card = score_findings(found.findings, found.rubric)
    for name in ("json", "csv"):
        piece = BATCH.load_unit(name)
        assert piece is not None
        made = piece(path, card)  # json writes UTF-8 itself, csv text
        text = made.decode("utf-8") if isinstance(made, bytes) else made
        held = written(path, card, piece)
        assert held.piece == text.encode("utf-8")
        assert sys.getsizeof(held.piece) < 0.75 * sys.getsizeof(text), name


def test_a_written_card_is_the_one_the_dataclass_would_make() -> None:
    path = str(sorted(EXAMPLES.glob("*.yaml"))[0])
    found = Workspace.default(()).assessment(path).value
    assert found is not None
    card = score_findings(found.findings, found.rubric)
    lost = ((2, Decimal("0.5")),)
    made = written_card(
        card.unit, card.year, card.rubric, card.score, card.deduction, "好", b"x", lost
    )
    expected = WrittenCard(
        card.unit,
        card.year,
        card.rubric,
        card.score,
        card.deduction,
        (),
        grade="好",
        piece=b"x",
        lost=lost,
    )
    # Every field reads as the dataclass's; those left at a default come from the class, so
    # no field may have a factory.
    assert all(field.default_factory is MISSING for field in fields(WrittenCard))
    assert [getattr(made, field.name) for field in fields(WrittenCard)] == [
        getattr(expected, field.name) for field in fields(WrittenCard)
    ]
    assert type(made) is WrittenCard and made == expected
    assert len(vars(made)) == 9
    with pytest.raises(FrozenInstanceError):
        made.score = Decimal(0)  # type: ignore[misc]
