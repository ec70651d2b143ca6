"""`djkh score FOLDER`: the ranking per rubric, its statistics, and where units lose points."""

from __future__ import annotations

import io

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from djkh.batch import BatchResult, RubricRanking
from djkh.decimals import format_number
from djkh.i18n import _
from djkh.renderers import RenderOptions
from djkh.renderers.console import console_for
from djkh.renderers.form import (
    cell_text,
    extra_headings,
    lead_headings,
    loss_headings,
    loss_label,
    losses_title,
    numeral,
    ranking_rows,
    rubric_line,
    section_heading,
    statistics,
)


def render(result: BatchResult, options: RenderOptions) -> str:
    """One ranking table per rubric, each followed by its statistics and item losses."""
    out = io.StringIO()
    parts: list[RenderableType] = []
    for ranking in result.rankings:
        parts += [_header(ranking), _ranking_table(ranking), _statistics(ranking)]
        parts.append(_losses_table(ranking))
    console_for(out, options).print(Group(*parts))
    return out.getvalue()


def _header(ranking: RubricRanking) -> Text:
    header = Text(ranking.title, style="bold")
    units = _("Units: {n}").format(n=len(ranking.units))
    header.append(f"\n{rubric_line(ranking.ref)}    {units}")
    return header


def _ranking_table(ranking: RubricRanking) -> Table:
    table = Table(box=box.SQUARE, show_lines=False)
    # Each section's subtotal is headed by its numeral alone; the statistics below name them.
    numerals = (numeral(index) for index in range(len(ranking.section_titles)))
    headings = (*lead_headings(), *numerals, *extra_headings(ranking))
    grades = bool(ranking.units[0].card.rubric.grades)
    for index, heading in enumerate(headings):
        left = index == 1 or (grades and index == len(headings) - 1)
        table.add_column(heading, justify="left" if left else "right")
    for ranked, row in zip(ranking.units, ranking_rows(ranking), strict=True):
        cells = [Text(cell_text(cell)) for cell in row]
        if grades and ranked.card.vetoes:
            cells[-1].stylize("bold red")
        table.add_row(*cells)
    return table


def _statistics(ranking: RubricRanking) -> Text:
    titles = enumerate(ranking.section_titles)
    sections = _("; ").join(section_heading(i, title) for i, title in titles)
    _units, *figures = statistics(ranking)
    line = "    ".join(f"{label} {cell_text(value)}" for label, value in figures)
    return Text(f"{line}\n" + _("Sections: {sections}").format(sections=sections))


def _losses_table(ranking: RubricRanking) -> Table:
    table = Table(title=losses_title(), title_justify="left", box=box.SQUARE)
    item, *numbers = loss_headings()
    table.add_column(item)
    for heading in numbers:
        table.add_column(heading, justify="right")
    for loss in ranking.losses:
        table.add_row(
            loss_label(loss),
            str(loss.units_losing),
            format_number(loss.mean_loss),
        )
    return table
