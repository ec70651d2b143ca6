"""`djkh init`: a findings template holding every item and rule of a rubric, ready to fill in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from djkh.checks.content import class_choice_problem
from djkh.checks.workspace import Workspace
from djkh.commands import EXIT_OK, EXIT_PROBLEMS
from djkh.commands.emit import emit, report_problems
from djkh.diff.sources import read_version
from djkh.i18n import _
from djkh.problems.problem import Report
from djkh.render.template import findings_template


@dataclass(frozen=True)
class InitRequest:
    """The options of one `djkh init` run."""

    rubric_ref: str
    unit: str
    year: int
    output: Path | None = None
    force: bool = False
    rubric_dirs: tuple[Path, ...] = ()
    unit_class: str | None = None


def run(request: InitRequest) -> int:
    """Print or write the template; problems with the rubric go to stderr, exit 1."""
    version = read_version(Workspace.default(request.rubric_dirs), request.rubric_ref)
    if version.value is None:
        report_problems(Report((request.rubric_ref,), version.problems), None, err=True)
        return EXIT_PROBLEMS
    rubric = version.value.rubric
    wrong = class_choice_problem(rubric, request.unit_class, version.value.name)
    if wrong is not None:
        report_problems(Report((request.rubric_ref,), (wrong,)), None, err=True)
        return EXIT_PROBLEMS
    text = findings_template(rubric, request.unit, request.year, request.unit_class)
    wrote = _("wrote {file}: fill in the values, then run djkh validate {file}")
    inputs = (Path(version.value.name),)
    written = emit(text, request.output, inputs, force=request.force, wrote=wrote)
    return EXIT_OK if written else EXIT_PROBLEMS
