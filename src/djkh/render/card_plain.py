"""The score card's table written line by line, exactly as rich draws it without colour.

rich lays out every cell as a renderable, measured several times over: for one card that was most
of `djkh score`'s drawing, and rich's console cost its import besides. `card_lines` makes the
same lines by the same rules (rich's Table, Padding, Group and Text measurements and column
widths, the lines broken as djkh's WrappedText breaks them), and answers None for what it does
not copy (a column too narrow to wrap in, a table rich would squeeze evenly, a character whose
width or wrapping is not plain), so the caller lets rich draw. Tests compare the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import NamedTuple

from rich.cells import cell_len

from djkh.escaping import visible
from djkh.render.card_cells import (
    HANGING_MIN,
    CardLayout,
    Cell,
    Noted,
    Stacked,
    Styled,
    item_column_width,
)
from djkh.render.form import Note
from djkh.render.wrapping import break_offsets

# A measurement, as rich's Measurement: the fewest and the most cells a renderable wants.
Range = tuple[int, int]


class Declined(Exception):
    """The layout is one card_lines does not copy: rich draws it."""


class Column(NamedTuple):
    """What a table column does with its cells (rich's Column, as djkh's tables use it)."""

    cells: Sequence[Cell]
    padding: int  # cells of padding on each side
    width: int | None = None  # a fixed width
    max_width: int | None = None
    no_wrap: bool = False
    right: bool = False


def card_lines(layout: CardLayout, width: int) -> list[str] | None:
    """The card's lines (before the trailing spaces are cut) as rich prints it `width` cells
    wide without colour, or None where rich would lay it out otherwise."""
    try:
        lines = [line for text in layout.above for line in _top_lines(text.text, width)]
        lines += _table_lines(layout, width)
        return lines + [line for text in layout.below for line in _top_lines(text.text, width)]
    except Declined:
        return None


def _top_lines(text: str, width: int) -> list[str]:
    """A text printed on its own, as wide as the console: wrapped, nothing padded."""
    return [line.rstrip(" ") for line in _wrapped(text, width)]


def _table_lines(layout: CardLayout, width: int) -> list[str]:
    """rich's Table(box=SQUARE): one row of headings, then the rows."""
    rows = [row.cells for row in layout.rows]
    columns = [
        Column(
            [layout.headings[0], *(row[0] for row in rows)], 1, max_width=item_column_width(width)
        ),
        Column([layout.headings[1], *(row[1] for row in rows)], 1),
    ]
    for index in range(2, len(layout.headings)):
        cells = [layout.headings[index], *(row[index] for row in rows)]
        columns.append(Column(cells, 1, no_wrap=True, right=True))
    if width - len(columns) - 1 < 1:
        raise Declined
    widths = _column_widths(columns, width - len(columns) - 1)
    lines = [_rule("┌", "┬", "┐", widths)]
    lines += _row_lines(columns, widths, 0, bottom=True)
    lines.append(_rule("├", "┼", "┤", widths))
    for index, row in enumerate(layout.rows, start=1):
        lines += _row_lines(columns, widths, index)
        if row.end_section and index < len(layout.rows):
            lines.append(_rule("├", "┼", "┤", widths))
    lines.append(_rule("└", "┴", "┘", widths))
    return lines


def _rule(left: str, middle: str, right: str, widths: Sequence[int]) -> str:
    return left + middle.join("─" * width for width in widths) + right


def _row_lines(
    columns: Sequence[Column], widths: Sequence[int], index: int, *, bottom: bool = False
) -> list[str]:
    """One row of the boxed table; a heading sits on the row's last line (rich's header)."""
    cells = [
        _padded_lines(column.cells[index], width, column)
        for column, width in zip(columns, widths, strict=True)
    ]
    height = max(len(cell) for cell in cells)
    for cell, width in zip(cells, widths, strict=True):
        blank = [" " * width] * (height - len(cell))
        cell[:] = blank + cell if bottom else cell + blank
    return ["│" + "│".join(line) + "│" for line in zip(*cells, strict=True)]


def _padded_lines(cell: Cell, width: int, column: Column) -> list[str]:
    """A cell's lines in a column `width` cells wide, its padding included."""
    pad = " " * column.padding
    inner = width - 2 * column.padding
    if inner < 1:
        raise Declined
    return [pad + line + pad for line in _cell_lines(cell, inner, column)]


