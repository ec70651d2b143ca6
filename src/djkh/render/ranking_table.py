"""`djkh score FOLDER`: the ranking per rubric, its statistics, and where units lose points.

Written line by line where the table is plain (no colour, nothing to wrap), without loading rich;
render/ranking_rich.py draws the rest with rich, from the same columns and lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from djkh.decimals import format_number
from djkh.escaping import terminal_text as safe
from djkh.i18n import _
from djkh.render import RenderOptions
from djkh.render.form import (
    Number,
    cell_text,
    extra_headings,
    has_bars,
    lead_headings,
    left_out_headings,
    left_out_rows,
    left_out_title,
    loss_headings,
    loss_label,
    losses_title,
    numeral,
    ranking_bars,
    ranking_line,
    section_heading,
    statistics,
    text_columns,
    unit_row,
    years_headings,
    years_line,
    years_rows,
    years_title,
)
from djkh.render.plain_table import box_table, plain_lines
from djkh.scoring.batch import BatchResult, RubricRanking
from djkh.scoring.engine import ScoreCard
from djkh.scoring.pieces import WrittenCard

if TYPE_CHECKING:  # only with --previous
    from djkh.scoring.years import YearComparison

# A table's headings, rows and which columns are flush right.
Columns = tuple[tuple[str, ...], list[tuple[str, ...]], tuple[bool, ...]]


def render(result: BatchResult, options: RenderOptions) -> str:
    """One ranking table per rubric, each followed by its statistics and item losses."""
    return "".join(render_pieces(result, options))


def render_pieces(result: BatchResult, options: RenderOptions) -> Iterator[str]:
    """`render`'s text in pieces: a few thousand lines each, never the whole text at once."""
    lines = None if options.color else _plain_lines(result, options.width)
    if lines is None:
        from djkh.render.ranking_rich import rich_render

        yield rich_render(result, options)
        return
    for start in range(0, len(lines), _PIECE_LINES):
        yield "\n".join(lines[start : start + _PIECE_LINES]) + "\n"


_PIECE_LINES = 4096


def _plain_render(result: BatchResult, width: int) -> str | None:
    """The same text as rich's, written line by line; None where only rich can lay it out."""
    lines = _plain_lines(result, width)
    return None if lines is None else "".join(f"{line}\n" for line in lines)


def _plain_lines(result: BatchResult, width: int) -> list[str] | None:
    """The lines of `_plain_render`'s text; None where only rich can lay it out."""
    lines: list[str] = []
    for ranking in result.rankings:
        parts = (
            plain_lines(safe(ranking.title) + header_rest(ranking), width),
            box_table(*ranking_columns(ranking), width),
            plain_lines(safe(statistics_text(ranking)), width),
            box_table(*losses_columns(ranking), width, title=losses_title()),
        )
        for part in parts:
            if part is None:
                return None
            lines += part
    if result.left_out:
        left_out = box_table(*left_out_columns(result), width, title=left_out_title_of(result))
        if left_out is None:
            return None
        lines += left_out
    for comparison in result.years:
        header = plain_lines(safe(years_title(comparison)) + years_header_rest(comparison), width)
        years = box_table(*years_columns(comparison), width)
        if header is None or years is None:
            return None
        lines += header + years
    return [line.rstrip(" ") for line in lines]  # a title is padded to the table's width


def header_rest(ranking: RubricRanking) -> str:
    """The lines under a ranking's title: its issuer, its year and scope, how many units."""
    rest = safe(f"\n{ranking.issuer}") if ranking.issuer is not None else ""
    units = _("Units: {n}").format(n=len(ranking.units))
    return rest + safe(f"\n{ranking_line(ranking)}    {units}")


def ranking_columns(ranking: RubricRanking) -> Columns:
    """Headings, rows and which columns are flush right: rank, unit, scores, sections, extras."""
    # Each section's subtotal is headed by its numeral alone; the statistics below name them.
    numerals = (numeral(index) for index in range(len(ranking.section_titles)))
    headings = (*lead_headings(), *numerals, *extra_headings(ranking))
    text = text_columns(ranking)
    right = tuple(index not in text for index in range(len(headings)))
    return headings, list(_unit_cells(ranking)), right


_CELLS = "\x00"  # between a written unit's cells: safe() text never holds it


def _unit_cells(ranking: RubricRanking) -> Iterator[tuple[str, ...]]:
    """Each unit's cells, best first; a written card's are its piece's, after its rank."""
    bars = ranking_bars(ranking)
    for ranked in ranking.units:
        card = ranked.card
        if isinstance(card, WrittenCard):
            yield (str(ranked.rank), *card.piece.decode("utf-8").split(_CELLS))
        else:
            row = unit_row(ranked.rank, card, bars, ranking.class_part)
            yield tuple(_safe_cell(cell) for cell in row)


def _safe_cell(cell: str | Number) -> str:
    """A cell's text for the terminal: a number's digits need no escaping, as text may."""
    return safe(cell) if isinstance(cell, str) else cell_text(cell)


def unit_piece(path: str, card: ScoreCard) -> str:
    """A unit's cells of the ranking after its rank, as a worker writes them."""
    row = unit_row(0, card, has_bars(card.rubric))[1:]
    return _CELLS.join(_safe_cell(cell) for cell in row)


def statistics_text(ranking: RubricRanking) -> str:
    """A ranking's figures (mean, highest, lowest…) and its sections' names, as read."""
    titles = enumerate(ranking.section_titles)
    sections = _("; ").join(section_heading(i, title) for i, title in titles)
    _units, *figures = statistics(ranking)
    line = "    ".join(f"{label} {cell_text(value)}" for label, value in figures)
    return f"{line}\n" + _("Sections: {sections}").format(sections=sections)


def losses_columns(ranking: RubricRanking) -> Columns:
    """Headings, rows and flush-right columns of where units lose points."""
    headings = loss_headings()
    rows: list[tuple[str, ...]] = [
        (safe(loss_label(loss)), str(loss.units_losing), format_number(loss.mean_loss))
        for loss in ranking.losses
    ]
    return headings, rows, (False, True, True)


def left_out_title_of(result: BatchResult) -> str:
    return left_out_title(len(result.left_out))


def left_out_columns(result: BatchResult) -> Columns:
    """Headings, rows and flush-right columns of the files a partial ranking leaves out."""
    rows = [tuple(safe(cell) for cell in row) for row in left_out_rows(result.left_out)]
    return left_out_headings(), rows, (False, False)


def years_columns(comparison: YearComparison) -> Columns:
    """Headings, rows and flush-right columns of the year-over-year table."""
    headings = years_headings(comparison)
    rows = [tuple(safe(cell_text(cell)) for cell in row) for row in years_rows(comparison)]
    right = tuple(0 < index < len(headings) - 1 for index in range(len(headings)))
    return headings, rows, right


def years_header_rest(comparison: YearComparison) -> str:
    """The line under the year-over-year table's title."""
    return safe(f"\n{years_line(comparison)}")
