"""`djkh convert`: a findings workbook to findings YAML, and back, losslessly."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from djkh.checks.workspace import Workspace
from djkh.commands import EXIT_OK, EXIT_PROBLEMS
from djkh.commands.emit import emit, report_problems, say
from djkh.files.document import Document
from djkh.i18n import _
from djkh.model.rubric import Rubric
from djkh.problems.codes import Code, Severity
from djkh.problems.outcome import Outcome, failed, ok
from djkh.problems.problem import Report


@dataclass(frozen=True)
class ConvertRequest:
    """The options of one `djkh convert` run."""

    source: Path
    output: Path | None = None
    force: bool = False
    rubric_dirs: tuple[Path, ...] = ()


@dataclass(frozen=True)
class _Unit:
    """One unit's findings as read, and the rubric they are written against."""

    name: str
    data: dict[str, Any]
    rubric: Rubric


def run(request: ConvertRequest) -> int:
    """Write the other format; the findings' errors (other than empty findings) stop it, exit 1."""
    from djkh.files.workbook import is_workbook, load_unit_sheets

    source = str(request.source)
    workspace = Workspace.default(request.rubric_dirs)
    from_book = is_workbook(source)
    sheets = load_unit_sheets(source) if from_book else [workspace.load(source)]
    if not sheets:
        sheets = [workspace.load(source)]  # a workbook djkh did not write: the loader says so
    units = [_checked(workspace, source, index, sheet) for index, sheet in enumerate(sheets)]
    problems = tuple(p for unit in units for p in unit.problems)
    if any(unit.value is None for unit in units):
        report_problems(Report((source,), problems), None, err=True)
        return EXIT_PROBLEMS
    ready = [unit.value for unit in units if unit.value is not None]
    if not from_book:
        return _write_workbook(ready[0], request)
    if len(ready) == 1:
        return _write_yaml(ready[0], request.output, request)
    return _write_folder(ready, request)


def _checked(
    workspace: Workspace, source: str, index: int, sheet: Outcome[Document]
) -> Outcome[_Unit]:
    """The unit's findings when they pass every check but being filled in (DJ410)."""
    name = f"{source}\0{index}"
    workspace.adopt(name, sheet)
    if sheet.value is None:
        return failed(sheet.problems)
    assessment = workspace.assessment(name)
    errors = [
        p
        for p in assessment.problems
        if p.level is Severity.ERROR and p.code is not Code.NOT_FILLED
    ]
    if errors:
        return failed(assessment.problems)
    rubric = (
        assessment.value.rubric if assessment.value is not None else _rubric(workspace, sheet.value)
    )
    if rubric is None:
        return failed(assessment.problems)
    return ok(_Unit(str(sheet.value.data.get("unit")), sheet.value.data, rubric))


def _rubric(workspace: Workspace, document: Document) -> Rubric | None:
    """The rubric the findings name, when they could not be checked whole."""
    located = workspace.locate(str(document.data.get("rubric")))
    return None if located is None else workspace.rubric(str(located)).value


def _write_workbook(unit: _Unit, request: ConvertRequest) -> int:
    from djkh.render.findings_book import UnitForm, findings_workbook

    form = UnitForm(unit.name, unit.data["year"], unit.data, unit.data.get("unit_class"))
    book = findings_workbook(unit.rubric, [form])
    wrote = _("wrote {file}: fill in the yellow cells, then run djkh validate {file}")
    written = emit(book, request.output, (request.source,), force=request.force, wrote=wrote)
    return EXIT_OK if written else EXIT_PROBLEMS


def _write_yaml(unit: _Unit, output: Path | None, request: ConvertRequest) -> int:
    from djkh.render.findings_yaml import findings_yaml

    text = findings_yaml(unit.data, unit.rubric)
    written = emit(text, output, (request.source,), force=request.force)
    return EXIT_OK if written else EXIT_PROBLEMS


def _write_folder(units: list[_Unit], request: ConvertRequest) -> int:
    """One YAML file per unit of a workbook with several, in the folder -o names."""
    folder = request.output
    if folder is None or folder.suffix.lower() in (".yaml", ".yml") or folder.is_file():
        message = _(
            "{file} holds {n} units: name a folder for their files: djkh convert {file} -o FOLDER"
        )
        say(
            _("djkh: not written: {reason}").format(
                reason=message.format(file=request.source, n=len(units))
            )
        )
        return EXIT_PROBLEMS
    names = [folder / f"{name}.yaml" for name in _distinct_file_names(units)]
    taken = [name for name in names if name.exists()] if not request.force else []
    if taken:
        message = _("{file} exists: add --force to replace it, or choose another folder")
        say(_("djkh: not written: {reason}").format(reason=message.format(file=taken[0])))
        return EXIT_PROBLEMS
    os.makedirs(folder, exist_ok=True)
    results = [_write_yaml(unit, name, request) for unit, name in zip(units, names, strict=True)]
    return max(results)


def _distinct_file_names(units: list[_Unit]) -> list[str]:
    """Each unit's file name, those that would be the same file (after the marks a file name
    may not hold are replaced, or on a disk that ignores case) told apart by -2, -3, …"""
    taken: dict[str, str] = {}  # casefolded file name: the name
    names = []
    for unit in units:
        base = name = _file_name(unit.name)
        number = 2
        while name.casefold() in taken:
            name, number = f"{base}-{number}", number + 1
        if name != base:
            message = _(
                "unit '{unit}' is written to {name}.yaml: as a file name it would be {other}.yaml, "
                "another unit's file"
            )
            say(message.format(unit=unit.name, name=name, other=taken[base.casefold()]))
        taken[name.casefold()] = name
        names.append(name)
    return names


def _file_name(unit: str) -> str:
    """The unit's name as a file name anywhere: no separators, reserved marks, dots at the ends."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", unit).strip(" .")
    return name or "unit"
