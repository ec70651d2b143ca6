"""How many lines a wrapped spreadsheet cell takes in print, and the row height that shows them."""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

# Widths in tenths of a column unit (the width of a digit in the sheet's 11-point font). A
# Chinese character is 11 points wide, 2.1 digits of Calibri (Excel, WPS, LibreOffice with
# Carlito): counted as 2.2 so that a line the estimate fills still fits where fonts differ.
_WIDE = 22
_NARROW = 10
_BROAD = 15  # capitals, m and w: about one and a half digits
_SPACE = 10
_PADDING = 10  # the cell's margins take about one unit of the column's width
_LINE_POINTS = 16  # one line of 11-point text beside Chinese glyphs (Noto CJK, YaHei, SimSun)
_ROW_MARGIN = 4  # points above and below the text, so the last line clears the border
_CLOSING = frozenset("，。、；：！？）》」』】〕”’,.;:!?)]}%")  # never starts a line
_OPENING = frozenset("（《「『【〔“‘([{")  # never ends one


def row_height(lines: int) -> float:
    """Points for a row whose tallest cell takes `lines` lines."""
    return float(_LINE_POINTS * max(1, lines) + _ROW_MARGIN)


@functools.lru_cache(maxsize=8192)  # a batch's sheets repeat the same texts and widths
def lines_shown(text: str, width: float) -> int:
    """Lines `text` takes wrapped in a column `width` units wide: its own line breaks, then
    words moved whole to the next line (a Chinese character is a word), as Excel wraps."""
    room = max(_WIDE, round(width * 10) - _PADDING)
    return sum(_wrapped(line, room) for line in text.split("\n"))


def units_wide(text: str) -> int:
    """Column units one line of `text` needs unwrapped (a Chinese character takes 2.2)."""
    return -(-sum(map(_WIDTHS.__getitem__, text)) // 10)


def _wrapped(line: str, room: int) -> int:
    """Lines one paragraph takes, filled word by word; a word wider than a line is cut."""
    if sum(map(_WIDTHS.__getitem__, line)) <= room:
        return 1  # fits whole (leading spaces, which filling drops, counted too): most cells
    lines, used = 1, 0
    for word, trailing in _words(line):
        width = sum(map(_WIDTHS.__getitem__, word))
        if used and used + width > room:
            lines, used = lines + 1, 0
        while width > room:
            lines, width = lines + 1, width - room
        used += width + trailing
    return lines


def _words(line: str) -> list[tuple[str, int]]:
    """The unbreakable pieces of a line, each with the width of the spaces after it: a run of
    Latin letters and digits, or one Chinese character with the punctuation held to it."""
    words: list[list[Any]] = []  # [text, spaces after it, whether the next character joins it]
    for char in line:
        if char == " ":
            if words:
                words[-1][1] += _SPACE
                words[-1][2] = False
            continue
        wide = _is_wide(char)
        joins = (
            bool(words)
            and not words[-1][1]
            and (words[-1][2] or char in _CLOSING or (not wide and not _is_wide(words[-1][0][-1])))
        )
        if joins:
            words[-1][0] += char
        else:
            words.append([char, 0, False])
        words[-1][2] = char in _OPENING
    return [(text, spaces) for text, spaces, _joins in words]


def _is_wide(char: str) -> bool:
    return _WIDTHS[char] == _WIDE


def _char_width(char: str) -> int:
    if unicodedata.east_asian_width(char) in "WF":
        return _WIDE
    if char.isupper() or char in "mwMW@%":
        return _BROAD
    return _NARROW


class _Widths(dict[str, int]):
    """Each character's width in tenths of a unit, worked out the first time it is met: a
    batch's summary sheet measures thousands of units' names, of a few hundred characters."""

    def __missing__(self, char: str) -> int:
        if len(self) >= _WIDTHS_KEPT:  # a bound for text of every character there is
            self.clear()
        width = self[char] = _char_width(char)
        return width


_WIDTHS = _Widths()
_WIDTHS_KEPT = 8192
