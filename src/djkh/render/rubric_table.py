"""`djkh show`: the rubric as the familiar form in the terminal, aligned for Chinese text."""

from __future__ import annotations

import io

from rich import box
from rich.console import Group
from rich.table import Table

from djkh.decimals import format_number
from djkh.i18n import _
from djkh.model.rubric import Rubric
from djkh.render import RenderOptions
from djkh.render.console import console_for, safe, shown
from djkh.render.form import Role, cell_text, rubric_headings, rubric_line, rubric_rows


def render(rubric: Rubric, options: RenderOptions) -> str:
    """The form, one line of 评分说明 per rule."""
    table = Table(box=box.SQUARE, header_style="bold", show_lines=True, expand=True)
    for heading, ratio in zip(rubric_headings(), _RATIOS, strict=True):
        if ratio is None:  # 标准分
            table.add_column(heading, justify="right", no_wrap=True)
        else:
            table.add_column(shown(heading), overflow="fold", ratio=ratio)
    for row in rubric_rows(rubric):
        style = "bold" if row.role is not Role.ITEM else ""
        table.add_row(
            shown(row.section, style="bold"),
            shown(row.goal, style=style),
            shown(row.standards),
            shown(cell_text(row.score), style=style),
            shown(_lines(row.rules, "•")),
            shown(row.methods),
        )
    header = shown(rubric.title, style="bold")
    if rubric.issuer is not None:
        header.append(safe(f"\n{rubric.issuer}"))
    total = _("Total score: {total}").format(total=format_number(rubric.total))
    header.append(safe(f"\n{rubric_line(rubric.ref)}    {total}"))
    out = io.StringIO()
    console_for(out, options).print(Group(header, table))
    return out.getvalue()


# Each column's share of the width, by position; None for the numbers' column, kept unbroken.
_RATIOS = (1, 2, 3, None, 3, 2)


def _lines(text: str, bullet: str) -> str:
    return "\n".join(bullet + line for line in text.split("\n")) if text else ""
