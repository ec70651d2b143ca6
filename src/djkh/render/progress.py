"""A progress bar on stderr for long batches (shown only when stderr is a terminal)."""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO

from djkh.render.cells import display_width

# rich redraws a bar 10 times a second from a thread of its own; this bar is redrawn as files are
# done, as often, from the batch itself: a batch runs no thread, so it may fork its workers, and
# its loader may lend libyaml djkh's nodes (files/loader.py).
_REDRAW_EVERY = 0.1  # seconds
# A batch done sooner shows no bar: it would only flash (and rich's bar, loaded and started, took
# about 30 ms, a third of a small batch's time).
_SHOWN_AFTER = 0.5  # seconds
_BAR_CELLS = 40  # as rich's bar


class _Bar(Protocol):
    """A bar on the terminal: drawn with the count done, then gone."""

    def draw(self, done: int) -> None: ...

    def close(self) -> None: ...


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """Yield a callback taking the number of files done so far."""
    began = drawn = time.monotonic()
    bar: _Bar | None = None

    def advance(done: int) -> None:
        nonlocal bar, drawn
        now = time.monotonic()
        if now - drawn < _REDRAW_EVERY and done < total:
            return  # thousands of files are done between two drawings
        drawn = now
        if bar is None:
            if now - began < _SHOWN_AFTER or done >= total:
                return  # too soon to be worth a bar, or too late: shown, it would only flash
            bar = _shown(total, label)
        bar.draw(done)

    try:
        yield advance
    finally:
        if bar is not None:
            bar.close()


def _shown(total: int, label: str) -> _Bar:
    """The bar, started: drawn by djkh on a POSIX terminal, by rich on Windows' consoles."""
    if os.name == "nt":
        return _RichBar(total, label)
    return _PlainBar(total, label, sys.stderr)


class _PlainBar:
    """rich's bar, label, count and time left, in its colours, written as rich writes them:
    without loading rich (about 30 ms) for a line redrawn ten times a second."""

    def __init__(self, total: int, label: str, out: TextIO) -> None:
        self._total, self._label, self._out = total, label, out
        self._colours = None if os.environ.get("NO_COLOR", "") else _colours()  # as rich reads it
        self._dumb = os.environ.get("TERM", "").lower() in ("dumb", "unknown")
        # As rich: a terminal that cannot show the bar's characters gets ASCII.
        self._ascii = not (getattr(out, "encoding", None) or "").lower().startswith("utf")
        self._first: tuple[float, int] | None = None  # when the bar first showed, and the count
        self._hidden = "\x1b[?25l"  # the cursor, hidden as the bar is first drawn

    def draw(self, done: int) -> None:
        """The bar redrawn in place for `done` files."""
        if self._dumb:
            return
        self._out.write(self._hidden + "\r\x1b[2K" + self.line(done, _columns(self._out)))
        self._hidden = ""
        self._out.flush()

    def close(self) -> None:
        """The bar wiped, the cursor shown again."""
        if not self._dumb:
            self._out.write("\r\x1b[2K\x1b[?25h")
            self._out.flush()

    def line(self, done: int, columns: int) -> str:
        """The bar's text for `done` files on a terminal `columns` cells wide: where it is too
        narrow, without the time left, then the count, then nothing (a line that wraps would
        leave a copy behind at each drawing)."""
        total = self._total
        parts = [(f"{done:{len(str(total))}d}/{total}", "32"), (self._time_left(done), "36")]
        # The label and a space, each part after a space, and the last column left free: a line
        # that fills it makes some terminals wrap.
        taken = display_width(self._label) + 1 + sum(len(text) + 1 for text, _ in parts) + 1
        room = columns - taken
        while room < 1 and parts:
            room += len(parts.pop()[0]) + 1
        if room < 1:
            return ""
        bar = self._bar(done, min(_BAR_CELLS, room))
        return " ".join((self._label, bar, *(self._paint(text, colour) for text, colour in parts)))

    def _bar(self, done: int, cells: int) -> str:
        total = self._total
        halves = int(cells * 2 * min(done, total) / total) if total else cells * 2
        full, half = divmod(halves, 2)
        line, right, left = "-  " if self._ascii else "━╸╺"
        colours = self._colours
        if colours is None:  # rich leaves the rest out without colour, where it would not show
            return line * full + right * half
        done_colour, finished_colour, back_colour = colours
        colour = finished_colour if done >= total else done_colour
        # Painted piece by piece, as rich paints its segments: the same bytes.
        pieces = [self._paint(line * full, colour), self._paint(right * half, colour)]
        rest = cells - full - half
        if rest and full and not half:
            pieces.append(self._paint(left, back_colour))
            rest -= 1
        pieces.append(self._paint(line * rest, back_colour))
        return "".join(pieces)

    def _time_left(self, done: int) -> str:
        now = time.monotonic()
        if self._first is None:
            self._first = (now, done)
        since, counted = self._first
        done = min(done, self._total)
        if done <= counted:
            return "-:--:--"
        # From every file since the bar showed (rich: those of the last 30 s), rounded up.
        seconds = math.ceil((now - since) / (done - counted) * (self._total - done))
        minutes, seconds = divmod(seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}"

    def _paint(self, text: str, colour: str) -> str:
        return f"\x1b[{colour}m{text}\x1b[0m" if self._colours is not None and text else text


# rich's colours for the bar done, finished and to come, as it draws them on terminals of
# 24-bit, 256 and 16 colours: rgb(249,38,114), rgb(114,156,31) and grey23.
_TRUE_COLOURS = ("38;2;249;38;114", "38;2;114;156;31", "38;5;237")  # grey23: of the 256
_COLOURS_256 = ("38;5;197", "38;5;70", "38;5;237")
_COLOURS_16 = ("91", "90", "90")


def _colours() -> tuple[str, str, str]:
    """The bar's colours for this terminal, as rich tells its colours from the environment."""
    if os.environ.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return _TRUE_COLOURS
    kind = os.environ.get("TERM", "").strip().lower().rpartition("-")[2]
    return _COLOURS_256 if kind in ("256color", "kitty") else _COLOURS_16


def _columns(out: TextIO) -> int:
    """The terminal's width in cells: `COLUMNS` where it is set, as rich reads it; else what
    the terminal says; else 80."""
    named = os.environ.get("COLUMNS", "")
    if named.isdigit() and int(named) > 0:
        return int(named)
    try:
        return os.get_terminal_size(out.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80


class _RichBar:
    """rich's bar, where a console may need rich to draw it (Windows' older consoles)."""

    def __init__(self, total: int, label: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        columns = (label, BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        console = Console(stderr=True)
        self._progress = Progress(*columns, console=console, transient=True, auto_refresh=False)
        self._progress.start()
        self._task = self._progress.add_task(label, total=total)

    def draw(self, done: int) -> None:
        self._progress.update(self._task, completed=done, refresh=True)

    def close(self) -> None:
        self._progress.stop()
