"""A batch never publishes a wrong or incomplete ranking silently: duplicates, years, left out."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import REPO

INPUTS = REPO / "tests" / "cases" / "batch" / "inputs"
RUBRICS = ("--rubric-dir", str(INPUTS / "rubric"))
PARTIAL = str(INPUTS / "partial")
LEFT_OUT = {
    "丁.yaml": "12:15: rule 'missed' counts occurrences: give a whole number, 0 or more, got the "
    "number -1 [DJ407]",
    "丙.yaml": "8:16: rule 'no-plan' takes true or false, got text \"yes\": write true or false "
    "(djkh reads yes/no/on/off as text) [DJ407]",
}


@pytest.mark.parametrize("output_format", ["table", "json", "csv", "markdown", "html", "xlsx"])
def test_without_partial_nothing_is_written_and_the_old_output_stays(
    djkh, tmp_path: Path, output_format: str
) -> None:
    target = tmp_path / "通报.out"
    target.write_bytes(b"last year's report")
    run = djkh("score", PARTIAL, *RUBRICS, "--format", output_format, "-o", str(target))
    assert run.code == 1
    assert run.stderr.splitlines()[-1] == (
        "djkh: no ranking written: 2 files have errors: fix them, or pass --partial to rank the "
        "other 2 and list the files left out in the ranking"
    )
    assert target.read_bytes() == b"last year's report"
    assert [p.name for p in tmp_path.iterdir()] == ["通报.out"]


@pytest.mark.parametrize("output_format", ["table", "json", "csv", "markdown", "html", "xlsx"])
def test_nothing_to_score_writes_nothing(djkh, tmp_path: Path, output_format: str) -> None:
    target = tmp_path / "通报.out"
    target.write_bytes(b"last year's report")
    bad = str(INPUTS / "bad")
    run = djkh("score", bad, *RUBRICS, "--partial", "--format", output_format, "-o", str(target))
    assert run.code == 1
    assert run.stderr.splitlines()[-1] == (
        "djkh: nothing to score: none of the 2 files given can be ranked; nothing written"
    )
    assert target.read_bytes() == b"last year's report"


def test_an_empty_folder_is_nothing_to_score(djkh, tmp_path: Path) -> None:
    target = tmp_path / "通报.xlsx"
    target.write_bytes(b"old")
    (tmp_path / "findings").mkdir()
    run = djkh("score", str(tmp_path / "findings"), "--partial", "-o", str(target))
    assert (run.code, run.stderr.splitlines()[-1]) == (
        1,
        "djkh: nothing to score: no findings file found; nothing written",
    )
    assert target.read_bytes() == b"old"


def _left_out(rows: list[list[str]]) -> dict[str, str]:
    return {Path(path).name: why for path, why in rows}


def test_partial_json_lists_every_file_left_out(djkh) -> None:
    run = djkh("score", PARTIAL, *RUBRICS, "--partial", "--format", "json")
    assert run.code == 1
    document = json.loads(run.stdout)
    assert document["rankings"][0]["year"] == 2025
    assert [u["unit"] for u in document["rankings"][0]["units"]] == ["甲", "乙"]
    left = {Path(e["path"]).name: e["errors"] for e in document["left_out"]}
    assert left == {
        "丁.yaml": [
            {
                "line": 12,
                "col": 15,
                "code": "DJ407",
                "message": "rule 'missed' counts occurrences: give a whole number, 0 or more, "
                "got the number -1",
            }
        ],
        "丙.yaml": [
            {
                "line": 8,
                "col": 16,
                "code": "DJ407",
                "message": "rule 'no-plan' takes true or false, got text \"yes\": write true or "
                "false (djkh reads yes/no/on/off as text)",
            }
        ],
    }


def test_partial_xlsx_has_a_sheet_of_the_files_left_out(djkh, tmp_path: Path) -> None:
    target = tmp_path / "通报.xlsx"
    run = djkh("score", PARTIAL, *RUBRICS, "--partial", "--format", "xlsx", "-o", str(target))
    assert run.code == 1
    assert run.stderr.splitlines()[-2:] == [
        f"wrote {target}",
        "djkh: the ranking leaves out 2 files with errors; they are listed in the output",
    ]
    book = load_workbook(target)
    assert book.sheetnames == ["Summary", "Left out", "甲", "乙"]
    assert book["Summary"]["A2"].value == "Rubric: tiny@1　Year: 2025"
    sheet = book["Left out"]
    assert sheet["A1"].value == "2 files left out of the ranking (--partial)"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0] == ["File", "Why it is left out"]
    assert _left_out(rows[1:]) == LEFT_OUT


def test_partial_html_lists_the_files_left_out(djkh) -> None:
    run = djkh("score", PARTIAL, *RUBRICS, "--partial", "--format", "html")
    assert run.code == 1
    assert '<p class="meta">Rubric: tiny@1　Year: 2025</p>' in run.stdout
    section = run.stdout.split('<section class="left-out">')[1].split("</section>")[0]
    assert section.startswith("<h2>2 files left out of the ranking (--partial)</h2>")
    assert "<th>File</th><th>Why it is left out</th>" in section
    for name, why in LEFT_OUT.items():
        path = str(INPUTS / "partial" / name)
        escaped = html.escape(why)
        assert f'<tr class="left-out"><td>{path}</td><td>{escaped}</td></tr>' in section


def test_a_complete_batch_has_no_left_out_section(djkh) -> None:
    run = djkh("score", str(INPUTS / "warn"), *RUBRICS, "--format", "html")
    assert run.code == 0
    assert "left-out" not in run.stdout


def test_year_option_with_no_file_of_that_year_is_nothing_to_score(djkh) -> None:
    run = djkh("score", str(INPUTS / "years"), *RUBRICS, "--year", "2030")
    assert run.code == 1
    assert run.stderr.splitlines() == [
        "djkh: 3 files for other years passed over (--year 2030)",
        "djkh: nothing to score: none of the 3 files given can be ranked; nothing written",
    ]


JIA = str(REPO / "examples" / "findings" / "示例局甲.yaml")


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("通报.xlsx", b"PK\x03\x04"),
        ("通报.XLSX", b"PK\x03\x04"),
        ("通报.csv", "\ufeff单位,示例局甲".encode()),
        ("通报.json", b'{\n  "unit": '),
        ("通报.md", "# 温州市".encode()),
        ("通报.markdown", "# 温州市".encode()),
        ("通报.html", b"<!DOCTYPE html>"),
        ("通报.htm", b"<!DOCTYPE html>"),
        ("通报.txt", "温州市市直机关党建工作目标管理考核细则\n单位".encode()),
    ],
)
@pytest.mark.usefixtures("chinese")
def test_the_format_follows_the_output_name(djkh, tmp_path: Path, name: str, starts: bytes) -> None:
    target = tmp_path / name
    run = djkh("score", JIA, "-o", str(target))
    assert (run.code, run.stderr) == (0, f"已写入 {target}\n")
    assert target.read_bytes().startswith(starts)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["score", JIA, "--format", "json", "-o", "通报.xlsx"],
            "Error: --format json does not match -o 通报.xlsx, whose name says xlsx: "
            "drop --format, or name the file for json",
        ),
        (
            ["score", JIA, "--format", "table", "-o", "通报.csv"],
            "Error: --format table does not match -o 通报.csv, whose name says csv: drop --format, "
            "or name the file for table",
        ),
        (
            ["show", "wenzhou-jiguan@2007", "-o", "细则.csv"],
            "Error: -o 细则.csv names a csv file, which this command does not write: choose "
            "--format table, --format markdown, --format html, --format xlsx",
        ),
    ],
)
def test_a_format_the_name_contradicts_is_refused(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    run = djkh(*args)
    assert (run.code, run.stderr.splitlines()[-1]) == (2, message)
    assert list(tmp_path.iterdir()) == []


def test_show_infers_its_format_too(djkh, tmp_path: Path) -> None:
    target = tmp_path / "细则.xlsx"
    assert djkh("show", "wenzhou-jiguan@2007", "-o", str(target)).code == 0
    assert load_workbook(target).sheetnames == ["Rubric"]


ASSESSED = str(REPO / "tests" / "cases" / "findings" / "assessor" / "f.yaml")
META = (
    "单位：市财政局　年度：2025　考核细则：tiny@1　考核人：考核组 王某、李某　考核日期：2025-12-20"
)


@pytest.mark.usefixtures("chinese")
def test_assessor_and_date_are_on_every_form(djkh, tmp_path: Path) -> None:
    csv_run = djkh("score", ASSESSED, *RUBRICS, "--format", "csv")
    assert csv_run.stdout.splitlines()[:6] == [
        "\ufeff单位,市财政局",
        "年度,2025",
        "考核细则,tiny@1",
        "考核人,考核组 王某、李某",
        "考核日期,2025-12-20",
        "",
    ]
    markdown = djkh("score", ASSESSED, *RUBRICS, "--format", "markdown").stdout
    assert markdown.splitlines()[2] == META
    assert (
        f'<p class="meta">{META}</p>'
        in djkh("score", ASSESSED, *RUBRICS, "--format", "html").stdout
    )
    target = tmp_path / "市财政局.xlsx"
    assert djkh("score", ASSESSED, *RUBRICS, "-o", str(target)).code == 0
    assert load_workbook(target)["评分表"]["A2"].value == META


def test_assessor_and_date_are_in_the_batch_cards(djkh, tmp_path: Path) -> None:
    folder = tmp_path / "findings"
    folder.mkdir()
    (folder / "a.yaml").write_text(Path(ASSESSED).read_text(encoding="utf-8"), encoding="utf-8")
    run = djkh("score", str(folder), str(INPUTS / "warn" / "子.yaml"), *RUBRICS, "--format", "json")
    units = json.loads(run.stdout)["rankings"][0]["units"]
    assert [(u["unit"], u.get("assessor"), u.get("date")) for u in units] == [
        ("子", None, None),
        ("市财政局", "考核组 王某、李某", "2025-12-20"),
    ]


TINY = (
    "kind: findings\nrubric: tiny@1\nunit: {unit}\nyear: {year}\nitems:\n"
    "  study:\n    findings:\n      no-plan: {plan}\n      sessions: {sessions}\n"
)
MEETINGS = "  meetings:\n    findings:\n      missed: {missed}\n"
BAD = {
    "x-bad1.yaml": ("单位B1", "yes", "6", "0"),
    "x-bad2.yaml": ("单位B2", "false", "six", "0"),
    "x-bad3.yaml": ("单位B3", "false", "6", "-1"),
}


def _unit(n: int, unit: str | None = None, year: int = 2025) -> str:
    text = TINY.format(unit=unit or f"单位{n:03d}", year=year, plan=n % 3 == 0, sessions=n % 7)
    # every tenth unit leaves out an item: a warning (DJ503), not an error
    return text if n % 10 == 0 else text + MEETINGS.format(missed=n % 2)


@pytest.fixture
def county(djkh, tmp_path: Path) -> Path:
    """398 findings files: 390 units, a Windows copy, a file copied without changing its unit,
    one of last year's files in 2024/, three invalid files and two untouched templates."""
    folder = tmp_path / "findings"
    (folder / "2024").mkdir(parents=True)
    for n in range(1, 391):
        (folder / f"u{n:03d}.yaml").write_text(_unit(n), encoding="utf-8")
    (folder / "u001 - 副本.yaml").write_text(_unit(1), encoding="utf-8")
    (folder / "u777.yaml").write_text(_unit(777, "单位002"), encoding="utf-8")
    (folder / "2024" / "u900.yaml").write_text(_unit(901, "单位900", year=2024), encoding="utf-8")
    for name, (unit, plan, sessions, missed) in BAD.items():
        text = TINY.format(unit=unit, year=2025, plan=plan, sessions=sessions)
        (folder / name).write_text(text + MEETINGS.format(missed=missed), encoding="utf-8")
    for n in (1, 2):
        args = ("--rubric", "tiny@1", "--unit", f"单位T{n}", "--year", "2025", *RUBRICS)
        assert djkh("init", *args, "-o", str(folder / f"y-template{n}.yaml")).code == 0
    return folder


