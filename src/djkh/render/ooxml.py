"""The xlsx package written directly: sheets' XML as text, a fixed table of styles, a fixed zip."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from djkh.escaping import SHOWN, UTF8, xml_safe
from djkh.render.zipping import Package, package

# The cell styles the exports use, by their index in styles.xml's cellXfs: a font, a border, a
# number format and an alignment, each also `QUOTED` (a quote prefix keeps text that starts like
# a formula text when the cell is edited). The table is the same in every workbook, so a style's
# number is known before any cell is written.
PLAIN, PLAIN_QUOTED = 0, 1  # the line under the title, the legend under the form
TITLE, TITLE_QUOTED = 2, 3  # 14 points, bold, centred over the table
TITLE_LEFT = 4  # the 未计入 sheet's title: 14 points, bold, not centred
HEADING, HEADING_QUOTED = 5, 6  # a column's heading: bold, bordered
BODY, BODY_QUOTED, BODY_MARKED = 7, 8, 9  # a table's cell: bordered, wrapped, at the top
BOLD, BOLD_QUOTED, BOLD_MARKED = 10, 11, 12  # a 小计 or 合计 row's cell
MERGED, MERGED_LAST = 13, 14  # the cells a section's 项目 cell covers: its sides' borders
QUOTED = {PLAIN: PLAIN_QUOTED, TITLE: TITLE_QUOTED, HEADING: HEADING_QUOTED, BODY: BODY_QUOTED,
          BOLD: BOLD_QUOTED}  # fmt: skip
MARKED = {BODY: BODY_MARKED, BOLD: BOLD_MARKED}  # the number printed with a `*` beside it
WRAPPED = frozenset((BODY, BODY_QUOTED, BODY_MARKED, BOLD, BOLD_QUOTED, BOLD_MARKED))
BORDERED = WRAPPED | {HEADING, HEADING_QUOTED}

_FONTS = (
    '<font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
    '<scheme val="minor"/></font>',
    '<font><b val="1"/><sz val="14"/></font>',
    '<font><name val="Calibri"/><b val="1"/><sz val="11"/></font>',
)
_BORDERS = (
    "<border><left/><right/><top/><bottom/><diagonal/></border>",
    '<border><left style="thin"/><right style="thin"/><top style="thin"/>'
    '<bottom style="thin"/></border>',
    '<border><left style="thin"/><right style="thin"/><top/><bottom/><diagonal/></border>',
    '<border><left style="thin"/><right style="thin"/><top/><bottom style="thin"/>'
    "<diagonal/></border>",
)
_CENTRED = '<alignment horizontal="center"/>'
_WRAP = '<alignment vertical="top" wrapText="1"/>'
_MARK_FORMAT = 164  # General"*": the number stays a number; the mark prints beside it
# (font, border, number format, alignment, quote prefix) of each style, in index order.
_STYLES = (
    (0, 0, 0, "", 0),
    (0, 0, 0, "", 1),
    (1, 0, 0, _CENTRED, 0),
    (1, 0, 0, _CENTRED, 1),
    (1, 0, 0, "", 0),
    (2, 1, 0, "", 0),
    (2, 1, 0, "", 1),
    (0, 1, 0, _WRAP, 0),
    (0, 1, 0, _WRAP, 1),
    (0, 1, _MARK_FORMAT, _WRAP, 0),
    (2, 1, 0, _WRAP, 0),
    (2, 1, 0, _WRAP, 1),
    (2, 1, _MARK_FORMAT, _WRAP, 0),
    (0, 2, 0, "", 0),
    (0, 3, 0, "", 0),
)

_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DEFAULT_WIDTH = 13  # what a column gets where nothing sets its width (openpyxl's default)
_FROZEN_VIEW = (
    '<sheetView workbookViewId="0"><pane ySplit="{rows}" topLeftCell="A{first}" '
    'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A1" '
    'sqref="A1"/></sheetView>'
)
_PLAIN_VIEW = '<sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView>'
_MARGINS = '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
_LANDSCAPE = '<pageSetup orientation="landscape" paperSize="9" fitToHeight="0" fitToWidth="1"/>'


@dataclass
class Sheet:
    """A worksheet as the exports lay it out: cells, merged ranges, sizes and print setup."""

    name: str
    # row -> column -> (content, style, text shown): the cell's XML after its reference and
    # style (from `number_content` or EMPTY), or a text's <t> element (from `text_content`,
    # written once in the workbook's shared strings); and the text that widths and heights
    # are measured by (None for a blank cell).
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    landscape: bool = False  # A4 landscape, fitted to the page's width
    frozen_rows: int = 0  # rows kept in view while scrolling
    header: tuple[str | None, str | None, str | None] | None = None  # left, centre, right
    footer: tuple[str | None, str | None, str | None] | None = None

    def put(self, row: int, column: int, content: tuple[str, str | None], style: int) -> None:
        """A cell: `content` from `text_content`, `number_content` or EMPTY."""
        self.row(row)[column] = (content[0], style, content[1])

    def row(self, row: int) -> dict[int, Cell]:
        """The cells of a row by column, to put cells in (made if there are none)."""
        cells = self.rows.get(row)
        if cells is None:
            cells = self.rows[row] = {}
        return cells

    def restyle(self, row: int, column: int, style: int) -> None:
        """Give an existing cell another style."""
        content, _old, shown = self.rows[row][column]
        self.rows[row][column] = (content, style, shown)

    def style_of(self, row: int, column: int) -> int | None:
        """The style of the cell there, None where there is none."""
        cell = self.rows.get(row, {}).get(column)
        return None if cell is None else cell[1]

    def merge(self, top: int, left: int, bottom: int, right: int) -> None:
        """Merge a range: the cells it covers lose their values; a bordered first cell's
        borders go on around the range (a column's range: the borders its cells take)."""
        self.merges.append((top, left, bottom, right))
        bordered = self.style_of(top, left) in BORDERED
        if bordered and left != right:
            raise ValueError("only a column's cells are merged with borders")
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                if (row, column) == (top, left):
                    continue
                if bordered:
                    self.put(row, column, EMPTY, MERGED_LAST if row == bottom else MERGED)
                else:
                    self.rows.get(row, {}).pop(column, None)

    def last_column(self) -> int:
        """The rightmost column with a cell or a merged range."""
        columns = [max(cells) for cells in self.rows.values() if cells]
        columns += [right for _t, _l, _b, right in self.merges]
        return max(columns, default=1)

    def last_row(self) -> int:
        """The lowest row with a cell or a merged range."""
        rows = [row for row, cells in self.rows.items() if cells]
        rows += [bottom for _t, _l, bottom, _r in self.merges]
        return max(rows, default=1)

    def xml(self, strings: dict[str, str]) -> str:
        """The worksheet part; its texts are added to the workbook's shared `strings`."""
        last_column = self.last_column()
        parts = [
            _DECLARATION,
            f'<worksheet xmlns="{_MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>',
            '<pageSetUpPr fitToPage="1"/>' if self.landscape else "<pageSetUpPr/>",
            f'</sheetPr><dimension ref="A1:{column_letter(last_column)}{self.last_row()}"/>',
            "<sheetViews>",
            _FROZEN_VIEW.format(rows=self.frozen_rows, first=self.frozen_rows + 1)
            if self.frozen_rows
            else _PLAIN_VIEW,
            '</sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>',
        ]
        parts.append("<cols>")
        for column in range(1, last_column + 1):
            width = _number_text(self.widths.get(column, _DEFAULT_WIDTH))
            parts.append(f'<col width="{width}" customWidth="1" min="{column}" max="{column}"/>')
        parts.append("</cols>")
        parts.append("<sheetData>")
        self._write_rows(parts, strings)
        parts.append("</sheetData>")
        if self.merges:
            parts.append(f'<mergeCells count="{len(self.merges)}">')
            for top, left, bottom, right in self.merges:
                span = f"{column_letter(left)}{top}:{column_letter(right)}{bottom}"
                parts.append(f'<mergeCell ref="{span}"/>')
            parts.append("</mergeCells>")
        parts.append(_MARGINS)
        if self.landscape:
            parts.append(_LANDSCAPE)
        if self.header is not None or self.footer is not None:
            parts.append(_header_footer(self.header, self.footer))
        parts.append("</worksheet>")
        return "".join(parts)

    def _write_rows(self, parts: list[str], strings: dict[str, str]) -> None:
        heights, styles = self.heights, _STYLE_ATTRIBUTES
        append = parts.append
        for row, cells in sorted(self.rows.items()):
            height = heights.get(row)
            if height is None:
                append(f'<row r="{row}">')
            else:
                height = min(height, TALLEST_ROW)
                append(f'<row r="{row}" ht="{_number_text(height)}" customHeight="1">')
            starts = _cell_starts(row)
            for column, (content, style, shown) in sorted(cells.items()):
                if style or shown is not None:  # a cell made and left blank is not written
                    if column < _STARTED:
                        append(starts[column])
                    else:
                        append(f'<c r="{column_letter(column)}{row}"')
                    append(styles[style])
                    if content[0] == "<":  # a text: written once, in the shared strings
                        content = strings.get(content) or _shared(strings, content)
                    append(content)
            append("</row>")

    def marked_xml(self) -> str:
        """The worksheet part with each text marked where its number in the workbook's shared
        strings goes (`LaidSheet` numbers them): made where the workbook is not written."""
        return self.xml(_Marking())


def _shared(strings: dict[str, str], content: str) -> str:
    """A text cell's XML after its reference and style: the text's number in the workbook's
    shared `strings`, added there if it is new."""
    shared = strings[content] = f' t="s"><v>{len(strings)}</v></c>'
    return shared


# Around a text where its shared number goes: a character XML 1.0 can never hold, so never in a
# worksheet (text reaches one through xml_safe).
MARK = "\x00"


class _Marking(dict[str, str]):
    """Shared strings that number nothing: each text's cell is marked, `MARK` text `MARK`."""

    def get(self, key: str, default: str | None = None) -> str:  # type: ignore[override]
        return f"{MARK}{key}{MARK}"


class SharedStrings(dict[str, str]):
    """The workbook's shared strings: a text's <t> element, and the cell's XML that refers to
    it (`_shared`), in the order they were met. A laid sheet's texts are looked up by their
    UTF-8 in `encoded`, so that the sheet a worker sent is numbered as it came, in UTF-8."""

    def __init__(self) -> None:
        super().__init__()
        self.encoded: dict[bytes, bytes] = {}  # a text's element: its cell's XML, in UTF-8


@dataclass(frozen=True)
class LaidSheet:
    """A worksheet's XML made elsewhere (by a worker, `Sheet.marked_xml`), its texts marked,
    in UTF-8."""

    marked: bytes

    def xml(self, strings: SharedStrings) -> bytes:
        """The worksheet part, its texts numbered in the workbook's shared `strings` as
        `Sheet.xml` would have numbered them."""
        encoded = strings.encoded
        parts = self.marked.split(_MARK_BYTE)
        for index in range(1, len(parts), 2):
            content = parts[index]
            cell = encoded.get(content)
            if cell is None:
                text = content.decode(UTF8)
                cell = encoded[content] = (strings.get(text) or _shared(strings, text)).encode()
            parts[index] = cell
        return b"".join(parts)


_MARK_BYTE = MARK.encode()  # UTF-8 holds it as this byte, and no other character holds it
_STARTED = 27  # columns A to Z
TALLEST_ROW = 409  # points: Excel's tallest row


@functools.lru_cache(maxsize=4096)
def _cell_starts(row: int) -> tuple[str, ...]:
    """`<c r="A1"` to `<c r="Z1"` for a row: made once, not for every cell of every sheet."""
    return tuple(f'<c r="{letters}{row}"' for letters in _LETTERS[:_STARTED])


Cell = tuple[str, int, "str | None"]
EMPTY: tuple[str, None] = (' t="n"></c>', None)
_STYLE_ATTRIBUTES = tuple(f' s="{style}"' if style else "" for style in range(len(_STYLES)))


@functools.lru_cache(maxsize=16384)  # a batch's sheets repeat the same titles and rules
def text_content(text: str) -> tuple[str, str]:
    """A text cell (never a formula), with what XML 1.0 cannot hold shown as escapes and cut to
    what a cell holds: its <t> element, for the shared strings, and the text shown."""
    safe = _fitted_text(xml_safe(text))
    return text_element(safe), safe


CELL_UNITS = 32767  # Excel's longest text in a cell, in UTF-16 units


def _fitted_text(text: str) -> str:
    """`text` as a cell holds it: a longer one cut, with `…` where it is cut (the cell would
    make Excel "repair" the workbook; openpyxl cut such a text without a mark)."""
    if len(text) <= CELL_UNITS // 2 or utf16_units(text) <= CELL_UNITS:
        return text
    room, kept = CELL_UNITS - 1, []
    for char in text:
        room -= 2 if ord(char) > 0xFFFF else 1
        if room < 0:
            break
        kept.append(char)
    return "".join(kept) + "…"


def utf16_units(text: str) -> int:
    """The length of `text` as Excel counts it: a character beyond the BMP counts twice."""
    return len(text.encode("utf-16-le")) // 2


@functools.lru_cache(maxsize=4096)  # a batch's forms show the same few scores
def number_content(shown: str) -> tuple[str, str]:
    """A number cell, `shown` its plain decimal text: its XML after the reference and style, and
    the text shown as widths measure it (Python's text of the Decimal: 0.0000001 as 1E-7)."""
    return f' t="n"><v>{shown}</v></c>', str(Decimal(shown))


def column_letter(column: int) -> str:
    """A column's letters: 1 is A, 27 is AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_LETTERED = 64
_LETTERS = ("", *(column_letter(column) for column in range(1, _LETTERED)))


def _number_text(number: float) -> str:
    """A width or height as openpyxl wrote it: 20.0 as 20."""
    return str(int(number)) if number == int(number) else repr(number)


def text_element(text: str) -> str:
    """`<t>` holding `text`, spaces at its ends kept."""
    escaped = escape_text(escape_xstring(text))
    if text != text.strip():
        return f'<t xml:space="preserve">{escaped}</t>'
    return f"<t>{escaped}</t>"


def escape_text(text: str) -> str:
    """Text as XML character data; a carriage return as a reference, so that no XML reader turns
    it into a line feed."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


# Excel reads `_x000D_` in a text as the character it numbers (ECMA-376's ST_Xstring); a text
# that holds such a sequence has its `_` written as `_x005F_`, as Excel writes it.
_XSTRING_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


def escape_xstring(text: str) -> str:
    """`text` as Excel reads it back: `_x0041_` stays `_x0041_`, not `A`."""
    return _XSTRING_ESCAPE.sub("_x005F_", text) if "_x" in text else text


def escape_attribute(text: str) -> str:
    """Text as an XML attribute's value: quotes, and the white space a reader would normalise."""
    return escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


HEADER_UNITS = 255  # Excel's longest header or footer, its &L, &C and &R codes included
_HEADER_CONTROL = re.compile("[\x01-\x1f]")  # written as _x000d_ and the like, as openpyxl did


def header_code(parts: tuple[str | None, str | None, str | None]) -> str:
    """A header or footer's `&L…&C…&R…` text, each part already in header codes (a literal `&`
    written `&&`), as Excel reads it; the caller keeps it within HEADER_UNITS."""
    text = "".join(
        f"&{key}{part}" for key, part in zip("LCR", parts, strict=True) if part is not None
    )
    text = escape_xstring(text)
    return _HEADER_CONTROL.sub(lambda match: f"_x{ord(match.group()):04x}_", text)


def _header_footer(
    header: tuple[str | None, str | None, str | None] | None,
    footer: tuple[str | None, str | None, str | None] | None,
) -> str:
    odd_header = "" if header is None else escape_text(header_code(header))
    odd_footer = "" if footer is None else escape_text(header_code(footer))
    return (
        f"<headerFooter><oddHeader>{odd_header}</oddHeader><oddFooter>{odd_footer}</oddFooter>"
        "<evenHeader></evenHeader><evenFooter></evenFooter><firstHeader></firstHeader>"
        "<firstFooter></firstFooter></headerFooter>"
    )


def quoted_sheet_name(name: str) -> str:
    """A sheet's name in a reference: in apostrophes, its own apostrophes doubled."""
    return "'{}'".format(name.replace("'", "''"))


def write_package(
    names: Sequence[str],
    titles: Sequence[int],
    makers: Iterable[Callable[[str], Sheet | LaidSheet]],
    helpers: int = 0,
) -> bytes:
    """The workbook: a sheet for each name, made by its maker as it is written (a big batch
    never holds every sheet); the sheets at the indexes `titles` print their third row on
    every page. `helpers`: processes that may deflate it meanwhile (render/zipping.py)."""
    with package(helpers) as archive:
        _add(archive, "[Content_Types].xml", _content_types(len(names)))
        _add(archive, "_rels/.rels", _PACKAGE_RELS)
        _add(archive, "docProps/app.xml", _APP)
        _add(archive, "docProps/core.xml", _CORE)
        _add(archive, "xl/workbook.xml", _workbook(names, titles))
        _add(archive, "xl/_rels/workbook.xml.rels", _workbook_rels(len(names)))
        _add(archive, "xl/styles.xml", _styles())
        _add(archive, "xl/theme/theme1.xml", _theme())
        strings = SharedStrings()
        for number, (name, make) in enumerate(zip(names, makers, strict=True), start=1):
            _add(archive, f"xl/worksheets/sheet{number}.xml", make(name).xml(strings))
        _add(archive, "xl/sharedStrings.xml", _shared_strings(strings))
        return archive.value()


def _add(archive: Package, name: str, text: str | bytes) -> None:
    archive.add(name, text.encode(UTF8, SHOWN) if isinstance(text, str) else text)


_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _content_types(sheets: int) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_TYPE}"/>'
        for n in range(1, sheets + 1)
    )
    return (
        f"{_DECLARATION}"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/theme/theme1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        f"{overrides}</Types>"
    )


