"""The xlsx exports printed by LibreOffice show every line whole: no text crosses a cell border.

pdftotext finds a line that the row's border cuts in half (the PDF holds it, clipped), so the
words' boxes (`pdftotext -bbox-layout`) are compared with the borders drawn on the page
(`pdftoppm`, long dark runs of pixels): a line the row is too short for straddles its border.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.integration.test_office_pdf import _djkh, _tool

_DPI = 144
_DARK = 128
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
_SLACK = 1.0  # points a word's box may reach past a border (its font's line gap)


@dataclass(frozen=True)
class Rule:
    """A horizontal line on a page, in points from its top left corner."""

    y: float
    left: float
    right: float


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float


def _pdf(book: Path) -> Path:
    soffice = _tool("soffice", "libreoffice-calc")
    subprocess.run(
        [soffice, f"-env:UserInstallation={(book.parent / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(book.parent), str(book)],
        capture_output=True, check=True, timeout=180,
    )  # fmt: skip
    return book.with_suffix(".pdf")


def _words(pdf: Path) -> list[list[Word]]:
    """Each page's words with their boxes."""
    pdftotext = _tool("pdftotext", "poppler-utils")
    layout = subprocess.run(
        [pdftotext, "-bbox-layout", str(pdf), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    pages = layout.split("<page ")[1:]
    return [[Word(m[4], *map(float, m[:4])) for m in _WORD.findall(p)] for p in pages]


def _rules(pdf: Path, folder: Path) -> list[list[Rule]]:
    """Each page's horizontal lines longer than a quarter of its width (cell borders)."""
    pdftoppm = _tool("pdftoppm", "poppler-utils")
    subprocess.run(
        [pdftoppm, "-gray", "-r", str(_DPI), str(pdf), str(folder / "page")],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return [_page_rules(image.read_bytes()) for image in sorted(folder.glob("page*.pgm"))]


def _page_rules(image: bytes) -> list[Rule]:
    """The long dark runs of pixels of a binary PGM (P5) image."""
    magic, size, _depth, pixels = image.split(b"\n", 3)
    assert magic == b"P5"
    width, height = map(int, size.split())
    scale = 72 / _DPI
    rules = []
    for y in range(height):
        row = pixels[y * width : (y + 1) * width]
        x = 0
        while x < width:
            start = x
            while x < width and row[x] < _DARK:
                x += 1
            if x - start >= width // 4:
                rules.append(Rule(y * scale, start * scale, x * scale))
            x += 1
    return rules


def _cut(words: list[Word], rules: list[Rule], *, continued: bool = False) -> list[str]:
    """The words inside the table that a border crosses (what is above the table, the page
    header and a merged 项目 cell continued from the page before, is not the table's).

    On a `continued` page, what starts above the repeated heading row's lower border is that
    row, checked on the first page, or a merged cell's line split by the page break, drawn
    half over the heading (its other half ends the page before): not the row heights', so not
    counted here."""
    if not rules:
        return []
    top, bottom = min(r.y for r in rules), max(r.y for r in rules)
    headed = min((r.y for r in rules if r.y > top + 2 * _SLACK), default=top)
    cut = []
    for word in words:
        if not top < (word.top + word.bottom) / 2 < bottom:
            continue
        if continued and word.top < headed:
            continue
        for rule in rules:
            crosses = word.top + _SLACK < rule.y < word.bottom - _SLACK
            if crosses and rule.left < word.right and rule.right > word.left:
                cut.append(f"{word.text} ({word.top:.1f}–{word.bottom:.1f}, border {rule.y:.1f})")
                break
    return cut


def _clipped(book: Path) -> list[str]:
    pdf = _pdf(book)
    pages = _words(pdf)
    rules = _rules(pdf, book.parent)
    assert len(rules) == len(pages) > 0, (len(rules), len(pages))
    return [
        f"page {number}: {line}"
        for number, (words, lines) in enumerate(zip(pages, rules, strict=True), start=1)
        for line in _cut(words, lines, continued=number > 1)
    ]


@pytest.mark.parametrize(
    "folder", ["findings", "findings-xian"], ids=["jiguan", "xian"]
)  # fmt: skip
def test_a_batch_workbook_prints_every_line_whole(folder: str, tmp_path: Path) -> None:
    book = tmp_path / "通报.xlsx"
    _djkh("score", str(EXAMPLES.parent / folder), "--rubric-dir", str(EXAMPLES.parent / "rubric"),
          "-o", str(book))  # fmt: skip
    assert _clipped(book) == []


def test_the_check_finds_a_line_cut_by_its_row(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = tmp_path / "通报.xlsx"
    _djkh("score", str(EXAMPLES.parent / "findings-xian"), "--rubric-dir",
          str(EXAMPLES.parent / "rubric"), "-o", str(book))  # fmt: skip
    workbook = load_workbook(book)
    sheet = workbook["示例镇乙"]
    row = next(r for r in range(4, sheet.max_row) if sheet.cell(r, 2).value == "1、创新工作")
    assert len(str(sheet.cell(row, 7).value).split("\n")) == 3
    sheet.row_dimensions[row].height = 45  # 15 points a line, as before: the last one cut
    workbook.save(book)
    assert any("调整" in line or "县考核委员会" in line for line in _clipped(book))


def _init(book: Path, *args: str) -> Path:
    _djkh("init", "--year", "2026", "--rubric-dir", str(EXAMPLES.parent / "rubric"),
          "--format", "xlsx", "-o", str(book), *args)  # fmt: skip
    return book


@pytest.mark.parametrize(
    "args",
    [
        ("--rubric", "wenzhou-jiguan@2007", "--unit", "示例局丁"),
        ("--rubric", "example-xian@2025", "--class", "town", "--units", "units.txt"),
        ("--rubric", "example-zhen@2026", "--unit", "示例镇甲", "--assessor", "组织科"),
    ],
    ids=["one-unit", "units", "assessor"],
)
def test_a_fill_in_form_prints_every_line_whole(args: tuple[str, ...], tmp_path: Path) -> None:
    (tmp_path / "units.txt").write_text("示例镇甲\n示例镇乙\n示例镇丙\n", encoding="utf-8")
    listed = [str(tmp_path / arg) if arg == "units.txt" else arg for arg in args]
    assert _clipped(_init(tmp_path / "表.xlsx", *listed)) == []


def test_a_converted_form_prints_every_line_whole(tmp_path: Path) -> None:
    book = tmp_path / "甲.xlsx"  # filled in: evidence and notes in the answer columns
    _djkh("convert", str(EXAMPLES / "示例局甲.yaml"), "-o", str(book))
    assert _clipped(book) == []
