"""A workbook of several units (`djkh init --units`) read directly by validate and score: each
form sheet one unit of the batch, named `BOOK.xlsx:工作表`, with the batch's rules per sheet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from djkh.files.loader import load_file
from djkh.render import BATCH, RenderOptions
from djkh.render.findings_book import UnitForm, findings_workbook
from djkh.scoring import batch
from tests.conftest import EXAMPLES
from tests.files.test_workbook import _fill_as_the_yaml, _rubric

UNITS = ("示例局甲", "示例委乙", "示例中心丙")
NOT_FILLED = (
    "error: this form is not filled in: all 49 answer cells are empty, as djkh init wrote them; "
    "fill in what was found for each rule, or where nothing was, the answer that costs nothing, "
    "which each cell's input message names (否, 0, the required number or the limit) [DJ410]"
)


def _init(djkh, book: Path, units: tuple[str, ...], year: int = 2007) -> Path:
    listed = book.with_suffix(".txt")
    listed.write_text("".join(f"{unit}\n" for unit in units), encoding="utf-8")
    run = djkh("init", "--rubric", "wenzhou-jiguan@2007", "--units", str(listed),
               "--year", str(year), "-o", str(book))  # fmt: skip
    assert run.code == 0, run.stderr
    listed.unlink()
    return book


def _filled(djkh, book: Path) -> Path:
    """The examples' three units typed into their sheets, as each unit would."""
    _init(djkh, book, UNITS)
    for unit in UNITS:
        source = EXAMPLES / f"{unit}.yaml"
        _fill_as_the_yaml(book, load_file(str(source)).value.data, _rubric(source), unit)
    return book


def _edited(book: Path, edit: Any) -> Path:
    workbook = load_workbook(book)
    edit(workbook)
    workbook.save(book)
    return book


def _ranking(run: Any) -> list[tuple[int, str, str, float]]:
    assert run.code == 0, run.stderr
    units = json.loads(run.stdout)["rankings"][0]["units"]
    return [(u["rank"], u["path"], u["unit"], u["score"]) for u in units]


def _cards(run: Any) -> dict[str, dict[str, Any]]:
    units = json.loads(run.stdout)["rankings"][0]["units"]
    return {u["unit"]: {k: v for k, v in u.items() if k != "path"} for u in units}


def test_a_filled_workbook_of_several_units_scores_as_their_yaml(djkh, tmp_path: Path) -> None:
    book = _filled(djkh, tmp_path / "2007.xlsx")
    checked = djkh("validate", str(book))
    assert (checked.code, checked.stdout) == (0, "checked 1 file: no problems\n")
    scored = djkh("score", str(book), "--format", "json")
    yaml = djkh("score", str(EXAMPLES), "--format", "json")
    assert _ranking(scored) == [
        (1, f"{book}:示例委乙", "示例委乙", 96),
        (2, f"{book}:示例局甲", "示例局甲", 83),
        (3, f"{book}:示例中心丙", "示例中心丙", 56),
    ]
    assert _cards(scored) == _cards(yaml)


def test_one_units_sheet_is_scored_alone_by_its_name(djkh, tmp_path: Path) -> None:
    book = _filled(djkh, tmp_path / "2007.xlsx")
    alone = djkh("score", f"{book}:示例委乙", "--format", "json")
    yaml = djkh("score", str(EXAMPLES / "示例委乙.yaml"), "--format", "json")
    assert alone.code == 0, alone.stderr
    assert json.loads(alone.stdout) == json.loads(yaml.stdout)
    missing = djkh("score", f"{book}:示例局乙")
    assert (missing.code, missing.stdout) == (1, "")
    assert missing.stderr == (
        f"{book}: error: the workbook has no form sheet '示例局乙': its units' sheets are "
        "示例局甲、示例委乙、示例中心丙; name one of them, or the workbook alone for all of them "
        "[DJ001]\nchecked 1 file: 1 error in 1 file\n"
    )


