"""The xlsx exports within what Excel accepts: a file outside its limits is one Excel calls
corrupt and "repairs". Checked on the XML, since openpyxl and LibreOffice accept more."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from decimal import Context, Decimal, localcontext
from pathlib import Path

from openpyxl import load_workbook

from djkh.render import ooxml
from djkh.render.xlsx import SheetNames, _number_content, cell_value
from tests.conftest import Run

Djkh = Callable[..., Run]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _rubric(title: str, issuer: str, rubric: str) -> str:
    q = json.dumps
    return (
        f"kind: rubric\nid: {rubric}\nversion: '1'\ntitle: {q(title)}\nissuer: {q(issuer)}\n"
        "total: 10\nsections:\n- id: s\n  title: 部分\n  score: 10\n  items:\n  - id: i\n"
        "    title: 项\n    score: 10\n    rules:\n    - {id: r, text: 规则, deduct: 1}\n"
    )


def _findings(unit: str, evidence: str, rubric: str) -> str:
    q = json.dumps
    return (
        f"kind: findings\nrubric: {rubric}@1\nunit: {q(unit)}\nyear: 2007\nitems:\n  i:\n"
        f"    self_score: 9\n    findings:\n      r: {{value: true, evidence: {q(evidence)}}}\n"
    )


def _scored(
    djkh: Djkh, folder: Path, *, title: str = "测试", issuer: str = "某委", unit: str = "甲",
    evidence: str = "记录", rubric: str = "t",
) -> Path:  # fmt: skip
    """The workbook of one unit's findings, scored by a rubric with that title and issuer."""
    (folder / "rubric" / rubric).mkdir(parents=True)
    text = _rubric(title, issuer, rubric)
    (folder / "rubric" / rubric / "1.yaml").write_text(text, encoding="utf-8")
    findings = folder / "f.yaml"
    findings.write_text(_findings(unit, evidence, rubric), encoding="utf-8")
    target = folder / "out.xlsx"
    args = ("score", str(findings), "--rubric-dir", str(folder / "rubric"), "-o", str(target))
    run = djkh(*args)
    assert run.code == 0, run.stderr
    return target


def _part(book: Path, name: str) -> ET.Element:
    with zipfile.ZipFile(book) as archive:
        return ET.fromstring(archive.read(name))


def _odd_header(book: Path) -> str:
    header = _part(book, "xl/worksheets/sheet1.xml").find(f"{MAIN}headerFooter/{MAIN}oddHeader")
    assert header is not None
    return header.text or ""


def test_a_text_longer_than_a_cell_holds_is_cut_to_excels_32767_characters() -> None:
    assert ooxml.text_content("x" * 32767)[1] == "x" * 32767
    assert ooxml.text_content("x" * 40000)[1] == "x" * 32766 + "…"
    # Excel counts UTF-16 units: a character beyond the BMP takes two
    assert ooxml.text_content("𝄞" * 16384)[1] == "𝄞" * 16383 + "…"
    assert ooxml.text_content("𝄞" * 16383 + "x")[1] == "𝄞" * 16383 + "x"
    # what XML cannot hold is shown as an escape first, and the escapes count
    assert ooxml.text_content("\x01" * 10000)[1] == "\\x01" * 8191 + "\\x…"


def test_a_long_note_is_cut_in_the_workbook_and_its_row_stays_within_409_points(
    djkh: Djkh, tmp_path: Path
) -> None:
    evidence = "证据" * 20000  # 40,000 characters: openpyxl cut it too
    book = _scored(djkh, tmp_path, evidence=evidence)
    sheet = load_workbook(book).active
    assert sheet is not None
    notes = [c.value for row in sheet.iter_rows() for c in row if str(c.value).startswith("-1 ")]
    assert [len(note) for note in notes] == [32767]
    assert notes[0].endswith("证据…")
    assert "证据" * 10000 in notes[0]
    heights = [row.get("ht") for row in _part(book, "xl/worksheets/sheet1.xml").iter(f"{MAIN}row")]
    assert max(float(height) for height in heights if height) == 409  # Excel's tallest row


