"""Box tables written line by line, exactly as rich draws them, for tables with thousands of rows.

rich lays out each cell as a renderable, about a millisecond a row; a batch ranking of plain,
one-line cells that fits the width needs none of that. `box_table` draws such a table the way
rich's `Table(box=box.SQUARE)` would, and answers None for anything rich would draw differently
(a cell rich would wrap or that holds a line break or a control character, a table wider than
the terminal), so the caller falls back to rich. Tests compare the two on varied tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len

Row = Sequence[str]


def box_table(
    headings: Row, rows: Sequence[Row], right: Sequence[bool], width: int, title: str | None = None
) -> list[str] | None:
    """The lines of a SQUARE box table (padding 1), or None if rich would lay it out otherwise."""
    lengths = _cell_lengths((headings, *rows))
    if lengths is None:
        return None
    widths = [max(column) for column in zip(*lengths, strict=False)]
    table_width = sum(widths) + 3 * len(widths) + 1
    if table_width > width or (title is not None and not _fits(title, table_width)):
        return None
    lines = [] if title is None else [_pad(title, table_width)]
    lines.append(_rule("┌", "┬", "┐", widths))
    lines.append(_row(headings, lengths[0], widths, right))
    lines.append(_rule("├", "┼", "┤", widths))
    lines += [_row(row, cells, widths, right) for row, cells in zip(rows, lengths[1:], strict=True)]
    lines.append(_rule("└", "┴", "┘", widths))
    return lines


def plain_lines(text: str, width: int) -> list[str] | None:
    """`text`'s lines as rich prints them, or None if rich would wrap or change one."""
    lines = text.split("\n")
    return lines if all(_plain(line) and _fits(line, width) for line in lines) else None


def _cell_lengths(rows: Sequence[Row]) -> list[list[int]] | None:
    """Each cell's width in the terminal, measured once; None if a cell is not `_plain`."""
    lengths = []
    for row in rows:
        joined = "".join(row)
        # Printable text holds no white space but " " (str.isprintable): a row with none is
        # plain in every cell, the usual row of numbers and a name, checked at once.
        if not (joined.isprintable() and " " not in joined) and not all(map(_plain, row)):
            return None
        lengths.append([_width(text) for text in row])
    return lengths


# Printable ASCII is a cell a character and the CJK ideographs of Unicode 1.1 (U+4E00 to
# U+9FA5) two, in every Unicode version rich knows: in such text a character's UTF-8 length (1
# or 3 bytes) gives its width with no look-up. A unit's name nearly always is such text, and
# rich measures each character of a name it has not seen (1.3 µs a name: 5 ms for 4,000).
_NARROW_OR_HAN = re.compile("[\x20-\x7e\u4e00-\u9fa5]*")


def _width(text: str) -> int:
    """A plain cell's width in the terminal, as rich counts it."""
    if text.isascii():
        return len(text)
    if _NARROW_OR_HAN.fullmatch(text):
        return (len(text.encode("utf-8")) + len(text)) // 2
    return cell_len(text)


def _plain(text: str) -> bool:
    """One line of printable text, without edge spaces (rich may trim or wrap at those)."""
    return text.isprintable() and text == text.strip()


def _fits(text: str, width: int) -> bool:
    return cell_len(text) <= width


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def _rule(left: str, middle: str, right: str, widths: Sequence[int]) -> str:
    return left + middle.join("─" * (width + 2) for width in widths) + right


def _row(cells: Row, lengths: Sequence[int], widths: Sequence[int], right: Sequence[bool]) -> str:
    shown = (
        " " * (width - length) + text if flush_right else text + " " * (width - length)
        for text, length, width, flush_right in zip(cells, lengths, widths, right, strict=True)
    )
    return "│ " + " │ ".join(shown) + " │"
