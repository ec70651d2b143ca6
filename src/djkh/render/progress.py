"""A progress bar on stderr for long batches (shown only when stderr is a terminal)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress

# rich redraws a bar 10 times a second from a thread of its own; this bar is redrawn as files are
# done, as often, from the batch itself: a batch runs no thread, so it may fork its workers, and
# its loader may lend libyaml djkh's nodes (files/loader.py).
_REDRAW_EVERY = 0.1  # seconds
# A batch done sooner shows no bar: it would only flash, and loading rich and starting the bar
# took about 30 ms, a third of a small batch's time.
_SHOWN_AFTER = 0.5  # seconds


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """Yield a callback taking the number of files done so far."""
    began = drawn = time.monotonic()
    bar: Progress | None = None

    def advance(done: int) -> None:
        # rich is told only when the bar is drawn: thousands of files are done in between.
        nonlocal bar, drawn
        now = time.monotonic()
        if now - drawn < _REDRAW_EVERY and done < total:
            return
        drawn = now
        if bar is None:
            if now - began < _SHOWN_AFTER:
                return
            bar = _shown(label)
            bar.add_task(label, total=total, completed=done)
            bar.refresh()
            return
        bar.update(bar.task_ids[0], completed=done, refresh=True)

    try:
        yield advance
    finally:
        if bar is not None:
            bar.stop()


def _shown(label: str) -> Progress:
    """The bar, started: drawn on stderr when told, and gone when stopped."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = (label, BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    bar = Progress(*columns, console=Console(stderr=True), transient=True, auto_refresh=False)
    bar.start()
    return bar
