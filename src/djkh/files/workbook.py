"""Reading a filled findings workbook (`djkh init --format xlsx`) into the data a YAML file gives.

A workbook is untrusted input: its zip is measured before anything is unpacked (size, ratio,
members), links to other files and XML entity declarations are refused, and a sheet may hold
only so many rows and columns. It is read with openpyxl in read-only mode and without
evaluating anything: a formula is never calculated, and in an answer cell it is an error.

The writer leaves two hidden columns on every form sheet: the role of each row (which item or
rule it holds, and so which of its cells are answers) and a mark of every locked cell's content
and of the row's own number. A form edited out of shape (rows moved, inserted or deleted, a
locked cell changed, a sheet renamed, something typed outside the form) no longer matches its
marks and is refused with the cell to fix, never read into a wrong score.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import json
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from djkh.files.document import Document, Loc, Pos, Positions
from djkh.i18n import _
from djkh.problems.codes import Code
from djkh.problems.oserrors import describe_os_error
from djkh.problems.outcome import Outcome, failed, ok
from djkh.problems.problem import Problem, cell_name

_T = TypeVar("_T")
FORMAT_VERSION = 1
MAX_BOOK_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # a deflated member this many times smaller than itself is a zip bomb
MAX_MEMBERS = 5000
MAX_ROWS = 5000
MAX_SHEETS = 500
LONG_NUMBER = 1000  # digits of a cell's number read as text (int() refuses over 4300)
MAX_SHOWN = 20  # shape problems reported per sheet before the rest are summed up

# The form's columns, 1-based: the paper form's, then the two hidden ones.
SECTION, ITEM, STANDARDS, SCORE, RULE, ANSWER, UNIT, SELF, DEDUCT, GOT, NOTE = range(1, 12)
ROLE, MARKS = 12, 13
LAST_COLUMN = MARKS
HEADER_ROWS = {"unit": 2, "year": 3, "rubric": 4, "unit_class": 5, "assessor": 6, "date": 7}
# The role of the assessor's row in one assessor's form (init --assessor): written, locked.
NAMED_ASSESSOR = "assessor-named"
FIRST_FORM_ROW = 10

# What each role's answer cells are, by column: (column, what the cell holds).
ANSWERS: dict[str, dict[int, str]] = {
    "assessor": {ITEM: "text"},
    "date": {ITEM: "date"},
    "item": {SELF: "number", NOTE: "text"},
    "rule": {ANSWER: "finding", NOTE: "text"},
    "na": {ANSWER: "text"},
    "override": {ANSWER: "number", NOTE: "text"},
    "approver": {ANSWER: "text"},
    "reason": {ANSWER: "text"},
    "reference": {ANSWER: "number"},
    "scale": {ANSWER: "text"},
    "extra": {ANSWER: "number"},
    "vote": {ANSWER: "number"},
    "abstained": {ANSWER: "number"},
    "invalid": {ANSWER: "number"},
}
DETAILS = ("reason", "reference", "scale", "extra")  # what a finding may say beside its value
BALLOTS = ("vote", "abstained", "invalid")  # a survey item's counts
_YES_NO = {"是": True, "否": False}
# What `djkh convert` writes for a rule or item a findings file does not mention (so it deducts
# nothing), where an empty answer cell means "not filled in yet".
NOT_RECORDED = "（未记录）"


def marker(
    sheet: str,
    rows: int,
    unit_class: str | None = None,
    period: str | None = None,
    units: Sequence[str] = (),
) -> str:
    """The text of a form sheet's first hidden cell: what it is, its name and its length, the
    unit's class (分类考核) when the rubric has classes, the period (平时考核) when it has one,
    and in a workbook of several units every unit's sheet, so that a deleted one is missed."""
    found: dict[str, Any] = {"djkh": "findings", "version": FORMAT_VERSION, "sheet": sheet}
    found["rows"] = rows
    if unit_class is not None:
        found["unit_class"] = unit_class
    if period is not None:
        found["period"] = period
    if len(units) > 1:
        found["units"] = list(units)
    return json.dumps(found, ensure_ascii=False)


def row_marks(row: int, role: str, cells: dict[int, Any]) -> str:
    """The hidden mark of one row: its number, then four hex digits per locked cell's content."""
    answers = ANSWERS.get(role.split(" ", 1)[0], {})
    marks = "".join(
        "----" if column in answers else _mark(column, cells.get(column))
        for column in range(1, ROLE + 1)
    )
    return f"{row}:{marks}"


