"""The fill-in form's rows as printed: every wrapped line shown, merged cells' lines too."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from djkh.files.workbook import FIRST_FORM_ROW, NOTE, SECTION
from djkh.render.cell_lines import lines_shown, row_height
from djkh.render.form_heights import fit_rows
from tests.conftest import EXAMPLES

RUBRICS = str(EXAMPLES.parent / "rubric")


def _form(djkh, folder: Path, *args: str) -> Worksheet:  # type: ignore[no-untyped-def]
    target = folder / "表.xlsx"
    assert djkh("init", "--year", "2026", "--rubric-dir", RUBRICS, "--format", "xlsx",
                "-o", str(target), *args).code == 0  # fmt: skip
    return load_workbook(target).worksheets[0]


def _width(sheet: Worksheet, first: int, last: int) -> float:
    return sum(sheet.column_dimensions[chr(64 + c)].width for c in range(first, last + 1))


@pytest.mark.usefixtures("chinese")
def test_a_merged_standards_cell_takes_the_missing_height_from_every_row(
    djkh, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    sheet = _form(djkh, tmp_path, "--rubric", "wenzhou-jiguan@2007", "--unit", "示例局丁")
    standards = str(sheet["C20"].value)
    assert "C20:C23" in {str(span) for span in sheet.merged_cells.ranges}
    assert lines_shown(standards, 36) == 13
    # its four rules' rows need 20, 20, 36 and 36 points; its 13 lines need 212: 25 more each
    assert [sheet.row_dimensions[row].height for row in range(20, 24)] == [45, 45, 61, 61]
    assert sheet.row_dimensions[FIRST_FORM_ROW - 1].height == 36  # 标准分 wraps in its column


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize(
    "args",
    [
        ("--rubric", "wenzhou-jiguan@2007", "--unit", "示例局丁"),
        ("--rubric", "example-xian@2025", "--class", "town", "--unit", "示例镇甲"),
        ("--rubric", "example-zhen@2026", "--unit", "示例镇甲", "--assessor", "组织科"),
    ],
    ids=["jiguan", "xian", "assessor"],
)
def test_every_cell_of_the_form_has_room_for_its_lines(
    args: tuple[str, ...], djkh, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    sheet = _form(djkh, tmp_path, *args)
    last = max(row for row in range(FIRST_FORM_ROW, sheet.max_row + 1) if sheet.cell(row, 5).value)
    spans = [s for s in sheet.merged_cells.ranges if s.min_row >= FIRST_FORM_ROW - 2]
    merged = {cell for span in spans for cell in span.cells}
    for row in range(FIRST_FORM_ROW - 2, last + 1):
        for column in range(SECTION, NOTE + 1):
            value = sheet.cell(row, column).value
            if value is not None and (row, column) not in merged:
                needed = row_height(lines_shown(str(value), _width(sheet, column, column)))
                assert sheet.row_dimensions[row].height >= needed, (row, column)
    for span in spans:
        value = str(sheet.cell(span.min_row, span.min_col).value)
        needed = row_height(lines_shown(value, _width(sheet, span.min_col, span.max_col)))
        rows = range(span.min_row, span.max_row + 1)
        assert sum(sheet.row_dimensions[row].height for row in rows) >= needed, str(span)


def test_fit_rows_shares_what_a_merged_cell_lacks_in_whole_points() -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    sheet = Workbook().active
    assert sheet is not None
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 10
    sheet["A1"] = "一\n二\n三\n四\n五\n六"  # 6 lines: 100 points
    sheet["A1"].alignment = Alignment(wrap_text=True)
    sheet["B2"] = "一\n二"  # the second row needs 36 points of its own
    sheet["B2"].alignment = Alignment(wrap_text=True)
    sheet.merge_cells("A1:A3")
    fit_rows(sheet, range(1, 4), range(1, 3))
    # 20 + 36 + 20 = 76: the 24 points missing, 8 for each row
    assert [sheet.row_dimensions[row].height for row in (1, 2, 3)] == [28, 44, 28]
    sheet["A1"] = "一\n二\n三\n四\n五\n六\n七"  # 116 points: 40 missing, 14, 13 and 13
    fit_rows(sheet, range(1, 4), range(1, 3))
    assert [sheet.row_dimensions[row].height for row in (1, 2, 3)] == [34, 49, 33]
