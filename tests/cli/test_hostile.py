"""Hostile and broken input: never a traceback, never a hang, exact at the extremes."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from djkh.files.loader import resolve_plain
from tests.conftest import EXAMPLES, Run, run_bound_by_permissions

EXAMPLE = EXAMPLES / "示例局甲.yaml"

Djkh = Callable[..., Run]


def write_rubric(
    folder: Path, items: str, *, total: str = "10", extra: str = "", version: str = "1"
) -> Path:
    """A rubric `t@<version>` with one section holding `items` (YAML, indented by 4)."""
    path = folder / "rubric" / "t" / f"{version}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"kind: rubric\nid: t\nversion: '{version}'\ntitle: 测试\ntotal: {total}\n{extra}"
        f"sections:\n- id: s\n  title: 部分\n  score: {total}\n  items:\n{items}",
        encoding="utf-8",
    )
    return path


def write_findings(folder: Path, items: str, name: str = "f.yaml", unit: str = "甲") -> Path:
    path = folder / name
    path.write_text(
        f"kind: findings\nrubric: t@1\nunit: {unit}\nyear: 2007\nitems:\n{items}",
        encoding="utf-8",
    )
    return path


def score_json(djkh: Djkh, findings: Path, folder: Path) -> dict[str, object]:
    run = djkh("score", str(findings), "--rubric-dir", str(folder / "rubric"), "--format", "json")
    assert run.code == 0, run.stderr
    card: dict[str, object] = json.loads(run.stdout, parse_float=Decimal)
    return card


# --- numbers -------------------------------------------------------------------------------


def test_an_exponent_beyond_decimal_is_out_of_range(djkh: Djkh, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("kind: findings\nx: 1e1000000000000000000\n", encoding="utf-8")
    run = djkh("validate", str(path))
    assert run.code == 1
    assert (
        f"{path}:2:4: error: number '1e100000000000000...' is out of range: written out, use "
        "at most 15 digits, at most 15 of them after the point [DJ107]"
    ) in run.stdout


@pytest.mark.parametrize(
    "text", ["1e15", "1000000000000000", "1.5e-15", "0.0000000000000001", "0e-16", "-1e15"]
)
def test_numbers_past_the_exact_range_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="out of range"):
        resolve_plain(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("999999999999999", 999999999999999),
        ("99999999999999.9", Decimal("99999999999999.9")),
        ("9.99999999999999e14", Decimal("999999999999999")),
        ("1e-15", Decimal("1e-15")),
        ("0.000000000000001", Decimal("1e-15")),
        ("-0.123456789012345", Decimal("-0.123456789012345")),
    ],
)
def test_numbers_at_the_edges_of_the_range_are_read(text: str, expected: object) -> None:
    assert resolve_plain(text) == expected


def test_the_smallest_deduction_from_the_largest_score_costs_it(djkh: Djkh, tmp_path: Path) -> None:
    items = (
        "  - id: i\n    title: 项\n    score: 999999999999999\n    rules:\n"
        "    - {id: r, text: 规则, kind: count, deduct: 0.000000000000001}\n"
        "    - {id: q, text: 规则, kind: shortfall, required: 999999999999999,"
        " deduct: 0.000000000000001}\n"
    )
    write_rubric(tmp_path, items, total="999999999999999")
    findings = write_findings(tmp_path, "  i:\n    findings: {r: 1, q: 0.000000000000001}\n")
    card = score_json(djkh, findings, tmp_path)
    # 1e-15 + 1e-15 × (999999999999999 − 1e-15), worked out in fractions
    tiny, large = Fraction(1, 10**15), Fraction(999999999999999)
    expected = large - (tiny + tiny * (large - tiny))
    assert Fraction(card["score"]) == expected  # type: ignore[arg-type]
    assert card["score"] == Decimal("999999999999998.000000000000000000000000000001")


# --- control characters ----------------------------------------------------------------------

ITEM = (
    "  - id: i\n    title: 项\n    score: 10\n    rules:\n"
    '    - {id: r, text: "规则\\v含控制符", deduct: 2}\n'
)


def test_control_characters_are_shown_escaped_in_xlsx(djkh: Djkh, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    write_rubric(tmp_path, ITEM)
    for name, unit in (("a.yaml", '"甲\\x01乙"'), ("b.yaml", "丙")):
        write_findings(
            tmp_path, '  i:\n    findings: {r: true}\n    note: "备\\x1f注"\n', name, unit
        )
    target = tmp_path / "out.xlsx"
    rubric_dir = str(tmp_path / "rubric")
    run = djkh(
        "score",
        str(tmp_path / "a.yaml"),
        str(tmp_path / "b.yaml"),
        "--rubric-dir",
        rubric_dir,
        "--format",
        "xlsx",
        "-o",
        str(target),
    )
    assert run.code == 0, run.stderr
    book = load_workbook(target)
    assert book.sheetnames == ["Summary", "丙", "甲_x01乙"]  # no backslash in a sheet name
    texts = {str(c.value) for row in book["甲_x01乙"].iter_rows() for c in row if c.value}
    assert "Unit: 甲\\x01乙　Year: 2007　Rubric: t@1" in texts
    assert any(t.endswith("规则\\x0b含控制符\nNote: 备\\x1f注") for t in texts)


def test_control_characters_leave_junit_well_formed(djkh: Djkh, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    path = tmp_path / "f.yaml"
    path.write_text(
        "kind: findings\nrubric: wenzhou-jiguan@2007\nunit: 甲\nyear: 2007\n"
        'items:\n  integrity: {}\n  "a\\x01b": {}\n',
        encoding="utf-8",
    )
    run = djkh("validate", "--format", "junit", str(path))
    assert run.code == 1
    failure = ET.fromstring(run.stdout).find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message", "").startswith("rubric wenzhou-jiguan@2007 has no item 'a\\x01b'")


# --- paths the system refuses ----------------------------------------------------------------

LONG = "a" * 300


@pytest.mark.parametrize("command", ["validate", "score"])
def test_a_name_too_long_is_reported(djkh: Djkh, tmp_path: Path, command: str) -> None:
    path = tmp_path / f"{LONG}.yaml"
    run = djkh(command, str(path), str(EXAMPLE))
    assert run.code == 1
    report = run.stdout if command == "validate" else run.stderr
    assert f"{path}: error: cannot read the file: the file name is too long [DJ003]" in report


def test_a_single_findings_name_too_long_is_reported(djkh: Djkh, tmp_path: Path) -> None:
    path = tmp_path / f"{LONG}.yaml"
    run = djkh("score", str(path))
    assert (run.code, run.stdout) == (1, "")
    assert f"{path}: error: cannot read the file: the file name is too long [DJ003]" in run.stderr


# A --rubric-dir that is no folder is a usage error (exit 2): passed over, a typo would score
# against the bundled rubric without a word.
def test_a_rubric_folder_name_too_long_is_a_usage_error(djkh: Djkh, tmp_path: Path) -> None:
    run = djkh("validate", "--rubric-dir", str(tmp_path / LONG), str(EXAMPLE))
    assert (run.code, run.stdout) == (2, "")
    message = f"cannot use folder {tmp_path / LONG}: the file name is too long"
    assert run.stderr.endswith(f"Error: Invalid value for '--rubric-dir': {message}\n")


def test_a_missing_rubric_folder_is_a_usage_error(djkh: Djkh, tmp_path: Path) -> None:
    run = djkh("score", str(EXAMPLE), "--rubric-dir", str(tmp_path / "nonexist"))
    assert (run.code, run.stdout) == (2, "")
    message = f"no folder {tmp_path / 'nonexist'}: check the name"
    assert run.stderr.endswith(f"Error: Invalid value for '--rubric-dir': {message}\n")


def test_a_file_given_as_the_rubric_folder_is_a_usage_error(djkh: Djkh) -> None:
    run = djkh("score", str(EXAMPLE), "--rubric-dir", str(EXAMPLE))
    assert (run.code, run.stdout) == (2, "")
    message = f"{EXAMPLE} is a file, not a folder: give the folder that holds <id>/<version>.yaml"
    assert run.stderr.endswith(f"Error: Invalid value for '--rubric-dir': {message}\n")


@pytest.mark.skipif(os.name != "posix", reason="a folder's mode bits are POSIX")
def test_a_path_under_a_folder_one_cannot_enter_is_reported(tmp_path: Path) -> None:
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "f.yaml").write_text("kind: findings\n", encoding="utf-8")
    closed.chmod(0)
    try:
        run = run_bound_by_permissions("validate", str(closed / "f.yaml"), cwd=tmp_path)
    finally:
        closed.chmod(0o700)
    assert run.code == 1
    assert (
        f"{closed / 'f.yaml'}: error: cannot read the file: permission denied [DJ003]" in run.stdout
    )


@pytest.mark.slow
def test_a_folder_nested_a_thousand_deep_is_searched(djkh: Djkh, tmp_path: Path) -> None:
    deep = tmp_path
    for _ in range(1000):  # not mkdir(parents=True): it recurses too
        deep = deep / "d"
        deep.mkdir()
    (deep / "f.yaml").write_text("kind: findings\n", encoding="utf-8")
    try:
        run = djkh("validate", str(tmp_path))
    finally:  # pytest's clean-up recurses too
        (deep / "f.yaml").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent
    assert run.code == 1
    assert run.stdout.startswith(f"{tmp_path.joinpath(*['d'] * 1000, 'f.yaml')}:1:1: error: ")
    assert run.stdout.endswith("checked 1 file: 3 errors in 1 file\n")


# --- worker processes the system refuses -------------------------------------------------------

# Stands in for a container's process limit: a process start fails once `limit` children live.
REFUSING_SYSTEM = """
import multiprocessing, multiprocessing.process, sys
limit, start = int(sys.argv[1]), multiprocessing.process.BaseProcess.start
def refusing_start(process):
    if len(multiprocessing.active_children()) >= limit:
        raise BlockingIOError(11, "Resource temporarily unavailable")
    return start(process)
