"""A workbook's zip deflated by helper processes is the zip deflated here, byte for byte."""

from __future__ import annotations

import io
import os
import random
import signal
import struct
import sys
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from djkh.render import ooxml, xlsx, zipping
from djkh.scoring import workers
from tests.render.example_cards import example_cards


def _parts(count: int, seed: int = 7) -> list[tuple[str, bytes]]:
    """Parts of a few bytes to a few dozen kilobytes, as compressible as sheets' XML."""
    chosen = random.Random(seed)
    pieces = [b"<row>", b"</c>", "单位".encode(), b' t="s"><v>', b"1", b"2", b"\n"]
    return [
        (f"xl/part{index}.xml", b"".join(chosen.choices(pieces, k=chosen.randint(0, 6000))))
        for index in range(count)
    ]


def _zipped(parts: list[tuple[str, bytes]], helpers: int) -> bytes:
    with zipping.package(helpers) as archive:
        for name, data in parts:
            archive.add(name, data)
        return archive.value()


def test_parts_deflated_elsewhere_make_the_same_zip() -> None:
    parts = _parts(40)
    here, elsewhere = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(here, "w") as one, zipfile.ZipFile(elsewhere, "w") as other:
        for name, data in parts:
            zipping.add_part(one, name, data)
            zipping.add_part(other, name, data, zipping.deflated(data))
    assert here.getvalue() == elsewhere.getvalue()


def test_a_part_deflated_elsewhere_is_put_in_the_zip_as_given() -> None:
    data = b"<row>" * 5000
    best = zlib.compressobj(9, zlib.DEFLATED, -15)
    given = best.compress(data) + best.flush()  # not what level 3 would make: seen if kept
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        zipping.add_part(archive, "a.xml", data, given)
    with zipfile.ZipFile(out) as archive:
        (member,) = archive.infolist()
        assert archive.read("a.xml") == data  # the CRC and sizes are right
    raw = out.getvalue()
    names, extra = struct.unpack("<HH", raw[26:30])
    start = member.header_offset + 30 + names + extra
    assert raw[start : start + member.compress_size] == given


@pytest.mark.parametrize("helpers", [1, 3])
def test_helpers_make_the_zip_made_here(helpers: int) -> None:
    parts = _parts(300)
    assert sum(len(data) for _name, data in parts) > 8 * zipping._CHUNK_BYTES  # many chunks
    assert _zipped(parts, helpers) == _zipped(parts, 0)


def test_parts_held_behind_a_helpers_chunk_wait_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipping, "_CHUNK_BYTES", 1000)  # a chunk of a part or two
    monkeypatch.setattr(zipping, "_MOST_WAITING", 2)
    parts = _parts(120, seed=11)
    assert _zipped(parts, 2) == _zipped(parts, 0)


def test_where_no_helper_can_be_forked_the_zip_is_made_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "forks", lambda: False)
    parts = _parts(30)
    with zipping.package(2) as archive:
        assert type(archive).__name__ == "_ZipHere"
        for name, data in parts:
            archive.add(name, data)
        assert archive.value() == _zipped(parts, 0)


FORKS = hasattr(os, "fork") and sys.platform != "darwin"  # where djkh forks its helpers


class _Stuck(Exception):
    """Not an OSError, which a failed send would take for a helper gone."""


@contextmanager
def _at_most(seconds: int) -> Iterator[None]:
    """Fail, not hang, where the work waits for ever."""

    def stuck(_signum: int, _frame: object) -> None:
        raise _Stuck("the zip's helpers and this process wait for each other")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not FORKS, reason="helpers are forked only where djkh forks its workers")
def test_small_pipes_never_leave_a_helper_and_this_process_waiting_for_each_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A chunk and what it deflates to both outgrow a pipe of one page: sent a chunk while it
    # writes back the one before, a helper would wait for this process, and it for the helper.
    monkeypatch.setattr(workers, "PIPE_BYTES", 4096)
    parts = _parts(1500, seed=5)
    with _at_most(120):
        helped = _zipped(parts, 1)
    assert helped == _zipped(parts, 0)


@pytest.mark.skipif(not FORKS, reason="helpers are forked only where djkh forks its workers")
def test_a_failure_while_the_zip_is_made_ends_its_helpers() -> None:
    with pytest.raises(RuntimeError, match="stopped"), zipping.package(2) as archive:
        spread = archive
        for name, data in _parts(100):
            archive.add(name, data)
        raise RuntimeError("stopped")
    assert all(not process.is_alive() for process in spread._helpers._processes)  # type: ignore[attr-defined]


_DYING = b"<the last part this helper sees>"


def _deflated_or_dying(parts: list[bytes]) -> list[bytes]:
    """A helper's task that kills its helper at the chunk holding `_DYING` (the OOM killer)."""
    if _DYING in parts:
        os.kill(os.getpid(), signal.SIGKILL)
    return [zipping.deflated(data) for data in parts]


@pytest.mark.skipif(not FORKS, reason="helpers are forked only where djkh forks its workers")
@pytest.mark.parametrize("helpers", [1, 2])
def test_a_helper_killed_as_it_deflates_leaves_its_chunk_to_this_process(
    helpers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zipping, "deflated_all", _deflated_or_dying)
    parts = _parts(300)
    parts[0] = ("xl/dying.xml", _DYING)  # in the first chunk, which a helper always takes
    with _at_most(120):
        helped = _zipped(parts, helpers)
    assert helped == _zipped(parts, 0)


def _dead(_setup: None) -> None:
    os._exit(9)  # the helper dies before it takes any work


@pytest.mark.skipif(not FORKS, reason="helpers are forked only where djkh forks its workers")
def test_helpers_that_died_before_any_work_leave_it_all_to_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(zipping, "_set_up", _dead)
    parts = _parts(300)
    with _at_most(120):
        helped = _zipped(parts, 2)
    assert helped == _zipped(parts, 0)


@pytest.mark.skipif(not FORKS, reason="helpers are forked only where djkh forks its workers")
def test_a_chunk_sent_to_a_helper_found_dead_goes_to_the_next_helper(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[int] = []
    send = workers.Workers.send

    def send_or_find_dead(
        self: workers.Workers[None, list[bytes], list[bytes]], worker: int, work: list[bytes]
    ) -> None:
        if worker == 0 and not sent:
            sent.append(-1)  # helper 0 is found dead at the first chunk sent to it
            raise workers.WorkerEnded(0, [])
        sent.append(worker)
        send(self, worker, work)

    monkeypatch.setattr(workers.Workers, "send", send_or_find_dead)
    parts = _parts(300)
    with _at_most(120):
        helped = _zipped(parts, 2)
    assert sent[:2] == [-1, 1]  # the first chunk went on to helper 1, not here
    assert 0 not in sent
    assert helped == _zipped(parts, 0)


def test_a_batch_workbook_deflated_by_helpers_is_the_same_workbook() -> None:
    cards = example_cards()
    units = [cards[index % len(cards)] for index in range(zipping.HELPED_SHEETS)]
    names = [f"unit{index}" for index in range(len(units))]

    def makers() -> list[xlsx.SheetMaker]:
        return [lambda name, card=card: xlsx._card_sheet(name, card) for card in units]

    helped = ooxml.write_package(names, [0], makers(), helpers=2)
    assert helped == ooxml.write_package(names, [0], makers())
