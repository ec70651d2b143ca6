"""The batch ranking drawn with rich: in colour, or where a plain table cannot lay it out (a cell
to wrap, a table wider than the terminal). Its columns and lines are render/ranking_table.py's."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Group, JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text

from djkh.render import RenderOptions
from djkh.render.console import console_for, shown, unpadded
from djkh.render.form import losses_title, years_title
from djkh.render.ranking_table import (
    Columns,
    header_rest,
    left_out_columns,
    left_out_title_of,
    losses_columns,
    ranking_columns,
    statistics_text,
    years_columns,
    years_header_rest,
)
from djkh.scoring.batch import BatchResult, RubricRanking


def rich_render(result: BatchResult, options: RenderOptions) -> str:
    """Each ranking's header, table, statistics and losses, the files left out, the years."""
    out = io.StringIO()
    parts: list[RenderableType] = []
    for ranking in result.rankings:
        header = shown(ranking.title, style="bold")
        header.append(header_rest(ranking))
        parts += [header, _ranking_table(ranking), shown(statistics_text(ranking))]
        parts.append(_table(losses_columns(ranking), losses_title()))
    if result.left_out:
        parts.append(_table(left_out_columns(result), left_out_title_of(result)))
    for comparison in result.years:
        years = shown(years_title(comparison), style="bold")
        years.append(years_header_rest(comparison))
        parts += [years, _table(years_columns(comparison))]
    console_for(out, options).print(Group(*parts))
    return out.getvalue() if options.color else unpadded(out.getvalue())


def _ranking_table(ranking: RubricRanking) -> Table:
    table = Table(box=box.SQUARE, show_lines=False)
    headings, rows, right = ranking_columns(ranking)
    _add_columns(table, headings, right)
    grades = bool(ranking.units[0].card.rubric.grades)
    for ranked, row in zip(ranking.units, rows, strict=True):
        cells: list[Text] = [shown(cell) for cell in row]
        if grades and ranked.card.vetoes:
            cells[-1].stylize("bold red")
        table.add_row(*cells)
    return table


def _table(columns: Columns, title: str | None = None) -> Table:
    """A table of plain cells, titled on its left when it has a title."""
    if title is None:
        table = Table(box=box.SQUARE)
    else:
        table = Table(title=title, title_justify="left", box=box.SQUARE)
    headings, rows, right = columns
    _add_columns(table, headings, right)
    for row in rows:
        table.add_row(*(shown(cell) for cell in row))
    return table


def _add_columns(table: Table, headings: Sequence[str], right: Sequence[bool]) -> None:
    """Columns that fold a cell too long for its line rather than cut it off with an ellipsis."""
    for heading, flush_right in zip(headings, right, strict=True):
        justify: JustifyMethod = "right" if flush_right else "left"
        table.add_column(shown(heading), justify=justify, overflow="fold")
