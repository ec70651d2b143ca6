"""`--format xlsx`: workbooks laid out like the paper forms, numbers as numbers, for filing."""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from djkh.decimals import format_number
from djkh.escaping import starts_like_formula, xml_safe
from djkh.i18n import _
from djkh.model.rubric import Rubric
from djkh.render import RenderOptions
from djkh.render.cell_lines import lines_shown, row_height, units_wide
from djkh.render.form import (
    Number,
    Role,
    card_banner,
    card_headings,
    card_rows,
    heading_spans,
    left_out_headings,
    left_out_rows,
    left_out_title,
    loss_headings,
    loss_label,
    mismatch_note,
    ranking_headings,
    ranking_line,
    ranking_rows,
    rubric_headings,
    rubric_line,
    rubric_rows,
    statistics,
    unit_line,
    years_headings,
    years_line,
    years_rows,
    years_title,
)
from djkh.scoring.batch import BatchResult, RubricRanking
from djkh.scoring.engine import ScoreCard
from djkh.scoring.years import YearComparison

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_BOLD = Font(name="Calibri", size=11, bold=True)  # the body's font, not the viewer's own
_EXCEL_DIGITS = 15
_WIDEST = 60  # columns wider than this wrap instead
_MISMATCH_FORMAT = 'General"*"'  # the number stays a number; the mark prints beside it
_SELF_SCORE_COLUMN = 4
_GRID_FIRST_ROW = 3
_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
Cell = str | Number


def render_card(card: ScoreCard, options: RenderOptions) -> bytes:
    """One sheet: the unit's scoring form."""
    book = _empty_book()
    _card_sheet(book.create_sheet(_("Scoring form")), card)
    return _save(book)


def render_batch(result: BatchResult, options: RenderOptions) -> bytes:
    """A summary sheet per rubric (ranking, statistics, losses), then one sheet per unit."""
    book = _empty_book()
    names = SheetNames()
    for ranking in result.rankings:
        _summary_sheet(book.create_sheet(names.name(_("Summary"))), ranking)
    if result.left_out:
        _left_out_sheet(book.create_sheet(names.name(_("Left out"))), result)
    for comparison in result.years:
        _years_sheet(book.create_sheet(names.name(_("Year over year"))), comparison)
    for ranking in result.rankings:
        for ranked in ranking.units:
            _card_sheet(book.create_sheet(names.name(ranked.card.unit)), ranked.card)
    return _save(book)


def render_rubric(rubric: Rubric, options: RenderOptions) -> bytes:
    """One sheet: the rubric as the familiar form (djkh show)."""
    book = _empty_book()
    sheet = book.create_sheet(_("Rubric"))
    headings = rubric_headings()
    _title(sheet, rubric.title, _issued(rubric.issuer, rubric_line(rubric.ref)), len(headings))
    rows = [
        (r.section, r.goal, r.standards, r.score, r.rules, r.methods) for r in rubric_rows(rubric)
    ]
    _grid(sheet, 3, headings, rows)
    _merge_sections(sheet, 4, [r[0] for r in rows])
    _fit(sheet)
    return _save(book)


def _card_sheet(sheet: Worksheet, card: ScoreCard) -> None:
    header = _issued(card.rubric.issuer, "　".join((unit_line(card, "　"), *card_banner(card))))
    headings = card_headings()
    _title(sheet, card.rubric.title, header, len(headings))
    form = list(card_rows(card))
    rows = [
        (r.section, r.goal, r.max, r.self_score, r.deduction, r.score, "\n".join(r.notes))
        for r in form
    ]
    end = _grid(sheet, _GRID_FIRST_ROW, headings, rows)
    _merge_sections(sheet, _GRID_FIRST_ROW + 1, [r[0] for r in rows])
    differing = 0
    for row, line in enumerate(form, start=_GRID_FIRST_ROW + 1):
        if line.role in (Role.SUBTOTAL, Role.BASE, Role.TOTAL, Role.WEIGHTED):
            _embolden(sheet, row, len(headings))
        if line.self_score is not None and line.self_score != line.score:
            sheet.cell(row, _SELF_SCORE_COLUMN).number_format = _MISMATCH_FORMAT
            differing += line.role is Role.ITEM
    if differing:
        _put(sheet, end, 1, f"* {mismatch_note(differing)}")
    _fit(sheet)
    _print_setup(sheet, card.rubric.title, f"{card.year}　{card.rubric.ref}", card.rubric.issuer)


