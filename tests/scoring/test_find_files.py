"""The files a batch scores: found under the paths, with a problem for an empty folder."""

from __future__ import annotations

from pathlib import Path

from djkh.problems.codes import Code
from djkh.problems.outcome import ok
from djkh.problems.problem import Problem
from djkh.scoring.batch import find_files


def test_find_files_names_an_empty_folder(tmp_path: Path) -> None:
    message = "no *.yaml or *.yml files in this folder: name findings files or their folder"
    assert find_files((tmp_path,)) == ok(
        (), [Problem(str(tmp_path), None, None, Code.NO_FILE, message)]
    )
