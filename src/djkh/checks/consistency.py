"""What a set of findings files must agree on: one file per unit and year, one year per ranking."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

from djkh.files.loader import load_file
from djkh.i18n import _, ngettext
from djkh.problems.codes import Code
from djkh.problems.problem import Problem, cell_name

# A problem at a top-level key of a file: (path, key, code, message) -> the problem.
Locate = Callable[[str, str, Code, str], Problem]


def locate_key(path: str, key: str, code: Code, message: str) -> Problem:
    """A problem at the value of a top-level key of a file, read again (this is rare)."""
    document = load_file(path).value
    if document is None:
        return Problem(path, None, None, code, message)
    return document.problem((key,), code, message)


class Entry(NamedTuple):
    """A findings file that passed its own checks: whose findings, for which year."""

    path: str
    unit: str
    year: int


def same_unit(unit: str) -> str:
    """The unit's name as compared: full-width forms folded, every space removed."""
    return "".join(unicodedata.normalize("NFKC", unit).split())


def duplicate_units(entries: Sequence[Entry], locate: Locate) -> list[Problem]:
    """An error on each file of a unit and year that more than one file records."""
    groups: dict[tuple[str, int], list[Entry]] = {}
    for entry in entries:
        groups.setdefault((same_unit(entry.unit), entry.year), []).append(entry)
    problems = []
    for group in groups.values():
        if len(group) < 2:
            continue
        for entry in group:
            others = ", ".join(other.path for other in group if other is not entry)
            message = _(
                "unit '{unit}' for {year} is also recorded in {others}: one file per unit and "
                "year; delete the copy, or correct 'unit:' in the file copied from another unit"
            ).format(unit=entry.unit, year=entry.year, others=others)
            problem = locate(entry.path, "unit", Code.DUPLICATE_UNIT, message)
            problems.append(_on_a_form(problem, entry, others))
    return problems


def _on_a_form(problem: Problem, entry: Entry, others: str) -> Problem:
    """DJ601 on a workbook's form: the unit stands in its locked 单位 cell, not a 'unit:' key."""
    if problem.sheet is None or problem.line is None or problem.col is None:
        return problem
    message = _(
        "unit '{unit}' for {year} is also recorded in {others}: one form per unit and year; the "
        "单位 cell ({cell}) of this sheet names it, and is locked: delete the copy, or if this "
        "form is another unit's, write that unit's form with djkh init --format xlsx and copy "
        "the answers into it"
    ).format(
        unit=entry.unit, year=entry.year, others=others, cell=cell_name(problem.line, problem.col)
    )
    return problem._replace(message=message)


def periods_twice(entries: Sequence[tuple[Entry, str]], locate: Locate) -> list[Problem]:
    """An error on each later file of a unit, year and period that an earlier file records."""
    seen: dict[tuple[str, int, str], str] = {}
    problems = []
    for entry, period in entries:
        key = (same_unit(entry.unit), entry.year, period)
        if key not in seen:
            seen[key] = entry.path
            continue
        message = period_twice_message(entry.unit, period, entry.year, seen[key])
        problems.append(locate(entry.path, "period", Code.PERIOD_TWICE, message))
    return problems


def period_twice_message(unit: str, period: str, year: int, other: str) -> str:
    """What DJ616 says, in validate and in score alike."""
    return _(
        "{unit} has two files for period '{period}' of {year}: this one and {other}; one "
        "file per period (merge them, or correct 'period')"
    ).format(unit=unit, period=period, year=year, other=other)


def batch_year(entries: Sequence[Entry]) -> int | None:
    """The year most files are for (the latest of equally common ones); None without files."""
    counts = Counter(entry.year for entry in entries)
    if not counts:
        return None
    return max(counts, key=lambda year: (counts[year], year))


def stray_years(entries: Sequence[Entry], locate: Locate) -> list[Problem]:
    """An error on each file not for the batch's year, naming that year and its files."""
    year = batch_year(entries)
    main = [entry for entry in entries if entry.year == year]
    problems = []
    for entry in entries:
        if entry.year == year:
            continue
        message = ngettext(  # files with errors of their own have no year to count
            "this file is for {found}, but {n} other valid file of this batch is for {year} "
            "({files}): one ranking is one year; score each year's files apart, or choose one "
            "with --year",
            "this file is for {found}, but {n} other valid files of this batch are for {year} "
            "({files}): one ranking is one year; score each year's files apart, or choose one "
            "with --year",
            len(main),
        ).format(found=entry.year, n=len(main), year=year, files=_examples(main))
        problems.append(locate(entry.path, "year", Code.MIXED_YEARS, message))
    return problems


def _examples(entries: Sequence[Entry], shown: int = 3) -> str:
    """The first few files by name, and how many more."""
    names = ", ".join(entry.path for entry in entries[:shown])
    if len(entries) <= shown:
        return names
    more = len(entries) - shown
    return ngettext("{names} and {n} more", "{names} and {n} more", more).format(
        names=names, n=more
    )
