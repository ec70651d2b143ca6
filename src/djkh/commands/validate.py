"""`djkh validate`: check rubric and findings files and report every problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from djkh.checks.validation import validate_paths
from djkh.commands import EXIT_OK, EXIT_PROBLEMS
from djkh.commands.emit import report_problems


@dataclass(frozen=True)
class ValidateRequest:
    """The options of one `djkh validate` run."""

    paths: tuple[Path, ...]
    rubric_dirs: tuple[Path, ...] = ()
    report_format: str | None = None
    strict: bool = False


def run(request: ValidateRequest) -> int:
    """Report every problem in the chosen format; 1 when the run did not pass."""
    report = validate_paths(request.paths, request.rubric_dirs, strict=request.strict)
    report_problems(report, request.report_format, err=False)
    return EXIT_OK if report.passed else EXIT_PROBLEMS
