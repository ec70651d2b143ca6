"""The xlsx exports read back as the workbooks openpyxl wrote before djkh wrote the XML itself:
the same cells, types, styles, merges, sizes and print setup (workbooks/*.txt, made by the
openpyxl writer; DJKH_UPDATE_GOLDEN=1 rewrites them), and the same bytes for the same scores."""

from __future__ import annotations

import io
import os
import shutil
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from djkh.render import ooxml
from tests.conftest import EXAMPLES, Run
from tests.render.test_security import HOSTILE, _write_hostile
from tests.render.workbook_text import workbook_text

UPDATE = os.environ.get("DJKH_UPDATE_GOLDEN") == "1"
GOLDEN = Path(__file__).resolve().parent / "workbooks"
FOLDERS = EXAMPLES.parent
RUBRICS = str(FOLDERS / "rubric")
Djkh = Callable[..., Run]


def _left_out(folder: Path) -> tuple[str, ...]:
    """A batch with a broken file and a unit written twice, scored with --partial."""
    shutil.copytree(EXAMPLES, folder / "units")
    (folder / "units" / "broken.yaml").write_text("kind: findings\nrubric: [\n", encoding="utf-8")
    shutil.copy(EXAMPLES / "示例局甲.yaml", folder / "units" / "copy.yaml")
    return ("score", "units", "--partial")


def _hostile(folder: Path, *command: str) -> tuple[str, ...]:
    _write_hostile(folder, HOSTILE)
    return (*command, "--rubric-dir", "rubrics")


CASES: dict[str, Callable[[Path], tuple[str, ...]]] = {
    "batch": lambda _folder: ("score", str(EXAMPLES)),
    "bonus": lambda _folder: ("score", str(FOLDERS / "findings-xian"), "--rubric-dir", RUBRICS),
    "years": lambda _folder: (
        "score",
        str(FOLDERS / "findings-jiedao" / "2026"),
        "--previous",
        str(FOLDERS / "findings-jiedao" / "2025"),
        "--rubric-dir",
        RUBRICS,
    ),
    "left-out": _left_out,
    "card": lambda _folder: ("score", str(EXAMPLES / "示例局甲.yaml")),
    "rubric": lambda _folder: ("show", "wenzhou-jiguan@2007"),
    "hostile": lambda folder: _hostile(folder, "score", "units"),
    "hostile-rubric": lambda folder: _hostile(folder, "show", "hostile@1"),
}


def _written(djkh: Djkh, folder: Path, name: str) -> Path:
    """The case's workbook, written from `folder` (so that paths in it are relative)."""
    args = CASES[name](folder)
    target = folder / "out.xlsx"
    run = djkh(*args, "--format", "xlsx", "-o", str(target))
    assert run.code == (1 if name == "left-out" else 0), run.stderr
    return target


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("name", CASES)
def test_the_workbook_reads_back_as_openpyxl_wrote_it(
    djkh: Djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    shown = workbook_text(_written(djkh, tmp_path, name))
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        golden.write_text(shown, encoding="utf-8")
    assert shown == golden.read_text(encoding="utf-8")


@pytest.mark.usefixtures("chinese")
def test_the_same_scores_make_the_same_bytes(
    djkh: Djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    first = _written(djkh, tmp_path, "left-out").read_bytes()
    (tmp_path / "out.xlsx").unlink()
    shutil.rmtree(tmp_path / "units")
    assert _written(djkh, tmp_path, "left-out").read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as book:
        members = book.infolist()
        assert members[0].filename == "[Content_Types].xml"
        assert {member.date_time for member in members} == {(1980, 1, 1, 0, 0, 0)}
        for member in members:  # every part is well-formed XML
            ET.fromstring(book.read(member))
        # a text on every unit's sheet (the heading 扣分说明) is stored once, not per cell
        assert book.read("xl/sharedStrings.xml").decode("utf-8").count(">扣分说明<") == 1
        assert all(
            "扣分说明" not in book.read(f"xl/worksheets/sheet{n}.xml").decode("utf-8")
            for n in range(1, 5)
        )
        assert b"<dcterms:" not in book.read("docProps/core.xml")  # no time of making
        # LibreOffice prints the rows at their set heights only for an Excel-compatible writer
        assert b"<Application>Microsoft Excel Compatible / djkh<" in book.read("docProps/app.xml")


def test_cells_beyond_column_z_keep_their_places(tmp_path: Path) -> None:
    sheet = ooxml.Sheet("宽")
    for column in (1, 26, 27, 30, 64, 703):
        sheet.put(3, column, ooxml.text_content(f"c{column}"), ooxml.BODY)
    target = tmp_path / "wide.xlsx"
    target.write_bytes(ooxml.write_package(["宽"], [], [lambda _name: sheet]))
    cells = load_workbook(target)["宽"].iter_rows(min_row=3)
    assert [(cell.coordinate, cell.value) for row in cells for cell in row if cell.value] == [
        ("A3", "c1"),
        ("Z3", "c26"),
        ("AA3", "c27"),
        ("AD3", "c30"),
        ("BL3", "c64"),
        ("AAA3", "c703"),
    ]


def test_a_number_is_written_as_its_exact_decimal_text(djkh: Djkh, tmp_path: Path) -> None:
    """openpyxl wrote 9.99999999999999 through a float, as 9.999999999999989."""
    rubric = tmp_path / "rubric" / "t" / "1.yaml"
    rubric.parent.mkdir(parents=True)
    rubric.write_text(
        "kind: rubric\nid: t\nversion: '1'\ntitle: 测试\ntotal: 10\nsections:\n- id: s\n"
        "  title: 部分\n  score: 10\n  items:\n  - id: i\n    title: 项\n    score: 10\n"
        "    rules:\n    - {id: r, text: 规则, deduct: 0.00000000000001}\n",
        encoding="utf-8",
    )
    findings = tmp_path / "f.yaml"
    findings.write_text(
        "kind: findings\nrubric: t@1\nunit: 甲\nyear: 2007\nitems:\n"
        "  i:\n    self_score: 9.99999999999999\n    findings: {r: true}\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.xlsx"
    args = ("score", str(findings), "--rubric-dir", str(tmp_path / "rubric"), "-o", str(target))
    assert djkh(*args).code == 0
    with zipfile.ZipFile(target) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    # 自查分 and 得分 of the item, its 小计 and the 合计
    assert sheet.count("<v>9.99999999999999</v>") == 6
    assert "9.999999999999989" not in sheet
