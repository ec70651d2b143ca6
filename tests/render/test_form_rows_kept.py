"""The scoring form: an item's row kept from an earlier card reads as one made afresh."""

from __future__ import annotations

import re

import pytest

from djkh import i18n
from djkh.render import form
from djkh.render.form import Role, card_rows
from tests.render.example_cards import example_cards


def test_a_kept_item_row_reads_as_one_made_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every example card's rows alike, places included, whether its items' rows were kept from
    an earlier card or, the bound reached before each, made afresh; a kept row is one object."""
    cards = example_cards()
    form._PLAIN_ROWS.clear()
    first = [list(card_rows(card)) for card in cards]
    kept = len(form._PLAIN_ROWS)
    again = [list(card_rows(card)) for card in cards]
    form._PLAIN_ROWS.clear()
    monkeypatch.setattr(form, "_PLAIN_ROWS_KEPT", 1)  # cleared before each is kept
    afresh = [list(card_rows(card)) for card in cards]
    assert repr(first) == repr(again) == repr(afresh)
    assert len(form._PLAIN_ROWS) == 1
    items = sum(row.role is Role.ITEM for rows in first for row in rows)
    pairs = zip(first, again, strict=True)
    reused = sum(a is b for rows, more in pairs for a, b in zip(rows, more, strict=True))
    assert 0 < kept < items / 2 < reused  # most items' rows were kept ones


def test_a_kept_item_row_is_in_its_language() -> None:
    """Every example card's rows, made in English after the Chinese ones were kept, read as
    rows made in English afresh; made in Chinese again, as the rows kept first."""
    cards = example_cards()
    was = i18n.current_language()
    try:
        form._PLAIN_ROWS.clear()
        i18n.use("zh")
        chinese = repr([list(card_rows(card)) for card in cards])
        i18n.use("en")
        english = [list(card_rows(card)) for card in cards]
        form._PLAIN_ROWS.clear()
        afresh = repr([list(card_rows(card)) for card in cards])
        i18n.use("zh")
        again = repr([list(card_rows(card)) for card in cards])
    finally:
        i18n.use(was)
    assert repr(english) == afresh != chinese == again
    goals = [row.goal for rows in english for row in rows if row.role is Role.ITEM]
    assert len(goals) > 100 and all(re.match(r"\d+\. ", goal) for goal in goals)