def _embolden(sheet: Worksheet, row: int, columns: int) -> None:
    """A 小计 or 合计 row in bold, its label too; a section's merged 项目 cell keeps its
    first row's font."""
    for column in range(1, columns + 1):
        cell = sheet.cell(row, column)
        if not isinstance(cell, MergedCell):
            _style(cell, font=_BOLD)


def _summary_sheet(sheet: Worksheet, ranking: RubricRanking) -> None:
    headings = ranking_headings(ranking)
    issuer = ranking.issuer
    _title(sheet, ranking.title, _issued(issuer, ranking_line(ranking, "　")), len(headings))
    row = _grid(sheet, _GRID_FIRST_ROW, headings, list(ranking_rows(ranking))) + 1
    # The statistics and losses start in the second column: their long labels would make the
    # 名次 column as wide as an item's title.
    row = _grid(sheet, row, (_("Statistic"), _("Value")), statistics(ranking), first_column=2) + 1
    losses = [(loss_label(loss), loss.units_losing, loss.mean_loss) for loss in ranking.losses]
    _grid(sheet, row, loss_headings(), losses, first_column=2)
    _fit(sheet)
    _print_setup(sheet, ranking.title, f"{ranking.year}　{ranking.ref}", issuer)


def _left_out_sheet(sheet: Worksheet, result: BatchResult) -> None:
    headings = left_out_headings()
    sheet.append([left_out_title(len(result.left_out))])
    _merge(sheet, 1, 1, 1, len(headings))
    sheet["A1"].font = Font(bold=True, size=14)
    lines = "　".join(ranking_line(ranking, "　") for ranking in result.rankings)
    if lines:
        _put(sheet, 2, 1, lines)
    _grid(sheet, _GRID_FIRST_ROW, headings, left_out_rows(result.left_out))
    _fit(sheet)
    _print_setup(sheet, left_out_title(len(result.left_out)), lines)


def _years_sheet(sheet: Worksheet, comparison: YearComparison) -> None:
    headings = years_headings(comparison)
    _title(sheet, years_title(comparison), years_line(comparison, "　"), len(headings))
    _grid(sheet, 3, headings, years_rows(comparison))
    _fit(sheet)


def _issued(issuer: str | None, line: str) -> str:
    """The line under the title, the issuing body (发文单位) first when the rubric names one."""
    return line if issuer is None else f"{issuer}　{line}"


def _title(sheet: Worksheet, title: str, subtitle: str, columns: int) -> None:
    _put(sheet, 1, 1, title)
    _put(sheet, 2, 1, subtitle)
    for row in (1, 2):
        _merge(sheet, row, 1, row, columns)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _grid(
    sheet: Worksheet,
    first: int,
    headings: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    first_column: int = 1,
) -> int:
    """Headings and rows from row `first`, bordered; returns the row after the last one."""
    for column, heading in enumerate(headings, start=first_column):
        cell = _put(sheet, first, column, heading)
        _style(cell, font=_BOLD, border=_BORDER)
    row = first
    for row, values in enumerate(rows, start=first + 1):
        for column, value in enumerate(values, start=first_column):
            _style(_put(sheet, row, column, value), border=_BORDER, alignment=_WRAP)
    return row + 1


# Per workbook, the number it gives each style object of this module (by id: they live as long).
_NUMBERS: WeakKeyDictionary[Workbook, dict[tuple[str, int], int]] = WeakKeyDictionary()
_COLLECTIONS = {"fontId": "_fonts", "borderId": "_borders", "alignmentId": "_alignments"}


