"""A workbook of several units (`djkh init --units`): each form sheet a unit, `BOOK.xlsx:工作表`.

A batch names each of its units by where it comes from: a YAML file or a workbook of one unit by
its path, a unit's sheet of a workbook of several by `BOOK.xlsx:工作表`, as a problem in that
sheet is located. A sheet's name never holds a colon (Excel refuses one), so the last colon of
such a name always separates the workbook from the sheet.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from djkh.files.document import Document
from djkh.i18n import _
from djkh.problems.codes import Code
from djkh.problems.outcome import Outcome, failed, ok
from djkh.problems.problem import Problem, sheet_location


def split_source(source: str) -> tuple[str, str] | None:
    """(workbook, sheet) when `source` names a sheet of an existing file, else None."""
    book, colon, sheet = source.rpartition(":")
    if not colon or not book or not sheet or os.path.lexists(source):
        return None
    if not os.path.isfile(book):
        return None
    if len(sheet) > 1 and sheet[0] == sheet[-1] == "'":  # quoted as a formula quotes it
        sheet = sheet[1:-1].replace("''", "'")
    return book, sheet


def file_of(source: str) -> str:
    """The file a unit's source is in: the workbook of a sheet, else the source itself."""
    split = split_source(source)
    return source if split is None else split[0]


def files_of(sources: Iterable[str]) -> tuple[str, ...]:
    """The files the sources are in, each once, in order: what a run says it checked."""
    return tuple(dict.fromkeys(file_of(source) for source in sources))


def unit_sources(path: str) -> Outcome[tuple[str, ...]]:
    """The units of the file at `path`: the file itself, or for a workbook of several units each
    unit's sheet, beside the problems of the workbook as a whole (a sheet djkh did not write, a
    unit's sheet deleted)."""
    if not path.lower().endswith(".xlsx"):
        return ok((path,))
    from djkh.files.workbook import is_workbook, unit_sheets

    if not is_workbook(path):
        return ok((path,))
    sheets = unit_sheets(path)
    titles = sheets.value or ()
    if len(titles) < 2:
        return ok((path,))  # reading it says what is wrong with it as a whole
    return ok(tuple(sheet_location(path, title) for title in titles), sheets.problems)


def load_units(book: str) -> dict[str, Outcome[Document]]:
    """Each unit's sheet of the workbook read, by its source (`BOOK.xlsx:工作表`)."""
    from djkh.files.workbook import load_titled_sheets

    return {
        sheet_location(book, title): outcome
        for title, outcome in load_titled_sheets(book)
        if title is not None
    }


def load_unit(source: str) -> Outcome[Document]:
    """One unit's sheet of a workbook (`BOOK.xlsx:工作表`), read from the workbook."""
    split = split_source(source)
    if split is None:
        message = _("no such file or folder: check the path")
        return failed((Problem(source, None, None, Code.NO_FILE, message),))
    from djkh.files.workbook import load_titled_sheets, load_workbook

    book, wanted = split
    sheets = load_titled_sheets(book)
    titles = [title for title, _outcome in sheets if title is not None]
    if not titles:
        return load_workbook(book)  # it says why the workbook holds no unit
    for title, outcome in sheets:
        if title == wanted:
            return outcome
    message = _(
        "the workbook has no form sheet '{sheet}': its units' sheets are {sheets}; name one of "
        "them, or the workbook alone for all of them"
    ).format(sheet=wanted, sheets=_("、").join(titles))
    return failed((Problem(book, None, None, Code.NO_FILE, message),))
