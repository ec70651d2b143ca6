"""`--format xlsx` with workers: a unit's sheet laid out by a worker, its texts numbered after."""

from __future__ import annotations

import dataclasses

from djkh.render import ooxml, xlsx
from djkh.render.form import has_bars, unit_row
from djkh.scoring.batch import Ranked, RubricRanking
from djkh.scoring.pieces import written
from tests.render.example_cards import example_cards


def test_a_laid_sheet_numbers_its_texts_as_the_sheet_would() -> None:
    cards = example_cards()
    numbered: dict[str, str] = {}
    laid = ooxml.SharedStrings()
    for card in cards:
        sheet = xlsx._card_sheet("", card)
        marked = sheet.marked_xml().encode()
        assert ooxml.LaidSheet(marked).xml(laid) == sheet.xml(numbered).encode()
    assert laid == numbered  # the same texts, in the same order: the same shared strings
    assert len(numbered) > 100


def test_a_text_that_xml_cannot_hold_never_splits_a_laid_sheet() -> None:
    card = dataclasses.replace(example_cards()[0], unit="单位\x00甲\x01乙")
    sheet = xlsx._card_sheet("", card)
    marked = sheet.marked_xml()
    texts = marked.split(ooxml.MARK)[1::2]
    assert all(text.startswith("<t") and text.endswith("</t>") for text in texts)
    laid = ooxml.LaidSheet(marked.encode()).xml(ooxml.SharedStrings())
    assert laid == sheet.xml({}).encode()
    assert "单位\\x00甲\\x01乙" in marked  # shown as escapes, as in any cell


def test_a_written_units_ranking_cells_are_its_cards() -> None:
    cards = [card for card in example_cards() if not card.unit_class]
    rows = []
    for rank, card in enumerate(cards, start=1):
        held = written("unit.yaml", card, xlsx.unit_piece)
        ranking = _ranking_of(Ranked(rank, "unit.yaml", held))
        (row,) = xlsx._ranking_rows(ranking)
        assert row == unit_row(rank, card, has_bars(card.rubric))
        rows.append(row)
    assert any(value is None for row in rows for value in row)  # no self score: an empty cell


def _ranking_of(ranked: Ranked) -> RubricRanking:
    """A ranking of one unit: what `_ranking_rows` reads of it."""
    rubric, score = ranked.card.rubric, ranked.card.score
    return RubricRanking(rubric.ref, rubric.title, 0, (), (ranked,), score, score, score, ())
