"""A survey's votes (民主测评) in a findings workbook: cells per level written by init and
convert, read back as the YAML's votes, and a wrong count refused with the usual error."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import REPO

RUBRICS = REPO / "examples" / "rubric"
ZHEN = REPO / "examples" / "findings-zhen"
ORGANISATION = ZHEN / "示例镇甲-组织科.yaml"
SURVEY_TEXT = "（好×1+一般×0.8+差×0.6）÷有效票数×100，按20%计入；每1份弃权表扣0.2分"


def _role_rows(sheet: Any) -> dict[str, int]:
    """Each row by its role in the hidden column, as djkh wrote it."""
    return {str(row[11].value): row[0].row for row in sheet.iter_rows(min_row=10) if row[11].value}


def _converted(djkh, tmp_path: Path) -> Path:
    book = tmp_path / "示例镇甲.xlsx"
    run = djkh("convert", str(ORGANISATION), "-o", str(book), "--rubric-dir", str(RUBRICS))
    assert run.code == 0, run.stderr
    return book


def _set_votes(book: Path, **cells: Any) -> None:
    """Type into the answer cells of the rows with these roles, as a unit would in Excel."""
    workbook = load_workbook(book)
    sheet = workbook.active
    rows = _role_rows(sheet)
    for role, value in cells.items():
        sheet.cell(rows[role.replace("_", " ")], 6).value = value
    workbook.save(book)


def _card(djkh, path: Path) -> dict[str, Any]:
    run = djkh("score", str(path), "--format", "json", "--rubric-dir", str(RUBRICS))
    assert run.code == 0, run.stderr
    return {key: value for key, value in json.loads(run.stdout).items() if key != "path"}


def test_init_writes_a_whole_number_cell_per_level_quoting_the_survey(
    djkh, tmp_path: Path, chinese: None
) -> None:
    book = tmp_path / "模板.xlsx"
    run = djkh("init", "--rubric", "example-zhen@2026", "--unit", "示例镇甲", "--year", "2026",
               "--format", "xlsx", "-o", str(book), "--rubric-dir", str(RUBRICS))  # fmt: skip
    assert run.code == 0, run.stderr
    sheet = load_workbook(book).active
    rows = _role_rows(sheet)
    ballots = ["vote democratic 好", "vote democratic 一般", "vote democratic 差"]
    ballots += ["abstained democratic", "invalid democratic"]
    survey_rows = [role for role in rows if role.endswith(" democratic") or " democratic " in role]
    assert survey_rows == ["item democratic", "survey democratic", *ballots]
    assert sheet.cell(rows["survey democratic"], 5).value == SURVEY_TEXT
    labels = [sheet.cell(rows[role], 5).value for role in ballots]
    assert labels == [
        "好：有效票数（每票计1）",
        "一般：有效票数（每票计0.8）",
        "差：有效票数（每票计0.6）",
        "弃权票数（每票扣0.2分）",
        "无效票数（不计分）",
    ]
    for role in ballots:
        cell = sheet.cell(rows[role], 6)
        assert cell.value is None
        assert cell.protection.locked is False
        checks = [dv for dv in sheet.data_validations.dataValidation if cell.coordinate in dv.sqref]
        assert [(dv.type, dv.operator, dv.formula1) for dv in checks] == [
            ("whole", "greaterThanOrEqual", "0")
        ]
        assert checks[0].prompt == f"{SURVEY_TEXT}\n票数：0或正整数"


def test_an_uncounted_survey_in_a_template_is_refused_as_in_yaml(djkh, tmp_path: Path) -> None:
    book = tmp_path / "模板.xlsx"
    djkh("init", "--rubric", "example-zhen@2026", "--unit", "示例镇甲", "--year", "2026",
         "--format", "xlsx", "-o", str(book), "--rubric-dir", str(RUBRICS))  # fmt: skip
    run = djkh("validate", str(book), "--rubric-dir", str(RUBRICS))
    assert run.code == 1
    assert (
        f"{book}:示例镇甲!B21: error: survey item 'democratic' has no valid ballot: write the "
        "votes per level, votes: {好: N, 一般: N, 差: N} [DJ415]"
    ) in run.stdout.splitlines()


def test_votes_round_trip_through_convert(djkh, tmp_path: Path) -> None:
    book = _converted(djkh, tmp_path)
    back = djkh("convert", str(book), "--rubric-dir", str(RUBRICS))
    assert back.code == 0, back.stderr
    written = ORGANISATION.read_text(encoding="utf-8").split("\n", 1)[1]  # the schema comment
    assert back.stdout == written
    assert "    votes: {好: 42, 一般: 6, 差: 2}\n    abstained: 1\n    invalid: 1\n" in back.stdout
    assert _card(djkh, book) == _card(djkh, ORGANISATION)


def test_votes_typed_into_the_workbook_score_as_the_same_yaml(djkh, tmp_path: Path) -> None:
    book = _converted(djkh, tmp_path)
    _set_votes(book, vote_democratic_好=40, vote_democratic_一般="8", abstained_democratic=0)
    counted = tmp_path / "counted.yaml"
    counted.write_text(
        ORGANISATION.read_text(encoding="utf-8")
        .replace("{好: 42, 一般: 6, 差: 2}", "{好: 40, 一般: 8, 差: 2}")
        .replace("    abstained: 1\n", "    abstained: 0\n"),
        encoding="utf-8",
    )
    card = _card(djkh, book)
    assert card == _card(djkh, counted)
    democratic = next(
        item for s in card["sections"] for item in s["items"] if item["id"] == "democratic"
    )
    assert democratic["survey"]["votes"] == [
        {"level": "好", "value": 1, "votes": 40},
        {"level": "一般", "value": 0.8, "votes": 8},
        {"level": "差", "value": 0.6, "votes": 2},
    ]


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        (
            "=40+2",
            "this answer cell holds a formula (=40+2): type the value itself; djkh never "
            "calculates formulas [DJ010]",
        ),
        (-3, "cell F23: expected a whole number, 0 or more, got the number -3 [DJ203]"),
        ("很多", 'cell F23: expected a whole number, 0 or more, got text "很多" [DJ203]'),
        (4.5, "cell F23: expected a whole number, 0 or more, got the number 4.5 [DJ203]"),
    ],
    ids=["formula", "negative", "text", "fraction"],
)
def test_a_wrong_vote_count_is_refused_at_its_cell(
    djkh, tmp_path: Path, typed: Any, error: str
) -> None:
    book = _converted(djkh, tmp_path)
    _set_votes(book, vote_democratic_好=typed)
    row = _role_rows(load_workbook(book).active)["vote democratic 好"]
    run = djkh("validate", str(book), "--rubric-dir", str(RUBRICS))
    assert run.code == 1
    assert run.stdout.splitlines() == [
        f"{book}:示例镇甲!F{row}: error: {error}",
        "checked 1 file: 1 error in 1 file",
    ]


@pytest.mark.parametrize(
    "cleared",
    [
        ["vote_democratic_好"],
        ["vote_democratic_好", "abstained_democratic"],
        ["invalid_democratic"],
    ],
    ids=["a-vote", "a-vote-and-the-abstaining", "the-invalid"],
)
def test_an_emptied_ballot_count_is_not_filled_in_at_its_cell(
    djkh, tmp_path: Path, cleared: list[str]
) -> None:
    book = _converted(djkh, tmp_path)
    _set_votes(book, **dict.fromkeys(cleared))
    rows = _role_rows(load_workbook(book).active)
    run = djkh("validate", str(book), "--rubric-dir", str(RUBRICS))
    assert run.code == 1
    errors = [
        f"{book}:示例镇甲!F{rows[role.replace('_', ' ')]}: error: this ballot count is empty: "
        "type the number of ballots, 0 if there were none (an empty cell is not read as 0) [DJ410]"
        for role in cleared
    ]
    n = len(cleared)
    assert run.stdout.splitlines() == [
        *errors,
        f"checked 1 file: {n} error{'s' if n > 1 else ''} in 1 file",
    ]
    assert djkh("score", str(book), "--rubric-dir", str(RUBRICS)).code == 1


def _with_number_xml(book: Path, cell: str, digits: str) -> None:
    """Write the cell's number straight into the sheet's XML, as another program could."""
    members = {}
    with zipfile.ZipFile(book) as archive:
        for info in archive.infolist():
            members[info.filename] = archive.read(info)
    name = "xl/worksheets/sheet1.xml"
    pattern = rf'(<c r="{cell}"[^>]*>)<v>[^<]*</v>'.encode()
    members[name], count = re.subn(pattern, rb"\1<v>" + digits.encode() + b"</v>", members[name])
    assert count == 1
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, data in members.items():
            archive.writestr(filename, data)


@pytest.mark.parametrize("digits", [16, 30, 150, 5000])
def test_a_whole_number_over_15_digits_in_a_cell_is_refused_as_in_yaml(
    djkh, tmp_path: Path, digits: int
) -> None:
    book = _converted(djkh, tmp_path)
    row = _role_rows(load_workbook(book).active)["vote democratic 好"]
    number = "1" + "0" * (digits - 1)
    if digits == 16:
        _set_votes(book, vote_democratic_好=int(number))
    else:
        _with_number_xml(book, f"F{row}", number)
    shown = number if digits <= 20 else number[:17] + "..."
    run = djkh("validate", str(book), "--rubric-dir", str(RUBRICS))
    assert run.code == 1
    assert run.stdout.splitlines() == [
        f"{book}:示例镇甲!F{row}: error: number '{shown}' is out of range: written out, use at "
        "most 15 digits, at most 15 of them after the point [DJ107]",
        "checked 1 file: 1 error in 1 file",
    ]
    in_yaml = tmp_path / "votes.yaml"
    in_yaml.write_text(ORGANISATION.read_text(encoding="utf-8").replace("好: 42", f"好: {number}"))
    said = djkh("validate", str(in_yaml), "--rubric-dir", str(RUBRICS)).stdout.splitlines()[0]
    assert said.split(": error: ")[1] == run.stdout.split(": error: ")[1].splitlines()[0]
