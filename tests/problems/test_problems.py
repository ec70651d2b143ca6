"""Problems and reports: the summary line, when a run passes, and every code documented and used."""

from __future__ import annotations

import re

import pytest

from djkh.problems.codes import Code
from djkh.problems.problem import Problem, Report, summary
from tests.conftest import REPO

ERROR = Problem("a.yaml", 3, 5, Code.SELF_SCORE_RANGE, "self score 9 is outside 0 to 5")
WARNING = Problem("a.yaml", 1, 1, Code.ITEM_NOT_RECORDED, "no entry for 1 item")
WHOLE_FILE = Problem("gone.yaml", None, None, Code.NO_FILE, "no such file: check the path")


@pytest.mark.parametrize(
    ("files", "problems", "line"),
    [
        (("a.yaml", "b.yaml", "c.yaml"), (), "checked 3 files: no problems"),
        (("a.yaml",), (ERROR,), "checked 1 file: 1 error in 1 file"),
        (("a.yaml",), (WARNING,), "checked 1 file: 1 warning in 1 file"),
        (
            ("a.yaml", "gone.yaml"),
            (ERROR, WARNING, WHOLE_FILE),
            "checked 2 files: 2 errors, 1 warning in 2 files",
        ),
        (("a.yaml",), (WARNING, WARNING), "checked 1 file: 2 warnings in 1 file"),
        # a file reported on counts as checked: a missing path, the rubric a findings file names
        (("a.yaml",), (ERROR, WHOLE_FILE), "checked 2 files: 2 errors in 2 files"),
        ((), (WHOLE_FILE,), "checked 1 file: 1 error in 1 file"),
    ],
)
def test_summary(files: tuple[str, ...], problems: tuple[Problem, ...], line: str) -> None:
    assert summary(files, problems) == line


@pytest.mark.parametrize(
    ("problems", "strict", "passed"),
    [
        ((), False, True),
        ((WARNING,), False, True),
        ((WARNING,), True, False),
        ((ERROR,), False, False),
    ],
)
def test_passed(problems: tuple[Problem, ...], strict: bool, passed: bool) -> None:
    assert Report(("a.yaml",), problems, strict).passed is passed


def test_every_code_is_documented() -> None:
    docs = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    table = docs.split("<!-- codes:start -->\n")[1].split("<!-- codes:end -->")[0]
    expected = ["| Code | Level | Meaning |", "|---|---|---|"]
    expected += [f"| {code.value} | {code.level.value} | {code.meaning} |" for code in Code]
    assert table.splitlines() == expected


def test_every_code_is_reported_somewhere() -> None:
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (REPO / "src" / "djkh").rglob("*.py")
        if path.name != "codes.py"
    )
    used = set(re.findall(r"Code\.([A-Z_]+)", source))
    assert used == {code.name for code in Code}