def _cell_lines(cell: Cell, width: int, column: Column) -> list[str]:
    """The lines of a cell's content, each exactly `width` cells."""
    if isinstance(cell, str | Styled):
        text = _plain_text(cell)
        if width == 0 and text == "":  # a grid's points column where no note has points
            return [""]
        if column.no_wrap:
            return _unwrapped(text, width, right=column.right)
        return [_fill(line, width) for line in _wrapped(text, width)]
    if column.right:
        raise Declined
    if isinstance(cell, Stacked):
        return [line for part in cell.parts for line in _cell_lines(part, width, column)]
    if width >= HANGING_MIN:
        return _hanging_lines(cell, width)
    return [line for text in _flowing(cell) for line in _cell_lines(text, width, column)]


def _plain_text(cell: str | Styled) -> str:
    """The text of a cell. A str is read by rich as markup, with :emoji: codes: djkh gives it
    only numbers, and declines anything rich would read otherwise."""
    if isinstance(cell, Styled):
        return cell.text
    if "[" in cell or ":" in cell:
        raise Declined
    return cell


def _unwrapped(text: str, width: int, *, right: bool) -> list[str]:
    """Lines that never wrap (a number column), justified left or right."""
    lines = []
    for line in _checked(text).split("\n"):
        shown = line.rstrip(" ") if right else line
        if cell_len(shown) > width:
            raise Declined  # rich would cut it with an ellipsis
        lines.append(" " * (width - cell_len(shown)) + shown if right else _fill(shown, width))
    return lines


def _wrapped(text: str, width: int) -> list[str]:
    """`text` broken into lines as WrappedText breaks it (trailing spaces left on)."""
    if width < 2:
        raise Declined  # WrappedText leaves a line this narrow to rich
    lines = []
    for line in _checked(text).split("\n"):
        starts = [0, *break_offsets(line, width), len(line)]
        lines += [line[start:end] for start, end in pairwise(starts)]
    return lines


def _checked(text: str) -> str:
    """Text every character of which takes its plain width: no tab, no other space than ' '."""
    if not all(line.isprintable() for line in text.split("\n")):
        raise Declined
    return text


def _fill(line: str, width: int) -> str:
    """A line left-justified to `width` cells, as rich fills a cell (cropping trailing spaces)."""
    shown = line.rstrip(" ")
    if cell_len(shown) > width:
        raise Declined
    return line + " " * (width - cell_len(line)) if cell_len(line) <= width else _fill(shown, width)


def _flowing(cell: Noted) -> list[Styled]:
    """A narrow column's notes: each on lines of its own under the title."""
    notes = [Styled(visible(f"  {_amount(note)}{note.text}", keep="\n")) for note in cell.notes]
    return [cell.title, *notes]


def _amount(note: Note) -> str:
    return f"〔{note.amount}〕" if note.amount else ""


# The hanging notes: rich's Table.grid(padding=0) of three columns, two cells wide, the points
# (never wrapped) and the note (folded).
def _grid_columns(cell: Noted) -> list[Column]:
    amounts: list[Cell] = [
        Styled(visible(_amount(note), keep="\n")) if note.amount else "" for note in cell.notes
    ]
    texts: list[Cell] = [Styled(visible(note.text, keep="\n")) for note in cell.notes]
    return [
        Column([""] * len(cell.notes), 0, width=2),
        Column(amounts, 0, no_wrap=True),
        Column(texts, 0),
    ]


def _hanging_lines(cell: Noted, width: int) -> list[str]:
    """The title, then the grid of notes, each line filled to `width`."""
    lines = [_fill(line, width) for line in _wrapped(cell.title.text, width)]
    columns = _grid_columns(cell)
    widths = _column_widths(columns, width)
    for index in range(len(cell.notes)):
        row = [
            _cell_lines(column.cells[index], column_width, column)
            for column, column_width in zip(columns, widths, strict=True)
        ]
        height = max(len(cell_lines) for cell_lines in row)
        for cell_lines, column_width in zip(row, widths, strict=True):
            cell_lines += [" " * column_width] * (height - len(cell_lines))
        lines += [_fill("".join(parts), width) for parts in zip(*row, strict=True)]
    return lines


