"""Output written in pieces as it is made: whole or not at all, never held whole in memory."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from djkh.files import output
from djkh.files.output import _WRITE_BUFFER, write_atomically

# More than the write buffer holds (6 bytes a repeat as UTF-8), so it reaches the disk at once.
BIG = "示例" * (_WRITE_BUFFER // 6 + 1)


def _temporaries(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if path.name.endswith(".tmp")]


def test_pieces_are_written_as_they_are_made(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    seen: list[bytes] = []

    def pieces() -> Iterator[str]:
        yield BIG
        (temporary,) = _temporaries(tmp_path)
        seen.append(temporary.read_bytes()[: len(BIG.encode("utf-8"))])
        yield "end\n"

    write_atomically(target, pieces())
    assert seen == [BIG.encode("utf-8")]
    assert target.read_text(encoding="utf-8") == BIG + "end\n"
    assert _temporaries(tmp_path) == []


def test_text_bytes_and_views_of_bytes_are_written_as_utf_8(tmp_path: Path) -> None:
    """A unit a worker wrote comes as UTF-8, or as a view of the part after its ranking row."""
    target = tmp_path / "out.html"
    piece = "<td>示例局甲</td><djkh-section><section>表</section>".encode()
    section = memoryview(piece)[piece.index(b"<section>") :]
    write_atomically(target, ["<p>通报</p>", piece[:4], section, "\n"])
    assert target.read_text(encoding="utf-8") == "<p>通报</p><td><section>表</section>\n"
    assert _temporaries(tmp_path) == []


def test_a_failure_while_making_pieces_leaves_the_old_output_and_no_temporary(
    tmp_path: Path,
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n", encoding="utf-8")

    def pieces() -> Iterator[str]:
        yield BIG
        raise ValueError("the renderer failed")

    with pytest.raises(ValueError, match="the renderer failed"):
        write_atomically(target, pieces(), force=True)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [path.name for path in tmp_path.iterdir()] == ["out.json"]


def _recorded(monkeypatch: pytest.MonkeyPatch, fails: bool = False) -> list[tuple[int, int, int]]:
    """The room each call sets aside (offset, length) and the file's size then, made or refused
    as a full disk may refuse it: having grown the file by half the room first."""
    calls: list[tuple[int, int, int]] = []
    set_aside = getattr(os, "posix_fallocate", None)

    def record(fd: int, offset: int, length: int) -> None:
        calls.append((offset, length, os.fstat(fd).st_size))
        if fails or set_aside is None:
            os.ftruncate(fd, offset + length // 2)
            raise OSError(errno.ENOSPC, "No space left on device")
        set_aside(fd, offset, length)

    monkeypatch.setattr(output, "_CAN_SET_ASIDE", True)
    monkeypatch.setattr(output, "_QUICK_SET_ASIDE", float("inf"))  # however busy the machine
    monkeypatch.setattr(output.os, "posix_fallocate", record, raising=False)
    return calls


@pytest.mark.skipif(not hasattr(os, "posix_fallocate"), reason="no room set aside here")
def test_a_large_output_has_its_room_set_aside_before_any_byte_and_ends_at_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _recorded(monkeypatch)
    target = tmp_path / "out.json"
    pieces = [BIG] * 10  # about 10 MiB: room runs out once
    write_atomically(target, pieces)
    size = len(BIG.encode("utf-8"))
    ahead = output._SET_ASIDE_AHEAD
    # First while the file is still empty; then as the data passes the room, 8 MiB ahead of it.
    assert calls == [(0, size + ahead, 0), (size + ahead, 8 * size, size + ahead)]
    assert target.stat().st_size == 10 * size
    assert target.read_text(encoding="utf-8") == BIG * 10


def test_a_small_output_sets_no_room_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _recorded(monkeypatch)
    write_atomically(tmp_path / "out.csv", ["a,b\n"] * 1000)
    assert calls == []
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "a,b\n" * 1000


def test_room_refused_is_no_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _recorded(monkeypatch, fails=True)
    target = tmp_path / "out.json"
    write_atomically(target, [BIG] * 3)
    assert len(calls) == 1  # asked once, then written without
    assert target.read_bytes() == (BIG * 3).encode("utf-8")  # no room left over as zero bytes
    assert _temporaries(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "posix_fallocate"), reason="no room set aside here")
def test_room_set_aside_slowly_is_asked_for_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system that cannot set room aside has the C library write it out instead."""
    calls = _recorded(monkeypatch)
    monkeypatch.setattr(output, "_QUICK_SET_ASIDE", 0.0)  # every call counts as slow
    target = tmp_path / "out.json"
    write_atomically(target, [BIG] * 10)
    assert len(calls) == 1
    assert target.read_bytes() == (BIG * 10).encode("utf-8")
