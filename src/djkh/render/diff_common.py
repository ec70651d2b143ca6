"""Phrases every diff format shares: each change's headline, the summary line, rank moves."""

from __future__ import annotations

from decimal import Decimal

from djkh.decimals import format_number
from djkh.diff.kinds import Change, ChangeKind, Level, Part, RubricDiff, Value
from djkh.i18n import _, ngettext


def headline(change: Change) -> str:
    """The change in one line; a rewording's texts are shown apart, as a character diff."""
    what = _("{subject}: {change}").format(subject=change.subject, change=change.kind.phrase)
    if change.number is not None:
        what += f" ({change.number})"
    if change.kind.is_rewording:
        return what
    if change.kind is ChangeKind.MOVED:
        if change.subject.what is Part.ITEM:
            moved = _("{what} from section {old} to {new}")
        else:
            moved = _("{what} from item {old} to {new}")
        return moved.format(what=what, old=change.old, new=change.new)
    if change.kind.is_listed:
        value = change.new if change.old is None else change.old
        return _("{what}: {value}").format(what=what, value=value)
    return _("{what}: {old} → {new}").format(
        what=what, old=_shown(change.old), new=_shown(change.new)
    )


def _shown(value: Value) -> str:
    if value is None:
        return _("none")
    return format_number(value) if isinstance(value, Decimal) else value


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