def _column_widths(columns: Sequence[Column], width: int) -> list[int]:
    """rich's Table._calculate_column_widths for a table that does not expand: each column's
    widest, the wrapping columns narrowed, widest first, to fit `width`."""
    widths = [_measure_column(column, width)[1] or 1 for column in columns]
    if sum(widths) > width:
        wrapping = [column.width is None and not column.no_wrap for column in columns]
        widths = _collapsed(widths, wrapping, width)
        if sum(widths) > width:
            raise Declined  # rich would narrow every column evenly
        measured = [
            _measure_column(column, cells) for column, cells in zip(columns, widths, strict=True)
        ]
        widths = [most or 0 for _least, most in measured]
    return widths


def _collapsed(widths: list[int], wrapping: list[bool], width: int) -> list[int]:
    """rich's Table._collapse_widths: the widest wrapping columns narrowed to the next widest,
    and so on, until the table fits."""
    excess = sum(widths) - width
    if not any(wrapping):
        return widths
    while excess > 0:
        widest = max(w for w, wraps in zip(widths, wrapping, strict=True) if wraps)
        next_widest = max(
            w if wraps and w != widest else 0 for w, wraps in zip(widths, wrapping, strict=True)
        )
        difference = widest - next_widest
        ratios = [
            1 if w == widest and wraps else 0 for w, wraps in zip(widths, wrapping, strict=True)
        ]
        if not any(ratios) or not difference:
            break
        widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
        excess = sum(widths) - width
    return widths


def _ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    """rich's ratio_reduce: `total` taken from `values` in proportion to `ratios`."""
    ratios = [ratio if most else 0 for ratio, most in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, most, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(most, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _measure_column(column: Column, width: int) -> Range:
    """rich's Table._measure_column: the column's range given `width` cells."""
    if width < 1:
        return (0, 0)
    padding = 2 * column.padding
    if column.width is not None:
        return _at_most((column.width + padding, column.width + padding), width)
    ranges = [_measured(_padded_range(cell, width, padding), width) for cell in column.cells]
    least = max((low for low, _high in ranges), default=1)
    most = max((high for _low, high in ranges), default=width)
    found = _at_most((least, most), width)
    if column.max_width is not None:
        found = _at_most(found, column.max_width + padding)
    return found


def _padded_range(cell: Cell, width: int, padding: int) -> Range:
    """rich's Padding.__rich_measure__."""
    if width - padding < 1:
        return (width, width)
    least, most = _cell_range(cell, width - padding)
    return _at_most((least + padding, most + padding), width)


def _cell_range(cell: Cell, width: int) -> Range:
    """Measurement.get of a cell's renderable."""
    if width < 1:
        return (0, 0)
    if isinstance(cell, str | Styled):
        return _measured(_text_range(_plain_text(cell)), width)
    if isinstance(cell, Stacked):
        return _measured(_group_range(list(cell.parts), width), width)
    return _measured(_hanging_range(cell, width), width)


def _hanging_range(cell: Noted, width: int) -> Range:
    """The title over the grid of notes (a Group), as rich measures it."""
    title = _cell_range(cell.title, width)
    grid = _measured(_grid_range(cell, width), width)
    return (max(title[0], grid[0]), max(title[1], grid[1]))


def _grid_range(cell: Noted, width: int) -> Range:
    """rich's Table.__rich_measure__ of the grid of notes."""
    columns = _grid_columns(cell)
    total = sum(_column_widths(columns, width))
    ranges = [_measure_column(column, total) for column in columns]
    return (sum(low for low, _high in ranges), sum(high for _low, high in ranges))


def _group_range(parts: list[Cell], width: int) -> Range:
    ranges = [_cell_range(part, width) for part in parts]
    return (max(low for low, _high in ranges), max(high for _low, high in ranges))


def _text_range(text: str) -> Range:
    """rich's Text.__rich_measure__: the longest word, the longest line."""
    lines = text.splitlines()
    most = max((cell_len(line) for line in lines), default=0)
    words = text.split()
    least = max((cell_len(word) for word in words), default=most)
    return (least, most)


def _measured(found: Range, width: int) -> Range:
    """Measurement.get: the range normalized and held to `width`, nothing if under a cell."""
    least, most = _at_most(_normalized(found), width)
    if most < 1:
        return (0, 0)
    return _normalized((least, most))


def _normalized(found: Range) -> Range:
    least, most = found
    least = min(max(0, least), most)
    return (max(0, least), max(0, max(least, most)))


def _at_most(found: Range, width: int) -> Range:
    return (min(found[0], width), min(found[1], width))