_PACKAGE_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_RELATIONSHIPS}/extended-properties" '
    'Target="docProps/app.xml"/></Relationships>'
)
# No time of making or saving: the same scores give the same bytes. LibreOffice lays out a
# workbook that names an application other than "Microsoft…" with rows a little taller than
# their set heights, and prints a unit's form over more pages; so, as openpyxl did, the
# application is named Excel-compatible.
_APP = (
    f"{_DECLARATION}<Properties "
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Microsoft Excel Compatible / djkh</Application></Properties>"
)
_CORE = (
    f"{_DECLARATION}<cp:coreProperties "
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>djkh</dc:creator>'
    "</cp:coreProperties>"
)


def _workbook(names: Sequence[str], titles: Sequence[int]) -> str:
    sheets = "".join(
        f'<sheet name="{escape_attribute(name)}" sheetId="{n}" state="visible" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    defined = "".join(
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
        f"{escape_text(quoted_sheet_name(names[index]))}!$3:$3</definedName>"
        for index in titles
    )
    return (
        f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        "<workbookPr/><workbookProtection/><bookViews>"
        '<workbookView visibility="visible" minimized="0" showHorizontalScroll="1" '
        'showVerticalScroll="1" showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" '
        'autoFilterDateGrouping="1"/></bookViews>'
        f"<sheets>{sheets}</sheets>"
        + (f"<definedNames>{defined}</definedNames>" if defined else "<definedNames/>")
        + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )


