"""Problems in a workbook said as a person filling in the form sees it: cells, 是/否 and the
locked 单位 cell, never YAML's true/false, `value:` or keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from djkh.files.loader import load_file
from djkh.files.workbook import ANSWER, ROLE
from djkh.render.findings_book import UnitForm, findings_workbook
from tests.conftest import REPO
from tests.files.test_workbook import EXAMPLE_RUBRICS, _rubric
from tests.files.test_workbook_units import _edited, _filled

XIAN = REPO / "examples" / "findings-xian" / "示例镇甲.yaml"


def _xian_form(tmp_path: Path, edit: Any) -> Path:
    """示例镇甲's findings as a filled workbook, then edited in the answer cells named by role."""
    data = load_file(str(XIAN)).value.data
    book = tmp_path / "示例镇甲.xlsx"
    book.write_bytes(
        findings_workbook(_rubric(XIAN, EXAMPLE_RUBRICS), [UnitForm("示例镇甲", 2025, data)])
    )
    workbook = load_workbook(book)
    sheet = workbook.active
    rows = {str(row[0].value): row[0].row for row in sheet.iter_rows(min_col=ROLE, max_col=ROLE)}
    for role, value in edit.items():
        sheet.cell(rows[role], ANSWER).value = value
    workbook.save(book)
    return book


def _errors(djkh, book: Path) -> list[str]:
    run = djkh("validate", "--rubric-dir", str(EXAMPLE_RUBRICS), str(book))
    assert run.code == 1
    return run.stdout.splitlines()[:-1]


@pytest.mark.parametrize("typed", ["是的", "对", "yes"])
def test_a_yes_no_cell_asks_for_是_or_否_from_the_list(djkh, tmp_path: Path, typed: str) -> None:
    book = _xian_form(tmp_path, {"rule river-setup/leading-group requirement": typed})
    assert _errors(djkh, book) == [
        f'{book}:示例镇甲!F11: error: cell F11 takes 是 if met, 否 if not, got text "{typed}": '
        "choose 是 or 否 from the cell's list [DJ407]"
    ]


def test_a_yes_no_cell_in_chinese(djkh, tmp_path: Path) -> None:
    book = _xian_form(tmp_path, {"rule river-setup/leading-group requirement": "是的"})
    run = djkh("validate", "--lang", "zh", "--rubric-dir", str(EXAMPLE_RUBRICS), str(book))
    assert run.stdout.splitlines()[0] == (
        f"{book}:示例镇甲!F11: 错误: 单元格 F11 要填“是”（达到）或“否”（未达到），实为 "
        '文本 "是的"：请从单元格的下拉列表中选择“是”或“否” [DJ407]'
    )


def test_empty_cells_judged_points_and_references_are_said_of_the_cells(
    djkh, tmp_path: Path
) -> None:
    book = _xian_form(
        tmp_path,
        {
            "rule river-setup/office-sign requirement": None,
            "reason river-setup/work-plan": None,
            "reference water-quality/illegal-cases": None,
        },
    )
    assert _errors(djkh, book) == [
        f"{book}:示例镇甲!F12: error: cell F12 is not filled in: choose from the list: 是 if "
        "met, 否 if not [DJ410]",
        f"{book}:示例镇甲!F13: error: cell F13 holds the points judged (1): write the reason "
        "for them in the row below [DJ411]",
        f"{book}:示例镇甲!F19: error: cell F19 is compared with 上年案件数: write it in the row "
        "below [DJ413]",
    ]


