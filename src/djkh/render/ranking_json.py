"""`djkh score FOLDER --format json`: rankings, statistics and every unit's card."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from djkh.problems.problem import Problem, cell_name
from djkh.render import RenderOptions, as_text
from djkh.render.json_document import (
    CardEntry,
    Laid,
    Streamed,
    card_entry,
    dump_bytes,
    dump_pieces,
)
from djkh.scoring.batch import BatchResult, LeftOut, Ranked, RubricRanking
from djkh.scoring.engine import ScoreCard
from djkh.scoring.pieces import WrittenCard

if TYPE_CHECKING:  # only with --previous
    from djkh.scoring.years import YearComparison


def render(result: BatchResult, options: RenderOptions) -> str:
    """`{"rankings": [...], "left_out": [...]}`: one ranking per rubric, each unit's card as
    `djkh score FILE` gives it; the files left out (--partial) with their errors."""
    return "".join(map(as_text, render_pieces(result, options)))


def render_pieces(result: BatchResult, options: RenderOptions) -> Iterator[str | bytes]:
    """`render`'s text in pieces, each unit's card made as it is written."""
    rankings = [_ranking(r) for r in result.rankings]
    document = {"rankings": rankings, "left_out": [_left_out(e) for e in result.left_out]}
    if result.years:  # --previous
        document["years"] = [_years(comparison) for comparison in result.years]
    yield from dump_pieces(document)
    yield "\n"


def _years(comparison: YearComparison) -> dict[str, Any]:
    """Both years' rubric and year, and each unit's score and rank in each (null: not ranked)."""
    return {
        "previous": {"rubric": comparison.previous_ref, "year": comparison.previous_year},
        "current": {"rubric": comparison.ref, "year": comparison.year},
        "group": comparison.group,
        "units": [
            {
                "unit": row.unit,
                "previous": _placed(row.previous_score, row.previous_rank),
                "current": _placed(row.score, row.rank),
                "score_change": row.score_change,
                "rank_change": row.rank_change,
            }
            for row in comparison.rows
        ],
    }


def _placed(score: Decimal | None, rank: int | None) -> dict[str, Any] | None:
    return None if score is None else {"score": score, "rank": rank}


def _left_out(entry: LeftOut) -> dict[str, Any]:
    errors = [_error(p) for p in entry.errors]
    return {"path": entry.path, "errors": errors}


def _error(problem: Problem) -> dict[str, Any]:
    """Where and what; a workbook's problem has null line and col, and its `sheet` and `cell`."""
    if problem.sheet is None:
        where: dict[str, Any] = {"line": problem.line, "col": problem.col}
    else:
        cell = None if problem.line is None else cell_name(problem.line, problem.col or 1)
        where = {"line": None, "col": None, "sheet": problem.sheet, "cell": cell}
    return {**where, "code": problem.code.value, "message": problem.message}


def _ranking(ranking: RubricRanking) -> dict[str, Any]:
    document: dict[str, Any] = {"rubric": ranking.ref, "year": ranking.year}
    if ranking.issuer is not None:
        document["issuer"] = ranking.issuer
    if ranking.group is not None:
        document["group"] = ranking.group
    return document | {
        # Each unit's document made as it is written: a batch never holds every card's dict
        # or text besides the cards.
        "units": Streamed(_unit(ranked) for ranked in ranking.units),
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


def _unit(ranked: Ranked) -> CardEntry | Laid:
    """A unit's rank, path and card; a written card's piece after its rank."""
    card = ranked.card
    if isinstance(card, WrittenCard):  # the rank, then the piece as its worker wrote it
        return Laid((_UNIT_OPENING + b'"rank": %d,' % ranked.rank, card.piece))
    return card_entry(card, {"rank": ranked.rank, "path": ranked.path})


_UNIT_DEPTH = 4  # document, rankings, ranking, units
_UNIT_OPENING = b"{\n" + b"  " * (_UNIT_DEPTH + 1)


def unit_piece(path: str, card: ScoreCard) -> bytes:
    """A unit's document after its opening brace and rank, as a worker writes it: its path and
    card."""
    document = dump_bytes(card_entry(card, {"path": path}), _UNIT_DEPTH)
    return document[1:]  # "{": the rank goes first, and the parent writes both