def _mark(column: int, value: Any) -> str:
    text = f"{column}\t{canonical(value)}".encode()
    return hashlib.sha256(text).hexdigest()[:4]


def canonical(value: Any) -> str:
    """A cell's content as one text, the same whether djkh wrote it or Excel saved it again."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        number = Decimal(repr(value)) if isinstance(value, float) else value
        return format(number.normalize(), "f") if number else "0"
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Cell:
    """One cell as read: its value and openpyxl's type letter ('f' formula, 'e' error, …)."""

    value: Any
    kind: str


@dataclass
class _Sheet:
    """A form sheet's cells, and what reading them found wrong."""

    path: str
    title: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    last_row: int = 0
    problems: list[Problem] = field(default_factory=list)

    def fail(self, row: int | None, column: int | None, code: Code, message: str) -> None:
        self.problems.append(Problem(self.path, row, column, code, message, self.title))

    def value(self, row: int, column: int) -> Any:
        cell = self.cells.get((row, column))
        return None if cell is None else cell.value


def is_workbook(path: str) -> bool:
    """Whether the file is an xlsx workbook (a zip holding `xl/`), by its content, whatever its
    name; anything unreadable is left to the text reader to explain."""
    try:
        with open(path, "rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                return False
        with zipfile.ZipFile(path) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def load_workbook(path: str) -> Outcome[Document]:
    """A findings workbook as a Document of the findings data, or the problems that prevent one.

    A workbook holding several units (`init --units`) is read one unit at a time with
    `load_unit_sheets`; this reads a workbook of one unit.
    """
    sheets = load_unit_sheets(path)
    if len(sheets) == 1:
        return sheets[0]
    if not sheets:
        return failed((_not_a_findings_workbook(path),))
    names = [loaded.value.sheet for loaded in sheets if loaded.value is not None]
    problems = [p for loaded in sheets for p in loaded.problems]
    if problems:
        return failed(problems)
    message = _(
        "this workbook holds the forms of {n} units (sheets {sheets}): here djkh needs one "
        "unit: name its sheet ({file}:{sheet}), or split the workbook with djkh convert {file} "
        "-o FOLDER"
    ).format(n=len(sheets), sheets=_("、").join(str(n) for n in names), file=path, sheet=names[0])
    return failed((Problem(path, None, None, Code.OFFICE_FILE, message),))


def load_unit_sheets(path: str) -> list[Outcome[Document]]:
    """Each djkh form sheet of the workbook read into findings data, after the problems of the
    workbook as a whole (a sheet djkh did not write, a unit's sheet deleted); [] when it has no
    form."""
    return [outcome for _title, outcome in load_titled_sheets(path)]


def load_titled_sheets(path: str) -> list[tuple[str | None, Outcome[Document]]]:
    """`load_unit_sheets`, each outcome with its sheet's title (None for the workbook's own
    problems)."""
    return _guarded(path, lambda book: list(_read_book(path, book)), lambda found: [(None, found)])


def unit_sheets(path: str) -> Outcome[tuple[str, ...]]:
    """The titles of the workbook's form sheets, in order, beside the problems of the workbook
    as a whole; its forms are not read. A workbook that cannot be opened has none: reading it
    says why."""

    def survey(book: Any) -> Outcome[tuple[str, ...]]:
        try:
            forms, problems = _survey(path, book)
        finally:
            book.close()
        return ok(tuple(str(sheet.title) for sheet, _found in forms), problems)

    return _guarded(path, survey, lambda _found: ok(()))


def _guarded(path: str, read: Callable[[Any], _T], refused: Callable[[Outcome[Any]], _T]) -> _T:
    """`read(book)` on the opened workbook, or `refused(failed(problem))` when it must not be
    opened or cannot be read."""
    problem = _refusal(path)
    if problem is None:
        try:
            from openpyxl import load_workbook as open_book

            with open(path, "rb") as handle, _long_whole_numbers_as_text():
                # a handle: openpyxl judges a name by its suffix
                return read(open_book(handle, read_only=True, keep_links=False))
        except _Unsafe as unsafe:
            problem = unsafe.problem
        except Exception as err:  # openpyxl raises anything at all on a malformed workbook
            message = _(
                "cannot read the workbook: {reason}: open it in Excel or WPS and save it again"
            )
            reason = describe_os_error(err)  # any exception: its text, an OSError translated
            problem = Problem(path, None, None, Code.UNREADABLE, message.format(reason=reason))
        finally:
            _collect_the_book()
    return refused(failed((problem,)))


def _collect_the_book() -> None:
    """Free the workbook just read where a batch rests the cycle collector: openpyxl's book and
    sheets refer to each other, so each would stay (about 2 MiB a form) until the batch ends.
    Only the objects made since the last collection are walked: about one file's."""
    if not gc.isenabled():
        gc.collect(0)


@contextmanager
def _long_whole_numbers_as_text() -> Iterator[None]:
    """Read a cell's whole number too long for int() (4300 digits) as its text, so that it is
    refused at its cell as any number over 15 digits, not the whole workbook as unreadable."""
    from openpyxl.worksheet import _reader

    cast = getattr(_reader, "_cast_number", None)  # private: an openpyxl without it reads as ever
    if cast is None:
        yield
        return

    def guarded(text: str) -> Any:
        if len(text) > LONG_NUMBER and not any(mark in text for mark in ".Ee"):
            return text
        return cast(text)

    setattr(_reader, "_cast_number", guarded)  # noqa: B010
    try:
        yield
    finally:
        setattr(_reader, "_cast_number", cast)  # noqa: B010


class _Unsafe(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _refusal(path: str) -> Problem | None:
    """Why the zip must not be unpacked at all, if it must not."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            return _zip_refusal(path, archive, infos)
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        message = _("cannot read the workbook: {reason}: open it in Excel or WPS and save it again")
        reason = describe_os_error(err)
        return Problem(path, None, None, Code.UNREADABLE, message.format(reason=reason))


def _zip_refusal(
    path: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]
) -> Problem | None:
    packed = sum(info.compress_size for info in infos)
    unpacked = sum(info.file_size for info in infos)
    if packed > MAX_BOOK_BYTES or unpacked > MAX_UNPACKED_BYTES or len(infos) > MAX_MEMBERS:
        message = _(
            "the workbook is too large ({size} MiB unpacked): a findings workbook is far smaller"
        ).format(size=unpacked // (1024 * 1024))
        return Problem(path, None, None, Code.TOO_LARGE, message)
    for info in infos:
        if info.file_size > MAX_RATIO * max(info.compress_size, 1024):
            message = _(
                "the workbook is a zip bomb ({name} unpacks {ratio} times larger): "
                "djkh does not open it"
            ).format(name=info.filename, ratio=info.file_size // max(info.compress_size, 1))
            return Problem(path, None, None, Code.TOO_LARGE, message)
        if info.filename.startswith("xl/externalLinks/"):
            message = _(
                "the workbook links to other files: djkh reads only what is in the file; "
                "break the links (Excel: 数据 > 编辑链接 > 断开链接) and save it again"
            )
            return Problem(path, None, None, Code.OFFICE_FILE, message)
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as member:
                if b"<!DOCTYPE" in member.read(4096).upper().replace(b"<!doctype", b"<!DOCTYPE"):
                    message = _(
                        "the workbook's {name} declares XML entities, which Excel never writes: "
                        "djkh does not open it"
                    ).format(name=info.filename)
                    return Problem(path, None, None, Code.OFFICE_FILE, message)
    return None


def _read_book(path: str, book: Any) -> Iterator[tuple[str | None, Outcome[Document]]]:
    try:
        forms, problems = _survey(path, book)
        for problem in problems:
            yield None, failed((problem,))
        titles = frozenset(str(sheet.title) for sheet, _found in forms)
        for sheet, found in forms:
            yield str(sheet.title), _read_form(path, sheet, found, titles)
    finally:
        book.close()


def _survey(path: str, book: Any) -> tuple[list[tuple[Any, dict[str, Any]]], list[Problem]]:
    """The form sheets with their markers, and the problems of the workbook as a whole: a sheet
    that is not a form but holds something, a unit's sheet that is gone. No form: no problems
    (the workbook is not djkh's, which reading it says)."""
    if len(book.worksheets) > MAX_SHEETS:
        message = _("the workbook has more than {n} sheets: a findings workbook is far smaller")
        raise _Unsafe(Problem(path, None, None, Code.TOO_LARGE, message.format(n=MAX_SHEETS)))
    forms: list[tuple[Any, dict[str, Any]]] = []
    others: list[str] = []
    for sheet in book.worksheets:
        found = _form_marker(sheet)
        if found is not None:
            forms.append((sheet, found))
        elif _holds_anything(sheet):
            others.append(str(sheet.title))
    if not forms:
        return [], []
    titles = [str(sheet.title) for sheet, _found in forms]
    problems = [_not_a_form(path, title, titles) for title in others]
    return forms, problems + _missing_units(path, [found for _sheet, found in forms])


def _holds_anything(sheet: Any) -> bool:
    """Whether a sheet has a cell with content (a chart sheet has none djkh could read)."""
    if not hasattr(sheet, "iter_rows"):
        return False
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if any(value is not None and value != "" for value in row):
            return True
        if number > MAX_ROWS:
            return True  # reading it says it is too long
    return False


def _not_a_form(path: str, title: str, forms: list[str]) -> Problem:
    message = _(
        "this sheet is not a form djkh wrote, so djkh reads nothing in it: the workbook's units "
        "are its form sheets ({sheets}); move what it holds elsewhere and delete the sheet, or "
        "write a form for a unit with djkh init --format xlsx"
    ).format(sheets=_("、").join(forms))
    return Problem(path, None, None, Code.WORKBOOK_SHAPE, message, title)


def _missing_units(path: str, markers: list[dict[str, Any]]) -> list[Problem]:
    """A problem for each unit's sheet the markers name that is no longer in the workbook."""
    written = [found.get("units") for found in markers]
    expected = next((units for units in written if isinstance(units, list)), [])
    present = {found.get("sheet") for found in markers}
    message = _(
        "the sheet '{sheet}' that djkh wrote for a unit is missing from the workbook (deleted, "
        "or moved to another workbook): undo the change, or copy the unit's answers into a "
        "fresh form from djkh init --format xlsx"
    )
    return [
        Problem(path, None, None, Code.WORKBOOK_SHAPE, message.format(sheet=sheet))
        for sheet in expected
        if sheet not in present
    ]


def _form_marker(sheet: Any) -> dict[str, Any] | None:
    """The marker a djkh form sheet carries in its first hidden cell, else None."""
    if not hasattr(sheet, "iter_rows"):  # a chart sheet
        return None
    for row in sheet.iter_rows(min_row=1, max_row=1, min_col=ROLE, max_col=ROLE, values_only=True):
        text = row[0] if row else None
        if isinstance(text, str) and text.startswith('{"djkh": "findings"'):
            try:
                found = json.loads(text)
            except ValueError:
                return None
            return found if isinstance(found, dict) else None
    return None


def _read_form(
    path: str, worksheet: Any, found: dict[str, Any], titles: frozenset[str] = frozenset()
) -> Outcome[Document]:
    """One form sheet's findings; `titles` are the workbook's form sheets, so that a copy of one
    is told apart from a renamed one."""
    sheet = _Sheet(path, str(worksheet.title))
    if _read_cells(sheet, worksheet):
        _check_shape(sheet, found, titles)
    if sheet.problems:
        return failed(sheet.problems)
    return _document(sheet, found.get("unit_class"), found.get("period"))


def _read_cells(sheet: _Sheet, worksheet: Any) -> bool:
    """Every cell with content; something outside the form's columns is a problem. False when
    the sheet is too long to read at all."""
    outside = 0
    for row in worksheet.iter_rows():
        for cell in row:
            value = getattr(cell, "value", None)
            if value is None or value == "":
                continue
            where = (cell.row, cell.column)
            if where[0] > MAX_ROWS:
                message = _("the sheet has more than {n} rows: a findings form is far shorter")
                sheet.fail(None, None, Code.TOO_LARGE, message.format(n=MAX_ROWS))
                return False
            if where[1] > LAST_COLUMN:
                outside += 1
                if outside <= MAX_SHOWN:
                    sheet.fail(*where, Code.WORKBOOK_SHAPE, _outside_message())
                continue
            sheet.cells[where] = Cell(value, cell.data_type)
            sheet.last_row = max(sheet.last_row, where[0])
    return True


def _outside_message() -> str:
    return _(
        "this cell is outside the form djkh wrote: clear it; answers go only in the form's "
        "yellow cells"
    )


def _check_shape(sheet: _Sheet, found: dict[str, Any], titles: frozenset[str]) -> None:
    """The sheet still as djkh wrote it: its name, its rows in place, its locked cells unchanged."""
    rows = found.get("rows")
    if found.get("version") != FORMAT_VERSION or not isinstance(rows, int):
        message = _(
            "this form was written by another version of djkh: write a fresh one with "
            "djkh init --format xlsx and copy the answers into it"
        )
        sheet.fail(1, ROLE, Code.WORKBOOK_SHAPE, message)
        return
    if found.get("sheet") != sheet.title:
        sheet.fail(None, None, Code.WORKBOOK_SHAPE, _moved_message(found.get("sheet"), titles))
    for row in range(1, max(rows, sheet.last_row) + 1):
        if row > rows:
            _check_below(sheet, row)
        elif not _check_row(sheet, row, rows):
            return  # rows moved: the cells below are all out of place, one message says so
        if len(sheet.problems) > MAX_SHOWN:
            return


def _moved_message(name: Any, titles: frozenset[str]) -> str:
    """A form sheet under another name than djkh gave it: renamed, or a copy of a form that is
    still there under that name (Excel's 移动或复制, which names the copy '示例委乙 (2)')."""
    if name in titles:
        return _(
            "this sheet is a copy of the form of '{name}', which is still in the workbook: one "
            "form per unit; delete the copy, or for another unit write its own form, a sheet per "
            "unit, with djkh init --format xlsx --units FILE"
        ).format(name=name)
    return _(
        "the sheet was renamed (djkh wrote it as '{name}'): rename it back to '{name}'"
    ).format(name=name)


def _check_below(sheet: _Sheet, row: int) -> None:
    for column in range(1, LAST_COLUMN + 1):
        if sheet.value(row, column) is not None:
            sheet.fail(row, column, Code.WORKBOOK_SHAPE, _outside_message())


def _check_row(sheet: _Sheet, row: int, rows: int) -> bool:
    """Check one row's marks; False when the rows no longer stand where djkh wrote them."""
    marks = sheet.value(row, MARKS)
    written, _sep, hashes = (marks if isinstance(marks, str) else "").partition(":")
    if written != str(row) or len(hashes) != 4 * ROLE:
        if written.isdigit():
            message = _(
                "rows were moved, inserted or deleted: row {row} holds what djkh wrote in row "
                "{written}: undo the change (Ctrl+Z), or copy the answers into a fresh form "
                "from djkh init --format xlsx"
            ).format(row=row, written=written)
        else:
            message = _(
                "rows were inserted or deleted here ({rows} rows were written): undo the change "
                "(Ctrl+Z), or copy the answers into a fresh form from djkh init --format xlsx"
            ).format(rows=rows)
        sheet.fail(row, SECTION, Code.WORKBOOK_SHAPE, message)
        return False
    role = sheet.value(row, ROLE)
    kind = role.split(" ", 1)[0] if isinstance(role, str) else ""
    for column in range(1, ROLE + 1):
        expected = hashes[4 * (column - 1) : 4 * column]
        if expected == "----":
            continue
        if _mark(column, sheet.value(row, column)) != expected:
            sheet.fail(row, column, Code.WORKBOOK_SHAPE, _changed_message(row, kind, column))
    return True


def _changed_message(row: int, kind: str, column: int) -> str:
    if column == ROLE:
        return _(
            "the form's hidden column was changed in row {row}: undo the change, or copy the "
            "answers into a fresh form from djkh init --format xlsx"
        ).format(row=row)
    answers = ", ".join(cell_name(row, c) for c in ANSWERS.get(kind, {}))
    if answers:
        return _(
            "this cell is part of the form djkh wrote and was changed: undo the change; in this "
            "row answers go in {cells}"
        ).format(cells=answers)
    return _(
        "this cell is part of the form djkh wrote and was changed: undo the change; this row "
        "takes no answers"
    )


@dataclass
class _Builder:
    """The findings data, and where each value and key stands on the sheet."""

    sheet: _Sheet
    data: dict[str, Any] = field(default_factory=dict)
    values: dict[Loc, Pos] = field(default_factory=dict)
    keys: dict[Loc, Pos] = field(default_factory=dict)
    unrecorded: list[str] = field(default_factory=list)  # items marked NOT_RECORDED
    empty_ballots: list[tuple[str, int]] = field(default_factory=list)  # (item, row)

    def put(self, loc: Loc, value: Any, at: Pos, key_at: Pos | None = None) -> None:
        target: Any = self.data
        for part in loc[:-1]:
            target = target.setdefault(part, {})
        target[loc[-1]] = value
        self.values[loc] = at
        self.keys[loc] = key_at or at

    def answer(self, row: int, column: int, holds: str) -> tuple[bool, Any]:
        """(given, value): the cell's value as the YAML loader would give it, or a problem."""
        cell = self.sheet.cells.get((row, column))
        if cell is None or _is_empty(cell):
            return False, None
        problem = _cell_problem(cell, holds)
        if problem is not None:
            self.sheet.fail(row, column, Code.WORKBOOK_VALUE, problem)
            return False, None
        try:
            return True, _converted(cell.value, holds)
        except ValueError as err:
            self.sheet.fail(row, column, Code.BAD_NUMBER, str(err))
            return False, None


def _cell_problem(cell: Cell, holds: str) -> str | None:
    if cell.kind == "f":
        return _(
            "this answer cell holds a formula ({formula}): type the value itself; "
            "djkh never calculates formulas"
        ).format(formula=str(cell.value)[:40])
    if cell.kind == "e":
        return _("this answer cell holds the error {error}: type the value itself").format(
            error=cell.value
        )
    dated = isinstance(cell.value, (datetime.datetime, datetime.date, datetime.time))
    if dated and holds in ("number", "finding"):
        return _(
            "this cell holds a date ({date}) where a number belongs: Excel turned what was typed "
            "into a date; format the cell as 常规 (General) and type the number again"
        ).format(date=canonical(cell.value))
    if isinstance(cell.value, datetime.timedelta):
        return _("this cell holds a duration: type the value itself")
    return None


def _converted(value: Any, holds: str) -> Any:
    from djkh.files.loader import resolve_plain

    if holds == "date" and isinstance(value, (datetime.datetime, datetime.date)):
        return value.strftime("%Y-%m-%d")
    if holds in ("text", "date"):
        return value if isinstance(value, str) else canonical(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):  # held to a YAML number's limits: a cell's <v> may be any length
        return resolve_plain(str(value))
    if isinstance(value, str):
        text = value.strip()
        return _YES_NO[text] if holds == "finding" and text in _YES_NO else resolve_plain(text)
    if isinstance(value, float):
        return resolve_plain(repr(value))
    return value


def _document(sheet: _Sheet, unit_class: Any = None, period: Any = None) -> Outcome[Document]:
    build = _Builder(sheet)
    build.put(("kind",), "findings", (1, SECTION))
    if period is not None:  # 平时考核: the period the form was written for, in its title
        build.put(("period",), period, (1, SECTION))
    if unit_class is not None:  # 分类考核: the class the form was written for
        build.put(("unit_class",), unit_class, (HEADER_ROWS["unit_class"], ITEM))
    for key, row in HEADER_ROWS.items():
        holds = ANSWERS.get(str(sheet.value(row, ROLE)), {}).get(ITEM)
        if holds is None:
            if sheet.value(row, ITEM) is not None:  # a unit without a class has none
                build.put((key,), sheet.value(row, ITEM), (row, ITEM), (row, SECTION))
        else:
            given, value = build.answer(row, ITEM, holds)
            if given:
                build.put((key,), value, (row, ITEM), (row, SECTION))
    build.put(("items",), {}, (FIRST_FORM_ROW - 1, SECTION))
    for row in range(FIRST_FORM_ROW, sheet.last_row + 1):
        role = sheet.value(row, ROLE)
        if isinstance(role, str) and " " in role:
            _read_role(build, row, *role.split(" ", 1))
    _check_empty_ballots(build)
    if sheet.problems:
        return failed(sheet.problems)
    for item in build.unrecorded:  # not mentioned, unless something was written for it since
        if build.data["items"][item] == {"findings": {}}:
            del build.data["items"][item]
    positions = Positions(build.values, build.keys)
    return ok(Document(sheet.path, build.data, lambda: positions, sheet.title))


def _read_role(build: _Builder, row: int, kind: str, target: str) -> None:
    """Add one form row's answers to the data."""
    item = target.split(" ", 1)[0].split("/", 1)[0]
    base: Loc = ("items", item)
    if kind == "item":
        build.put(base, {}, (row, ITEM))
        build.put((*base, "findings"), {}, (row, ITEM))
        if build.sheet.value(row, SELF) == NOT_RECORDED:
            build.unrecorded.append(item)
        else:
            _put_answer(build, row, SELF, (*base, "self_score"))
        _put_answer(build, row, NOTE, (*base, "note"))
    elif kind == "rule":
        rule = target.split(" ", 1)[0].split("/", 1)[1]
        loc = (*base, "findings", rule)
        if build.sheet.value(row, ANSWER) == NOT_RECORDED:
            return
        given, value = build.answer(row, ANSWER, "finding")
        noted, evidence = build.answer(row, NOTE, "text")
        if noted:
            build.put(loc, {}, (row, ANSWER), (row, RULE))
            build.put((*loc, "value"), value if given else None, (row, ANSWER))
            build.put((*loc, "evidence"), evidence, (row, NOTE))
        else:
            build.put(loc, value if given else None, (row, ANSWER), (row, RULE))
    elif kind in DETAILS:
        _read_detail(build, row, kind, (*base, "findings", target.split("/", 1)[1]))
    elif kind == "na":
        _put_answer(build, row, ANSWER, (*base, "not_applicable"))
    elif kind == "override":
        _put_answer(build, row, ANSWER, (*base, "override", "score"), (*base, "override"))
        _put_answer(build, row, NOTE, (*base, "override", "reason"), (*base, "override"))
    elif kind == "approver":
        _put_answer(build, row, ANSWER, (*base, "override", "approved_by"), (*base, "override"))
    elif kind in BALLOTS and build.sheet.value(row, ANSWER) != NOT_RECORDED:
        _read_ballots(build, row, kind, target)


def _read_ballots(build: _Builder, row: int, kind: str, target: str) -> None:
    """A survey's count: the valid ballots of one level (`vote ITEM LEVEL`), or the abstaining
    or invalid ones (`abstained ITEM`)."""
    item, _sep, level = target.partition(" ")
    base: Loc = ("items", item)
    if _is_empty(build.sheet.cells.get((row, ANSWER))):
        build.empty_ballots.append((item, row))
    elif kind == "vote":
        _put_answer(build, row, ANSWER, (*base, "votes", level), (*base, "votes"))
    else:
        _put_answer(build, row, ANSWER, (*base, kind))


def _check_empty_ballots(build: _Builder) -> None:
    """An empty count of a survey with others given is not filled in, never read as 0; a survey
    with none given is reported as having no valid ballot."""
    for item, row in build.empty_ballots:
        recorded = build.data.get("items", {}).get(item, {})
        if any(key in recorded for key in ("votes", "abstained", "invalid")):
            message = _(
                "this ballot count is empty: type the number of ballots, 0 if there were none "
                "(an empty cell is not read as 0)"
            )
            build.sheet.fail(row, ANSWER, Code.NOT_FILLED, message)


def _is_empty(cell: Cell | None) -> bool:
    return cell is None or (isinstance(cell.value, str) and not cell.value.strip())


def _read_detail(build: _Builder, row: int, kind: str, loc: Loc) -> None:
    """A reason, reference, scale or extra: the rule's finding becomes a mapping to hold it."""
    given, value = build.answer(row, ANSWER, ANSWERS[kind][ANSWER])
    if not given:
        return
    findings = build.data["items"][loc[1]]["findings"]
    bare = findings.get(loc[-1])
    if not isinstance(bare, dict):
        at = build.values.get(loc, (row, ANSWER))
        build.put(loc, {}, at, build.keys.get(loc))
        build.put((*loc, "value"), bare, at)
    build.put((*loc, kind), value, (row, ANSWER))


def _put_answer(
    build: _Builder, row: int, column: int, loc: Loc, parent: Loc | None = None
) -> None:
    kind = build.sheet.value(row, ROLE).split(" ", 1)[0]
    given, value = build.answer(row, column, ANSWERS[kind][column])
    if not given:
        return
    if parent is not None and parent not in build.values:
        build.put(parent, {}, (row, column))
    build.put(loc, value, (row, column))


def _not_a_findings_workbook(path: str) -> Problem:
    message = _(
        "this is an Excel workbook, but not a djkh findings form: djkh reads the workbooks "
        "djkh init --format xlsx writes; write one with djkh init --rubric ID@VERSION --unit UNIT "
        "--year YEAR --format xlsx -o FILE.xlsx, or write the findings in YAML"
    )
    return Problem(path, None, None, Code.OFFICE_FILE, message)