def _alone(djkh, path: Path) -> list[str]:
    """The problems `djkh validate` reports for one file by itself."""
    return djkh("validate", str(path), *RUBRICS).stdout.splitlines()[:-1]


def test_a_county_batch_is_refused_as_documented(djkh, county: Path) -> None:
    d = county
    run = djkh("score", str(d), *RUBRICS, "--jobs", "2", "-o", str(d.parent / "通报.xlsx"))
    assert (run.code, run.stdout) == (1, "")
    also = "one file per unit and year; delete the copy, or correct 'unit:' in the file copied"
    expected = [
        f"{d}/2024/u900.yaml:4:7: error: this file is for 2024, but 392 other valid files of this "
        f"batch are for 2025 ({d}/u001 - 副本.yaml, {d}/u001.yaml, {d}/u002.yaml and 389 more): "
        "one ranking is one year; score each year's files apart, or choose one with --year [DJ602]",
        f"{d}/u001 - 副本.yaml:3:7: error: unit '单位001' for 2025 is also recorded in "
        f"{d}/u001.yaml: {also} from another unit [DJ601]",
        f"{d}/u001.yaml:3:7: error: unit '单位001' for 2025 is also recorded in "
        f"{d}/u001 - 副本.yaml: {also} from another unit [DJ601]",
        f"{d}/u002.yaml:3:7: error: unit '单位002' for 2025 is also recorded in {d}/u777.yaml: "
        f"{also} from another unit [DJ601]",
        f"{d}/u777.yaml:3:7: error: unit '单位002' for 2025 is also recorded in {d}/u002.yaml: "
        f"{also} from another unit [DJ601]",
    ]
    for name in (*BAD, "y-template1.yaml", "y-template2.yaml"):
        expected += _alone(djkh, d / name)
    warnings = [line for n in (10, 20, 30) for line in _alone(djkh, d / f"u{n:03d}.yaml")]
    assert len(warnings) == 3 and all(line.endswith("[DJ503]") for line in warnings)
    expected += warnings
    expected += [
        "… and 36 more DJ503 warnings (39 in 39 files); --all-warnings lists every one",
        "checked 398 files: 10 errors, 39 warnings in 49 files",
        "djkh: no ranking written: 10 files have errors: fix them, or pass --partial to rank the "
        "other 388 and list the files left out in the ranking",
    ]
    assert run.stderr.splitlines() == expected
    assert any("not filled in" in line for line in expected)
    assert not (d.parent / "通报.xlsx").exists()


