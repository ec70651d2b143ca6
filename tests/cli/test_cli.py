"""Command-line behaviour beyond the golden cases: start-up cost, entry points, rubric lookup."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO, imported_after

HEAVY = ("yaml", "pydantic", "rich", "openpyxl", "docx", "opencc", "pypinyin")


@pytest.mark.parametrize(
    "args", [["--version"], ["--help"], ["score", "--help"], ["import", "--help"]]
)
def test_startup_does_not_import_heavy_modules(args: list[str]) -> None:
    code = (
        "import sys\nfrom djkh.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_import_no_pathlib(args: list[str]) -> None:
    """Nor djkh's escaping patterns, nor what gettext's own catalog reader would import."""
    modules = ("pathlib", "urllib.parse", "dataclasses", "djkh.escaping", "locale", "struct")
    assert imported_after(args, modules) == []


def test_scoring_one_yaml_file_imports_neither_the_workbook_nor_the_syntax_reader(
    tmp_path: Path,
) -> None:
    shutil.copy(EXAMPLES / "示例局甲.yaml", tmp_path / "f.yaml")
    modules = ("djkh.files.workbook", "djkh.files.syntax", "openpyxl", "difflib")
    wanted = ("djkh.files.loader", "djkh.render.table")  # the test would pass if nothing ran
    assert imported_after(["score", "f.yaml"], modules + wanted, tmp_path) == list(wanted)


def test_a_plain_batch_table_loads_neither_rich_s_console_nor_its_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nor multiprocessing, for a batch too small to start workers; a table that fits the width
    (120 columns here) is written without rich."""
    monkeypatch.setenv("COLUMNS", "120")
    for name in ("示例局甲.yaml", "示例委乙.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    args = ["score", ".", "-o", "out.txt", "--format", "table"]
    modules = ("rich.console", "rich.table", "multiprocessing", "pydantic")
    wanted = ("djkh.render.ranking_table",)
    assert imported_after(args, modules + wanted, tmp_path) == list(wanted)
    assert "示例局甲" in (tmp_path / "out.txt").read_text(encoding="utf-8")


def test_a_batch_in_one_process_loads_neither_pickle_nor_fractions(tmp_path: Path) -> None:
    """What only a pool of workers (pickle) or a rubric of periods (fractions) needs."""
    for name in ("示例局甲.yaml", "示例委乙.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    args = ["score", ".", "--output", "out.csv", "--jobs", "1"]
    modules = ("pickle", "fractions", "djkh.scoring.sending")
    wanted = ("djkh.scoring.batch",)
    assert imported_after(args, modules + wanted, tmp_path) == list(wanted)
    assert "示例局甲" in (tmp_path / "out.csv").read_text(encoding="utf-8")


def test_a_broken_file_still_gets_the_syntax_reader(tmp_path: Path) -> None:
    (tmp_path / "f.yaml").write_text("unit: {a\n", encoding="utf-8")
    assert imported_after(["score", "f.yaml"], ("djkh.files.syntax",), tmp_path) == [
        "djkh.files.syntax"
    ]


def test_python_dash_m() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "djkh", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout == "djkh, version 0.2.0\n"


def test_score_works_from_any_folder_with_the_bundled_rubric(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(EXAMPLES / "示例局甲.yaml", tmp_path / "f.yaml")
    monkeypatch.chdir(tmp_path)
    run = djkh("score", "f.yaml", "--format", "json")
    assert run.code == 0
    assert json.loads(run.stdout, parse_float=Decimal)["score"] == 83


def test_local_rubric_folder_comes_before_the_bundled_one(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "rubric" / "wenzhou-jiguan"
    local.mkdir(parents=True)
    text = (REPO / "rubric" / "wenzhou-jiguan" / "2007.yaml").read_text(encoding="utf-8")
    (local / "2007.yaml").write_text(
        text.replace("title: 温州市", "title: 本地副本温州市"), encoding="utf-8"
    )
    shutil.copy(EXAMPLES / "示例局甲.yaml", tmp_path / "f.yaml")
    monkeypatch.chdir(tmp_path)
    run = djkh("score", "f.yaml")
    assert run.code == 0 and run.stdout.startswith("本地副本温州市")


def test_json_numbers_are_exact(djkh) -> None:
    run = djkh("score", str(EXAMPLES / "示例局甲.yaml"), "--format", "json")
    doc = json.loads(run.stdout, parse_float=Decimal)
    assert doc["self_score"] == Decimal("96.5") and '"self_score": 96.5,' in run.stdout
    item = doc["sections"][0]["items"][0]
    numbers = (item["max"], item["score"], item["deduction"], item["self_score"])
    assert numbers == (5, 0, 5, Decimal("4.5"))
    assert list(doc) == [
        "unit",
        "year",
        "rubric",
        "max",
        "score",
        "deduction",
        "self_score",
        "sections",
    ]
    assert set(item["deductions"][0]) == {"rule", "text", "value", "amount", "evidence"}


def test_validate_exit_codes(djkh) -> None:
    assert djkh("validate", str(REPO / "rubric"), str(REPO / "examples")).code == 0
    assert djkh("validate", "no-such-file.yaml").code == 1
    assert djkh("validate").code == 2


def test_the_tests_run_the_checkout_not_an_installed_copy() -> None:
    import djkh

    code = "import djkh; print(djkh.__file__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    expected = REPO / "src" / "djkh" / "__init__.py"
    assert (Path(djkh.__file__), Path(out.stdout.strip())) == (expected, expected)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["--jobs", "0"],
            "Error: Invalid value for '-j' / '--jobs': 0 is out of range (at least 1).",
        ),
        (["--year", "99"], "Error: Invalid value for '--year': 99 is out of range (1900 to 2999)."),
        (
            ["--lang", "zh", "--year", "99"],
            "错误：'--year' 的值无效：99 超出范围（1900 至 2999）。",
        ),
    ],
)
def test_a_number_out_of_range_is_said_in_words(djkh, args: list[str], said: str) -> None:  # type: ignore[no-untyped-def]
    run = djkh("score", "examples/findings", *args)
    assert (run.code, run.stderr.splitlines()[-1]) == (2, said)
