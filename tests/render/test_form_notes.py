"""The 扣分说明 made as text at once reads as its notes would, each as text."""

from __future__ import annotations

from decimal import Decimal

from djkh.decimals import format_number
from djkh.i18n import _
from djkh.render import form
from djkh.scoring.engine import ItemScore
from tests.render.example_cards import example_cards


def _items() -> list[ItemScore]:
    return [item for card in example_cards() for section in card.sections for item in section.items]


def _bound_notes_from_properties(item: ItemScore) -> list[str]:
    """bound_notes as it read before its one pass: from the item's properties."""
    raw, score = item.raw, item.item.score
    if raw < 0 and item.item.start is None and not item.earned:
        return [
            _(
                "deductions add up to {deducted}, limited to the item's standard score of "
                "{score} (扣完为止)"
            ).format(
                deducted=format_number(item.uncapped_deduction),
                score=format_number(item.item.score),
            )
        ]
    if raw < 0:
        message = _("the rules give {raw} in all, limited to 0 (扣完为止)")
        return [message.format(raw=format_number(raw))]
    if raw > score and item.not_applicable is None:
        message = _("the rules give {raw} in all, limited to the item's standard score of {score}")
        return [message.format(raw=format_number(raw), score=format_number(score))]
    return []


def test_every_item_s_lines_read_as_its_notes() -> None:
    items = _items()
    for item in items:
        assert form.item_notes(item) == tuple(map(str, form.item_note_parts(item))), item.item.id
    quick = [item for item in items if form._only_hits(item) and item.deductions]
    assert len(quick) > 50
    assert any(form.bound_notes(item) for item in quick)  # a bound's line among them
    assert any(not form._only_hits(item) for item in items)  # and the other road taken
    noted = [item for item in items if item.note and form._hits_and_note_only(item)]
    assert any(item.deductions for item in noted)  # hits and a note, made at once too


def test_an_item_s_note_comes_after_its_hits_and_bounds() -> None:
    item = next(
        item
        for item in _items()
        if item.note and item.deductions and form._hits_and_note_only(item)
    )
    hit = next(h for h in item.deductions if not h.adds)
    losing = item._replace(deductions=(hit._replace(amount=Decimal(50), counted=True),))
    lines = form.item_notes(losing)
    assert lines == tuple(map(str, form.item_note_parts(losing)))
    assert len(lines) == len(form._hit_lines(losing.deductions[0], "-")) + 2
    assert lines[-2] == form.bound_notes(losing)[0]
    assert lines[-1] == form.note_line(item.note)


def test_an_item_row_reads_as_its_score_tells() -> None:
    """The row of an item with nothing to say, made of its values, reads as any other."""
    for item in _items():
        row = form._item_row("一、组织建设", "1、年初有计划", item)
        deduction, score = item.deduction, item.score
        if item.not_applicable is not None:
            deduction, score = None, None if item.available == 0 else item.score
        expected = form.CardRow(
            form.Role.ITEM,
            "一、组织建设",
            "1、年初有计划",
            item.item.score,
            item.self_score,
            deduction,
            score,
            form.item_notes(item),
            form.score_shown(item),
        )
        assert row == expected and type(row) is form.CardRow, item.item.id
        assert repr(row) == repr(expected)


def test_bounds_read_as_the_item_s_properties_tell() -> None:
    items = _items()
    for item in items:
        assert form.bound_notes(item) == _bound_notes_from_properties(item), item.item.id
    assert sum(1 for item in items if form.bound_notes(item)) == 4


def test_an_item_with_a_start_that_loses_more_stops_at_0() -> None:
    items = _items()
    started = next(item for item in items if item.item.start is not None)
    hit = next(h for item in items for h in item.deductions if not h.adds)
    losing = started._replace(deductions=(hit._replace(amount=Decimal(50), counted=True),))
    expected = _bound_notes_from_properties(losing)
    assert form.bound_notes(losing) == expected
    assert expected == [
        _("the rules give {raw} in all, limited to 0 (扣完为止)").format(
            raw=format_number(started.item.start - 50)
        )
    ]