def test_a_county_batch_ranked_partially_lists_what_it_leaves_out(djkh, county: Path) -> None:
    target = county.parent / "通报.json"
    run = djkh("score", str(county), *RUBRICS, "--partial", "-o", str(target))
    assert run.code == 1
    assert run.stderr.splitlines()[-2:] == [
        f"wrote {target}",
        "djkh: the ranking leaves out 10 files with errors; they are listed in the output",
    ]
    document = json.loads(target.read_text(encoding="utf-8"))
    (ranking,) = document["rankings"]
    assert (ranking["year"], ranking["statistics"]["count"]) == (2025, 388)
    names = {u["unit"] for u in ranking["units"]}
    assert "单位001" not in names and "单位002" not in names and "单位T1" not in names
    left = {Path(e["path"]).name: [x["code"] for x in e["errors"]] for e in document["left_out"]}
    assert left == {
        "u900.yaml": ["DJ602"],
        "u001 - 副本.yaml": ["DJ601"],
        "u001.yaml": ["DJ601"],
        "u002.yaml": ["DJ601"],
        "u777.yaml": ["DJ601"],
        "x-bad1.yaml": ["DJ407"],
        "x-bad2.yaml": ["DJ407"],
        "x-bad3.yaml": ["DJ407"],
        "y-template1.yaml": ["DJ410"],
        "y-template2.yaml": ["DJ410"],
    }


