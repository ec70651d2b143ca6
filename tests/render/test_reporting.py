"""Problem reports: the four formats, GitHub's annotations and step summary, --fail-under."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from djkh.problems.codes import Code
from djkh.problems.problem import Problem, Report
from djkh.render import PROBLEMS
from djkh.render.report import default_format
from djkh.render.report.github import annotation, escape_data, escape_property, step_summary
from tests.conftest import EXAMPLES

ERROR = Problem("a.yaml", 3, 5, Code.SELF_SCORE_RANGE, "self score 9 is outside 0 to 5")
WARNING = Problem("a.yaml", 1, 1, Code.ITEM_NOT_RECORDED, "no entry for 1 item")
WHOLE_FILE = Problem("gone.yaml", None, None, Code.NO_FILE, "no such file: check the path")


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
        ("%0A", "%250A", "%250A"),
        ("自查分: 5", "自查分: 5", "自查分%3A 5"),
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert (escape_data(text), escape_property(text)) == (data, prop)


@pytest.mark.parametrize(
    ("problem", "line"),
    [
        (
            ERROR,
            "::error file=a.yaml,line=3,col=5,title=djkh DJ406::self score 9 is outside 0 to 5",
        ),
        (WARNING, "::warning file=a.yaml,line=1,col=1,title=djkh DJ503::no entry for 1 item"),
        (WHOLE_FILE, "::error file=gone.yaml,title=djkh DJ001::no such file: check the path"),
        (
            Problem("d,1:x.yaml", 2, 1, Code.SYNTAX, "50% done\nnext"),
            "::error file=d%2C1%3Ax.yaml,line=2,col=1,title=djkh DJ101::50%25 done%0Anext",
        ),
    ],
)
def test_github_annotation(problem: Problem, line: str) -> None:
    assert annotation(problem) == line


def test_step_summary_is_a_markdown_table_with_escaped_cells() -> None:
    odd = Problem("a.yaml", 2, 1, Code.SYNTAX, "a | b <c>")
    assert step_summary(Report(("a.yaml", "gone.yaml"), (odd, WHOLE_FILE))) == (
        "### djkh\n\n"
        "checked 2 files: 2 errors in 2 files\n\n"
        "| File | Line | Col | Level | Code | Message |\n"
        "|---|---:|---:|---|---|---|\n"
        "| a.yaml | 2 | 1 | error | DJ101 | a \\| b &lt;c> |\n"
        "| gone.yaml |  |  | error | DJ001 | no such file: check the path |\n"
    )


def test_text_report() -> None:
    assert PROBLEMS.load("text")(Report(("a.yaml",), (WARNING, ERROR))) == (
        "a.yaml:1:1: warning: no entry for 1 item [DJ503]\n"
        "a.yaml:3:5: error: self score 9 is outside 0 to 5 [DJ406]\n"
        "checked 1 file: 1 error, 1 warning in 1 file\n"
    )


def test_json_report_shape() -> None:
    document = json.loads(PROBLEMS.load("json")(Report(("a.yaml", "b.yaml"), (ERROR, WHOLE_FILE))))
    assert document == {
        "version": 1,
        "files": ["a.yaml", "b.yaml"],
        "passed": False,
        "errors": 2,
        "warnings": 0,
        "problems": [
            {
                "path": "a.yaml",
                "line": 3,
                "column": 5,
                "level": "error",
                "code": "DJ406",
                "message": "self score 9 is outside 0 to 5",
            },
            {
                "path": "gone.yaml",
                "line": None,
                "column": None,
                "level": "error",
                "code": "DJ001",
                "message": "no such file: check the path",
            },
        ],
    }


@pytest.mark.parametrize(("strict", "failures"), [(False, 1), (True, 2)])
def test_junit_report(strict: bool, failures: int) -> None:
    found = Report(
        ("a.yaml", "b.yaml", "c.yaml"),
        (ERROR, Problem("b.yaml", 1, 1, WARNING.code, WARNING.message)),
        strict,
    )
    root = ET.fromstring(PROBLEMS.load("junit")(found))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("3", str(failures))
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert list(cases) == ["a.yaml", "b.yaml", "c.yaml"]
    failure = cases["a.yaml"].find("failure")
    assert failure is not None and failure.get("type") == "DJ406"
    assert failure.text == "a.yaml:3:5: error: self score 9 is outside 0 to 5 [DJ406]"
    assert (cases["b.yaml"].find("failure") is not None) is strict
    assert (cases["b.yaml"].find("system-out") is not None) is not strict
    assert list(cases["c.yaml"]) == []


@pytest.mark.parametrize(
    ("environ", "chosen"),
    [({}, "text"), ({"GITHUB_ACTIONS": "true"}, "github"), ({"GITHUB_ACTIONS": "false"}, "text")],
)
def test_default_format(environ: dict[str, str], chosen: str) -> None:
    assert default_format(environ) == chosen


def test_every_format_is_offered_by_validate(djkh) -> None:
    help_text = djkh("validate", "--help").stdout
    assert "[text|github|json|junit]" in help_text
    assert PROBLEMS.names == ("text", "github", "json", "junit")


def test_github_format_is_chosen_inside_actions(djkh, tmp_path: Path) -> None:
    bad = tmp_path / "f.yaml"
    bad.write_text("kind: findings\n", encoding="utf-8")
    run = djkh("validate", str(bad), env={"GITHUB_ACTIONS": "true"})
    assert run.code == 1
    assert run.stdout.startswith(f"::error file={escape_property(str(bad))},line=1,col=1,")


def test_step_summary_is_appended(djkh, tmp_path: Path) -> None:
    summary_file = tmp_path / "summary.md"
    summary_file.write_text("earlier step\n", encoding="utf-8")
    env = {"GITHUB_STEP_SUMMARY": str(summary_file)}
    run = djkh("validate", "--format", "json", str(tmp_path / "gone.yaml"), env=env)
    assert run.code == 1
    gone = str(tmp_path / "gone.yaml").replace("_", "\\_")  # as Markdown escapes it
    assert summary_file.read_text(encoding="utf-8") == (
        "earlier step\n### djkh\n\n"
        "checked 1 file: 1 error in 1 file\n\n"
        "| File | Line | Col | Level | Code | Message |\n"
        "|---|---:|---:|---|---|---|\n"
        f"| {gone} |  |  | error | DJ001 | no such file or folder: check the path |\n"
    )


@pytest.mark.parametrize("gate", ["0", "82.99", "83", "83.01", "84", "100", "101"])
@pytest.mark.parametrize("output_format", ["table", "json"])
def test_fail_under_prints_failure_exactly_when_it_exits_1(
    djkh, gate: str, output_format: str
) -> None:
    run = djkh(
        "score", str(EXAMPLES / "示例局甲.yaml"), "--format", output_format, "--fail-under", gate
    )
    below = Decimal(83) < Decimal(gate)
    message = f"djkh: 示例局甲 scored 83, below --fail-under {gate}\n"
    assert (run.code, run.stderr) == ((1, message) if below else (0, ""))
    assert run.stdout  # the scores are shown either way