def _style(
    cell: Any,
    *,
    font: Font | None = None,
    border: Border | None = None,
    alignment: Alignment | None = None,
) -> None:
    """Set a cell's font, border or alignment as `cell.font = font` would, the same workbook.

    openpyxl finds a style's number in the workbook by hashing the whole style (its sides,
    colours...) each time one is set, most of a big workbook's time; this looks each style of
    this module up once per workbook and sets the number the cell's style holds."""
    book = cell.parent.parent
    numbers = _numbers(cell)
    array = _style_array(cell)
    for key, style in (("fontId", font), ("borderId", border), ("alignmentId", alignment)):
        if style is not None:
            number = numbers.get((key, id(style)))
            if number is None:
                number = numbers[key, id(style)] = getattr(book, _COLLECTIONS[key]).add(style)
            setattr(array, key, number)


def _put(sheet: Worksheet, row: int, column: int, value: Cell) -> Any:
    """Set a cell: text is always a text cell, never a formula, even when it starts with `=`."""
    cell = sheet.cell(row, column, cell_value(value))
    if isinstance(value, str) and value:
        cell.data_type = "s"  # openpyxl would store "=…" as a formula
        if starts_like_formula(value):
            cell.quotePrefix = True  # and Excel keeps it text when edited
    return cell


def cell_value(value: Cell) -> str | int | Decimal | None:
    """Numbers stay numbers, in plain notation (Decimal('1E+1') is written 10); text as XML
    can hold it (a control character pasted from Word is shown as `\x0b`).

    Excel keeps 15 significant digits: a score with more (81.000000000000002, from findings at
    the edge of the exact range) is written as its text, exact, rather than rounded."""
    if isinstance(value, Decimal):
        shown = format_number(value)
        exact = len(Decimal(shown).normalize().as_tuple().digits) <= _EXCEL_DIGITS
        return Decimal(shown) if exact else shown
    if isinstance(value, str):
        return xml_safe(value) if value != "" else None
    return value


def _merge_sections(sheet: Worksheet, first: int, headings: Sequence[Cell]) -> None:
    """Merge each section's 项目 cell down over its items and subtotal."""
    for start, span in heading_spans(headings).items():
        if span > 1:
            _merge(sheet, first + start, 1, first + start + span - 1, 1)


def _numbers(cell: Any) -> dict[tuple[str, int], int]:
    """The style numbers found so far in the cell's workbook."""
    return _NUMBERS.setdefault(cell.parent.parent, {})


