"""A committee's table (.docx or .xlsx) read as rows of cell texts, merged cells filled in."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from typing import Any

from djkh.i18n import _
from djkh.problems.codes import Code
from djkh.problems.outcome import Outcome, failed, ok
from djkh.problems.problem import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a zip bomb stops here, before python-docx or openpyxl
MAX_ROWS = 2000
MAX_COLUMNS = 40
MAX_CELL_CHARS = 20000


@dataclass(frozen=True)
class Cell:
    """One cell's text; `merged` when it repeats the cell above or to its left (one merged cell)."""

    text: str
    merged_down: bool = False
    merged_across: bool = False


@dataclass(frozen=True)
class Row:
    """A row of the table, with its place in the document for messages."""

    cells: tuple[Cell, ...]
    where: str
    number: int
    sheet: str | None = None  # a workbook's rows are located at their cell, 细则!C3


@dataclass(frozen=True)
class Table:
    """The rows of a document's tables (or a sheet), and the title written above them."""

    rows: tuple[Row, ...]
    title: str


def read_table(path: str, sheet: str | None = None) -> Outcome[Table]:
    """The table of a .docx or .xlsx file, or the problem that says why it cannot be read."""
    refused = _refuse_file(path)
    if refused is not None:
        return failed([refused])
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    try:
        if "word/document.xml" in names:
            return _refuse_long_cells(path, _read_docx(path))
        if "xl/workbook.xml" in names:
            return _refuse_long_cells(path, _read_xlsx(path, sheet))
    except Exception as err:  # a broken document is the input's fault, not djkh's
        message = _(
            "the document cannot be read ({reason}): open it in Word or Excel and save it again"
        )
        return failed(
            [
                Problem(
                    path,
                    None,
                    None,
                    Code.TABLE_UNREADABLE,
                    message.format(reason=type(err).__name__),
                )
            ]
        )
    return failed(
        [_problem(path, _("this is neither a .docx nor an .xlsx document: save the table as one"))]
    )


def _refuse_long_cells(path: str, table: Outcome[Table]) -> Outcome[Table]:
    """A cell longer than any rubric's text: refused at its row and column, not cut short."""
    for row in table.value.rows if table.value is not None else ():
        for column, cell in enumerate(row.cells, start=1):
            if len(cell.text) > MAX_CELL_CHARS:
                message = _("a cell of {n} characters; at most {max}")
                text = message.format(n=len(cell.text), max=MAX_CELL_CHARS)
                if row.sheet is None:
                    text = _("{where}, column {col}: {problem}").format(
                        where=row.where, col=column, problem=text
                    )
                    return failed([_problem(path, text)])
                code = Code.TABLE_UNREADABLE
                return failed([Problem(path, row.number, column, code, text, sheet=row.sheet)])
    return table


def _problem(path: str, message: str, row: int | None = None, col: int | None = None) -> Problem:
    return Problem(path, row, col, Code.TABLE_UNREADABLE, message)


def _refuse_file(path: str) -> Problem | None:
    """Size, existence and the zip container, checked before any library opens the file."""
    try:
        size = os.path.getsize(path)
    except OSError:
        return Problem(path, None, None, Code.NO_FILE, _("no such file: check the path"))
    if os.path.isdir(path):
        return Problem(
            path, None, None, Code.IS_FOLDER, _("is a folder: name a .docx or .xlsx file")
        )
    if size > MAX_FILE_BYTES:
        message = _("the document is larger than {n} MiB: no rubric table is that large")
        return _problem(path, message.format(n=MAX_FILE_BYTES // (1024 * 1024)))
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        message = _(
            "this is not a .docx or .xlsx document (a .doc or .xls must first be saved as "
            ".docx or .xlsx)"
        )
        return _problem(path, message)
    if unpacked > MAX_UNPACKED_BYTES:
        return _problem(path, _("the document unpacks to more than 200 MiB: refused"))
    return None


def _clean(text: Any) -> str:
    if text is None:
        return ""
    value = str(text).replace("\r", "\n").replace("\x0b", "\n").replace("\xa0", " ")
    return value.strip()


def _too_big(path: str, rows: int, columns: int) -> Outcome[Table] | None:
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        message = _(
            "the table has {rows} rows and {cols} columns; at most {max_rows} and {max_cols}"
        )
        text = message.format(rows=rows, cols=columns, max_rows=MAX_ROWS, max_cols=MAX_COLUMNS)
        return failed([_problem(path, text)])
    return None


def _read_docx(path: str) -> Outcome[Table]:
    import docx  # python-docx, only when a .docx is imported

    document = docx.Document(path)
    title = next((_clean(p.text) for p in document.paragraphs if _clean(p.text)), "")
    rows: list[Row] = []
    for number, table in enumerate(document.tables, start=1):
        width = len(table.columns)
        too_big = _too_big(path, len(rows) + len(table.rows), width)
        if too_big is not None:
            return too_big
        above: list[Any] = [None] * width
        for index, row in enumerate(table.rows, start=1):
            cells, seen = [], None
            for column, cell in enumerate(row.cells[:width]):
                tc = cell._tc
                cells.append(
                    Cell(
                        _clean(cell.text), merged_down=tc is above[column], merged_across=tc is seen
                    )
                )
                above[column], seen = tc, tc
            where = _("table {table}, row {row}").format(table=number, row=index)
            rows.append(Row(tuple(cells), where, index))
    return ok(Table(tuple(rows), title))


def _read_xlsx(path: str, sheet: str | None) -> Outcome[Table]:
    import openpyxl

    # Not read-only: openpyxl's read-only mode does not give the merged ranges.
    book = openpyxl.load_workbook(path, data_only=True)
    if sheet is not None and sheet not in book.sheetnames:
        message = _("the workbook has no sheet '{sheet}': it has {sheets}")
        return failed(
            [_problem(path, message.format(sheet=sheet, sheets="、".join(book.sheetnames)))]
        )
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    too_big = _too_big(path, ws.max_row, ws.max_column)
    if too_big is not None:
        return too_big
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in ws.merged_cells.ranges:
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                owner[(r, c)] = (merged.min_row, merged.min_col)
    grid = [[_clean(value) for value in row] for row in ws.iter_rows(values_only=True)]
    rows: list[Row] = []
    for r, values in enumerate(grid, start=1):
        cells = []
        for c, _value in enumerate(values, start=1):
            top = owner.get((r, c), (r, c))
            cells.append(
                Cell(grid[top[0] - 1][top[1] - 1], merged_down=top[0] < r, merged_across=top[1] < c)
            )
        where = _("sheet {sheet}, row {row}").format(sheet=ws.title, row=r)
        rows.append(Row(tuple(cells), where, r, ws.title))
    title = ""
    return ok(Table(tuple(rows), title))