multiprocessing.process.BaseProcess.start = refusing_start
import djkh.scoring.batch
djkh.scoring.batch.pool_pays = lambda *measured: True  # however quick this machine scores
from djkh.cli import main
main(sys.argv[2:], prog_name="djkh")
"""
POOLED_FILES = 40  # more than the batch scores in its own process before choosing a pool


@pytest.mark.slow
@pytest.mark.parametrize("limit", [0, 1, 3])
def test_a_batch_goes_on_with_the_workers_the_system_allows(tmp_path: Path, limit: int) -> None:
    import subprocess

    text = EXAMPLE.read_text(encoding="utf-8")
    for number in range(POOLED_FILES):
        unit = f"unit: 单位{number:02}"
        (tmp_path / f"{number:02}.yaml").write_text(text.replace("unit: 示例局甲", unit), "utf-8")
    command = [sys.executable, "-c", REFUSING_SYSTEM, str(limit)]
    args = ["score", str(tmp_path), "--jobs", "4", "--format", "json"]
    done = subprocess.run(command + args, capture_output=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (0, b"")
    units = json.loads(done.stdout)["rankings"][0]["units"]
    assert [unit["unit"] for unit in units] == [f"单位{n:02}" for n in range(POOLED_FILES)]


# --- work that must grow linearly ---------------------------------------------------------------


def test_junit_sorts_problems_without_comparing_them(monkeypatch: pytest.MonkeyPatch) -> None:
    import xml.etree.ElementTree as ET

    from djkh.problems.codes import Code
    from djkh.problems.problem import Problem, Report
    from djkh.render.report.junit import report

    comparisons = 0

    def counted(self: Problem, other: object) -> bool:
        nonlocal comparisons
        comparisons += 1
        return self is other

    warnings = [Problem("f.yaml", n, 1, Code.ITEM_WITHOUT_RULES, "w") for n in range(2000)]
    errors = [Problem("f.yaml", n, 1, Code.SYNTAX, "e") for n in range(2000)]
    monkeypatch.setattr(Problem, "__eq__", counted)
    suite = ET.fromstring(report(Report(("f.yaml",), tuple(errors + warnings))))
    assert comparisons == 0  # each problem was compared with every failure before: quadratic
    case = suite.find("testsuite/testcase")
    assert case is not None
    assert len((case.findtext("failure") or "").splitlines()) == 2000
    assert len((case.findtext("system-out") or "").splitlines()) == 2000


# --- what a reader cannot see ---------------------------------------------------------------


def test_an_invisible_character_in_an_id_is_shown(djkh: Djkh, tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(
        "kind: findings\nrubric: wenzhou-jiguan@2007\nunit: 甲\nyear: 2007\nitems:\n"
        "  political\u200b-study: {}\n  politcal\ufeff-study: {}\n",
        encoding="utf-8",
    )
    run = djkh("validate", str(path))
    assert run.code == 1
    assert (
        "has no item 'political\u200b-study'; it holds invisible characters, "
        "'political\\u200b-study': delete them to write 'political-study' [DJ404]"
    ) in run.stdout
    assert (
        "has no item 'politcal\ufeff-study'; did you mean 'political-study'? "
        "(it holds invisible characters: 'politcal\\ufeff-study') [DJ404]"
    ) in run.stdout


def test_the_summary_counts_the_rubric_a_findings_file_names(djkh: Djkh, tmp_path: Path) -> None:
    write_rubric(tmp_path, ITEM, total="11")  # its section's items add up to 10
    findings = write_findings(tmp_path, "  i: {}\n")
    run = djkh("validate", "--rubric-dir", str(tmp_path / "rubric"), str(findings))
    assert run.stdout.endswith("checked 2 files: 2 errors in 2 files\n")


@pytest.mark.usefixtures("chinese")
def test_a_nul_byte_is_reported_where_it_is_in_the_language_chosen(
    djkh: Djkh, tmp_path: Path
) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"kind: findings\nrubric: wenzhou-jiguan@2007\nunit: a\x00b\nyear: 2007\n")
    run = djkh("validate", str(path))
    assert run.code == 1
    assert run.stdout.startswith(
        f"{path}:3:8: 错误: YAML 语法错误：不允许字符 U+0000：请删除它 [DJ101]\n"
    )


# --- sheet names Excel accepts ---------------------------------------------------------------


def test_xlsx_sheet_names_are_ones_excel_accepts(djkh: Djkh, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    write_rubric(tmp_path, ITEM)
    folder = tmp_path / "findings"
    folder.mkdir()
    long = "温州市市直机关党建工作目标管理考核示例单位第一分局"  # 25 characters
    same = f"{long}甲乙丙丁戊己"  # 31: units share all a sheet name can hold
    units = [f"{same}{n:02}" for n in range(12)] + ["History", "'引号'", "Abc", "abc"]
    for number, unit in enumerate(units):
        write_findings(folder, "  i: {}\n", f"{number:02}.yaml", f'"{unit}"')
    target = tmp_path / "out.xlsx"
    rubric_dir = str(tmp_path / "rubric")
    run = djkh("score", str(folder), "--rubric-dir", rubric_dir, "-o", str(target))
    assert (run.code, run.stderr) == (0, f"wrote {target}\n")  # openpyxl warned of long names
    names = load_workbook(target).sheetnames
    cut = [f"{same[:28]}({n})" for n in range(2, 10)] + [f"{same[:27]}({n})" for n in (10, 11, 12)]
    assert names == ["Summary", "_引号_", "Abc", "History(2)", "abc(2)", same, *cut]
    assert max(len(name) for name in names) == 31


# --- rounding within bounds -------------------------------------------------------------------

HALVES = (
    "  - id: a\n    title: 甲项\n    score: 2.5\n    rules:\n"
    "    - {id: r, text: 规则, deduct: 0.5}\n"
    "  - id: b\n    title: 乙项\n    score: 7.5\n    rules:\n"
    "    - {id: q, text: 规则, deduct: 1}\n"
)


@pytest.mark.parametrize(
    ("findings", "score", "items"),
    [
        ("  a: {}\n  b: {}\n", "10", [("2.5", "0"), ("7.5", "0")]),
        (
            "  a: {findings: {r: true}}\n  b: {findings: {q: true}}\n",
            "9",
            [("2", "0.5"), ("7", "0.5")],
        ),
    ],
)
def test_rounding_never_passes_an_items_bounds(
    djkh: Djkh, tmp_path: Path, findings: str, score: str, items: list[tuple[str, str]]
) -> None:
    write_rubric(tmp_path, HALVES, extra="rounding: {places: 0, at: item}\n")
    card = score_json(djkh, write_findings(tmp_path, findings), tmp_path)
    assert card["score"] == Decimal(score)
    scored = [item for section in card["sections"] for item in section["items"]]  # type: ignore[attr-defined]
    assert [(str(i["score"]), str(i["deduction"])) for i in scored] == items


def test_validate_warns_of_scores_the_rounding_cannot_show(djkh: Djkh, tmp_path: Path) -> None:
    rubric = write_rubric(tmp_path, HALVES, extra="rounding: {places: 0, at: item}\n")
    run = djkh("validate", str(rubric))
    assert run.code == 0
    assert run.stdout == (
        f"{rubric}:14:12: warning: item 'a' is worth 2.5, with more decimal places than "
        "'rounding' keeps (0): rounding stops at 2.5 rather than pass it; change the score or "
        "'places' [DJ508]\n"
        f"{rubric}:19:12: warning: item 'b' is worth 7.5, with more decimal places than "
        "'rounding' keeps (0): rounding stops at 7.5 rather than pass it; change the score or "
        "'places' [DJ508]\n"
        "checked 1 file: 2 warnings in 1 file\n"
    )
    item = (
        "  - id: a\n    title: 甲项\n    score: 10.5\n    rules:\n"
        "    - {id: r, text: 规则, deduct: 1}\n"
    )
    total = write_rubric(tmp_path, item, extra="rounding: {places: 0, at: total}\n", total="10.5")
    assert djkh("validate", str(total)).stdout == (
        f"{total}:5:8: warning: the total is worth 10.5, with more decimal places than "
        "'rounding' keeps (0): rounding stops at 10.5 rather than pass it; change the score or "
        "'places' [DJ508]\n"
        "checked 1 file: 1 warning in 1 file\n"
    )
    card = score_json(djkh, write_findings(tmp_path, "  a: {}\n"), tmp_path)
    assert card["score"] == Decimal("10.5")


def test_xlsx_writes_a_score_excel_cannot_hold_as_exact_text(djkh: Djkh, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    items = (
        "  - id: i\n    title: 项\n    score: 100\n    rules:\n"
        "    - {id: q, text: 规则, kind: shortfall, required: 2, deduct: 2}\n"
    )
    write_rubric(tmp_path, items, total="100")
    findings = write_findings(tmp_path, "  i:\n    findings: {q: 0.000000000000001}\n")
    target = tmp_path / "out.xlsx"
    rubric_dir = str(tmp_path / "rubric")
    assert djkh("score", str(findings), "--rubric-dir", rubric_dir, "-o", str(target)).code == 0
    rows = list(load_workbook(target).worksheets[0].iter_rows(values_only=True))
    total = next(row for row in rows if row[0] == "Total")
    # 100 − 2 × (2 − 0.000000000000001): 17 digits, which Excel would round to 96
    assert total[2:6] == (100, None, "3.999999999999998", "96.000000000000002")


def test_scoring_leaves_the_callers_arithmetic_as_it_was(tmp_path: Path) -> None:
    import decimal

    from djkh.scoring.batch import score_paths

    write_rubric(tmp_path, ITEM)
    write_findings(tmp_path, "  i: {findings: {r: true}}\n")
    before = decimal.getcontext().prec
    result = score_paths((tmp_path / "f.yaml",), (tmp_path / "rubric",))
    assert [ranked.card.score for ranked in result.rankings[0].units] == [8]
    assert decimal.getcontext().prec == before