def _merge(sheet: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    """`sheet.merge_cells(...)` from (top, left) to (bottom, right), the same workbook: the
    merged cells take the first cell's borders on the range's edges and its protection, each
    new border's number found once per workbook (see `_style`)."""
    span = CellRange(min_col=left, min_row=top, max_col=right, max_row=bottom)
    merged = MergedCellRange(sheet, span.coord)
    sheet.merged_cells.add(merged)
    cells = sheet._cells
    start = merged.start_cell
    for row, column in merged.cells:
        if (row, column) != (top, left):
            cells[row, column] = MergedCell(sheet, row=row, column=column)
    numbers = _numbers(start)
    for name in ("top", "left", "right", "bottom"):
        side = getattr(start.border, name)
        if side and side.style is None:
            continue  # as openpyxl: no border on that side to spread
        for coordinate in getattr(merged, name):
            _add_side(cells[coordinate], name, side, numbers)
    protection = _style_array(start).protectionId
    for coordinate in merged.cells:
        _style_array(cells[coordinate]).protectionId = protection


def _style_array(cell: Any) -> StyleArray:
    """The numbers of the cell's font, border, alignment... in its workbook (made if none)."""
    if cell._style is None:
        cell._style = StyleArray()
    style: StyleArray = cell._style
    return style


def _add_side(cell: Any, name: str, side: Side, numbers: dict[tuple[str, int], int]) -> None:
    """`cell.border += Border(name=side)`, the sum's number remembered for the next cell."""
    key = (f"{name}:{_style_array(cell).borderId}", id(side))
    number = numbers.get(key)
    if number is None:
        cell.border += Border(**{name: side})  # type: ignore[arg-type]  # a Side, by name
        number = numbers[key] = _style_array(cell).borderId
    _style_array(cell).borderId = number


def _fit(sheet: Worksheet) -> None:
    """Column widths from the widest line in each column, as wide as a Chinese character
    prints (2.2 units: `lines_shown` then finds it on one line)."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if cell.value is not None and hasattr(cell, "column"):
                lines = str(cell.value).split("\n")
                width = max(units_wide(line) for line in lines)
                widths[cell.column] = max(widths.get(cell.column, 0), width)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(_WIDEST, width + 2)
    _fit_heights(sheet)


def _fit_heights(sheet: Worksheet) -> None:
    """Rows tall enough to show every line of their wrapped cells, with a margin: Excel does
    not grow a row whose cells were written with line breaks, and LibreOffice prints what it
    shows, clipped at the row's border."""
    merged = {(row, column) for cells in sheet.merged_cells.ranges for row, column in cells.cells}
    widths = {
        column: sheet.column_dimensions[get_column_letter(column)].width
        for column in range(1, sheet.max_column + 1)
    }
    for row, cells in enumerate(sheet.iter_rows(min_row=_GRID_FIRST_ROW), _GRID_FIRST_ROW):
        written = [c for c in cells if c.value is not None and (c.row, c.column) not in merged]
        if not written:
            continue
        lines = max(
            lines_shown(str(c.value), widths[c.column]) if c.alignment.wrap_text else 1
            for c in written
        )
        sheet.row_dimensions[row].height = row_height(lines)


def _print_setup(sheet: Worksheet, title: str, which: str, issuer: str | None = None) -> None:
    """Printed like a 通报: the headings on every page, the title, year and rubric in the
    header (the issuing body in its middle), page numbers in the footer, the headings frozen."""
    sheet.print_title_rows = f"{_GRID_FIRST_ROW}:{_GRID_FIRST_ROW}"
    sheet.freeze_panes = f"A{_GRID_FIRST_ROW + 1}"
    header, footer = sheet.oddHeader, sheet.oddFooter
    if header is not None:
        header.left.text = _header_text(title)
        header.right.text = _header_text(which)
        if issuer is not None:
            header.center.text = _header_text(issuer)
    if footer is not None:
        footer.center.text = _("Page &P of &N")


def _header_text(text: str) -> str:
    """Text as a page header shows it: `&` doubled (a lone one starts a code), one line, short."""
    return xml_safe(text).replace("&", "&&").replace("\n", " ")[:100]


@functools.lru_cache(maxsize=8192)  # a batch's sheets repeat the same titles and rules
def display_width(text: str) -> int:
    """Terminal-style width: wide and full-width characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class SheetNames:
    """Names Excel accepts, unique in the book: at most 31 characters (UTF-16 units), none of
    []:*?/\\, no apostrophe first or last, not `History`, compared regardless of case."""

    def __init__(self) -> None:
        self.taken = {_RESERVED_SHEET}
        self.last_number: dict[str, int] = {}  # so a thousand alike names take no quadratic time

    def name(self, wanted: str) -> str:
        """A new name for a sheet meant to be called `wanted`."""
        base = xml_safe(wanted).translate(_FORBIDDEN) or _("Unit")
        name = _fitted(base, "")
        number = self.last_number.get(base, 1)
        while name.casefold() in self.taken:
            number += 1
            name = _fitted(base, f"({number})")
        self.last_number[base] = number
        self.taken.add(name.casefold())
        return name


_RESERVED_SHEET = "history"  # Excel keeps this name for its change history
_SHEET_NAME_UNITS = 31


def _fitted(base: str, suffix: str) -> str:
    """`base` cut so that it and `suffix` fit a sheet name, with no apostrophe at either end."""
    room = _SHEET_NAME_UNITS - len(suffix)
    kept = []
    for char in base:
        room -= 2 if ord(char) > 0xFFFF else 1  # Excel counts UTF-16 units
        if room < 0:
            break
        kept.append(char)
    name = "".join(kept) + suffix
    if name.startswith("'"):
        name = "_" + name[1:]
    return name[:-1] + "_" if name.endswith("'") else name


def _empty_book() -> Workbook:
    book = Workbook()
    for sheet in book.worksheets:
        book.remove(sheet)
    return book


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
