"""Phrases every diff format shares: the summary line, signed changes, rank moves."""

from __future__ import annotations

from decimal import Decimal

from djkh.decimals import format_number
from djkh.diff.changes import Level, RubricDiff
from djkh.i18n import _, ngettext


def summary_line(diff: RubricDiff) -> str:
    """`23 changes: 15 affect scores, 8 wording only`."""
    count = len(diff.changes)
    if not count:
        return _("no differences")
    score, wording = diff.count(Level.SCORE), diff.count(Level.WORDING)
    changes = ngettext("{n} change", "{n} changes", count).format(n=count)
    affect = ngettext("{n} affects scores", "{n} affect scores", score).format(n=score)
    return _("{changes}: {affect}, {wording} wording only").format(
        changes=changes, affect=affect, wording=wording
    )


def signed(value: Decimal) -> str:
    """+3, -2.5, 0."""
    return f"+{format_number(value)}" if value > 0 else format_number(value)


def rank_move(old: int, new: int) -> str:
    """`up 2`, `down 1`, or `=`."""
    if new < old:
        return _("up {n}").format(n=old - new)
    if new > old:
        return _("down {n}").format(n=new - old)
    return "="


def rescore_headings() -> tuple[str, ...]:
    """The columns of the table of rescored units."""
    return (
        _("unit"),
        _("old score"),
        _("new score"),
        _("change"),
        _("old rank"),
        _("new rank"),
        _("rank change"),
    )
