"""`djkh convert` of a workbook of several units: one file per unit, never two units in one file,
and nothing written unless every file can be."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import REPO

RUBRICS = REPO / "examples" / "rubric"
UNITS = ("A/镇", "A_镇", "a镇", "A镇")


def _filled_book(djkh, tmp_path: Path) -> Path:
    """A workbook of UNITS, filled in: 否 for each flat rule (did it happen?), else 1."""
    listed = tmp_path / "units.txt"
    listed.write_text("".join(f"{unit}\n" for unit in UNITS), encoding="utf-8")
    book = tmp_path / "units.xlsx"
    run = djkh("init", "--rubric", "example-paiming@2026", "--units", str(listed), "--year",
               "2026", "-o", str(book), "--rubric-dir", str(RUBRICS))  # fmt: skip
    assert run.code == 0, run.stderr
    workbook = load_workbook(book)
    for sheet in workbook.worksheets:
        for row in range(10, sheet.max_row + 1):
            role = str(sheet.cell(row, 12).value)
            if role.startswith("rule "):
                sheet.cell(row, 6).value = "否" if role.endswith(" flat") else 1
    workbook.save(book)
    return book


def _units_by_file(folder: Path) -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8").split("\nunit: ", 1)[1].split("\n", 1)[0]
        for path in folder.iterdir()
    }


def test_units_with_the_same_file_name_are_written_to_distinct_files(djkh, tmp_path: Path) -> None:
    book = _filled_book(djkh, tmp_path)
    folder = tmp_path / "out"
    run = djkh("convert", str(book), "-o", str(folder), "--rubric-dir", str(RUBRICS))
    assert run.code == 0, run.stderr
    assert run.stderr.splitlines() == [
        "unit 'A_镇' is written to A_镇-2.yaml: as a file name it would be A_镇.yaml, another "
        "unit's file",
        "unit 'A镇' is written to A镇-2.yaml: as a file name it would be a镇.yaml, another unit's "
        "file",
        f"wrote {folder / 'A_镇.yaml'}",
        f"wrote {folder / 'A_镇-2.yaml'}",
        f"wrote {folder / 'a镇.yaml'}",
        f"wrote {folder / 'A镇-2.yaml'}",
    ]
    assert _units_by_file(folder) == {
        "A_镇.yaml": "A/镇",
        "A_镇-2.yaml": "A_镇",
        "a镇.yaml": "a镇",
        "A镇-2.yaml": "A镇",
    }
    back = djkh("validate", str(folder), "--rubric-dir", str(RUBRICS))
    assert back.stdout.splitlines()[-1] == "checked 4 files: no problems"


def test_nothing_is_written_when_one_units_file_exists(djkh, tmp_path: Path) -> None:
    book = _filled_book(djkh, tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "A镇-2.yaml").write_text("kept\n", encoding="utf-8")
    run = djkh("convert", str(book), "-o", str(folder), "--rubric-dir", str(RUBRICS))
    assert run.code == 1
    assert run.stderr.splitlines()[-1] == (
        f"djkh: not written: {folder / 'A镇-2.yaml'} exists: add --force to replace it, or "
        "choose another folder"
    )
    assert [path.name for path in folder.iterdir()] == ["A镇-2.yaml"]
    assert (folder / "A镇-2.yaml").read_text(encoding="utf-8") == "kept\n"
    forced = djkh("convert", str(book), "-o", str(folder), "--force", "--rubric-dir", str(RUBRICS))
    assert forced.code == 0, forced.stderr
    assert sorted(_units_by_file(folder).values()) == sorted(UNITS)