def test_each_sheets_errors_are_located_and_nothing_is_written(djkh, tmp_path: Path) -> None:
    def spoil(workbook: Any) -> None:
        workbook["示例委乙"]["F12"] = "=2+3"
        workbook["示例中心丙"]["F11"] = "也许"

    book = _edited(_filled(djkh, tmp_path / "2007.xlsx"), spoil)
    errors = [
        f"{book}:示例委乙!F12: error: this answer cell holds a formula (=2+3): type the value "
        "itself; djkh never calculates formulas [DJ010]",
        f"{book}:示例中心丙!F11: error: cell F11 takes 是 or 否 (did it happen?), got text "
        '"也许": choose 是 or 否 from the cell\'s list [DJ407]',
        "checked 1 file: 2 errors in 1 file",
    ]
    checked = djkh("validate", str(book))
    assert (checked.code, checked.stdout.splitlines()) == (1, errors)
    out = tmp_path / "通报.json"
    refused = djkh("score", str(book), "--format", "json", "-o", str(out))
    assert refused.code == 1
    assert refused.stderr.splitlines() == [
        *errors,
        "djkh: no ranking written: 2 files have errors: fix them, or pass --partial to rank the "
        "other 1 and list the files left out in the ranking",
    ]
    assert not out.exists()
    partial = djkh("score", str(book), "--format", "json", "--partial")
    assert partial.code == 1
    document = json.loads(partial.stdout)
    assert [u["path"] for u in document["rankings"][0]["units"]] == [f"{book}:示例局甲"]
    assert [(e["path"], [p["cell"] for p in e["errors"]]) for e in document["left_out"]] == [
        (f"{book}:示例委乙", ["F12"]),
        (f"{book}:示例中心丙", ["F11"]),
    ]


def test_a_unit_in_a_workbook_and_in_a_yaml_file_is_a_duplicate(djkh, tmp_path: Path) -> None:
    folder = tmp_path / "findings"
    folder.mkdir()
    book = _filled(djkh, folder / "2007.xlsx")
    shutil.copy(EXAMPLES / "示例局甲.yaml", folder / "示例局甲.yaml")
    run = djkh("score", str(folder))
    assert run.code == 1
    duplicate = (
        "one file per unit and year; delete the copy, or correct 'unit:' in the file copied "
        "from another unit [DJ601]"
    )
    assert run.stderr.splitlines()[:2] == [
        f"{book}:示例局甲!B2: error: unit '示例局甲' for 2007 is also recorded in "
        f"{folder / '示例局甲.yaml'}: one form per unit and year; the 单位 cell (B2) of this "
        "sheet names it, and is locked: delete the copy, or if this form is another unit's, "
        "write that unit's form with djkh init --format xlsx and copy the answers into it "
        "[DJ601]",
        f"{folder / '示例局甲.yaml'}:5:7: error: unit '示例局甲' for 2007 is also recorded in "
        f"{book}:示例局甲: {duplicate}",
    ]


def test_a_workbooks_units_of_another_year_are_each_refused(djkh, tmp_path: Path) -> None:
    later = tmp_path / "2008.xlsx"
    forms = [UnitForm(unit, 2008, load_file(str(EXAMPLES / f"{unit}.yaml")).value.data)
             for unit in ("示例局甲", "示例委乙")]  # fmt: skip
    later.write_bytes(findings_workbook(_rubric(EXAMPLES / "示例局甲.yaml"), forms))
    run = djkh("score", str(EXAMPLES), str(later))
    assert run.code == 1
    assert [line.split(": error: ")[0] for line in run.stderr.splitlines()[:2]] == [
        f"{later}:示例局甲!B3",
        f"{later}:示例委乙!B3",
    ]
    assert run.stderr.splitlines()[0].endswith(
        f"this file is for 2008, but 3 other valid files of this batch are for 2007 "
        f"({EXAMPLES / '示例中心丙.yaml'}, {EXAMPLES / '示例委乙.yaml'}, "
        f"{EXAMPLES / '示例局甲.yaml'}): one ranking is one year; score each year's files apart, "
        "or choose one with --year [DJ602]"
    )


