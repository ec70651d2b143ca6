"""Character-level differences between two texts, so a reworded rule shows only what changed."""

from __future__ import annotations

from difflib import SequenceMatcher
from enum import Enum


class SpanKind(str, Enum):
    """Whether a piece of text is kept, deleted from the old text, or inserted in the new."""

    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


Span = tuple[SpanKind, str]


def text_spans(old: str, new: str) -> tuple[Span, ...]:
    """The old text turned into the new one, as kept, deleted and inserted pieces, in order."""
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    spans: list[Span] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            spans.append((SpanKind.EQUAL, old[i1:i2]))
            continue
        if i2 > i1:
            spans.append((SpanKind.DELETE, old[i1:i2]))
        if j2 > j1:
            spans.append((SpanKind.INSERT, new[j1:j2]))
    return tuple(spans)


def similarity(old: str, new: str) -> float:
    """How alike two texts are, from 0 (nothing shared) to 1 (the same)."""
    if old == new:
        return 1.0
    return SequenceMatcher(None, old, new, autojunk=False).ratio()
