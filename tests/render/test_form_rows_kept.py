"""The scoring form: an item's row kept from an earlier card reads as one made afresh."""

from __future__ import annotations

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
    card = next(
        card
        for card in example_cards()
        if not card.sections[0].items[0].deductions and not card.sections[0].items[0].note
    )
    was = i18n.current_language()
    firsts = []
    try:
        for language in ("zh", "en", "zh"):
            i18n.use(language)
            firsts.append(next(card_rows(card)))
    finally:
        i18n.use(was)
    assert firsts[0] is firsts[2] and firsts[0] != firsts[1]
    assert firsts[0].section.startswith("一、") and firsts[0].goal.startswith("1、")
    assert firsts[1].section.startswith("I. ") and firsts[1].goal.startswith("1. ")
