"""`djkh show`: the rubric as the familiar form in the terminal, aligned for Chinese text."""

from __future__ import annotations

import io

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from djkh.decimals import format_number
from djkh.models import Rubric
from djkh.renderers import RenderOptions
from djkh.renderers.console import console_for
from djkh.renderers.form import RUBRIC_HEADINGS, rubric_rows


def render(rubric: Rubric, options: RenderOptions) -> str:
    """The form, one line of 评分说明 per rule."""
    table = Table(box=box.SQUARE, header_style="bold", show_lines=True, expand=True)
    for heading in RUBRIC_HEADINGS:
        if heading == "标准分":
            table.add_column(heading, justify="right", no_wrap=True)
        else:
            table.add_column(heading, overflow="fold", ratio=_RATIOS.get(heading, 1))
    for row in rubric_rows(rubric):
        style = "bold" if row.role != "item" else ""
        table.add_row(
            Text(row.section, style="bold"),
            Text(row.goal, style=style),
            row.standards,
            Text(format_number(row.score), style=style),
            _lines(row.rules, "•"),
            row.methods,
        )
    header = Text(rubric.title, style="bold")
    header.append(f"\n考核细则：{rubric.ref}    总分：{format_number(rubric.total)}")
    out = io.StringIO()
    console_for(out, options).print(Group(header, table))
    return out.getvalue()


_RATIOS = {"项目": 1, "目标": 2, "考核内容及标准": 3, "评分说明": 3, "评分方法": 2}


def _lines(text: str, bullet: str) -> str:
    return "\n".join(bullet + line for line in text.split("\n")) if text else ""