def test_a_folder_mixes_yaml_and_workbooks_of_one_and_of_several_units(
    djkh, tmp_path: Path
) -> None:
    folder = tmp_path / "findings"
    folder.mkdir()
    pair = _init(djkh, folder / "两个单位.xlsx", ("示例局甲", "示例委乙"))
    for unit in ("示例局甲", "示例委乙"):
        source = EXAMPLES / f"{unit}.yaml"
        _fill_as_the_yaml(pair, load_file(str(source)).value.data, _rubric(source), unit)
    single = _init(djkh, folder / "丁.xlsx", ("示例局丁",))
    _fill_as_the_yaml(single, load_file(str(EXAMPLES / "示例局甲.yaml")).value.data,
                      _rubric(EXAMPLES / "示例局甲.yaml"))  # fmt: skip
    shutil.copy(EXAMPLES / "示例中心丙.yaml", folder / "示例中心丙.yaml")
    checked = djkh("validate", str(folder))
    assert (checked.code, checked.stdout) == (0, "checked 3 files: no problems\n")
    assert _ranking(djkh("score", str(folder), "--format", "json")) == [
        (1, f"{pair}:示例委乙", "示例委乙", 96),
        (2, str(single), "示例局丁", 83),
        (2, f"{pair}:示例局甲", "示例局甲", 83),
        (4, str(folder / "示例中心丙.yaml"), "示例中心丙", 56),
    ]


