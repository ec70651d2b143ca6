"""The `djkh` program: the click group run once, then an exit that leaves memory to the system."""

from __future__ import annotations

import atexit
import os
import sys
import threading

from djkh.cli.group import main
from djkh.commands import ending


def run() -> None:
    """Run djkh as a program (`djkh`, `python -m djkh`): the command, then its exit status.

    Once the command has ended, its exit handlers have run (a worker pool's) and its output is
    flushed, the process ends at once: its interpreter would otherwise free its objects one by
    one (20 ms and more for 4,000 files), as mypy's `hard_exit` avoids too. Where another thread
    runs, a profiler, tracer or debugger has yet to see the end, or a stream cannot be flushed,
    Python exits as usual. A program that runs djkh within itself calls `main`, not this.
    """
    ending.will_end_at_once()  # what the command keeps to the end is not freed before it
    try:
        main()
    except SystemExit as done:
        status = 0 if done.code is None else done.code
        if isinstance(status, int) and _may_end_at_once():
            atexit._run_exitfuncs()  # what exiting would run first, and only once
            if _flushed():
                os._exit(status)
        raise  # a message for Python to print, or something left to wait for


def _may_end_at_once() -> bool:
    """No other thread, and no profiler or tracer (cProfile, coverage, a debugger) that writes
    at the very end: ending now skips only the freeing."""
    return not _watched() and threading.active_count() == 1


def _watched() -> bool:
    """Whether a profiler, tracer or debugger is attached: through the old hooks, or through
    sys.monitoring, which cProfile uses from Python 3.12 (and coverage and debuggers may); or
    whether someone waits for the end: `python -i`, pdb (which restarts the program)."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    if sys.flags.inspect or "bdb" in sys.modules:  # pdb and its kind are built on bdb
        return True
    monitoring = getattr(sys, "monitoring", None)
    return monitoring is not None and any(monitoring.get_tool(tool) for tool in range(6))


def _flushed() -> bool:
    """Whether stdout and stderr took the last of their text (a closed pipe may refuse it)."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # pythonw has none
                stream.flush()
    except (OSError, ValueError):  # Python's own exit reports it, as it always did
        return False
    return True
