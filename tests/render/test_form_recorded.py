"""A form's note of what was recorded, kept from an earlier unit, reads as one made afresh."""

from __future__ import annotations

from decimal import Decimal

import pytest

from djkh import i18n
from djkh.model.rubric import RuleKind
from djkh.render import form
from djkh.scoring.engine import Deduction
from tests.render.example_cards import example_cards


def _hits() -> list[Deduction]:
    return [
        hit
        for card in example_cards()
        for section in card.sections
        for item in section.items
        for hit in item.deductions
    ]


def test_a_kept_note_reads_as_one_made_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    hits = _hits()
    form._RECORDED.clear()
    first = [form.recorded(hit) for hit in hits]
    kept = len(form._RECORDED)
    again = [form.recorded(hit) for hit in hits]
    made = [form._recorded(hit) for hit in hits]
    form._RECORDED.clear()
    monkeypatch.setattr(form, "_RECORDED_KEPT", 1)  # cleared before each is kept
    afresh = [form.recorded(hit) for hit in hits]
    assert first == again == made == afresh
    assert 0 < kept < len(hits) and any(first)  # some hits recorded alike


def test_true_is_not_one_and_equal_numbers_read_alike() -> None:
    met = next(hit for hit in _hits() if hit.rule.kind is RuleKind.REQUIREMENT)
    form._RECORDED.clear()
    true, one = met._replace(value=True), met._replace(value=1)
    assert (form.recorded(true), form.recorded(one)) == (form._recorded(true), form._recorded(one))
    assert form.recorded(true) != form.recorded(one)
    counted = next(
        hit for hit in _hits() if type(hit.value) in (int, Decimal) and form._recorded(hit)
    )
    five, also = counted._replace(value=Decimal("5")), counted._replace(value=Decimal("5.0"))
    assert form.recorded(five) == form.recorded(also) == form._recorded(also)
    assert "5" in form.recorded(five)


def test_a_kept_note_is_in_its_language() -> None:
    hit = next(hit for hit in _hits() if form._recorded(hit))
    was = i18n.current_language()
    notes = []
    try:
        for language in ("zh", "en", "zh"):
            i18n.use(language)
            notes.append((form.recorded(hit), form._recorded(hit)))
    finally:
        i18n.use(was)
    assert [kept for kept, _ in notes] == [made for _, made in notes]
    assert notes[0] == notes[2] != notes[1]
