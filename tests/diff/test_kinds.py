"""The change model: which changes are rewordings, and how each reads in one line."""

from __future__ import annotations

from decimal import Decimal

from djkh.diff.kinds import Change, ChangeKind, Level, Part, Subject
from djkh.render.diff_common import headline


def test_a_rewording_carries_both_texts_and_reads_without_them() -> None:
    change = Change(
        ChangeKind.TEXT, Subject(Part.RULE, "r1", "i1"), "无计划扣2分", "无学习计划扣2分"
    )
    assert change.reworded == ("无计划扣2分", "无学习计划扣2分")
    assert change.level is Level.WORDING
    assert headline(change) == "rule i1/r1: text reworded"


def test_a_score_change_is_no_rewording_and_reads_old_to_new() -> None:
    change = Change(ChangeKind.SCORE, Subject(Part.ITEM, "i1"), Decimal("5"), Decimal("7.5"))
    assert change.reworded is None
    assert change.level is Level.SCORE
    assert headline(change) == "item i1: score changed: 5 → 7.5"


def test_an_added_standard_reads_its_number_and_text() -> None:
    change = Change(ChangeKind.STANDARD_ADDED, Subject(Part.ITEM, "i1"), new="按时报送", number=2)
    assert headline(change) == "item i1: standard added (2): 按时报送"
