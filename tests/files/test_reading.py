"""Reading a file hands back its text, or the problem that refused it, as an Outcome."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from djkh.files.loader import load_file
from djkh.files.reading import MAX_BYTES, read_bytes, read_text
from djkh.problems.codes import Code
from djkh.problems.outcome import failed, ok
from djkh.problems.problem import Problem


def test_read_text_gives_the_text_or_the_refusal(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("kind: rubric\n", encoding="utf-8")
    assert read_text(tmp_path / "a.yaml") == ok("kind: rubric\n")
    gone = str(tmp_path / "gone.yaml")
    message = "no such file: check the path"
    assert read_text(gone) == failed([Problem(gone, None, None, Code.NO_FILE, message)])
    (tmp_path / "u16.yaml").write_bytes(b"\xff\xfek\x00")
    (refused,) = read_text(tmp_path / "u16.yaml").problems
    assert (refused.code, refused.line, refused.col) == (Code.ENCODING, 1, 1)


def test_load_file_passes_a_refusal_on(tmp_path: Path) -> None:
    gone = str(tmp_path / "gone.yaml")
    assert load_file(gone) == read_text(gone)


def test_a_file_is_read_up_to_one_byte_past_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * (MAX_BYTES + 5))
    assert read_bytes(big) == ok(b"a" * (MAX_BYTES + 1))
    (refused,) = read_text(big).problems
    assert refused.code is Code.TOO_LARGE
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"a" * MAX_BYTES)
    assert read_bytes(exact) == ok(b"a" * MAX_BYTES)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc")
def test_a_file_that_says_it_is_empty_is_read_whole() -> None:
    found = read_bytes("/proc/self/status").value
    assert found is not None and found.startswith(b"Name:") and found.endswith(b"\n")
    assert len(found) > 100


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_pipe_is_read_to_its_end_whatever_pieces_it_comes_in(tmp_path: Path) -> None:
    """A pipe says it holds nothing and gives what its writer has written so far."""
    pipe = tmp_path / "findings.yaml"
    os.mkfifo(pipe)

    def write_in_pieces() -> None:
        with open(pipe, "wb", buffering=0) as out:
            for piece in (b"kind: findings\n", b"unit: \xe7\x94\xb2\n"):
                out.write(piece)
                time.sleep(0.05)  # the reader finds the first piece alone

    writer = threading.Thread(target=write_in_pieces)
    writer.start()
    try:
        assert read_text(pipe) == ok("kind: findings\nunit: 甲\n")
    finally:
        writer.join()


def test_a_folder_is_named_as_one(tmp_path: Path) -> None:
    message = "is a folder, not a YAML file: name a file"
    assert read_bytes(tmp_path) == failed(
        [Problem(str(tmp_path), None, None, Code.IS_FOLDER, message)]
    )
