"""Worker processes that this process feeds and reads back itself, between work of its own.

concurrent.futures' pool hands out work and reads results back on threads of its own, and those
wait for the interpreter lock while this process scores: a worker whose result was larger than
the pipe holds (a chunk of json or html) stood still until that thread got its turn. Here the
main thread sends and reads, when it looks between two files of its own.

Where this process may simply fork (Linux and the BSDs, one thread, no start method chosen for
multiprocessing), each worker is a fork of it with a pipe each way, made here: multiprocessing
takes 8 ms to import and 1 ms to start each process, all before the workers can start, and a
worker whose results outgrow its link waits for this process to read them (a pipe here holds
1 MiB, a chunk of json or html). Elsewhere (Windows, macOS, a program that chose "spawn"),
multiprocessing starts them.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

Setup = TypeVar("Setup")
Work = TypeVar("Work")
Result = TypeVar("Result")

# What each pipe to and from a forked worker holds before its writer waits for its reader
# (Linux; the system's limit for one user's pipes is 64 MiB): a chunk of json or html is sent
# at once.
PIPE_BYTES = 1 << 20


def forks() -> bool:
    """Whether workers are forks of this process made here (see the module's docstring)."""
    if not hasattr(os, "fork") or sys.platform == "darwin":  # Windows has no fork
        return False  # macOS: a fork may crash in system libraries, as multiprocessing says
    if threading.active_count() > 1:  # a thread may hold a lock the fork would keep forever
        return False
    chosen = sys.modules.get("multiprocessing")
    return chosen is None or chosen.get_start_method(allow_none=True) in (None, "fork")


def started_by_fork() -> bool:
    """Whether each worker starts as a copy of this process (forked here, or by
    multiprocessing), not as a new interpreter that imports djkh."""
    if forks():
        return True
    import multiprocessing

    return multiprocessing.get_start_method() == "fork"


class _Link(Protocol):
    """One worker's link: results read here, work sent to it."""

    def send(self, obj: Any) -> None: ...

    def recv(self) -> Any: ...

    def fileno(self) -> int: ...

    def close(self) -> None: ...


class _Process(Protocol):
    """One worker's process."""

    def terminate(self) -> None: ...

    def join(self) -> None: ...

    def is_alive(self) -> bool: ...


class WorkerError(Exception):
    """A worker process failed, or ended before it sent its result back."""


class WorkerEnded(WorkerError):
    """A worker's process ended (killed, or out of memory) before it sent its result back:
    `worker` is its number, and `read` what the others had sent back before it was found."""

    def __init__(self, worker: int, read: list[tuple[int, Any]]) -> None:
        super().__init__(_ended(worker))
        self.worker, self.read = worker, read

    def __reduce__(self) -> tuple[type[WorkerEnded], tuple[int, list[tuple[int, Any]]]]:
        return WorkerEnded, (self.worker, self.read)  # its args hold only the message


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
        self._links: list[_Link] = []
        self._processes: list[_Process] = []
        self._poll = select.poll() if hasattr(select, "poll") else None
        self._workers: dict[int, int] = {}  # by its link's file descriptor: a worker's number
        self._gone: set[int] = set()  # the workers let go
        start_one = _forked if forks() else _started_by_multiprocessing
        try:
            for _ in range(count):
                # A forked worker has a copy of this process's ends: it closes them, or it would
                # never see its own link end.
                ends = [end for link in self._links for end in _ends(link)]
                try:
                    with _interrupts_held():
                        link, process = start_one(ends, start, setup, task)
                        # Kept before Ctrl-C, held until this block ends, can stop the start:
                        # `stop` then ends this worker too.
                        self._links.append(link)
                        self._processes.append(process)
                except OSError:  # refused: a container's process limit
                    break
                if self._poll is not None:
                    self._poll.register(link.fileno(), select.POLLIN)
                self._workers[link.fileno()] = len(self._links) - 1
        except BaseException:  # Ctrl-C between two starts: end those started
            self.stop()
            raise

    @property
    def count(self) -> int:
        """How many workers started, those let go among them."""
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
        raise WorkerEnded(worker, [])

    def sent_back(self, block: bool) -> list[tuple[int, Result]]:
        """Each result a worker has sent back, with the worker's number: those ready now, or
        with `block`, at least one (waiting for it: the caller blocks only while a worker not
        let go owes it a result, or it would wait for ever)."""
        results: list[tuple[int, Result]] = []
        for worker in self._ready(block):
            link = self._links[worker]
            ended = False
            try:
                succeeded, value = link.recv()
            except (EOFError, OSError):  # killed: its link ended, or was reset
                ended = True
            if ended:  # not raised in the except clause: as in `send`
                raise WorkerEnded(worker, results)
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
            from multiprocessing.connection import wait

            links = [link for worker, link in enumerate(self._links) if worker not in self._gone]
            ready = wait(links, timeout=None if block else 0)  # type: ignore[arg-type]
            return [worker for worker, link in enumerate(self._links) if link in ready]
        # A poll object made once: `wait` makes a selector at each call, which cost ten times
        # as much, and this process looks between each two files of its own.
        return sorted(self._workers[fd] for fd, _event in self._poll.poll(None if block else 0))

    def let_go(self, worker: int) -> None:
        """Forget a worker that ended (`WorkerEnded`): nothing is read from it or sent to it
        again, and the others go on. Each worker is let go once at most."""
        link = self._links[worker]
        if self._poll is not None:
            self._poll.unregister(link.fileno())
        del self._workers[link.fileno()]
        self._gone.add(worker)
        link.close()
        process = self._processes[worker]
        process.terminate()  # ended already, or as good as: its link is closed
        process.join()

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


def _started_by_multiprocessing(
    ends: list[int],
    start: Callable[[Setup], None],
    setup: Setup,
    task: Callable[[Work], Result],
) -> tuple[_Link, _Process]:
    """A worker started as multiprocessing starts processes here (spawned, or forked)."""
    import multiprocessing

    context = multiprocessing.get_context()
    ours, theirs = context.Pipe()
    forked = context.get_start_method() == "fork"
    arguments = (theirs, [*ends, ours.fileno()] if forked else [], start, setup, task)
    process = context.Process(target=_serve, args=arguments, daemon=True)
    try:
        process.start()
    except OSError:
        ours.close()
        raise
    finally:
        theirs.close()  # the worker's end, here: the worker holds its own copy
    return ours, process


def _ends(link: _Link) -> list[int]:
    """The file descriptors of a link's ends in this process."""
    if isinstance(link, _PipeLink):
        return [link.fileno(), link.writes_to]
    return [link.fileno()]


def _forked(
    ends: list[int],
    start: Callable[[Setup], None],
    setup: Setup,
    task: Callable[[Work], Result],
) -> tuple[_Link, _Process]:
    """A worker forked from this process: work goes down one pipe, results come up another."""
    work_read, work_write = os.pipe()
    try:
        result_read, result_write = os.pipe()
    except OSError:  # out of file descriptors
        os.close(work_read)
        os.close(work_write)
        raise
    # Both ways wide: a worker writing a result this process has yet to read must never meet
    # this process waiting to write it work.
    _widen(work_write)
    _widen(result_write)
    try:
        pid = os.fork()
    except OSError:
        for end in (work_read, work_write, result_read, result_write):
            os.close(end)
        raise
    if pid == 0:  # pragma: no cover (the worker: coverage is not measured in forks)
        status = 1
        try:
            _serve(
                _PipeLink(work_read, result_write),
                [*ends, work_write, result_read],
                start,
                setup,
                task,
            )
            status = 0
        except BaseException:  # outside a task (a result that cannot be pickled): say why
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(status)  # never back into this process's code, nor its exit handlers
    os.close(work_read)
    os.close(result_write)
    return _PipeLink(result_read, work_write), _ForkedProcess(pid)


def _widen(pipe: int) -> None:
    """Let the pipe hold `PIPE_BYTES` where the system allows (64 kB otherwise)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover (no fork without fcntl)
        return
    widen = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if widen is not None:
        with suppress(OSError):  # over the user's limit: the pipe keeps its size
            fcntl.fcntl(pipe, widen, PIPE_BYTES)


class _PipeLink:
    """Pickled objects through a pair of pipes, each after its length: what multiprocessing's
    Connection does, without its import."""

    def __init__(self, reads_from: int, writes_to: int) -> None:
        self.reads_from, self.writes_to = reads_from, writes_to

    def fileno(self) -> int:
        """The end this side reads from (to poll)."""
        return self.reads_from

    def send(self, obj: Any) -> None:
        """Write `obj`, pickled; OSError (BrokenPipeError) once the other side is gone."""
        data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
        _write_all(self.writes_to, len(data).to_bytes(8, "little"))
        _write_all(self.writes_to, data)

    def recv(self) -> Any:
        """The next object sent; EOFError once the other side is gone."""
        size = int.from_bytes(self._read(8), "little")
        return pickle.loads(self._read(size))

    def _read(self, size: int) -> bytearray:
        data = bytearray(size)
        view = memoryview(data)
        done = 0
        while done < size:
            got = os.readv(self.reads_from, [view[done:]])
            if got == 0:
                raise EOFError
            done += got
        return data

    def close(self) -> None:
        """Close both ends, once: the other side reads its end of file."""
        for end in (self.reads_from, self.writes_to):
            if end >= 0:
                os.close(end)
        self.reads_from = self.writes_to = -1


def _write_all(end: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(end, view) :]


class _ForkedProcess:
    """A worker forked here, known by its process id."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._ended = False

    def terminate(self) -> None:
        """Send it SIGTERM."""
        if not self._ended:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)

    def join(self) -> None:
        """Wait until it has ended."""
        if not self._ended:
            with suppress(ChildProcessError):  # waited for already
                os.waitpid(self.pid, 0)
            self._ended = True

    def is_alive(self) -> bool:
        """Whether it still runs."""
        if self._ended:
            return False
        try:
            pid, _status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            pid = self.pid
        self._ended = pid == self.pid
        return not self._ended


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
    link: _Link | Connection,
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
