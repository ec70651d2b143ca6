"""`djkh score FOLDER --format json`: rankings, statistics and every unit's card."""

from __future__ import annotations

from typing import Any

from djkh.render import RenderOptions
from djkh.render.json_document import card_document, dumps
from djkh.scoring.batch import BatchResult, LeftOut, RubricRanking


def render(result: BatchResult, options: RenderOptions) -> str:
    """`{"rankings": [...], "left_out": [...]}`: one ranking per rubric, each unit's card as
    `djkh score FILE` gives it; the files left out (--partial) with their errors."""
    rankings = [_ranking(r) for r in result.rankings]
    return dumps({"rankings": rankings, "left_out": [_left_out(e) for e in result.left_out]}) + "\n"


def _left_out(entry: LeftOut) -> dict[str, Any]:
    errors = [
        {"line": p.line, "col": p.col, "code": p.code.value, "message": p.message}
        for p in entry.errors
    ]
    return {"path": entry.path, "errors": errors}


def _ranking(ranking: RubricRanking) -> dict[str, Any]:
    document: dict[str, Any] = {"rubric": ranking.ref, "year": ranking.year}
    if ranking.group is not None:
        document["group"] = ranking.group
    return document | {
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
