"""Lines of text for a terminal cell: wrapped as rich wraps it, with Chinese line breaking."""

from __future__ import annotations

import re
from itertools import pairwise

from rich.cells import cell_len, chop_cells

CLOSING = frozenset("，。、；：！？》）」』】〕］｝〉”’,.;:!?)]}")
OPENING = frozenset("《（「『【〔［｛〈“‘([{")

_WORD = re.compile(r"\s*\S+\s*")
_REST = re.compile(r"\S*\s*")


def wrap(text: str, width: int) -> list[str]:
    """`text`'s lines, each at most `width` cells (trailing spaces aside), as a cell shows them."""
    lines: list[str] = []
    for line in text.split("\n"):
        starts = [0, *break_offsets(line, width), len(line)]
        lines += [line[start:end].rstrip(" ") for start, end in pairwise(starts)]
    return lines


def break_offsets(line: str, width: int) -> list[int]:
    """Where one line of text (no line break in it) breaks to fit `width` cells.

    The breaks are rich's (`Text.wrap`), in terminal cells (a wide character takes two): Latin
    words break at spaces, a run of Chinese text anywhere, a word longer than the line folds.
    On top of that come the Chinese line breaking rules (禁则): no line starts with a closing
    mark (`CLOSING`: ，。、；：！？》）」』】 ” and , . ; : ! ? ) among others) and no line ends
    with an opening one (`OPENING`: 《（「『【 “ and ( among others). Where a break would, the
    character before it moves down with the closing mark (an opening mark moves down with the
    character after it): the line gets shorter and never overhangs, so a table's borders stay
    straight. Where moving would leave a line empty (nothing but such marks), the break stays.
    """
    offsets: list[int] = []
    start, folding = 0, False
    while (found := _next_break(line, start, width, folding)) is not None:
        end, folding = found
        if end >= len(line):  # only spaces left over: they trail the line
            break
        start = _kept_apart(line, start, end)
        folding = folding or start != end
        offsets.append(start)
    return offsets


def _next_break(line: str, start: int, width: int, folding: bool) -> tuple[int, bool] | None:
    """Where rich breaks the line that begins at `start`, and whether it cut a word there;
    None if the rest fits. `folding`: the line begins inside a word cut across lines."""
    used, position = 0, start
    if folding:  # rich goes on cutting the word, its trailing spaces included
        rest = _rest_of_word(line, start)
        if (cut := _folded(rest, width)) < len(rest):
            return start + cut, True
        used, position = cell_len(rest), start + len(rest)
    for match in _WORD.finditer(line, position):
        word = match.group()
        length = cell_len(word.rstrip())
        if length <= width - used:
            used += cell_len(word)
            continue
        if match.start() > start:
            return match.start(), False
        return start + _folded(word, width), True
    return None


def _rest_of_word(line: str, start: int) -> str:
    """The rest of the word cut at `start`: its letters, then its trailing spaces (the first
    word of a line may begin with spaces too)."""
    pattern = _WORD if line[:start].isspace() else _REST
    found = pattern.match(line, start)
    return found.group() if found else line[start:]


def _folded(word: str, width: int) -> int:
    """How many characters of a word too long for any line fill the first line (at least one)."""
    return len(next((piece for piece in chop_cells(word, width) if piece), word[0]))


def _kept_apart(line: str, start: int, end: int) -> int:
    """The break at `end` moved back until the next line starts with no closing mark and this
    one ends with no opening mark; `end` itself where that would leave this line empty."""
    cut = end
    while _breaks_a_rule(line, start, cut):
        kept = line[start:cut].rstrip()
        if len(kept) <= 1:
            return end
        cut = start + len(kept) - 1
    return cut


def _breaks_a_rule(line: str, start: int, cut: int) -> bool:
    before = line[start:cut].rstrip()
    return line[cut] in CLOSING or (before != "" and before[-1] in OPENING)
