"""The score card's table as plain cells and lines of text, for card_plain and card_rich to draw."""

from __future__ import annotations

from typing import NamedTuple

from djkh.render.form import Note

HANGING_MIN = 24  # cells: below this the points no longer hang beside their notes


class Styled(NamedTuple):
    """Text for the terminal (control characters escaped) and its style when in colour."""

    text: str
    style: str = ""


class Stacked(NamedTuple):
    """Texts one under another in one cell."""

    parts: tuple[Styled, ...]


class Noted(NamedTuple):
    """A title and its notes: each note's points hang beside it where the column has room."""

    title: Styled
    notes: tuple[Note, ...]


# A cell: a number as plain text, or text, texts or a noted title.
Cell = str | Styled | Stacked | Noted


class TableRow(NamedTuple):
    """One row of the card's table; `end_section` draws a rule under it."""

    cells: tuple[Cell, ...]
    end_section: bool = False


class CardLayout(NamedTuple):
    """The card as the terminal shows it: lines above the table, the table, lines below."""

    above: tuple[Styled, ...]
    headings: tuple[Cell, ...]
    rows: tuple[TableRow, ...]
    below: tuple[Styled, ...]


def item_column_width(width: int) -> int:
    """The widest the item column (项目) grows on a terminal `width` cells wide."""
    return max(8, width // 6)
