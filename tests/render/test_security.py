"""Hostile input: what a findings file, a rubric or an argument may not make djkh do."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from djkh.escaping import FORMULA_STARTS, xml_safe
from djkh.files.catalogue import RubricCatalogue
from djkh.files.loader import load_file
from tests.conftest import Run


def _secret_beside(tmp_path: Path) -> Path:
    """A rubric folder, and a YAML file outside it that no rubric reference may reach."""
    (tmp_path / "rubrics" / "a").mkdir(parents=True)
    (tmp_path / "secret.yaml").write_text("kind: Secret\ntoken: hunter2\n", encoding="utf-8")
    return tmp_path / "rubrics"


def test_a_rubric_reference_cannot_climb_out_of_the_rubric_folders(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _secret_beside(tmp_path)
    findings = "kind: findings\nrubric: a@../../secret\nunit: u\nyear: 2007\nitems: {}\n"
    (tmp_path / "f.yaml").write_text(findings, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = djkh("validate", "f.yaml", "--rubric-dir", "rubrics")
    assert run.code == 1
    assert run.stdout == (
        "f.yaml:2:9: error: rubric: 'a@../../secret' is not a rubric reference: write it as "
        "id@version, e.g. wenzhou-jiguan@2007 [DJ203]\n"
        "checked 1 file: 1 error in 1 file\n"
    )


@pytest.mark.parametrize("version", ["../../secret", "{tmp}/secret"])
def test_the_catalogue_finds_only_files_inside_a_rubric_folder(
    tmp_path: Path, version: str
) -> None:
    folder = _secret_beside(tmp_path)
    version = version.format(tmp=tmp_path)
    assert RubricCatalogue((folder,)).locate("a", version) is None


def test_a_rubric_may_not_declare_a_version_no_reference_could_name(djkh, tmp_path: Path) -> None:
    rubric = "kind: rubric\nid: a\nversion: x/y\ntitle: t\ntotal: 1\nsections: []\n"
    (tmp_path / "r.yaml").write_text(rubric, encoding="utf-8")
    run = djkh("validate", str(tmp_path / "r.yaml"))
    assert "'x/y' may not contain spaces, '@', '/' or '\\' [DJ" in run.stdout


# Hostile text in every field: a formula, a DDE command, an OSC 8 hyperlink, a clear-screen, a
# bidi override, a lone CR, a Markdown heading and table pipe, and html that would run.
HOSTILE = (
    '=HYPERLINK("http://evil.example","x")|'
    "\x1b]8;;http://evil.example\x07link\x1b]8;;\x07\x1b[2J\u202e"
    "a\rb\n# heading\n"
    '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
)
DDE = "=cmd|' /C calc'!A0"
PLUS = "+1+cmd"
AT = "@SUM(1+1)*cmd"


def _hostile_rubric(text: str) -> str:
    q = json.dumps
    return f"""kind: rubric
id: hostile
version: "1"
title: {q(text)}
total: 10
sections:
- id: s
  title: {q(text)}
  score: 10
  items:
  - id: i
    title: {q(DDE)}
    score: 10
    standards: [{q(text)}]
    methods: [{q(PLUS)}]
    rules:
    - id: r
      text: {q(text)}
      deduct: 2
    - id: t
      text: {q(AT)}
      deduct: 1
"""


def _hostile_findings(unit: str, text: str) -> str:
    q = json.dumps
    return f"""kind: findings
rubric: hostile@1
unit: {q(unit)}
year: 2007
items:
  i:
    self_score: 9
    note: {q(text)}
    findings:
      r: {{value: true, evidence: {q(text)}}}
      t: true
