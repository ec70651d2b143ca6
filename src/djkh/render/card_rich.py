"""The score card's table drawn by rich: in colour, or where card_plain declines the layout."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from djkh.render import RenderOptions
from djkh.render.card_cells import (
    HANGING_MIN,
    CardLayout,
    Cell,
    Noted,
    Stacked,
    Styled,
    item_column_width,
)
from djkh.render.console import WrappedText, console_for, shown, unpadded
from djkh.render.form import Note, NoteKind


def draw(layout: CardLayout, options: RenderOptions) -> str:
    """The card as rich prints it, `options.width` wide, coloured if `options.color`."""
    out = io.StringIO()
    console = console_for(out, options)
    parts: list[RenderableType] = [_text(line) for line in layout.above]
    parts.append(_table(layout, options.width))
    parts += [_text(line) for line in layout.below]
    console.print(Group(*parts))
    return out.getvalue() if options.color else unpadded(out.getvalue())


def _text(styled: Styled) -> Text:
    return WrappedText(styled.text, style=styled.style)


def _table(layout: CardLayout, width: int) -> Table:
    table = Table(box=box.SQUARE, header_style="bold")
    item, goal, *numbers = (_renderable(heading) for heading in layout.headings)
    table.add_column(item, max_width=item_column_width(width), overflow="fold")
    table.add_column(goal, overflow="fold")
    for heading in numbers:
        table.add_column(heading, justify="right", no_wrap=True)
    for row in layout.rows:
        table.add_row(*(_renderable(cell) for cell in row.cells), end_section=row.end_section)
    return table


def _renderable(cell: Cell) -> RenderableType:
    if isinstance(cell, str):
        return cell
    if isinstance(cell, Styled):
        return _text(cell)
    if isinstance(cell, Stacked):
        return Group(*(_text(part) for part in cell.parts))
    return _noted(cell)


def _noted(cell: Noted) -> RenderableType:
    title = _text(cell.title)
    return _NotedCell(_hanging(title, cell.notes), _flowing(title, cell.notes))


class _NotedCell:
    """Notes under their points where the column has room, else flowing under the title: a
    narrow terminal would leave one character a line beside the hanging points."""

    def __init__(self, hanging: RenderableType, flowing: RenderableType) -> None:
        self.hanging, self.flowing = hanging, flowing

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.hanging if options.max_width >= HANGING_MIN else self.flowing

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.hanging)


def _flowing(title: Text, notes: tuple[Note, ...]) -> RenderableType:
    lines = [title]
    for note in notes:
        line = shown("  ")
        if note.amount:
            line.append_text(shown(f"〔{note.amount}〕", style=amount_style(note.amount)))
        line.append_text(shown(note.text, style=NOTE_STYLE[note.kind]))
        lines.append(line)
    return Group(*lines)


def _hanging(title: Text, notes: tuple[Note, ...]) -> RenderableType:
    grid = Table.grid(padding=(0, 0))
    grid.add_column(width=2)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for note in notes:
        amount: Text | str = ""
        if note.amount:
            amount = shown(f"〔{note.amount}〕", style=amount_style(note.amount))
        grid.add_row("", amount, shown(note.text, style=NOTE_STYLE[note.kind]))
    return Group(title, grid)


def amount_style(amount: str) -> str:
    return "green" if amount.startswith("+") else "red"


NOTE_STYLE = {
    NoteKind.NOT_APPLICABLE: "cyan",
    NoteKind.SOURCE: "",
    NoteKind.HIT: "dim",
    NoteKind.EVIDENCE: "dim italic",
    NoteKind.REASON: "dim italic",
    NoteKind.BOUND: "yellow",
    NoteKind.OVERRIDE: "magenta",
    NoteKind.NOTE: "dim",
}
