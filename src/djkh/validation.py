"""`djkh validate`: check every rubric and findings file under the given paths."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from djkh.catalogue import SUFFIXES, RubricCatalogue
from djkh.codes import Code
from djkh.consistency import Entry, duplicate_units, locate_key
from djkh.i18n import _
from djkh.problem import Problem, Report, in_file_order
from djkh.workspace import Workspace


def expand_paths(paths: tuple[Path, ...]) -> tuple[list[str], list[Problem]]:
    """Files named directly, plus every *.yaml/*.yml below named folders (hidden ones skipped)."""
    files: list[str] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(_yaml_files_under(path), key=_path_order)
            files += [str(path.joinpath(*parts)) for parts in found]
        elif path.exists():
            files.append(str(path))
        else:
            message = _("no such file or folder: check the path")
            problems.append(Problem(str(path), None, None, Code.NO_FILE, message))
    return list(dict.fromkeys(files)), problems


def _yaml_files_under(folder: Path | str) -> Iterator[tuple[str, ...]]:
    """The parts of each *.yaml/*.yml file's path below `folder`, symlinked folders and hidden
    names skipped, as `rglob` would give them but without a stat for each file."""
    try:
        entries = os.scandir(folder)
    except OSError:  # an unreadable folder holds nothing we can read, as for rglob
        return
    with entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from ((entry.name, *parts) for parts in _yaml_files_under(entry.path))
            elif os.path.splitext(entry.name)[1] in SUFFIXES and entry.is_file():
                yield (entry.name,)


def _path_order(parts: tuple[str, ...]) -> tuple[str, ...]:
    """Sort as pathlib does: case-blind on Windows, exact elsewhere."""
    return tuple(os.path.normcase(part) for part in parts)


def validate_paths(
    paths: tuple[Path, ...], rubric_dirs: tuple[Path, ...] = (), *, strict: bool = False
) -> Report:
    """Check rubrics first, so findings in the same run are checked against those versions."""
    files, problems = expand_paths(paths)
    workspace = Workspace(RubricCatalogue.default(rubric_dirs))
    kinds = {path: workspace.kind_of(path) for path in files}
    known: dict[str, Path] = {}
    for path, kind in kinds.items():
        if kind.value == "rubric":
            rubric = workspace.rubric(path)
            problems += rubric.problems
            if rubric.value is not None:
                known.setdefault(rubric.value.ref, Path(path))
        elif kind.value is None:
            problems += kind.problems
    workspace.catalogue = RubricCatalogue.default(rubric_dirs, known)
    entries = []
    for path, kind in kinds.items():
        if kind.value == "findings":
            assessment = workspace.assessment(path)
            problems += assessment.problems
            if assessment.value is not None:
                findings = assessment.value.findings
                entries.append(Entry(path, findings.unit, findings.year))
    problems += duplicate_units(entries, locate_key)
    return Report(tuple(files), in_file_order(problems, files), strict)
