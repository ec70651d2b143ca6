"""`--format html`: a form's row kept from an earlier unit reads as one made afresh."""

from __future__ import annotations

import pytest

from djkh import i18n
from djkh.render import RenderOptions, html
from tests.render.example_cards import example_cards


def test_a_kept_row_reads_as_one_made_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    cards = example_cards()
    html._ROWS.clear()
    first = [html.render_card(card, RenderOptions()) for card in cards]
    kept = len(html._ROWS)
    again = [html.render_card(card, RenderOptions()) for card in cards]
    html._ROWS.clear()
    monkeypatch.setattr(html, "_ROWS_KEPT", 1)  # cleared before each is kept
    afresh = [html.render_card(card, RenderOptions()) for card in cards]
    assert first == again == afresh
    rows = sum(page.count("<tr class=") for page in first)
    assert 0 < kept < rows / 2  # most rows were kept ones


def test_a_kept_row_is_in_its_language() -> None:
    card = next(
        card
        for card in example_cards()
        for section in card.sections
        for item in section.items
        if item.self_score not in (None, item.score) and not item.deductions  # a row kept
    )
    was = i18n.current_language()
    pages = []
    try:
        for language in ("zh", "en", "zh"):
            i18n.use(language)
            pages.append(html.render_card(card, RenderOptions()))
    finally:
        i18n.use(was)
    assert pages[0] == pages[2] != pages[1]
    assert 'title="自查分与考核得分不一致"' in pages[0]
    assert 'title="self score differs from the score"' in pages[1]
