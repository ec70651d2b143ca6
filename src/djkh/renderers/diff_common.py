"""Phrases every diff format shares: the summary line, signed changes, rank moves."""

from __future__ import annotations

from decimal import Decimal

from djkh.changes import Level, RubricDiff
from djkh.decimals import format_number


def summary_line(diff: RubricDiff) -> str:
    """`23 changes: 15 affect scores, 8 wording only`."""
    count = len(diff.changes)
    if not count:
        return "no differences"
    noun = "change" if count == 1 else "changes"
    score, wording = diff.count(Level.SCORE), diff.count(Level.WORDING)
    verb = "affects" if score == 1 else "affect"
    return f"{count} {noun}: {score} {verb} scores, {wording} wording only"


def signed(value: Decimal) -> str:
    """+3, -2.5, 0."""
    return f"+{format_number(value)}" if value > 0 else format_number(value)


def rank_move(old: int, new: int) -> str:
    """`up 2`, `down 1`, or `=`."""
    if new < old:
        return f"up {old - new}"
    if new > old:
        return f"down {new - old}"
    return "="
