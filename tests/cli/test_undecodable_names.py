"""A file whose name is not UTF-8 (a folder unzipped from a Windows archive in GBK): its name is
written as an escape, in every output, and the run ends as it would for any other name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import ENV, Run

EXAMPLES = Path(__file__).parents[2] / "examples" / "findings"
ESCAPED = "a\\udcff.yaml"  # the byte 0xff, as Python names it (surrogateescape)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three example units, one of them in a file named with the byte 0xff, and a file of that
    kind that fails its checks; it warns (an item left out)."""
    text = (EXAMPLES / "示例中心丙.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    left_out = next(i for i, line in enumerate(lines) if line.startswith("  ") and "{}" in line)
    name = os.path.join(os.fsencode(tmp_path), b"a\xff.yaml")
    try:
        with open(name, "wb") as out:
            out.write("".join(lines[:left_out] + lines[left_out + 1 :]).encode())
    except OSError:  # macOS and Windows keep names in Unicode: no such name can be made
        pytest.skip("this file system takes only names in Unicode")
    with open(os.path.join(os.fsencode(tmp_path), b"b\xfe.yaml"), "wb") as out:
        out.write(b"kind: findings\nrubric: nope@1\n")
    for example in ("示例局甲.yaml", "示例委乙.yaml"):
        (tmp_path / example).write_bytes((EXAMPLES / example).read_bytes())
    return tmp_path


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    """djkh as a program, its stdout a pipe: the streams as users have them."""
    env = {name: value for name, value in {**os.environ, **ENV}.items() if value is not None}
    command = [sys.executable, "-m", "djkh", *args]
    return subprocess.run(command, capture_output=True, env=env, check=False)


def test_a_report_names_the_file_with_an_escape(folder: Path) -> None:
    out = _run("validate", str(folder), "--format", "text")
    assert out.returncode == 1  # b\xfe.yaml names a rubric that is not there
    assert out.stdout.decode("utf-8").splitlines() == [
        f"{folder}/{ESCAPED}:9:1: warning: no entry for 1 item of wenzhou-jiguan@2007: "
        "integrity; add each (an empty '{}' when nothing was found) so none is forgotten [DJ503]",
        f"{folder}/b\\udcfe.yaml:1:1: error: missing required key 'unit' [DJ202]",
        f"{folder}/b\\udcfe.yaml:1:1: error: missing required key 'year' [DJ202]",
        f"{folder}/b\\udcfe.yaml:2:9: error: no rubric nope@1 found (looked in rubric, djkh's "
        "bundled rubrics); expected one of: wenzhou-jiguan@2007 [DJ401]",
        "checked 4 files: 3 errors, 1 warning in 2 files",
    ]
    assert out.stderr == b""


def test_json_holds_the_files_very_name(folder: Path) -> None:
    """The escape of the character itself: read back, it opens the file."""
    out = _run("score", str(folder), "--partial", "--format", "json")
    assert out.returncode == 1
    document = json.loads(out.stdout.decode("utf-8"))
    paths = [unit["path"] for unit in document["rankings"][0]["units"]]
    assert [Path(path).name for path in paths if "\udcff" in path] == ["a\udcff.yaml"]
    assert all(os.path.exists(path) for path in paths)
    (left_out,) = document["left_out"]
    assert Path(left_out["path"]).name == "b\udcfe.yaml" and os.path.exists(left_out["path"])
    assert b'b\\udcfe.yaml",' in out.stdout


@pytest.mark.parametrize("output_format", ["json", "html", "csv", "markdown", "table", "xlsx"])
def test_every_batch_output_is_written(
    folder: Path, tmp_path: Path, djkh: Callable[..., Run], output_format: str
) -> None:
    target = tmp_path / f"out.{output_format}"
    run = djkh("score", str(folder), "--partial", "--format", output_format, "-o", str(target))
    assert run.code == 1 and f"wrote {target}" in run.stderr
    if output_format == "xlsx":
        texts = [
            str(cell.value)
            for sheet in load_workbook(target, read_only=True).worksheets
            for row in sheet.iter_rows()
            for cell in row
        ]
        assert any("b\\udcfe.yaml" in text for text in texts)
    elif output_format != "json":  # json: the test above
        assert "b\\udcfe.yaml" in target.read_text(encoding="utf-8")
