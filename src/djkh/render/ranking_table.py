"""`djkh score FOLDER`: the ranking per rubric, its statistics, and where units lose points."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from rich import box
from rich.console import Group, JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text

from djkh.decimals import format_number
from djkh.i18n import _
from djkh.render import RenderOptions
from djkh.render.console import console_for, safe, shown, unpadded
from djkh.render.form import (
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
from djkh.scoring.years import YearComparison


def render(result: BatchResult, options: RenderOptions) -> str:
    """One ranking table per rubric, each followed by its statistics and item losses."""
    return "".join(render_pieces(result, options))


def render_pieces(result: BatchResult, options: RenderOptions) -> Iterator[str]:
    """`render`'s text in pieces: a few thousand lines each, never the whole text at once."""
    lines = None if options.color else _plain_lines(result, options.width)
    if lines is None:
        yield _rich_render(result, options)
        return
    for start in range(0, len(lines), _PIECE_LINES):
        yield "".join(f"{line}\n" for line in lines[start : start + _PIECE_LINES])


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
            plain_lines(_header(ranking).plain, width),
            box_table(*_ranking_columns(ranking), width),
            plain_lines(_statistics(ranking).plain, width),
            box_table(*_losses_columns(ranking), width, title=losses_title()),
        )
        for part in parts:
            if part is None:
                return None
            lines += part
    if result.left_out:
        left_out = box_table(*_left_out_columns(result), width, title=_left_out_title(result))
        if left_out is None:
            return None
        lines += left_out
    for comparison in result.years:
        header = plain_lines(_years_header(comparison).plain, width)
        years = box_table(*_years_columns(comparison), width)
        if header is None or years is None:
            return None
        lines += header + years
    return [line.rstrip(" ") for line in lines]  # a title is padded to the table's width


def _rich_render(result: BatchResult, options: RenderOptions) -> str:
    out = io.StringIO()
    parts: list[RenderableType] = []
    for ranking in result.rankings:
        parts += [_header(ranking), _ranking_table(ranking), _statistics(ranking)]
        parts.append(_losses_table(ranking))
    if result.left_out:
        parts.append(_left_out_table(result))
    for comparison in result.years:
        parts += [_years_header(comparison), _years_table(comparison)]
    console_for(out, options).print(Group(*parts))
    return out.getvalue() if options.color else unpadded(out.getvalue())


def _header(ranking: RubricRanking) -> Text:
    header = shown(ranking.title, style="bold")
    issuer = ranking.issuer
    if issuer is not None:
        header.append(safe(f"\n{issuer}"))
    units = _("Units: {n}").format(n=len(ranking.units))
    header.append(safe(f"\n{ranking_line(ranking)}    {units}"))
    return header


def _ranking_columns(
    ranking: RubricRanking,
) -> tuple[tuple[str, ...], list[tuple[str, ...]], tuple[bool, ...]]:
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
            yield tuple(safe(cell_text(cell)) for cell in row)


def unit_piece(path: str, card: ScoreCard) -> str:
    """A unit's cells of the ranking after its rank, as a worker writes them."""
    row = unit_row(0, card, has_bars(card.rubric))[1:]
    return _CELLS.join(safe(cell_text(cell)) for cell in row)


def _ranking_table(ranking: RubricRanking) -> Table:
    table = Table(box=box.SQUARE, show_lines=False)
    headings, rows, right = _ranking_columns(ranking)
    _add_columns(table, headings, right)
    grades = bool(ranking.units[0].card.rubric.grades)
    for ranked, row in zip(ranking.units, rows, strict=True):
        cells = [shown(cell) for cell in row]
        if grades and ranked.card.vetoes:
            cells[-1].stylize("bold red")
        table.add_row(*cells)
    return table


def _statistics(ranking: RubricRanking) -> Text:
    titles = enumerate(ranking.section_titles)
    sections = _("; ").join(section_heading(i, title) for i, title in titles)
    _units, *figures = statistics(ranking)
    line = "    ".join(f"{label} {cell_text(value)}" for label, value in figures)
    return shown(f"{line}\n" + _("Sections: {sections}").format(sections=sections))


def _losses_columns(
    ranking: RubricRanking,
) -> tuple[tuple[str, ...], list[tuple[str, ...]], tuple[bool, ...]]:
    """Headings, rows and flush-right columns of where units lose points."""
    headings = loss_headings()
    rows: list[tuple[str, ...]] = [
        (safe(loss_label(loss)), str(loss.units_losing), format_number(loss.mean_loss))
        for loss in ranking.losses
    ]
    return headings, rows, (False, True, True)


def _left_out_title(result: BatchResult) -> str:
    return left_out_title(len(result.left_out))


def _left_out_columns(
    result: BatchResult,
) -> tuple[tuple[str, ...], list[tuple[str, ...]], tuple[bool, ...]]:
    """Headings, rows and flush-right columns of the files a partial ranking leaves out."""
    rows = [tuple(safe(cell) for cell in row) for row in left_out_rows(result.left_out)]
    return left_out_headings(), rows, (False, False)


def _left_out_table(result: BatchResult) -> Table:
    table = Table(title=_left_out_title(result), title_justify="left", box=box.SQUARE)
    headings, rows, right = _left_out_columns(result)
    _add_columns(table, headings, right)
    for row in rows:
        table.add_row(*(shown(cell) for cell in row))
    return table


def _losses_table(ranking: RubricRanking) -> Table:
    table = Table(title=losses_title(), title_justify="left", box=box.SQUARE)
    headings, rows, right = _losses_columns(ranking)
    _add_columns(table, headings, right)
    for row in rows:
        table.add_row(*(shown(cell) for cell in row))
    return table


def _years_header(comparison: YearComparison) -> Text:
    header = shown(years_title(comparison), style="bold")
    header.append(safe(f"\n{years_line(comparison)}"))
    return header


def _years_columns(
    comparison: YearComparison,
) -> tuple[tuple[str, ...], list[tuple[str, ...]], tuple[bool, ...]]:
    """Headings, rows and flush-right columns of the year-over-year table."""
    headings = years_headings(comparison)
    rows = [tuple(safe(cell_text(cell)) for cell in row) for row in years_rows(comparison)]
    right = tuple(0 < index < len(headings) - 1 for index in range(len(headings)))
    return headings, rows, right


def _years_table(comparison: YearComparison) -> Table:
    table = Table(box=box.SQUARE)
    headings, rows, right = _years_columns(comparison)
    _add_columns(table, headings, right)
    for row in rows:
        table.add_row(*(shown(cell) for cell in row))
    return table


def _add_columns(table: Table, headings: Sequence[str], right: Sequence[bool]) -> None:
    """Columns that fold a cell too long for its line rather than cut it off with an ellipsis."""
    for heading, flush_right in zip(headings, right, strict=True):
        justify: JustifyMethod = "right" if flush_right else "left"
        table.add_column(shown(heading), justify=justify, overflow="fold")
