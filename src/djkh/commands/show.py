"""`djkh show`: a rubric as the familiar form."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from djkh.checks.workspace import Workspace
from djkh.commands import EXIT_OK, EXIT_PROBLEMS
from djkh.commands.emit import (
    emit,
    may_write,
    render_options,
    report_rubric_problems,
)
from djkh.diff.sources import read_version
from djkh.render import RUBRIC


@dataclass(frozen=True)
class ShowRequest:
    """The options of one `djkh show` run."""

    rubric_ref: str
    output_format: str
    rubric_dirs: tuple[Path, ...] = ()
    output: Path | None = None


def run(request: ShowRequest) -> int:
    """Render the rubric; problems with it go to stderr, exit 1."""
    ref, output = request.rubric_ref, request.output
    inputs: tuple[Path, ...] = (Path(ref),) if os.path.isfile(ref) else ()
    if not may_write(output, inputs):
        return EXIT_PROBLEMS
    version = read_version(Workspace.default(request.rubric_dirs), ref)
    if version.value is None:
        report_rubric_problems(ref, version.problems)
        return EXIT_PROBLEMS
    rendered = RUBRIC.load(request.output_format)(version.value.rubric, render_options(output))
    inputs += (Path(version.value.name),)
    return EXIT_OK if emit(rendered, output, inputs) else EXIT_PROBLEMS
