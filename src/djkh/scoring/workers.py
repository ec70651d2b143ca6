"""Worker processes that this process feeds and reads back itself, between work of its own.

concurrent.futures' pool hands out work and reads results back on threads of its own, and those
wait for the interpreter lock while this process scores: a worker whose result was larger than
the pipe holds (a chunk of json or html) stood still until that thread got its turn. Here the
main thread sends and reads, when it looks between two files of its own.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import select
import signal
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
        self._poll = select.poll() if hasattr(select, "poll") else None
        self._workers: dict[int, int] = {}  # by its link's file descriptor: a worker's number
        try:
            for _ in range(count):
                ours, theirs = context.Pipe()
                # A forked worker has a copy of this process's ends: it closes them, or it would
                # never see its own link end.
                ends = [link.fileno() for link in (*self._links, ours)] if forked else []
                arguments = (theirs, ends, start, setup, task)
                process = context.Process(target=_serve, args=arguments, daemon=True)
                try:
                    with _interrupts_held():
                        process.start()
                except OSError:
                    ours.close()
                    theirs.close()
                    break
                theirs.close()  # the worker's end, here: the worker holds its own copy
                if self._poll is not None:
                    self._poll.register(ours.fileno(), select.POLLIN)
                self._workers[ours.fileno()] = len(self._links)
                self._links.append(ours)
                self._processes.append(process)
        except BaseException:  # Ctrl-C between two starts: end those started
            self.stop()
            raise

    @property
    def count(self) -> int:
        """How many workers started."""
        return len(self._links)

    def send(self, worker: int, work: Work) -> None:
        """Give `work` to `worker`, after what it was given before."""
        try:
            self._links[worker].send(work)
            return
        except OSError:  # not a closed stdout: the worker is gone
            pass
        # Raised here, with no failed send as its context: that holds the pickled work's buffer,
        # which the cycle collector may then free before its view (Python 3.13 complains).
        raise WorkerError(_ended(worker))

    def sent_back(self, block: bool) -> list[tuple[int, Result]]:
        """Each result a worker has sent back, with the worker's number: those ready now, or
        with `block`, at least one (waiting for it)."""
        results: list[tuple[int, Result]] = []
        for worker in self._ready(block):
            link = self._links[worker]
            ended = False
            try:
                succeeded, value = link.recv()
            except (EOFError, OSError):  # killed: its link ended, or was reset
                ended = True
            if ended:  # not raised in the except clause: as in `send`
                raise WorkerError(_ended(worker))
            if not succeeded:
                error, text = value
                remote = WorkerError(f"worker process {worker + 1} failed:\n{text}")
                if error is None:
                    raise remote
                raise error from remote  # as one process would have raised it
            results.append((worker, value))
        return results

    def _ready(self, block: bool) -> list[int]:
        """The workers whose links have something to read (a result, or their end)."""
        if self._poll is None:  # Windows
            ready = wait(self._links, timeout=None if block else 0)
            return [worker for worker, link in enumerate(self._links) if link in ready]
        # A poll object made once: `wait` makes a selector at each call, which cost ten times
        # as much, and this process looks between each two files of its own.
        return sorted(self._workers[fd] for fd, _event in self._poll.poll(None if block else 0))

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


def _ended(worker: int) -> str:
    return f"worker process {worker + 1} ended before it sent its result"


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C held back while a worker starts: the worker inherits the held signal and ignores
    it once it can (in `_serve`), so it never prints an interrupted start-up's traceback."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _serve(
    link: Connection,
    parents_ends: list[int],
    start: Callable[[Setup], None],
    setup: Setup,
    task: Callable[[Work], Result],
) -> None:
    """A worker's life: set up, then do each work sent until this process closes the link."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it ends the workers
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    for end in parents_ends:
        os.close(end)
    failure = None
    try:
        start(setup)
    except Exception as error:
        failure = _failure(error)
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
        except Exception as error:
            link.send((False, _failure(error)))
        else:
            link.send((True, result))


def _failure(error: Exception) -> tuple[Exception | None, str]:
    """An error to send back: itself where it can be pickled, and its traceback as text."""
    text = traceback.format_exc()
    try:
        pickle.loads(pickle.dumps(error))  # some errors pickle, then cannot be made again
    except Exception:
        return None, text
    return error, text
