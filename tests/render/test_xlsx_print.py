"""The xlsx exports as printed: rows tall enough for every wrapped line, 小计 and 合计 in bold."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from djkh.render.cell_lines import lines_shown, row_height, units_wide
from tests.conftest import EXAMPLES

RUBRICS = str(EXAMPLES.parent / "rubric")


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("", 10, 1),
        ("一" * 26, 60, 1),  # 26 × 2.2 units and a unit of padding: 58.2 of 60
        ("一" * 27, 60, 2),
        ("一\n二\n三", 60, 3),  # each line break is a line
        ("一\n\n三", 60, 3),  # an empty line too
        ("一" * 60, 60, 3),
        ("example-xian@2025 " * 4, 20, 4),  # Latin words move whole to the next line
        (
            "人工调整：计算得分3，调整为5；理由：另有一项经验经县考核委员会认定为全县推广，加2分；"
            "批准：县考核委员会",
            60,
            2,
        ),
    ],
)
def test_lines_shown_counts_what_a_wrapped_cell_prints(text: str, width: int, lines: int) -> None:
    assert lines_shown(text, width) == lines


def test_a_word_wider_than_the_column_is_cut_across_lines() -> None:
    assert lines_shown("x" * 45, 10) == 5  # 9 digits a line after the cell's padding


def test_units_wide_is_what_fits_on_one_line() -> None:
    assert units_wide("1、乡村振兴重点项目") == 21  # 1 and 9 characters of 2.2, rounded up
    assert lines_shown("1、乡村振兴重点项目", units_wide("1、乡村振兴重点项目") + 2) == 1
    assert units_wide("abc") == 3


def test_row_height_gives_each_line_16_points_and_a_margin() -> None:
    assert [row_height(n) for n in (0, 1, 2, 5)] == [20.0, 20.0, 36.0, 84.0]


def _sheet_rows(sheet) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {sheet.cell(row, 2).value: row for row in range(4, sheet.max_row + 1)}


@pytest.mark.usefixtures("chinese")
def test_every_row_of_the_batch_workbook_shows_its_wrapped_lines(djkh, tmp_path: Path) -> None:
    target = tmp_path / "通报.xlsx"
    assert djkh("score", str(EXAMPLES.parent / "findings-xian"), "--rubric-dir", RUBRICS,
                "-o", str(target)).code == 0  # fmt: skip
    book = load_workbook(target)
    sheet = book["示例镇乙"]
    bonus = _sheet_rows(sheet)["1、创新工作"]
    notes = sheet.cell(bonus, 7).value.split("\n")
    assert notes[2].endswith("认定为全县推广，加2分；批准：县考核委员会")
    assert sheet.column_dimensions["G"].width == 60
    assert sheet.row_dimensions[bonus].height == 4 * 16 + 4  # 3 lines, the last one wraps
    for name in book.sheetnames:  # the 汇总 and each unit: every written row sized
        sheet = book[name]
        for row in range(3, sheet.max_row + 1):
            if any(cell.value is not None for cell in sheet[row]):
                assert (sheet.row_dimensions[row].height or 0) >= 20, (name, row)


@pytest.mark.usefixtures("chinese")
def test_subtotal_and_total_rows_are_bold_label_and_all(djkh, tmp_path: Path) -> None:
    target = tmp_path / "通报.xlsx"
    assert djkh("score", str(EXAMPLES), "-o", str(target)).code == 0
    sheet = load_workbook(target)["示例局甲"]
    assert sheet["A20"].value == "合计"
    assert [sheet.cell(20, column).font.b for column in range(1, 8)] == [True] * 7
    assert (sheet["A20"].font.name, sheet["A20"].font.sz) == ("Calibri", 11)  # as the body
    subtotal = _sheet_rows(sheet)["小计"]
    assert [sheet.cell(subtotal, column).font.b for column in range(2, 8)] == [True] * 6
    assert not sheet.cell(subtotal - 1, 2).font.b
    assert not sheet["A4"].font.b  # the section's merged 项目 cell keeps its item's font
