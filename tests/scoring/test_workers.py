"""Worker processes: results come back in the order sent, and a failure says which and why."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest

from djkh.scoring import batch
from djkh.scoring.workers import WorkerError, Workers, _interrupts_held
from tests.conftest import EXAMPLES

_offset = 0


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
    workers: Workers[int, list[int], list[int]], sent: int
) -> list[tuple[int, list[int]]]:
    back: list[tuple[int, list[int]]] = []
    while len(back) < sent:
        back += workers.sent_back(block=True)
    return back


def test_each_worker_is_set_up_and_sends_its_results_back_in_the_order_sent() -> None:
    workers = Workers(2, _set_offset, 100, _add_offset)
    try:
        assert workers.count == 2
        for work in ([1, 2], [3], [4, 5, 6]):
            workers.send(0, work)
        workers.send(1, [7])
        back = _everything(workers, 4)
    finally:
        workers.close()
    assert [result for worker, result in back if worker == 0] == [
        [101, 102],
        [103],
        [104, 105, 106],
    ]
    assert [result for worker, result in back if worker == 1] == [[107]]


def test_nothing_sent_back_is_an_empty_list_at_once() -> None:
    workers = Workers(1, _set_offset, 0, _add_offset)
    try:
        assert workers.sent_back(block=False) == []
    finally:
        workers.close()


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
    workers = Workers(1, start, 7, task)
    try:
        workers.send(0, work)
        with pytest.raises(Exception) as raised:
            _everything(workers, 1)
    finally:
        workers.stop()
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
        WorkerError,
        "worker process 1 ended before it sent its result",
    )


def test_work_for_a_worker_that_died_is_an_error_not_a_broken_stdout() -> None:
    """A broken pipe would otherwise read as a closed stdout, and end djkh without a word."""
    workers = Workers(1, _set_offset, 0, _add_offset)
    try:
        workers.send(0, [-2])
        while multiprocessing.active_children():  # until it has ended
            time.sleep(0.01)
        with pytest.raises(WorkerError) as raised:
            workers.send(0, [1])
    finally:
        workers.stop()
    assert str(raised.value) == "worker process 1 ended before it sent its result"


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks")
def test_ctrl_c_waits_while_a_worker_starts() -> None:
    """A worker interrupted as it starts would print its traceback: it starts with Ctrl-C held,
    and ignores it once it can."""
    with _interrupts_held():
        assert signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set())
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def _refused_after(started: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on the system starts `started` processes, then refuses (EAGAIN)."""
    real = BaseProcess.start
    count = 0

    def start(process: BaseProcess) -> None:
        nonlocal count
        count += 1
        if count > started:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        real(process)

    monkeypatch.setattr(BaseProcess, "start", start)


def test_workers_the_system_refuses_are_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    _refused_after(1, monkeypatch)
    workers = Workers(3, _set_offset, 10, _add_offset)
    try:
        assert workers.count == 1
        workers.send(0, [1])
        assert _everything(workers, 1) == [(0, [11])]
    finally:
        workers.close()
    assert len(multiprocessing.active_children()) == 0


@pytest.mark.parametrize("started", [0, 1])
def test_a_batch_goes_on_with_the_workers_that_started(
    started: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A container's process limit: fewer workers, or none (this process scores every file)."""
    for n in range(12):
        for source in sorted(EXAMPLES.glob("*.yaml")):
            text = source.read_text(encoding="utf-8").replace("\nunit: ", f"\nunit: {n}-", 1)
            (tmp_path / f"{n:02d}-{source.name}").write_text(text, encoding="utf-8")
    alone = batch.score_paths((tmp_path,), jobs=1)
    monkeypatch.setattr(batch, "pool_pays", lambda *measured: True)
    _refused_after(started, monkeypatch)
    pooled = batch.score_paths((tmp_path,), jobs=4)
    assert pooled == alone
    assert len(alone.rankings[0].units) == 36
