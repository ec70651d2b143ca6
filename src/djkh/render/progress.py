"""A progress bar on stderr for long batches (shown only when stderr is a terminal)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

# rich redraws a bar 10 times a second from a thread of its own; this bar is redrawn as files are
# done, as often, from the batch itself: a batch runs no thread, so it may fork its workers, and
# its loader may lend libyaml djkh's nodes (files/loader.py).
_REDRAW_EVERY = 0.1  # seconds


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """Yield a callback taking the number of files done so far."""
    columns = (label, BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    console = Console(stderr=True)
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as bar:
        task = bar.add_task(label, total=total)
        drawn = time.monotonic()

        def advance(done: int) -> None:
            nonlocal drawn
            now = time.monotonic()
            due = now - drawn >= _REDRAW_EVERY or done >= total
            bar.update(task, completed=done, refresh=due)
            if due:
                drawn = now

        yield advance
