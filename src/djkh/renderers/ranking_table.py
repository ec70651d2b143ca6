"""`djkh score FOLDER`: the ranking per rubric, its statistics, and where units lose points."""

from __future__ import annotations

import io

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from djkh.batch import BatchResult, RubricRanking
from djkh.decimals import format_number
from djkh.renderers import RenderOptions
from djkh.renderers.console import console_for
from djkh.renderers.form import cell_text, extra_headings, loss_label, numeral, ranking_rows


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
    header.append(f"\n考核细则：{ranking.ref}    单位数：{len(ranking.units)}")
    return header


def _ranking_table(ranking: RubricRanking) -> Table:
    table = Table(box=box.SQUARE, show_lines=False)
    table.add_column("名次", justify="right")
    table.add_column("单位")
    for name in ("自查分", "得分", "扣分"):
        table.add_column(name, justify="right")
    for index, _ in enumerate(ranking.section_titles):
        table.add_column(numeral(index), justify="right")
    extra = extra_headings(ranking)
    for heading in extra:
        table.add_column(heading, justify="right" if heading == "加分" else "left")
    for row in ranking_rows(ranking):
        cells = [Text(cell_text(cell)) for cell in row]
        if extra[-1:] == ("等次",) and "一票否决" in cells[-1].plain:
            cells[-1].stylize("bold red")
        table.add_row(*cells)
    return table


def _statistics(ranking: RubricRanking) -> Text:
    sections = "；".join(f"{numeral(i)}、{title}" for i, title in enumerate(ranking.section_titles))
    return Text(
        f"平均分 {format_number(ranking.mean)}    最高分 {format_number(ranking.highest)}    "
        f"最低分 {format_number(ranking.lowest)}\n分项：{sections}"
    )


def _losses_table(ranking: RubricRanking) -> Table:
    table = Table(title="各项失分情况", title_justify="left", box=box.SQUARE)
    table.add_column("项目")
    table.add_column("失分单位数", justify="right")
    table.add_column("平均失分（全部单位）", justify="right")
    for loss in ranking.losses:
        table.add_row(
            loss_label(loss),
            str(loss.units_losing),
            format_number(loss.mean_loss),
        )
    return table