def test_the_page_header_fits_excels_255_characters(djkh: Djkh, tmp_path: Path) -> None:
    title, issuer, rubric = "标" * 150, "委" * 150, "t" * 60
    header = _odd_header(_scored(djkh, tmp_path, title=title, issuer=issuer, rubric=rubric))
    assert len(header) == 255  # each part cut to 100, then the longest ones further
    assert header == f"&L{'标' * 91}&C{'委' * 91}&R2007　{rubric}@1"


def test_a_cut_in_the_page_header_never_leaves_half_of_an_ampersand(
    djkh: Djkh, tmp_path: Path
) -> None:
    header = _odd_header(_scored(djkh, tmp_path, title="x" * 99 + "&B" * 10, issuer="委"))
    assert header == f"&L{'x' * 99}&C委&R2007　t@1"


def test_a_header_shows_spelled_out_codes_and_escapes_as_written(
    djkh: Djkh, tmp_path: Path
) -> None:
    header = _odd_header(_scored(djkh, tmp_path, title="&[Page] _x0041_ a\tb\rc", issuer="委"))
    assert header == "&L&&[Page] _x005F_x0041_ a b c&C委&R2007　t@1"


def test_text_that_looks_like_excels_escapes_is_kept_as_written(djkh: Djkh, tmp_path: Path) -> None:
    book = _scored(djkh, tmp_path, unit="单位_x0041_", evidence="见_x000D_号")
    texts = [si.findtext(f"{MAIN}t") for si in _part(book, "xl/sharedStrings.xml")]
    assert any(text and "见_x005F_x000D_号" in text for text in texts)
    assert any(text and "单位_x005F_x0041_" in text for text in texts)


def test_a_sheet_name_holds_no_control_character() -> None:
    names = SheetNames()
    assert names.name("a\tb\nc\rd") == "a_b_c_d"
    assert names.name("NUL\x00") == "NUL_x00"
    assert names.name("第_x000D_组_x41_") == "第-x000D_组_x41_"  # Excel would read a CR


def test_a_sheet_name_counts_a_character_beyond_the_bmp_as_two_of_its_31() -> None:
    names = SheetNames()
    assert names.name("𠀀" * 16) == "𠀀" * 15  # 30 UTF-16 units: a 16th would make 32
    assert names.name("𠀀" * 15 + "甲") == "𠀀" * 15 + "甲"  # 31 exactly
    assert names.name("𠀀" * 15 + "甲") == "𠀀" * 14 + "(2)"  # 28 + 3


def test_sheet_names_alike_but_for_case_or_width_are_told_apart() -> None:
    names = SheetNames()
    assert [names.name(unit) for unit in ("Ａ镇", "A镇", "a镇", "ＨＩＳＴＯＲＹ")] == [
        "Ａ镇",
        "A镇(2)",
        "a镇(3)",
        "ＨＩＳＴＯＲＹ(2)",
    ]


def test_rows_taller_than_excel_allows_are_written_at_409_points() -> None:
    sheet = ooxml.Sheet("高")
    sheet.put(1, 1, ooxml.text_content("x"), ooxml.BODY)
    sheet.heights[1] = 24084.0
    assert re.search('<row r="1" ht="409" customHeight="1">', sheet.xml({}))


def test_a_number_beyond_excels_15_digits_is_its_exact_text_whatever_the_decimal_context() -> None:
    """A proportion of 99.9999999999999 at 99.9999999999999 % loses this much: normalised at
    Python's default 28 digits it would count 15 digits, and Excel would show 99.9999999999998."""
    loss = Decimal("99.9999999999998000000000000001")
    with localcontext(Context(prec=28)):
        assert _number_content(loss) == ooxml.text_content(str(loss))
        assert cell_value(loss) == str(loss)
        assert _number_content(Decimal("-1E+29")) == ooxml.number_content("-1" + "0" * 29)
        assert _number_content(Decimal("0.000000000000001")) == ooxml.number_content(
            "0.000000000000001"
        )
        assert _number_content(Decimal("-0.00")) == ooxml.number_content("0")
        assert cell_value(Decimal("123456789012345.0")) == Decimal("123456789012345")
        assert cell_value(Decimal("1234567890123456")) == "1234567890123456"