def test_a_file_named_xlsx_that_is_text_is_no_workbook(djkh, tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("a,b\n", encoding="utf-8")
    run = djkh("validate", str(fake))
    assert (run.code, run.stdout.splitlines()[0]) == (
        1,
        f"{fake}: error: not an Excel workbook (.xlsx): the file holds text (a CSV or YAML file "
        "renamed?); open it in Excel or WPS and save it as .xlsx (Excel 工作簿), or give a YAML "
        "file the suffix .yaml [DJ008]",
    )


def test_an_empty_file_named_xlsx_is_no_workbook(djkh, tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    run = djkh("score", str(empty))
    assert (run.code, run.stderr.splitlines()[0]) == (
        1,
        f"{empty}: error: not an Excel workbook (.xlsx): the file is empty; save the unit's "
        "form from Excel or WPS as .xlsx (Excel 工作簿), or write one with djkh init --format "
        "xlsx [DJ008]",
    )


def test_a_copied_sheet_is_told_it_is_a_copy(djkh, tmp_path: Path) -> None:
    def copy(workbook: Any) -> None:
        workbook.copy_worksheet(workbook["示例委乙"]).title = "示例委乙 (2)"

    book = _edited(_filled(djkh, tmp_path / "2007.xlsx"), copy)
    run = djkh("validate", str(book))
    assert (run.code, run.stdout.splitlines()) == (
        1,
        [
            f"{book}:'示例委乙 (2)': error: this sheet is a copy of the form of '示例委乙', which "
            "is still in the workbook: one form per unit; delete the copy, or for another unit "
            "write its own form, a sheet per unit, with djkh init --format xlsx --units FILE "
            "[DJ009]",
            "checked 1 file: 1 error in 1 file",
        ],
    )


@pytest.mark.parametrize(
    ("lang", "prompt"),
    [
        ("en", "中心组学习年初无计划，扣2分\nchoose from the list: 是 if it happened, 否 if not"),
        ("zh", "中心组学习年初无计划，扣2分\n从下拉列表中选择：发生选“是”，未发生选“否”"),
    ],
)
def test_inits_yes_no_input_message_says_choose_是_or_否(
    djkh, tmp_path: Path, lang: str, prompt: str
) -> None:
    book = tmp_path / "form.xlsx"
    run = djkh("init", "--lang", lang, "--rubric", "wenzhou-jiguan@2007", "--unit", "示例局甲",
               "--year", "2007", "--format", "xlsx", "-o", str(book))  # fmt: skip
    assert run.code == 0, run.stderr
    sheet = load_workbook(book).active
    (check,) = [dv for dv in sheet.data_validations.dataValidation if "F11" in str(dv.sqref)]
    assert (check.formula1, check.prompt) == ('"是,否"', prompt)


def test_a_cell_of_the_wrong_type_is_named_not_its_key(djkh, tmp_path: Path) -> None:
    book = _xian_form(
        tmp_path,
        {
            "rule case-solving/solving-rate proportion": "是",
            "extra staffing/target-missed": "两",
            "rule publicity/media levels": "（未记录）",
        },
    )
    assert _errors(djkh, book) == [
        f"{book}:示例镇甲!F26: error: cell F26 takes the share achieved in %, 0 to 100, got text "
        '"是" [DJ407]',
        f'{book}:示例镇甲!F33: error: cell F33: expected a whole number, 0 or more, got text "两" '
        "[DJ203]",
        f"{book}:示例镇甲!B36: error: no level is chosen for "
        "“宣传报道按最高刊发级别得分：国家级6分、省级4…”: choose one of 国家级, 省级, 市级, 无 in "
        "its answer cell [DJ412]",
    ]


def test_an_empty_self_score_cell_is_named(djkh, tmp_path: Path) -> None:
    data = load_file(str(XIAN)).value.data
    scored = {key: dict(value) for key, value in data["items"].items()}
    scored["river-setup"]["self_score"] = 8
    book = tmp_path / "示例镇甲.xlsx"
    forms = [UnitForm("示例镇甲", 2025, {**data, "items": scored})]
    book.write_bytes(findings_workbook(_rubric(XIAN, EXAMPLE_RUBRICS), forms))
    run = djkh("validate", "--rubric-dir", str(EXAMPLE_RUBRICS), str(book))
    assert (run.code, run.stdout.splitlines()[0]) == (
        0,
        f"{book}:示例镇甲!H15: warning: cell H15 (自查分) is empty, but 1 item has a self "
        "score: fill in the unit's self score for this item [DJ504]",
    )


def test_a_self_score_the_rubric_weighs_in_is_asked_for_at_its_cell(djkh, tmp_path: Path) -> None:
    findings = REPO / "examples" / "findings-zhen" / "示例镇甲-宣传科.yaml"
    data = load_file(str(findings)).value.data
    items = {key: dict(value) for key, value in data["items"].items()}
    del items["theory-study"]["self_score"]
    book = tmp_path / "宣传科.xlsx"
    forms = [UnitForm("示例镇甲", 2026, {**data, "items": items})]
    book.write_bytes(findings_workbook(_rubric(findings, EXAMPLE_RUBRICS), forms))
    run = djkh("validate", "--rubric-dir", str(EXAMPLE_RUBRICS), str(book))
    assert run.code == 1
    assert [line for line in run.stdout.splitlines() if "DJ416" in line] == [
        f"{book}:示例镇甲!H14: error: cell H14 (自查分) is empty, but the rubric weighs the unit's "
        "self score in (30%): fill in the unit's self score for this item [DJ416]"
    ]
