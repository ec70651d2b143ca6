"""Golden cases: every folder under tests/cases/ with an `args` file is one djkh run.

A case folder holds `args` (the command line, one argument per line, run from the case
folder; `{examples}` stands for examples/findings), its input files, and `expected.txt`:
the exit code, stdout and stderr. Set DJKH_UPDATE_GOLDEN=1 to rewrite expected.txt files,
then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

CASES = Path(__file__).resolve().parents[1] / "cases"
UPDATE = os.environ.get("DJKH_UPDATE_GOLDEN") == "1"


def _cases() -> list[Path]:
    return sorted(p.parent for p in CASES.rglob("args"))


def _expected_text(code: int, stdout: str, stderr: str) -> str:
    return f"exit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}"


@pytest.mark.parametrize("case", _cases(), ids=lambda p: str(p.relative_to(CASES)))
def test_case(case: Path, djkh, monkeypatch: pytest.MonkeyPatch) -> None:
    args = [
        line.replace("{examples}", str(EXAMPLES))
        for line in (case / "args").read_text(encoding="utf-8").splitlines()
        if line
    ]
    monkeypatch.chdir(case)
    run = djkh(*args)
    actual = _expected_text(run.code, run.stdout, run.stderr)
    expected_file = case / "expected.txt"
    if UPDATE:
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")


def test_cases_are_discovered() -> None:
    assert len(_cases()) >= 30