def test_a_county_batch_for_one_year(djkh, county: Path) -> None:
    run = djkh("score", str(county), *RUBRICS, "--year", "2025", "--partial", "--format", "csv")
    assert run.code == 1
    rows = run.stdout.removeprefix("\ufeff").splitlines()
    assert rows[:2] == ["Year,2025", "Rubric,tiny@1"]
    assert rows[rows.index("9 files left out of the ranking (--partial)") + 1] == (
        "File,Why it is left out"
    )
    assert "djkh: 1 file for another year passed over (--year 2025)" in run.stderr.splitlines()


def test_validate_finds_the_county_batch_duplicates_and_templates(djkh, county: Path) -> None:
    run = djkh("validate", "--strict", str(county), *RUBRICS, "--format", "json")
    assert run.code == 1
    codes = [p["code"] for p in json.loads(run.stdout)["problems"]]
    assert sorted(set(codes)) == ["DJ407", "DJ410", "DJ503", "DJ601"]
    assert (codes.count("DJ601"), codes.count("DJ410"), codes.count("DJ503")) == (4, 2, 39)


@pytest.mark.parametrize("problem_format", ["json", "github", "junit"])
def test_machine_formats_list_every_warning_of_a_batch(djkh, problem_format: str) -> None:
    warn = str(INPUTS / "warn")
    run = djkh("score", warn, *RUBRICS, "--problem-format", problem_format)
    assert run.code == 0
    assert run.stderr.count("DJ503") == 5
    assert "more DJ503" not in run.stderr


@pytest.mark.parametrize("width", [120, 200])
def test_the_left_out_table_is_the_same_by_either_road(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from djkh.render import RenderOptions
    from djkh.render.ranking_rich import rich_render as _rich_render
    from djkh.render.ranking_table import _plain_render
    from djkh.scoring.batch import score_paths

    monkeypatch.chdir(INPUTS)  # paths as short as on any machine
    result = score_paths((Path("partial"),), (Path("rubric"),), None, 1)
    assert len(result.left_out) == 2
    plain = _plain_render(result, width)
    assert (plain is not None) == (width == 200)  # at 120 the reasons wrap: rich lays it out
    if plain is not None:
        assert plain == _rich_render(result, RenderOptions(width=width, color=False))
