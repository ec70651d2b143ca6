"""`djkh score FOLDER --format json`: rankings, statistics and every unit's card."""

from __future__ import annotations

from typing import Any

from djkh.batch import BatchResult, RubricRanking
from djkh.renderers import RenderOptions
from djkh.renderers.json_document import card_document, dumps


def render(result: BatchResult, options: RenderOptions) -> str:
    """`{"rankings": [...]}`, one per rubric; each unit's card as `djkh score FILE` gives it."""
    return dumps({"rankings": [_ranking(r) for r in result.rankings]}) + "\n"


def _ranking(ranking: RubricRanking) -> dict[str, Any]:
    return {
        "rubric": ranking.ref,
        "units": [{"rank": r.rank, "path": r.path, **card_document(r.card)} for r in ranking.units],
        "statistics": {
            "count": len(ranking.units),
            "mean": ranking.mean,
            "highest": ranking.highest,
            "lowest": ranking.lowest,
        },
        "items": [
            {"id": loss.item_id, "units_losing": loss.units_losing, "mean_loss": loss.mean_loss}
            for loss in ranking.losses
        ],
    }