def test_a_pool_of_workers_gives_the_same_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More units than the batch scores before choosing a pool, all in one workbook."""
    data = load_file(str(EXAMPLES / "示例局甲.yaml")).value.data
    forms = [UnitForm(f"单位{n:02}", 2007, {**data, "unit": f"单位{n:02}"}) for n in range(24)]
    book = tmp_path / "2007.xlsx"
    book.write_bytes(findings_workbook(_rubric(EXAMPLES / "示例局甲.yaml"), forms))
    alone = batch.score_paths((book,), jobs=1)
    monkeypatch.setattr(batch, "pool_pays", lambda *measured: True)
    pooled = batch.score_paths((book,), jobs=2)
    assert alone.problems == pooled.problems == ()
    assert [r.path for r in pooled.rankings[0].units][:2] == [f"{book}:单位00", f"{book}:单位01"]
    for name in ("json", "csv", "table"):
        render = BATCH.load(name)
        assert render(pooled, RenderOptions()) == render(alone, RenderOptions()), name


@pytest.mark.parametrize(
    ("edit", "error", "partial"),
    [
        (
            lambda workbook: setattr(workbook["示例委乙"], "title", "自查表"),
            "{book}:自查表: error: the sheet was renamed (djkh wrote it as '示例委乙'): rename it "
            "back to '示例委乙' [DJ009]",
            ("{book}:自查表", ["示例局甲", "示例中心丙"]),
        ),
        (
            lambda workbook: workbook.remove(workbook["示例委乙"]),
            "{book}: error: the sheet '示例委乙' that djkh wrote for a unit is missing from the "
            "workbook (deleted, or moved to another workbook): undo the change, or copy the "
            "unit's answers into a fresh form from djkh init --format xlsx [DJ009]",
            ("{book}", ["示例局甲", "示例中心丙"]),
        ),
        (
            lambda workbook: workbook.create_sheet("说明").append(["各单位请于月底前报送"]),
            "{book}:说明: error: this sheet is not a form djkh wrote, so djkh reads nothing in "
            "it: the workbook's units are its form sheets (示例局甲、示例委乙、示例中心丙); move "
            "what it holds elsewhere and delete the sheet, or write a form for a unit with djkh "
            "init --format xlsx [DJ009]",
            ("{book}", ["示例委乙", "示例局甲", "示例中心丙"]),
        ),
    ],
    ids=["renamed", "deleted", "extra"],
)
def test_a_sheet_renamed_deleted_or_added_is_refused_with_the_fix(
    djkh, tmp_path: Path, edit: Any, error: str, partial: tuple[str, list[str]]
) -> None:
    """Nothing is ranked without --partial; with it, the units read, and the sheet (or the
    workbook) with the error listed as left out."""
    book = _edited(_filled(djkh, tmp_path / "2007.xlsx"), edit)
    checked = djkh("validate", str(book))
    assert (checked.code, checked.stdout.splitlines()) == (
        1,
        [error.format(book=book), "checked 1 file: 1 error in 1 file"],
    )
    refused = djkh("score", str(book))
    assert (refused.code, refused.stdout) == (1, "")
    document = json.loads(djkh("score", str(book), "--partial", "--format", "json").stdout)
    left_out, ranked = partial
    assert [entry["path"] for entry in document["left_out"]] == [left_out.format(book=book)]
    assert [u["unit"] for u in document["rankings"][0]["units"]] == ranked


def test_an_empty_sheet_added_is_no_unit_and_no_error(djkh, tmp_path: Path) -> None:
    book = _edited(_filled(djkh, tmp_path / "2007.xlsx"), lambda w: w.create_sheet("Sheet1"))
    assert djkh("validate", str(book)).stdout == "checked 1 file: no problems\n"


def test_a_workbook_of_one_unit_with_an_extra_sheet_is_refused(djkh, tmp_path: Path) -> None:
    book = _init(djkh, tmp_path / "丁.xlsx", ("示例局丁",))
    _fill_as_the_yaml(book, load_file(str(EXAMPLES / "示例局甲.yaml")).value.data,
                      _rubric(EXAMPLES / "示例局甲.yaml"))  # fmt: skip
    _edited(book, lambda workbook: workbook.create_sheet("备注").append(["已核对"]))
    run = djkh("validate", str(book))
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        f"{book}:备注: error: this sheet is not a form djkh wrote, so djkh reads nothing in "
        "it: the workbook's units are its form sheets (示例局丁); move what it holds elsewhere "
        "and delete the sheet, or write a form for a unit with djkh init --format xlsx [DJ009]"
    )


def test_an_untouched_workbook_of_several_units_names_each_sheet(djkh, tmp_path: Path) -> None:
    book = _init(djkh, tmp_path / "2007.xlsx", ("示例局甲", "示例委乙"))
    run = djkh("validate", str(book))
    assert run.stdout.splitlines() == [
        f"{book}:示例局甲!A9: {NOT_FILLED}",
        f"{book}:示例委乙!A9: {NOT_FILLED}",
        "checked 1 file: 2 errors in 1 file",
    ]


def test_convert_refuses_a_workbook_missing_a_units_sheet(djkh, tmp_path: Path) -> None:
    book = _edited(_filled(djkh, tmp_path / "2007.xlsx"), lambda w: w.remove(w["示例委乙"]))
    folder = tmp_path / "findings"
    run = djkh("convert", str(book), "-o", str(folder))
    assert run.code == 1
    assert run.stderr.splitlines()[0] == (
        f"{book}: error: the sheet '示例委乙' that djkh wrote for a unit is missing from the "
        "workbook (deleted, or moved to another workbook): undo the change, or copy the unit's "
        "answers into a fresh form from djkh init --format xlsx [DJ009]"
    )
    assert not folder.exists()


def test_one_units_card_is_not_written_over_its_workbook(djkh, tmp_path: Path) -> None:
    book = _filled(djkh, tmp_path / "2007.xlsx")
    before = book.read_bytes()
    run = djkh("score", f"{book}:示例委乙", "-o", str(book))
    assert run.code == 1
    assert run.stderr == (
        f"djkh: not written: {book} is one of the input files: write the output elsewhere\n"
    )
    assert book.read_bytes() == before
