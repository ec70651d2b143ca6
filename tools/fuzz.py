"""Fuzz djkh: mutated findings and rubrics through loading, validation, scoring and every output.

    python tools/fuzz.py [--iterations N] [--seed S] [--keep DIR]

Each iteration mutates an example findings file (and every third time its rubric too) with
hostile text, extreme numbers and broken YAML, runs `validate`, `score` (one file and a batch),
`show` and `diff` on it in every format, and checks what must hold whatever the input: djkh
never crashes (exit 3), `validate`, `score` and `show` exit 0 or 1 (`diff` 0, 1 or 2),
every output is well formed (json parses, csv parses, xlsx opens, JUnit is XML), all formats
agree (the same exit status, the same score), and a run that fails writes no output file.
Failing inputs are kept under DIR (default ./fuzz-failures) with what failed.
tests/integration/test_fuzz.py runs a few seeded iterations in every test run; run this by hand
for a longer search.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from djkh.cli import EXIT_CRASH, main

REPO = Path(__file__).resolve().parents[1]
# (findings file, the rubric it names, where that rubric lies under a rubric folder)
SEEDS = (
    (
        REPO / "examples" / "findings" / "示例局甲.yaml",
        REPO / "rubric" / "wenzhou-jiguan" / "2007.yaml",
        "wenzhou-jiguan/2007.yaml",
    ),
    (
        REPO / "examples" / "findings-qiye" / "示例公司丙.yaml",
        REPO / "examples" / "rubric" / "example-qiye" / "2026.yaml",
        "example-qiye/2026.yaml",
    ),
    (
        REPO / "examples" / "findings-qiye" / "示例公司甲.yaml",
        REPO / "examples" / "rubric" / "example-qiye" / "2026.yaml",
        "example-qiye/2026.yaml",
    ),
)
HOSTILE = (
    "\x00", "\x01", "\x08", "\x0b", "\x1b[2J", "\x1b]8;;http://x\x07", "\x7f", "\x85",
    "\u200b", "\ufeff", "\u202e", "\u2028", "\ud7ff", "\U0001f600", "\uffff",
    "'", '"', "\\", ":", ": ", "- ", "#", "&a ", "*a", "!!python/object ", "!x ",
    "{", "[", "}", "]", "[[[[[[[[[[", "\t", "\r", "\n", "\n---\n", " " * 7,
    "=HYPERLINK(\"http://x\")", "=cmd|' /C calc'!A0", "+1", "-2 ", "@x",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "|", "## ",
    "1e1000000000000000000", "999999999999999", "0.000000000000001", "-1", "2.5", "1e15",
    "1e-16", ".nan", "-.inf", "0x10", "1_000", "yes", "true", "false", "null", "~",
    "１", "5次", "86%", "４,５", "是", "：", "\u3000", "值", "証拠",
    "History", "x" * 300, "甲" * 40,
    # YAML's escapes put what a raw file may not hold into text: controls, NUL, invisibles
    '"甲\\x01乙"', '"\\v"', '"\\0"', '"\\e[2J"', '"\\e]8;;http://x\\a"', '"\\u200b"',
    '"\\uffff"', '"\\u202e"', '"=1+2"', '"-2 扣"', '"\'"', '"\\r"', '"a\\nb"',
)  # fmt: skip
NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
ENV = {"COLUMNS": "120", "NO_COLOR": "1", "DJKH_LANG": "en", "GITHUB_ACTIONS": None,
       "GITHUB_STEP_SUMMARY": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}  # fmt: skip
SCORE_FORMATS = ("json", "table", "csv", "markdown", "html", "xlsx")
REPORT_FORMATS = ("text", "json", "junit", "github")


@dataclass(frozen=True)
class Case:
    """One fuzzed input: a findings text and its rubric's text, with the seed's layout."""

    number: int
    findings: str
    rubric: str
    rubric_place: str


def mutate(text: str, rng: random.Random) -> str:
    """`text` with one to four random mutations."""
    for _ in range(rng.randint(1, 4)):
        text = rng.choice(_MUTATIONS)(text, rng)
    return text


def mutate_gently(text: str, rng: random.Random) -> str:
    """`text` with a number or a text value changed, so it mostly stays valid and is scored."""
    return rng.choice((_renumber, _quoted, _quoted))(text, rng)


def _insert(text: str, rng: random.Random) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + rng.choice(HOSTILE) + text[at:]


def _renumber(text: str, rng: random.Random) -> str:
    numbers = list(NUMBER.finditer(text))
    if not numbers:
        return text
    found = rng.choice(numbers)
    extreme = rng.choice(("0", "1", "2.5", "7.5", "100", "999999999999999", "0.000000000000001",
                          "99999999999999.9", "1e14", "1e-15", "-3", "12.345"))  # fmt: skip
    return text[: found.start()] + extreme + text[found.end() :]


def _lines(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    action = rng.choice(("delete", "duplicate", "swap", "indent"))
    if action == "delete":
        del lines[at]
    elif action == "duplicate":
        lines.insert(at, lines[at])
    elif action == "swap":
        other = rng.randrange(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
    else:
        lines[at] = " " * rng.choice((1, 2, 4)) + lines[at]
    return "\n".join(lines)


def _value(text: str, rng: random.Random) -> str:
    values = list(re.finditer(r": (\S[^\n]*)", text))
    if not values:
        return text
    found = rng.choice(values)
    return text[: found.start(1)] + rng.choice(HOSTILE) + text[found.end(1) :]


# A text value: quoted, or plain up to the end of the line or of its flow mapping.
_TEXT_VALUE = re.compile(
    r"(?:unit|note|evidence|title|text|reason|approved_by): "
    r"(\"[^\"\n]*\"|[^\s\"'][^\n,{}\[\]]*)"
)


def _quoted(text: str, rng: random.Random) -> str:
    """A text value (a unit, a note, evidence, a title) replaced by hostile quoted text."""
    values = list(_TEXT_VALUE.finditer(text))
    if not values:
        return text
    found = rng.choice(values)
    hostile = [token for token in HOSTILE if token.startswith('"')]
    return text[: found.start(1)] + rng.choice(hostile) + text[found.end(1) :]


def _truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randint(0, len(text))]


_MUTATIONS: tuple[Callable[[str, random.Random], str], ...] = (
    _insert, _insert, _renumber, _renumber, _lines, _value, _value, _truncate,
)  # fmt: skip


def make_case(number: int, seed: int) -> Case:
    """The `number`th case of a run seeded with `seed`: the same case on every machine."""
    rng = random.Random(f"{seed}:{number}")
    findings, rubric, place = rng.choice(SEEDS)
    change = mutate_gently if number % 2 else mutate
    findings_text = change(findings.read_text(encoding="utf-8"), rng)
    rubric_text = rubric.read_text(encoding="utf-8")
    if number % 3 == 2:
        rubric_text = mutate(rubric_text, rng) if number % 2 == 0 else _quoted(rubric_text, rng)
    return Case(number, findings_text, rubric_text, place)


@dataclass
class _Run:
    code: int
    stdout: bytes
    stderr: str


def _djkh(*args: str) -> _Run:
    result = CliRunner().invoke(main, list(args), prog_name="djkh", env=ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return _Run(EXIT_CRASH, result.stdout_bytes, f"{result.exception!r}")
    return _Run(result.exit_code, result.stdout_bytes, result.stderr)


@dataclass
class Outcome:
    """What went wrong with a case (nothing, normally), and whether djkh scored it."""

    failures: list[str]
    scored: bool


def check(case: Case, folder: Path) -> Outcome:
    """Run `case` in the empty `folder` through every command and format."""
    rubric = folder / "rubric" / case.rubric_place
    rubric.parent.mkdir(parents=True)
    rubric.write_text(case.rubric, encoding="utf-8")
    findings = folder / "findings" / "f.yaml"
    findings.parent.mkdir()
    findings.write_text(case.findings, encoding="utf-8")
    shutil.copy(SEEDS[0][0], findings.parent / "g.yaml")
    failures = _check_validate(findings, rubric, folder)
    score_failures, scored = _check_score(findings, folder)
    failures += score_failures + _check_batch(findings.parent, folder)
    if case.rubric != _original_rubric(case).read_text(encoding="utf-8"):
        failures += _check_rubric(case, rubric, folder)
    return Outcome(failures, scored)


def _check_validate(findings: Path, rubric: Path, folder: Path) -> list[str]:
    dirs = ("--rubric-dir", str(folder / "rubric"))
    runs = {f: _djkh("validate", "--format", f, *dirs, str(findings), str(rubric))
            for f in REPORT_FORMATS}  # fmt: skip
    failures = _statuses("validate", runs)
    failures += _parsed("validate --format json", runs["json"].stdout, json.loads)
    failures += _parsed("validate --format junit", runs["junit"].stdout, ET.fromstring)
    return failures


def _check_score(findings: Path, folder: Path) -> tuple[list[str], bool]:
    dirs = ("--rubric-dir", str(folder / "rubric"))
    runs = {}
    for output_format in SCORE_FORMATS:
        args = ["score", str(findings), *dirs, "--format", output_format]
        if output_format == "xlsx":
            target = folder / "out.xlsx"
            args += ["-o", str(target)]
        runs[output_format] = _djkh(*args)
    failures = _statuses("score", runs)
    failures += _parsed("score --format csv", runs["csv"].stdout, _csv_rows)
    failures += _parsed("score --format html", runs["html"].stdout, _html)
    if runs["xlsx"].code != 0 and target.exists():
        failures.append("score -o out.xlsx failed but wrote the file")
    scored = runs["json"].code == 0
    if scored and not failures:
        failures += _same_score(runs["json"].stdout, runs["csv"].stdout, target)
    return failures, scored


def _check_batch(findings: Path, folder: Path) -> list[str]:
    dirs = ("--rubric-dir", str(folder / "rubric"))
    target = folder / "batch.xlsx"
    runs = {
        "json": _djkh("score", str(findings), *dirs, "--partial", "--format", "json"),
        "xlsx": _djkh("score", str(findings), *dirs, "--partial", "-o", str(target)),
        "csv": _djkh("score", str(findings), *dirs, "--partial", "--format", "csv"),
    }
    failures = _statuses("score (batch)", runs)
    failures += _parsed("score (batch) --format json", runs["json"].stdout, json.loads)
    failures += _parsed("score (batch) --format csv", runs["csv"].stdout, _csv_rows)
    if target.exists():
        failures += _parsed("score (batch) -o batch.xlsx", target.read_bytes(), _workbook)
    return failures


def _original_rubric(case: Case) -> Path:
    return next(seed[1] for seed in SEEDS if seed[2] == case.rubric_place)


def _check_rubric(case: Case, rubric: Path, folder: Path) -> list[str]:
    """`djkh show` of the (mutated) rubric in every format, and `djkh diff` from the original."""
    original = _original_rubric(case)
    target = folder / "rubric.xlsx"
    shown = {f: _djkh("show", str(rubric), "--format", f) for f in ("table", "markdown", "html")}
    shown["xlsx"] = _djkh("show", str(rubric), "-o", str(target))
    failures = _statuses("show", shown)
    failures += _parsed("show --format html", shown["html"].stdout, _html)
    if target.exists():
        failures += _parsed("show -o rubric.xlsx", target.read_bytes(), _workbook)
    diffs = {f: _djkh("diff", str(original), str(rubric), "--format", f)
             for f in ("text", "markdown", "json")}  # fmt: skip
    failures += _statuses("diff", diffs, allowed=(0, 1, 2))
    failures += _parsed("diff --format json", diffs["json"].stdout, json.loads)
    return failures


def _statuses(command: str, runs: dict[str, _Run], allowed: tuple[int, ...] = (0, 1)) -> list[str]:
    failures = [
        f"djkh {command} --format {name} exited {run.code}: {run.stderr[-500:]}"
        for name, run in runs.items()
        if run.code not in allowed
    ]
    codes = {name: run.code for name, run in runs.items()}
    if len(set(codes.values())) > 1:
        failures.append(f"djkh {command}: the formats disagree on the exit status: {codes}")
    return failures


def _parsed(what: str, output: bytes, parse: Callable[[bytes], object]) -> list[str]:
    if not output:
        return []
    try:
        parse(output)
    except Exception as err:  # any failure to parse is what is looked for
        return [f"{what} is not well formed: {err!r}"]
    return []


def _csv_rows(output: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(output.decode("utf-8-sig"), newline="")))


def _html(output: bytes) -> None:
    text = output.decode("utf-8")
    HTMLParser().feed(text)
    if "<script>alert" in text or "<img src=x" in text:
        raise ValueError("input text reached the page as markup")


def _workbook(output: bytes) -> object:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(output))


def _same_score(card_json: bytes, card_csv: bytes, book: Path) -> list[str]:
    """The total of the json card, the csv form and the xlsx form: one and the same."""
    from openpyxl import load_workbook

    score = Decimal(str(json.loads(card_json, parse_float=Decimal)["score"]))
    totals = [row for row in _csv_rows(card_csv) if row and row[0] == "Total"]
    sheet = load_workbook(book).worksheets[0]
    cells = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == "Total"]
    shown = {
        "csv": Decimal(totals[-1][5]) if totals else None,
        "xlsx": Decimal(str(cells[-1][5])) if cells else None,
    }
    return [
        f"score: json says {score}, {name} says {value}"
        for name, value in shown.items()
        if value != score
    ]


@dataclass
class Summary:
    """A fuzzing run: the failing cases with what failed, and how many cases were scored."""

    failed: list[tuple[Case, list[str]]]
    scored: int


def run(iterations: int, seed: int, keep: Path | None = None) -> Summary:
    """Check `iterations` cases; the failing ones are each kept under `keep` if given."""
    summary = Summary([], 0)
    for number in range(iterations):
        case = make_case(number, seed)
        with tempfile.TemporaryDirectory(prefix="djkh-fuzz-") as folder:
            outcome = check(case, Path(folder))
        summary.scored += outcome.scored
        if outcome.failures:
            summary.failed.append((case, outcome.failures))
            if keep is not None:
                _keep(case, outcome.failures, keep)
    return summary


def _keep(case: Case, failures: list[str], keep: Path) -> None:
    where = keep / f"case-{case.number}"
    (where / "rubric" / case.rubric_place).parent.mkdir(parents=True, exist_ok=True)
    (where / "rubric" / case.rubric_place).write_text(case.rubric, encoding="utf-8")
    (where / "f.yaml").write_text(case.findings, encoding="utf-8")
    (where / "failures.txt").write_text("\n".join(failures) + "\n", encoding="utf-8")


def main_fuzz(argv: list[str] | None = None) -> int:
    """The command line: run, report each failing case, exit 1 if any failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=random.randrange(1 << 30))
    parser.add_argument("--keep", type=Path, default=Path("fuzz-failures"))
    args = parser.parse_args(argv)
    print(f"seed {args.seed}, {args.iterations} iterations", file=sys.stderr)
    summary = run(args.iterations, args.seed, args.keep)
    for case, failures in summary.failed:
        print(f"case {case.number} ({args.keep}/case-{case.number}):", *failures, sep="\n  ")
    print(
        f"{len(summary.failed)} of {args.iterations} cases failed; {summary.scored} were scored",
        file=sys.stderr,
    )
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main_fuzz())
