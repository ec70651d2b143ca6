"""How many lines a wrapped cell takes, and how wide a line is, at the edges of a line's room."""

from __future__ import annotations

import pytest

from djkh.render import cell_lines
from djkh.render.cell_lines import lines_shown, units_wide

# A column 5 units wide leaves room for 4 units of text (its margins take one): 40 tenths.


def test_a_line_that_fills_its_room_exactly_takes_one_line() -> None:
    assert lines_shown.__wrapped__("ab12", 5) == 1  # 4 digits' width


def test_a_line_one_character_wider_than_its_room_takes_two() -> None:
    assert lines_shown.__wrapped__("ab123", 5) == 2  # one word, cut
    assert lines_shown.__wrapped__("单位", 5) == 2  # 2.2 + 2.2 units: the second moves down


def test_spaces_before_the_first_word_take_no_room() -> None:
    assert lines_shown.__wrapped__("    ab12", 5) == 1


def test_each_line_of_a_cell_wraps_on_its_own() -> None:
    assert lines_shown.__wrapped__("ab12\n单位\n", 5) == 4  # 1 + 2, and the empty last line


def test_widths_of_characters_met_after_the_kept_ones_were_let_go(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cell_lines, "_WIDTHS_KEPT", 2)
    cell_lines._WIDTHS.clear()
    assert units_wide("单位Mm1 ") == 10  # 2.2 + 2.2 + 1.5 + 1.5 + 1 + 1 = 9.4, rounded up
    assert units_wide("考核W") == 6  # 2.2 + 2.2 + 1.5 = 5.9
    assert len(cell_lines._WIDTHS) <= 2
    cell_lines._WIDTHS.clear()
