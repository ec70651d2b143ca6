"""A stable JSON document: the files checked, counts, and every problem with its code."""

from __future__ import annotations

import json
from typing import Any

from djkh.problems.codes import Severity
from djkh.problems.problem import Problem, Report, cell_name

SCHEMA_VERSION = 1


def report(found: Report) -> str:
    """The shape documented in docs/ci.md; keys never change within a schema version."""
    errors = sum(1 for p in found.problems if p.level is Severity.ERROR)
    document = {
        "version": SCHEMA_VERSION,
        "files": list(found.files),
        "passed": found.passed,
        "errors": errors,
        "warnings": len(found.problems) - errors,
        "problems": [problem_entry(p) for p in found.problems],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def problem_entry(problem: Problem) -> dict[str, Any]:
    """One problem; `line` and `column` are 1-based, or null when the whole file is meant.

    A problem in a workbook has null `line` and `column` and adds `sheet` and `cell` (`C12`).
    """
    entry: dict[str, Any] = {
        "path": problem.path,
        "line": problem.line,
        "column": None if problem.line is None else problem.col or 1,
        "level": problem.level.value,
        "code": problem.code.value,
        "message": problem.message,
    }
    if problem.sheet is not None:
        entry.update(line=None, column=None, sheet=problem.sheet, cell=_cell_of(problem))
    return entry


def _cell_of(problem: Problem) -> str | None:
    return None if problem.line is None else cell_name(problem.line, problem.col or 1)
