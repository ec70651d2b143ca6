"""Worker processes: results come back in the order sent, and a failure says which and why."""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pytest

from djkh.scoring import batch, workers
from djkh.scoring.workers import WorkerEnded, WorkerError, Workers, _interrupts_held
from tests.conftest import EXAMPLES

_offset = 0


@pytest.fixture(autouse=True, params=["forked", "multiprocessing"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test twice: workers forked here (Linux), and started by multiprocessing (spawned on
    Windows and macOS; forked by it here)."""
    forked: bool = request.param == "forked"
    monkeypatch.setattr(workers, "forks", lambda: forked)
    return str(request.param)


def _ended(started: Workers[Any, Any, Any]) -> None:
    """Wait until each worker has ended."""
    for process in started._processes:
        process.join()


def _set_offset(offset: int) -> None:
    global _offset
    _offset = offset


def _add_offset(numbers: list[int]) -> list[int]:
    if -1 in numbers:
        raise ValueError("no negative numbers")
    if -2 in numbers:
        os._exit(3)  # a worker killed as it works (the kernel's OOM killer)
    return [number + _offset for number in numbers]


def _refuse(offset: int) -> None:
    raise RuntimeError(f"cannot set up with {offset}")


def _everything(
    started: Workers[int, list[int], list[int]], sent: int
) -> list[tuple[int, list[int]]]:
    back: list[tuple[int, list[int]]] = []
    while len(back) < sent:
        back += started.sent_back(block=True)
    return back


def test_each_worker_is_set_up_and_sends_its_results_back_in_the_order_sent() -> None:
    started = Workers(2, _set_offset, 100, _add_offset)
    try:
        assert started.count == 2
        for work in ([1, 2], [3], [4, 5, 6]):
            started.send(0, work)
        started.send(1, [7])
        back = _everything(started, 4)
    finally:
        started.close()
    assert [result for worker, result in back if worker == 0] == [
        [101, 102],
        [103],
        [104, 105, 106],
    ]
    assert [result for worker, result in back if worker == 1] == [[107]]


def test_nothing_sent_back_is_an_empty_list_at_once() -> None:
    started = Workers(1, _set_offset, 0, _add_offset)
    try:
        assert started.sent_back(block=False) == []
    finally:
        started.close()


class _Unmade(Exception):
    """An error that pickles but cannot be made again from its pickle (a required keyword)."""

    def __init__(self, text: str, *, why: str) -> None:
        super().__init__(f"{text}: {why}")


def _unmade(numbers: list[int]) -> list[int]:
    raise _Unmade("cannot", why="no reason")


def _failure(
    start: Callable[[int], None], work: list[int], task: Callable[..., list[int]] = _add_offset
) -> Exception:
    """What one worker, set up by `start`, raises here when it is sent `work`."""
    started = Workers(1, start, 7, task)
    try:
        started.send(0, work)
        with pytest.raises(Exception) as raised:
            _everything(started, 1)
    finally:
        started.stop()
    return raised.value


def test_a_task_that_fails_raises_its_error_here_from_the_workers_traceback() -> None:
    """As in one process: the crash message names the error, not the worker."""
    error = _failure(_set_offset, [-1])
    assert (type(error), str(error)) == (ValueError, "no negative numbers")
    remote = str(error.__cause__)
    assert type(error.__cause__) is WorkerError
    assert remote.startswith("worker process 1 failed:\nTraceback (most recent call last):")
    assert remote.endswith("ValueError: no negative numbers\n")


def test_an_error_that_cannot_be_sent_back_comes_as_its_traceback() -> None:
    error = _failure(_set_offset, [1], _unmade)
    assert type(error) is WorkerError
    assert str(error).endswith("_Unmade: cannot: no reason\n")


def test_a_set_up_that_fails_is_reported_when_work_comes() -> None:
    error = _failure(_refuse, [1])
    assert (type(error), str(error)) == (RuntimeError, "cannot set up with 7")


def test_a_worker_that_dies_is_an_error_not_a_wait_forever() -> None:
    error = _failure(_set_offset, [-2])
    assert (type(error), str(error)) == (
        WorkerEnded,
        "worker process 1 ended before it sent its result",
    )
    assert isinstance(error, WorkerError)  # a pool's failure, as any worker's


def test_work_for_a_worker_that_died_is_an_error_not_a_broken_stdout() -> None:
    """A broken pipe would otherwise read as a closed stdout, and end djkh without a word."""
    started = Workers(1, _set_offset, 0, _add_offset)
    try:
        started.send(0, [-2])
        _ended(started)
        with pytest.raises(WorkerError) as raised:
            started.send(0, [1])
    finally:
        started.stop()
    assert str(raised.value) == "worker process 1 ended before it sent its result"


def test_a_worker_that_ended_is_let_go_and_the_others_go_on() -> None:
    started = Workers(3, _set_offset, 10, _add_offset)
    try:
        started.send(0, [1, 2])
        started.send(2, [-2])  # worker 3 dies of it
        started._processes[2].join()
        # Worker 1's result is there to read before worker 3's end is found.
        select.select([started._links[0].fileno()], [], [], 60)
        with pytest.raises(WorkerEnded) as raised:
            started.sent_back(block=True)
        assert (raised.value.worker, raised.value.read) == (2, [(0, [11, 12])])
        started.let_go(2)
        started.send(1, [3])
        assert _everything(started, 1) == [(1, [13])]
        assert started.sent_back(block=False) == []  # nothing more from the one let go
    finally:
        started.close()


def test_work_for_a_worker_that_ended_says_which_it_was() -> None:
    started = Workers(2, _set_offset, 0, _add_offset)
    try:
        started.send(1, [-2])
        started._processes[1].join()
        with pytest.raises(WorkerEnded) as raised:
            started.send(1, [1])
    finally:
        started.stop()
    assert (raised.value.worker, raised.value.read) == (1, [])


def test_a_worker_that_ended_pickles_as_itself() -> None:
    ended = pickle.loads(pickle.dumps(WorkerEnded(1, [(0, "done")])))
    assert (type(ended), ended.worker, ended.read) == (WorkerEnded, 1, [(0, "done")])
    assert str(ended) == str(WorkerEnded(1, []))


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks")
def test_ctrl_c_waits_while_a_worker_starts() -> None:
    """A worker interrupted as it starts would print its traceback: it starts with Ctrl-C held,
    and ignores it once it can."""
    with _interrupts_held():
        assert signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set())
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def _refused_after(started: int, way: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on the system starts `started` processes, then refuses (EAGAIN)."""
    count = 0

    def refusing(real: Callable[..., Any]) -> Callable[..., Any]:
        def start(*args: Any) -> Any:
            nonlocal count
            count += 1
            if count > started:
                raise BlockingIOError(11, "Resource temporarily unavailable")
            return real(*args)

        return start

    if way == "forked":
        monkeypatch.setattr(os, "fork", refusing(os.fork))
    else:
        monkeypatch.setattr(BaseProcess, "start", refusing(BaseProcess.start))


def test_workers_the_system_refuses_are_left_out(way: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _refused_after(1, way, monkeypatch)
    started = Workers(3, _set_offset, 10, _add_offset)
    try:
        assert started.count == 1
        started.send(0, [1])
        assert _everything(started, 1) == [(0, [11])]
    finally:
        started.close()
    assert [process.is_alive() for process in started._processes] == [False]


@pytest.mark.parametrize("started", [0, 1])
def test_a_batch_goes_on_with_the_workers_that_started(
    started: int, way: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A container's process limit: fewer workers, or none (this process scores every file)."""
    for n in range(12):
        for source in sorted(EXAMPLES.glob("*.yaml")):
            text = source.read_text(encoding="utf-8").replace("\nunit: ", f"\nunit: {n}-", 1)
            (tmp_path / f"{n:02d}-{source.name}").write_text(text, encoding="utf-8")
    alone = batch.score_paths((tmp_path,), jobs=1)
    monkeypatch.setattr(batch, "pool_pays", lambda *measured: True)
    _refused_after(started, way, monkeypatch)
    pooled = batch.score_paths((tmp_path,), jobs=4)
    assert pooled == alone
    assert len(alone.rankings[0].units) == 36
    assert (alone.processes, pooled.processes) == (1, started + 1)  # xlsx: all but one deflate


def _big(numbers: list[int]) -> list[int]:
    return numbers * 400_000  # 3.2 MB pickled: many times what any pipe holds


def test_a_result_larger_than_a_pipe_comes_back_whole() -> None:
    started = Workers(1, _set_offset, 0, _big)
    try:
        started.send(0, [1, 2])
        ((worker, result),) = _everything(started, 1)
    finally:
        started.close()
    assert (worker, len(result), result[:4], result[-2:]) == (0, 800_000, [1, 2, 1, 2], [1, 2])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipes are resized on Linux")
def test_a_forked_workers_results_pipe_holds_a_chunk_of_json() -> None:
    """A worker sends a chunk's results at once, not 64 kB each time this process reads."""
    import fcntl

    reads, writes = os.pipe()
    try:
        workers._widen(writes)
        assert fcntl.fcntl(writes, fcntl.F_GETPIPE_SZ) == workers.PIPE_BYTES == 1 << 20
    finally:
        os.close(reads)
        os.close(writes)


_forks = workers.forks  # before the fixture above stands in for it


class _StartMethod:
    def __init__(self, method: str | None) -> None:
        self.method = method

    def get_start_method(self, allow_none: bool = False) -> str | None:
        return self.method


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_workers_are_forked_here_only_where_nothing_asks_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A thread may hold a lock a fork would keep forever; a program may choose "spawn"."""
    monkeypatch.setattr(sys, "modules", {**sys.modules, "multiprocessing": _StartMethod(None)})
    assert _forks() is True
    monkeypatch.setattr(sys, "modules", {**sys.modules, "multiprocessing": _StartMethod("fork")})
    assert _forks() is True
    monkeypatch.setattr(sys, "modules", {**sys.modules, "multiprocessing": _StartMethod("spawn")})
    assert _forks() is False
    monkeypatch.setattr(sys, "modules", {**sys.modules, "multiprocessing": _StartMethod(None)})
    monkeypatch.setattr(workers.threading, "active_count", lambda: 2)
    assert _forks() is False


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks")
def test_ctrl_c_as_a_worker_starts_ends_every_worker_started(
    way: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C held while the second worker starts arrives once it has: that one ends too."""
    name = "_forked" if way == "forked" else "_started_by_multiprocessing"
    real = getattr(workers, name)
    started: list[Any] = []

    def interrupted(*args: Any) -> Any:
        link, process = real(*args)
        started.append(process)
        if len(started) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # held until the start is over
        return link, process

    monkeypatch.setattr(workers, name, interrupted)
    with pytest.raises(KeyboardInterrupt):
        Workers(3, _set_offset, 0, _add_offset)
    assert [process.is_alive() for process in started] == [False, False]


def _unpicklable(numbers: list[int]) -> Any:
    return lambda: numbers  # a result no pickle can send


def test_a_result_that_cannot_be_sent_is_an_error_and_its_traceback(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """The worker cannot say why itself: it ends, and its traceback is on stderr."""
    error = _failure(_set_offset, [1], _unpicklable)
    assert (type(error), str(error)) == (
        WorkerEnded,
        "worker process 1 ended before it sent its result",
    )
    shown = capfd.readouterr().err  # Python 3.13 words the error differently
    assert "Traceback" in shown and "'_unpicklable.<locals>.<lambda>'" in shown
