"""`djkh diff`: what changed between two rubric versions, or across a folder of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from djkh.checks.validation import expand_paths
from djkh.checks.workspace import Workspace
from djkh.commands import EXIT_OK, EXIT_PROBLEMS, EXIT_TROUBLE
from djkh.commands.emit import echo, render_options, report_problems
from djkh.diff.rescoring import rescore
from djkh.diff.sources import compare, history
from djkh.problems.problem import Report, in_file_order
from djkh.render import DIFF


@dataclass(frozen=True)
class DiffRequest:
    """The options of one `djkh diff` run; `new` None: `old` is a folder of versions."""

    old: str
    new: str | None
    output_format: str
    rubric_dirs: tuple[Path, ...] = ()
    rescore_paths: tuple[Path, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        """The versions named, for the report of their problems."""
        return (self.old,) if self.new is None else (self.old, self.new)


def run(request: DiffRequest) -> int:
    """Print the changes (exit 1, or 0 when none); problems go to stderr as validate reports
    them, exit 2."""
    workspace = Workspace.default(request.rubric_dirs)
    old, new = request.old, request.new
    outcome = history(workspace, Path(old)) if new is None else compare(workspace, old, new)
    if outcome.value is None:
        report_problems(Report(request.sources, outcome.problems), None, err=True)
        return EXIT_TROUBLE
    comparison = outcome.value
    rescored = None
    if request.rescore_paths:
        (first,) = comparison.diffs
        scores = rescore(workspace, first, request.rescore_paths)
        if scores.value is None:
            files = expand_paths(request.rescore_paths).value or ()
            report_problems(Report(files, in_file_order(scores.problems, files)), None, err=True)
            return EXIT_TROUBLE
        rescored = scores.value
    echo(DIFF.load(request.output_format)(comparison, rescored, render_options()))
    return EXIT_PROBLEMS if comparison.changed else EXIT_OK
