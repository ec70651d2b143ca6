"""`djkh disagreements`: the items a unit's assessors scored differently, for the committee."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from djkh.commands import EXIT_OK, EXIT_PROBLEMS
from djkh.commands.emit import emit, may_write, render_options, report_problems
from djkh.files.units import files_of
from djkh.problems.problem import Report
from djkh.render import DISAGREEMENTS


@dataclass(frozen=True)
class DisagreementsRequest:
    """The options of one `djkh disagreements` run."""

    findings: tuple[Path, ...]
    output_format: str
    rubric_dirs: tuple[Path, ...] = ()
    problem_format: str | None = None
    output: Path | None = None
    year: int | None = None


def run(request: DisagreementsRequest) -> int:
    """Score and combine the files; list each item whose assessors differ. 1 on any error."""
    from djkh.scoring.assessors import disagreement_report
    from djkh.scoring.batch import find_files, score_files

    found = find_files(request.findings)
    files = found.value or ()
    if not may_write(request.output, tuple(Path(file) for file in files_of(files))):
        return EXIT_PROBLEMS
    result = score_files(files, found.problems, request.rubric_dirs, year=request.year)
    report = Report(files_of(result.files), result.problems)
    if result.problems:
        report_problems(report, request.problem_format, err=True)
    if not report.passed or not result.files:
        return EXIT_PROBLEMS
    cards = [ranked.card for ranking in result.rankings for ranked in ranking.units]
    rendered = DISAGREEMENTS.load(request.output_format)(
        disagreement_report(cards), render_options(request.output)
    )
    inputs = tuple(Path(file) for file in files_of(files))
    return EXIT_OK if emit(rendered, request.output, inputs) else EXIT_PROBLEMS
