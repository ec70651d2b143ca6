"""`--format json`: a section, item or hit written straight from its score reads as its dict
would."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from djkh.render import json_document
from tests.render.example_cards import example_cards


def test_every_card_reads_as_its_dicts_would(monkeypatch: pytest.MonkeyPatch) -> None:
    cards = example_cards()
    plain = [
        item
        for card in cards
        for section in card.sections
        for item in section.items
        if type(json_document._entry(item)) is json_document._PlainItem
    ]
    sections = [section for card in cards for section in card.sections]
    straight = [
        s for s in sections if type(json_document._section(s)) is json_document._PlainSection
    ]
    quick = [json_document.dumps(json_document.card_document(card), 3) for card in cards]
    monkeypatch.setattr(json_document, "_entry", json_document._item)
    monkeypatch.setattr(json_document, "_section", json_document._section_document)
    whole = [json_document.dumps(json_document.card_document(card), 3) for card in cards]
    assert quick == whole
    assert len(cards) > 50 and any(item.deductions for item in plain)
    assert 0 < len(straight) < len(sections)  # sections with a cap or a weight are dicts


def test_an_untouched_item_kept_reads_as_one_made_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    cards = example_cards()
    json_document._UNTOUCHED.clear()
    first = [json_document.dumps(json_document.card_document(card), 3) for card in cards]
    kept = len(json_document._UNTOUCHED)
    again = [json_document.dumps(json_document.card_document(card), 3) for card in cards]
    json_document._UNTOUCHED.clear()
    monkeypatch.setattr(json_document, "_UNTOUCHED_KEPT", 1)  # cleared before each is kept
    afresh = [json_document.dumps(json_document.card_document(card), 3) for card in cards]
    assert first == again == afresh
    assert 0 < kept < sum(len(section.items) for card in cards for section in card.sections)
    assert len(json_document._UNTOUCHED) == 1


def test_equal_numbers_are_one_kept_text() -> None:
    card = example_cards()[0]
    item = next(i for s in card.sections for i in s.items if not i.deductions)
    five = item._replace(score=Decimal("5"), deduction=Decimal("0"), self_score=Decimal("5"))
    also = item._replace(score=Decimal("5.00"), deduction=Decimal("-0"), self_score=Decimal("5.0"))
    texts = [json_document.dumps([json_document._entry(i)], 2) for i in (five, also, five)]
    assert texts[0] == texts[1] == texts[2]
    assert '"score": 5,' in texts[0] and '"deduction": 0,' in texts[0]


def test_every_card_s_entry_reads_as_its_dict_would() -> None:
    cards = example_cards()
    lead = {"rank": 3, "path": "单位/甲.yaml"}
    for indent in (0, 4, 5):
        for card in cards:
            quick = json_document.dumps(json_document.card_entry(card, lead), indent)
            whole = json_document.dumps({**lead, **json_document.card_document(card)}, indent)
            assert quick == whole, card.unit
    plain = [card for card in cards if json_document._is_plain_card(card)]
    assert 20 < len(plain) < len(cards)  # both roads taken


def test_a_plain_card_s_issuer_reads_as_in_its_dict() -> None:
    card = next(card for card in example_cards() if json_document._is_plain_card(card))
    issued = card.rubric.model_copy(update={"issuer": "中共某某县委组织部"})
    card = dataclasses.replace(card, rubric=issued)
    assert json_document._is_plain_card(card)
    quick = json_document.dumps(json_document.card_entry(card, {"path": "甲.yaml"}), 4)
    whole = json_document.dumps({"path": "甲.yaml", **json_document.card_document(card)}, 4)
    assert quick == whole
    assert '"issuer": "中共某某县委组织部"\n          }' in quick
