"""The one problem type every check reports: a message at a line and column, or a sheet's cell."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from typing import NamedTuple

from djkh.i18n import _, ngettext
from djkh.problems.codes import Code, Severity


class Problem(NamedTuple):
    """Something wrong with an input file, located where the user must fix it.

    In a workbook `sheet` names the worksheet, and `line` and `col` are the cell's row and
    column (both 1-based), shown as `工作表!C12`.
    """

    path: str
    line: int | None
    col: int | None
    code: Code
    message: str
    sheet: str | None = None

    @property
    def level(self) -> Severity:
        """An error, or a warning for what is legal but suspicious: its code says which."""
        return self.code.level

    def location(self) -> str:
        """`path:line:col`, `path:工作表!C12`, or as much of it as is known."""
        if self.line is None and self.sheet is None:
            return self.path
        return f"{self.path}:{self.place()}"

    def place(self) -> str:
        """Where in the file: `line:col`, `工作表!C12` (or `工作表` alone), or ''."""
        if self.sheet is not None:
            if self.line is None:
                return sheet_reference(self.sheet)
            return f"{sheet_reference(self.sheet)}!{cell_name(self.line, self.col or 1)}"
        if self.line is None:
            return ""
        return f"{self.line}:{self.col or 1}"

    def __str__(self) -> str:
        level = _("error") if self.level is Severity.ERROR else _("warning")
        return f"{self.location()}: {level}: {self.message} [{self.code.value}]"


class Report(NamedTuple):
    """What a run found: the files it checked and every problem in them, in order."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...]
    strict: bool = False
    # False where nothing was read: a rubric named that does not exist has no `checked 1 file`.
    closing_line: bool = True

    @property
    def passed(self) -> bool:
        """No errors, and with `strict` no warnings either."""
        return not has_errors(self.problems, strict=self.strict)


def cell_name(row: int, column: int) -> str:
    """A cell as spreadsheets name it: (12, 3) is `C12`."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"


_PLAIN_SHEET = re.compile(r"[^\s'!:,;()\[\]{}\-+=*/\\\"<>&^%$#@~`|]+")


def sheet_reference(name: str) -> str:
    """A sheet's name as a formula writes it: quoted ('My sheet') when it has spaces or marks."""
    if _PLAIN_SHEET.fullmatch(name) and not name[0].isdigit():
        return name
    return "'" + name.replace("'", "''") + "'"


def summary(checked_files: Iterable[str], problems: tuple[Problem, ...]) -> str:
    """The closing line: `checked 3 files: 1 error, 2 warnings in 2 files` or `...: no problems`.

    A file with problems counts as checked even when it was not among `checked_files` (a path
    that does not exist, the rubric a findings file names), so the counts always agree.
    """
    files = len(set(checked_files) | {p.path for p in problems})
    if not problems:
        message = ngettext("checked {n} file: no problems", "checked {n} files: no problems", files)
        return message.format(n=files)
    errors = sum(1 for p in problems if p.level is Severity.ERROR)
    warnings = len(problems) - errors
    counts = []
    if errors:
        counts.append(ngettext("{n} error", "{n} errors", errors).format(n=errors))
    if warnings:
        counts.append(ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings))
    checked = ngettext("checked {n} file", "checked {n} files", files).format(n=files)
    in_files = len({p.path for p in problems})
    found = ngettext("{counts} in {n} file", "{counts} in {n} files", in_files)
    shown = found.format(counts=_(", ").join(counts), n=in_files)
    return _("{checked}: {found}").format(checked=checked, found=shown)


def sheet_location(path: str, sheet: str) -> str:
    """`path:工作表`: a workbook's sheet as a problem locates it, and the name a batch gives the
    unit a sheet of a workbook of several units holds."""
    return f"{path}:{sheet_reference(sheet)}"


def source_of(problem: Problem, sources: Container[str]) -> str:
    """Which of `sources` a problem is in: its sheet's, where a batch names units by sheet,
    else its file."""
    if problem.sheet is not None:
        located = sheet_location(problem.path, problem.sheet)
        if located in sources:
            return located
    return problem.path


def in_file_order(problems: Iterable[Problem], files: Iterable[str]) -> tuple[Problem, ...]:
    """Each problem once, by the order of `files` (others first), then line and column.

    `files` may name a workbook's sheets (`BOOK.xlsx:工作表`): a problem of the workbook as a
    whole comes before its first sheet's."""
    rank: dict[str, int] = {}
    for index, path in enumerate(files):
        rank.setdefault(path, index)
        rank.setdefault(path.rpartition(":")[0], index)
    unique = dict.fromkeys(problems)

    def order(p: Problem) -> tuple[int, int, int]:
        return (rank.get(source_of(p, rank), -1), p.line or 0, p.col or 0)

    return tuple(sorted(unique, key=order))


def has_errors(problems: Iterable[Problem], *, strict: bool = False) -> bool:
    """Whether these problems fail a run: any error, or with `strict` any warning too."""
    return any(strict or p.level is Severity.ERROR for p in problems)
