"""Character-level differences between two texts, so a reworded rule shows only what changed."""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from enum import Enum

# SequenceMatcher takes time quadratic in the length of what it compares: two texts longer than
# this together are compared only where they differ (after their common start and end), and a
# differing middle still longer than this is shown as deleted and inserted whole.
MAX_COMPARED = 4000


class SpanKind(str, Enum):
    """Whether a piece of text is kept, deleted from the old text, or inserted in the new."""

    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


Span = tuple[SpanKind, str]


def text_spans(old: str, new: str) -> tuple[Span, ...]:
    """The old text turned into the new one, as kept, deleted and inserted pieces, in order."""
    if len(old) + len(new) <= MAX_COMPARED:
        return tuple(_matched_spans(old, new))
    start, end = _common_ends(old, new)
    old_middle, new_middle = old[start : len(old) - end], new[start : len(new) - end]
    if len(old_middle) + len(new_middle) <= MAX_COMPARED:
        middle = _matched_spans(old_middle, new_middle)
    else:
        middle = [(SpanKind.DELETE, old_middle), (SpanKind.INSERT, new_middle)]
    spans = [(SpanKind.EQUAL, old[:start]), *middle, (SpanKind.EQUAL, old[len(old) - end :])]
    return tuple(span for span in spans if span[1])


def _matched_spans(old: str, new: str) -> list[Span]:
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
    return spans


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """The lengths of the start and of the end two texts share, not overlapping."""
    shortest = min(len(old), len(new))
    start = 0
    while start < shortest and old[start] == new[start]:
        start += 1
    end = 0
    while end < shortest - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return start, end


def similarity(old: str, new: str) -> float:
    """How alike two texts are, from 0 (nothing shared) to 1 (the same).

    Long texts are compared where they differ; a differing middle longer than MAX_COMPARED
    counts the characters it shares regardless of order (as difflib's quick_ratio does).
    """
    if old == new:
        return 1.0
    if len(old) + len(new) <= MAX_COMPARED:
        return SequenceMatcher(None, old, new, autojunk=False).ratio()
    start, end = _common_ends(old, new)
    old_middle, new_middle = old[start : len(old) - end], new[start : len(new) - end]
    if len(old_middle) + len(new_middle) <= MAX_COMPARED:
        matcher = SequenceMatcher(None, old_middle, new_middle, autojunk=False)
        shared = sum(block.size for block in matcher.get_matching_blocks())
    else:
        shared = (Counter(old_middle) & Counter(new_middle)).total()
    return 2 * (start + end + shared) / (len(old) + len(new))