"""


def _write_hostile(folder: Path, text: str) -> Path:
    """A rubric folder and three findings files with `text` (or a formula) in every field."""
    (folder / "rubrics" / "hostile").mkdir(parents=True)
    rubric = _hostile_rubric(text)
    (folder / "rubrics" / "hostile" / "1.yaml").write_text(rubric, encoding="utf-8")
    (folder / "units").mkdir()
    for name, unit in (("a", text), ("b", DDE), ("c", "-2")):
        findings = _hostile_findings(unit, text)
        (folder / "units" / f"{name}.yaml").write_text(findings, encoding="utf-8")
    return folder


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """Hostile text in every field of a rubric and its findings."""
    return _write_hostile(tmp_path, HOSTILE)


def _score(djkh, hostile: Path, target: str, *args: str) -> Run:
    run = djkh("score", target, "--rubric-dir", str(hostile / "rubrics"), *args)
    assert run.code == 0, run.stderr
    return run


def _csv_rows(djkh, hostile: Path, target: str) -> list[list[str]]:
    """The csv as written to a file (click would drop escape sequences on a pipe)."""
    out = hostile / "out.csv"
    _score(djkh, hostile, str(hostile / target), "--format", "csv", "-o", str(out))
    text = out.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(("target", "shown"), [("units/a.yaml", HOSTILE), ("units", DDE)])
def test_no_csv_cell_is_read_as_a_formula_and_numbers_stay_numbers(
    djkh, hostile: Path, target: str, shown: str
) -> None:
    rows = _csv_rows(djkh, hostile, target)
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        if cell.startswith(FORMULA_STARTS):
            assert Decimal(cell) < 0, cell  # a negative number, never text
    assert "'" + xml_safe(shown) in cells  # control characters shown, as in xlsx


def test_csv_keeps_deduction_notes_readable(djkh, hostile: Path) -> None:
    rows = _csv_rows(djkh, hostile, "units/c.yaml")
    assert rows[0] == ["Unit", "'-2"]
    notes = next(row[6] for row in rows if row[1:2] == ["1. " + DDE])
    assert notes.startswith("'-2 =HYPERLINK(")
    assert "\n-1 @SUM(1+1)*cmd\n" in notes


def test_csv_shows_control_characters_a_spreadsheet_cannot_hold(djkh, tmp_path: Path) -> None:
    folder = _write_hostile(tmp_path, "NUL\x00 and BEL\x07 in the text")
    rows = _csv_rows(djkh, folder, "units/a.yaml")
    assert rows[0] == ["Unit", "NUL\\x00 and BEL\\x07 in the text"]


@pytest.mark.parametrize(
    "args",
    [
        ("score", "units/a.yaml"),
        ("score", "units"),
        ("show", "hostile@1"),
    ],
)
def test_no_xlsx_cell_is_a_formula(
    djkh, hostile: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.chdir(hostile)
    out = hostile / "out.xlsx"
    run = djkh(*args, "--rubric-dir", "rubrics", "--format", "xlsx", "-o", str(out))
    assert run.code == 0, run.stderr
    with zipfile.ZipFile(out) as book:
        sheets = [name for name in book.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in book.read(name) for name in sheets)
    texts = []
    for sheet in load_workbook(out).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    texts.append(cell.value)
                    assert cell.quotePrefix == cell.value.startswith(FORMULA_STARTS)
    assert any(text.startswith('=HYPERLINK("http://evil.example"') for text in texts)
    assert any(DDE in text for text in texts)


# What a terminal obeys: C0 and C1 controls (ESC, BEL, CSI…), DEL, bidi overrides. Line breaks
# are the one control character a table or a report may hold.
_OBEYED = re.compile(
    "[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069]"
)
_SHOWN = "\\x1b]8;;http://evil.example\\x07link\\x1b]8;;\\x07\\x1b[2J\\u202ea\\rb"
_WIDE = {"COLUMNS": "1000"}


def _second_version(hostile: Path) -> Path:
    """Version 2 of the hostile rubric, its rule reworded: the diff shows both texts."""
    text = (hostile / "rubrics" / "hostile" / "1.yaml").read_text(encoding="utf-8")
    second = hostile / "2.yaml"
    second.write_text(
        text.replace('version: "1"', 'version: "2"').replace("link", "link\\u001b[31mred", 2),
        encoding="utf-8",
    )
    return second


@pytest.mark.parametrize(
    "args",
    [
        ("score", "units/a.yaml"),
        ("score", "units"),
        ("show", "hostile@1"),
        ("diff", "rubrics/hostile/1.yaml", "2.yaml"),
    ],
)
def test_terminal_output_shows_control_characters_instead_of_obeying_them(
    djkh, hostile: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.chdir(hostile)
    _second_version(hostile)
    run = djkh(*args, "--rubric-dir", "rubrics", env=_WIDE)
    assert run.code in (0, 1), run.stderr
    assert _OBEYED.search(run.stdout) is None
    if args[0] == "diff":
        assert "link{+\\x1b[31mred+}\\x1b]8;;\\x07\\x1b[2J\\u202ea\\rb" in run.stdout
    else:
        assert _SHOWN in run.stdout


@pytest.mark.parametrize("report", ["text", "github"])
def test_problem_reports_show_control_characters(
    djkh, hostile: Path, monkeypatch: pytest.MonkeyPatch, report: str
) -> None:
    monkeypatch.chdir(hostile)
    key = "\x1b]8;;http://evil.example\x07x\x1b]8;;\x07\x1b[2J"
    findings = "kind: findings\nrubric: hostile@1\nunit: u\nyear: 2007\nitems:\n"
    findings += f"  {json.dumps(key)}: {{}}\n"
    Path("bad.yaml").write_text(findings, encoding="utf-8")
    run = djkh("validate", "bad.yaml", "--rubric-dir", "rubrics", "--format", report)
    assert run.code == 1
    assert _OBEYED.search(run.stdout) is None
    assert "'\\x1b]8;;http://evil.example\\x07x\\x1b]8;;\\x07\\x1b[2J'" in run.stdout


def test_fail_under_names_the_unit_visibly(djkh, hostile: Path) -> None:
    run = _score_gate(djkh, hostile)
    assert run.stderr.startswith('djkh: =HYPERLINK("http://evil.example","x")|\\x1b]8;;')
    assert _OBEYED.search(run.stderr) is None


def _score_gate(djkh, hostile: Path) -> Run:
    args = ("score", str(hostile / "units" / "a.yaml"), "--rubric-dir", str(hostile / "rubrics"))
    run = djkh(*args, "--fail-under", "10", "--format", "json")
    assert run.code == 1
    return run


_PIPE = re.compile(r"(?<!\\)\|")


def _tables(markdown: str) -> list[list[str]]:
    """Each run of lines starting with `|`: a Markdown table, header first."""
    tables: list[list[str]] = []
    previous = False
    for line in markdown.split("\n"):
        row = line.startswith("|")
        if row and not previous:
            tables.append([])
        if row:
            tables[-1].append(line)
        previous = row
    return tables


@pytest.mark.parametrize(
    "args",
    [
        ("score", "units/a.yaml"),
        ("score", "units"),
        ("show", "hostile@1"),
        ("diff", "rubrics/hostile/1.yaml", "2.yaml"),
    ],
)
def test_markdown_keeps_hostile_text_inside_its_cell_or_heading(
    djkh, hostile: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.chdir(hostile)
    _second_version(hostile)
    out = hostile / "out.md"
    output = ("-o", str(out)) if args[0] != "diff" else ()
    run = djkh(*args, "--rubric-dir", "rubrics", "--format", "markdown", *output)
    assert run.code in (0, 1), run.stderr
    text = out.read_bytes().decode("utf-8") if output else run.stdout
    assert _OBEYED.search(text) is None and "\r" not in text
    headings = [line for line in text.split("\n") if line.startswith("#")]
    assert not any("heading" in line.split("<br>")[0] for line in headings[1:]), headings
    assert "\n# heading" not in text and "<script" not in text and "<img" not in text
    tables = _tables(text)
    assert tables
    for table in tables:
        assert len({len(_PIPE.findall(line)) for line in table}) == 1, table
    assert "&lt;script>alert(1)&lt;/script>" in text


def test_step_summary_keeps_each_problem_on_its_row(
    djkh, hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(hostile)
    findings = "kind: findings\nrubric: hostile@1\nunit: u\nyear: 2007\nitems:\n"
    key = json.dumps("x|y\rz\n# heading")
    findings += f"  {key}: {{}}\n"
    Path("bad.yaml").write_text(findings, encoding="utf-8")
    summary = hostile / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    run = djkh("validate", "bad.yaml", "--rubric-dir", "rubrics", "--format", "json", env=env)
    assert run.code == 1
    text = summary.read_bytes().decode("utf-8")
    assert "\r" not in text and "\n# heading" not in text
    (table,) = _tables(text)
    assert {len(_PIPE.findall(line)) for line in table} == {7}
    assert "'x\\|y<br>z<br># heading'" in text


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [("score", "units/a.yaml"), ("score", "units"), ("show", "hostile@1")]
)
def test_html_with_hostile_text_runs_nothing_in_chromium(
    djkh, hostile: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    from tests.integration.test_browser import _run_chromium

    monkeypatch.chdir(hostile)
    page = hostile / "page.html"
    run = djkh(*args, "--rubric-dir", "rubrics", "--format", "html", "-o", str(page))
    assert run.code == 0, run.stderr
    dom = _run_chromium("--dump-dom", page.as_uri()).stdout.decode("utf-8")
    assert (
        "<script" not in dom
        and "<img" not in dom
        and "onerror=" not in dom.replace("onerror=alert(2)&gt;", "")
    )
    assert '&lt;script&gt;alert(1)&lt;/script&gt;"&gt;&lt;img src=x onerror=alert(2)&gt;' in dom


# Pieces a fuzzed text is made of: everything that means something to a spreadsheet, Markdown,
# html or a terminal, and plain text around it.
_PIECES = (
    *FORMULA_STARTS,
    "\n", "\r\n", "|", "\\", "`", "*", "_", "~", "[a](http://x)", "#", "<script>", "<b>", "&lt;",
    "\x1b[2J", "\x1b]8;;http://x\x07", "\x07", "\x01", "\x7f", "\x9b", "\u202e", "\u2028", "'",
    '"', " ", "甲", "考核", "a", "1", "-2", "=1+1", "\t=x",
)  # fmt: skip
FUZZ_RUNS = int(os.environ.get("DJKH_FUZZ_RUNS", "5"))  # more by hand: DJKH_FUZZ_RUNS=200


def _fuzzed_text(rng: random.Random) -> str:
    """Random pieces around one 甲, so the unit never shares a name with the other two."""
    parts = [rng.choice(_PIECES) for _ in range(rng.randint(0, 12))]
    parts.insert(rng.randint(0, len(parts)), "甲")
    return "".join(parts)


def _check_csv(path: Path) -> None:
    rows = csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""))
    for cell in (cell for row in rows for cell in row):
        if cell.startswith(FORMULA_STARTS):
            assert Decimal(cell) < 0, cell


def _check_xlsx(path: Path) -> None:
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            assert not (name.startswith("xl/worksheets/") and b"<f>" in book.read(name))


def _check_markdown(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert _OBEYED.search(text.replace("\t", " ")) is None  # a tab is kept, harmless
    assert "\r" not in text and "<script" not in text
    for table in _tables(text):
        assert len({len(_PIPE.findall(line)) for line in table}) == 1, table


def _check_html(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "<script" not in text and "<b>" not in text


def _check_terminal(path: Path) -> None:
    assert _OBEYED.search(path.read_text(encoding="utf-8")) is None


_CHECKS = {
    "csv": _check_csv,
    "xlsx": _check_xlsx,
    "markdown": _check_markdown,
    "html": _check_html,
    "table": _check_terminal,
}


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(FUZZ_RUNS))
def test_fuzzed_text_is_inert_in_every_output(djkh, tmp_path: Path, seed: int) -> None:
    text = _fuzzed_text(random.Random(seed))
    hostile = _write_hostile(tmp_path, text)
    rubrics = str(hostile / "rubrics")
    commands = [("score", str(hostile / target)) for target in ("units/a.yaml", "units")]
    commands.append(("show", "hostile@1"))
    for command in commands:
        for output_format, check in _CHECKS.items():
            if command[0] == "show" and output_format == "csv":
                continue  # show has no csv
            out = hostile / f"out.{output_format}"
            options = ("--rubric-dir", rubrics, "--format", output_format, "-o", str(out))
            run = djkh(*command, *options)
            assert run.code == 0, (text, run.stderr)
            check(out)
    card = djkh(
        "score", str(hostile / "units" / "a.yaml"), "--rubric-dir", rubrics, "--format", "json"
    )
    assert json.loads(card.stdout)["unit"] == text  # JSON keeps the text exactly


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("show", "x" * 300), 1),
        (("diff", "x" * 300, "y.yaml"), 2),
        (("init", "--rubric", "x" * 300, "--unit", "u", "--year", "2007"), 1),
    ],
)
def test_a_rubric_name_too_long_for_the_file_system_is_reported(
    djkh, args: tuple[str, ...], code: int
) -> None:
    run = djkh(*args)
    assert run.code == code
    assert run.stderr.startswith(f"{'x' * 300}: error: ")


def test_a_template_keeps_hostile_titles_inside_its_comments(
    djkh, hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(hostile)
    args = ("--rubric", "hostile@1", "--rubric-dir", "rubrics", "--year", "2007")
    run = djkh("init", *args, "--unit", "x\ny: 1\u2028z: 2", "-o", "t.yaml")
    assert run.code == 0, run.stderr
    text = Path("t.yaml").read_text(encoding="utf-8")
    assert _OBEYED.search(text) is None
    assert all(
        line.lstrip().startswith("#") or ": " in line or line.endswith(":")
        for line in text.splitlines()
    )
    loaded = load_file("t.yaml").value
    assert loaded is not None and loaded.data["unit"] == "x\ny: 1\u2028z: 2"
    checked = djkh("validate", "t.yaml", "--rubric-dir", "rubrics")
    assert checked.stdout.endswith("[DJ410]\nchecked 1 file: 1 error in 1 file\n")  # only empty


def test_git_diff_driver_shows_a_file_name_s_control_characters(djkh) -> None:
    rubric = str(Path(__file__).parents[2] / "rubric" / "wenzhou-jiguan" / "2007.yaml")
    name = "r\x1b]8;;http://evil.example\x07.yaml"
    run = djkh("git-diff", name, rubric, "0" * 40, "100644", rubric, "1" * 40, "100644")
    assert run.code == 0
    shown = "r\\x1b]8;;http://evil.example\\x07.yaml"
    assert run.stdout.startswith(f"djkh diff a/{shown} b/{shown}\n")
    assert _OBEYED.search(run.stdout) is None