def _workbook_rels(sheets: int) -> str:
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{_RELATIONSHIPS}/worksheet" '
        f'Target="/xl/worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">{links}'
        f'<Relationship Id="rId{sheets + 1}" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{sheets + 2}" Type="{_RELATIONSHIPS}/theme" '
        'Target="theme/theme1.xml"/>'
        f'<Relationship Id="rId{sheets + 3}" Type="{_RELATIONSHIPS}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'
    )


def _shared_strings(strings: dict[str, str]) -> str:
    """The workbook's texts, each once, in the order the cells refer to them."""
    texts = "".join(f"<si>{element}</si>" for element in strings)
    return f'{_DECLARATION}<sst xmlns="{_MAIN}" uniqueCount="{len(strings)}">{texts}</sst>'


@functools.lru_cache(maxsize=1)
def _styles() -> str:
    """styles.xml: the fixed table of fonts, borders and cell styles above."""
    xfs = []
    for font, border, number_format, alignment, quoted in _STYLES:
        attributes = (
            f'numFmtId="{number_format}" fontId="{font}" fillId="0" borderId="{border}"'
            + (' applyAlignment="1"' if alignment else "")
            + f' pivotButton="0" quotePrefix="{quoted}" xfId="0"'
        )
        xfs.append(f"<xf {attributes}>{alignment}</xf>" if alignment else f"<xf {attributes}/>")
    return (
        f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
        f'<numFmts count="1"><numFmt numFmtId="{_MARK_FORMAT}" formatCode="General&quot;*&quot;"/>'
        f'</numFmts><fonts count="{len(_FONTS)}">{"".join(_FONTS)}</fonts>'
        '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/>'
        f'</fill></fills><borders count="{len(_BORDERS)}">{"".join(_BORDERS)}</borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" hidden="0"/>'
        '</cellStyles><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
        'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
    )


@functools.lru_cache(maxsize=1)
def _theme() -> bytes:
    """The Office theme the body's font (Calibri, the minor font) and colours refer to."""
    return Path(__file__).with_name("xlsx_theme.xml").read_bytes()
