"""The `djkh` program: the click group run once, then an exit that leaves memory to the system."""

from __future__ import annotations

import atexit
import os
import sys
import threading

from djkh.cli.group import main


def run() -> None:
    """Run djkh as a program (`djkh`, `python -m djkh`): the command, then its exit status.

    Once the command has ended and its output is flushed, the process ends at once: a batch's
    interpreter would otherwise free its objects one by one (20 ms and more for 4,000 files),
    as mypy's `hard_exit` avoids too. Where anything is left to clean up (a thread, an exit
    handler such as a worker pool's, a profiler), or a stream cannot be flushed, Python exits as
    usual.
    """
    try:
        main()
    except SystemExit as done:
        if (done.code is None or isinstance(done.code, int)) and _flushed() and _nothing_left():
            os._exit(done.code or 0)
        raise


def _flushed() -> bool:
    """Whether stdout and stderr took the last of their text (a closed pipe may refuse it)."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # pythonw has none
                stream.flush()
    except (OSError, ValueError):  # Python's own exit reports it, as it always did
        return False
    return True


def _nothing_left() -> bool:
    """No other thread runs, no exit handler waits, and no profiler or tracer (cProfile,
    coverage, a debugger) has yet to write what it saw: ending now skips only the freeing."""
    watched = sys.getprofile() is not None or sys.gettrace() is not None
    return not watched and threading.active_count() == 1 and atexit._ncallbacks() == 0
