"""A batch's memory grows by about a score card a file, whatever the output: the output itself
is written as it is made, never held whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

# A card is about 11 KiB; before json streamed, it held 52 KiB a file (every card's text, then
# the whole document), csv and the table 13 KiB.
MOST_PER_FILE_KIB = 20


def _copies(folder: Path, count: int) -> Path:
    """`count` findings files made from the examples, each its own unit."""
    folder.mkdir()
    sources = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.yaml"))]
    for n in range(count):
        text = sources[n % len(sources)].replace("\nunit: ", f"\nunit: {n:05d}-", 1)
        (folder / f"{n:05d}.yaml").write_text(text, encoding="utf-8")
    return folder


def _peak_kib(folder: Path, output_format: str, output: Path) -> int:
    """The peak resident memory of `djkh score FOLDER` in one process, in KiB (Linux)."""
    command = [sys.executable, "-m", "djkh", "score", str(folder), "--format", output_format]
    command += ["-o", str(output), "--jobs", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return usage.ru_maxrss


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in KiB on Linux")
@pytest.mark.parametrize("output_format", ["json", "csv", "table"])
def test_memory_grows_by_less_than_a_card_and_its_text_per_file(
    tmp_path: Path, output_format: str
) -> None:
    few, many = _copies(tmp_path / "few", 12), _copies(tmp_path / "many", 3000)
    output = tmp_path / "out"
    per_file = (_peak_kib(many, output_format, output) - _peak_kib(few, output_format, output)) / (
        3000 - 12
    )
    assert per_file < MOST_PER_FILE_KIB, f"{per_file:.1f} KiB a file"
