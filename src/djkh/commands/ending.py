"""What a command leaves for the end of the process, when the process ends without freeing it."""

from __future__ import annotations

import gc

_kept: list[object] = []
_ends_at_once = False


def will_end_at_once() -> None:
    """Said by the program (cli/program.py) before it runs a command it ends at once after."""
    global _ends_at_once
    _ends_at_once = True


def keep_to_the_end(value: object) -> None:
    """Keep `value` until the process ends, where it ends at once: the system takes back its
    memory whole, where freeing it would visit each object (a batch's 4,000 cards: 35 ms, a
    fiftieth of the run). Run in-process (tests, a program that calls `main`), it keeps nothing.
    """
    if _ends_at_once:
        _kept.append(value)
        # Nor is it walked by the cycle collector, which would find it in its oldest generation
        # once the command lets the collector run again (4,000 cards: 50 ms and more).
        gc.freeze()
