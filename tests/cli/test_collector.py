"""`djkh score FOLDER`: the cycle collector rests while a batch is scored and written."""

from __future__ import annotations

import gc

import pytest

from djkh.commands import score
from djkh.commands.score import ScoreRequest
from tests.conftest import EXAMPLES


@pytest.mark.parametrize("output_format", ["csv", "json", "table", "html", "xlsx"])
def test_the_collector_rests_while_a_batch_is_written(
    monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    """A workbook too: djkh writes its XML as text, no cells referring to their sheets."""
    seen: list[bool] = []

    def run(request: ScoreRequest) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(score, "_run_batch", run)
    assert gc.isenabled()
    assert score.run_batch(ScoreRequest((EXAMPLES,), output_format)) == 0
    assert (seen, gc.isenabled()) == ([False], True)
