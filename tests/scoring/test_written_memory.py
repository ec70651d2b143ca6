"""A card a worker wrote keeps its unit's piece as UTF-8: a batch holds one per unit."""

from __future__ import annotations

import sys

from djkh.checks.workspace import Workspace
from djkh.render import BATCH
from djkh.scoring.engine import score_findings
from djkh.scoring.pieces import written
from tests.conftest import EXAMPLES


def test_a_written_cards_piece_is_its_text_as_utf8_in_about_half_the_room() -> None:
    path = str(sorted(EXAMPLES.glob("*.yaml"))[0])
    found = Workspace.default(()).assessment(path).value
    assert found is not None
    card = score_findings(found.findings, found.rubric)
    for name in ("json", "csv"):
        piece = BATCH.load_unit(name)
        assert piece is not None
        text = piece(path, card)
        held = written(path, card, piece)
        assert held.piece == text.encode("utf-8")
        assert sys.getsizeof(held.piece) < 0.75 * sys.getsizeof(text), name
