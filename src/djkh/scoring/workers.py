"""Worker processes that this process feeds and reads back itself, between work of its own.

concurrent.futures' pool hands out work and reads results back on threads of its own, and those
wait for the interpreter lock while this process scores: a worker whose result was larger than
the pipe holds (a chunk of json or html) stood still until that thread got its turn. Here the
main thread sends and reads, when it looks between two files of its own.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

Setup = TypeVar("Setup")
Work = TypeVar("Work")
Result = TypeVar("Result")


class WorkerError(Exception):
    """A worker process failed, or ended before it sent its result back."""


class Workers(Generic[Setup, Work, Result]):
    """Worker processes, each set up once by `start(setup)`, then doing `task` on each work sent
    to it, in the order sent; each sends its results back in that order.

    Those the system refuses to start (a container's process limit) are left out: `count` says
    how many there are, and may be 0.
    """

    def __init__(
        self,
        count: int,
        start: Callable[[Setup], None],
        setup: Setup,
        task: Callable[[Work], Result],
    ) -> None:
        context = multiprocessing.get_context()
        forked = context.get_start_method() == "fork"
        self._links: list[Connection] = []
        self._processes: list[BaseProcess] = []
        for _ in range(count):
            ours, theirs = context.Pipe()
            # A forked worker has a copy of this process's ends: it closes them, or it would
            # never see its own link end.
            ends = [link.fileno() for link in (*self._links, ours)] if forked else []
            arguments = (theirs, ends, start, setup, task)
            process = context.Process(target=_serve, args=arguments, daemon=True)
            try:
                process.start()
            except OSError:
                ours.close()
                theirs.close()
                break
            theirs.close()  # the worker's end, here: the worker holds its own copy
            self._links.append(ours)
            self._processes.append(process)

    @property
    def count(self) -> int:
        """How many workers started."""
        return len(self._links)

    def send(self, worker: int, work: Work) -> None:
        """Give `work` to `worker`, after what it was given before."""
        self._links[worker].send(work)

    def sent_back(self, block: bool) -> list[tuple[int, Result]]:
        """Each result a worker has sent back, with the worker's number: those ready now, or
        with `block`, at least one (waiting for it)."""
        ready = wait(self._links, timeout=None if block else 0)
        results: list[tuple[int, Result]] = []
        for worker, link in enumerate(self._links):
            if link not in ready:
                continue
            try:
                succeeded, value = link.recv()
            except EOFError:
                message = f"worker process {worker + 1} ended before it sent its result"
                raise WorkerError(message) from None
            if not succeeded:
                raise WorkerError(f"worker process {worker + 1} failed:\n{value}")
            results.append((worker, value))
        return results

    def close(self) -> None:
        """Tell the workers there is no more work, and wait until they have ended."""
        for link in self._links:
            link.close()
        for process in self._processes:
            process.join()

    def stop(self) -> None:
        """End the workers now, whatever they are doing (this process is failing or stopped)."""
        for process in self._processes:
            process.terminate()
        self.close()


def _serve(
    link: Connection,
    parents_ends: list[int],
    start: Callable[[Setup], None],
    setup: Setup,
    task: Callable[[Work], Result],
) -> None:
    """A worker's life: set up, then do each work sent until this process closes the link."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it ends the workers
    for end in parents_ends:
        os.close(end)
    failure = None
    try:
        start(setup)
    except Exception:
        failure = traceback.format_exc()
    while True:
        try:
            work = link.recv()
        except EOFError:
            return
        if failure is not None:
            link.send((False, failure))
            continue
        try:
            result = task(work)
        except Exception:
            link.send((False, traceback.format_exc()))
        else:
            link.send((True, result))
