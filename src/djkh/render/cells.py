"""Terminal cells: how wide text is where wide and full-width characters take two."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)  # every card of a batch has the same item labels
def display_width(text: str) -> int:
    """Wide and full-width characters take two cells, as in a terminal."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
