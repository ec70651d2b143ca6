"""Output written in pieces as it is made: whole or not at all, never held whole in memory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from djkh.files.output import _WRITE_BUFFER, write_atomically

# More than the write buffer holds (6 bytes a repeat as UTF-8), so it reaches the disk at once.
BIG = "示例" * (_WRITE_BUFFER // 6 + 1)


def _temporaries(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if path.name.endswith(".tmp")]


def test_pieces_are_written_as_they_are_made(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    seen: list[int] = []

    def pieces() -> Iterator[str]:
        yield BIG
        (temporary,) = _temporaries(tmp_path)
        seen.append(temporary.stat().st_size)
        yield "end\n"

    write_atomically(target, pieces())
    assert seen == [len(BIG.encode("utf-8"))]
    assert target.read_text(encoding="utf-8") == BIG + "end\n"
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
