"""The command line: parse options, call the core, print what it returns, exit with its code.

Core modules are imported inside the commands, so `djkh --version` and `--help` stay fast and
never import yaml, pydantic or rich.
"""

from __future__ import annotations

import os
import shutil
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from djkh import __version__
from djkh.renderers import FORMATS
from djkh.reporters import FORMATS as REPORT_FORMATS

if TYPE_CHECKING:
    from djkh.problem import Report

EXIT_OK, EXIT_PROBLEMS = 0, 1
PathArg = click.Path(path_type=Path, dir_okay=True, file_okay=True)


class DecimalParam(click.ParamType):  # type: ignore[type-arg, unused-ignore]
    """A number read exactly, as a Decimal."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, Decimal):
            return value
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self.fail(f"{value!r} is not a number: give one such as 90 or 85.5", param, ctx)
        return number


rubric_dir_option = click.option(
    "--rubric-dir",
    "rubric_dirs",
    multiple=True,
    type=PathArg,
    metavar="DIR",
    help="Look for rubrics here first (repeatable); then ./rubric, then djkh's own.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="djkh")
def main() -> None:
    """djkh (党建考核): score party-building assessments exactly against a versioned rubric."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=PathArg)
@rubric_dir_option
@click.option(
    "--format",
    "report_format",
    type=click.Choice(REPORT_FORMATS),
    help="How to report problems [default: github inside GitHub Actions, else text].",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors.")
def validate(
    paths: tuple[Path, ...],
    rubric_dirs: tuple[Path, ...],
    report_format: str | None,
    strict: bool,
) -> None:
    """Check rubric and findings files (folders are searched for *.yaml and *.yml)."""
    sys.exit(run_validate(paths, rubric_dirs, report_format, strict))


def run_validate(
    paths: tuple[Path, ...], rubric_dirs: tuple[Path, ...], report_format: str | None, strict: bool
) -> int:
    """Report every problem in the chosen format; 1 when the run did not pass."""
    from djkh.validation import validate_paths

    report = validate_paths(paths, rubric_dirs, strict=strict)
    _report_problems(report, report_format, err=False)
    return EXIT_OK if report.passed else EXIT_PROBLEMS


@main.command()
@click.argument("findings", type=PathArg)
@click.option(
    "--rubric",
    "rubric_file",
    type=PathArg,
    metavar="FILE",
    help="Score against this rubric file instead of looking it up.",
)
@rubric_dir_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=FORMATS[0],
    show_default=True,
    help="Output format.",
)
@click.option(
    "--problem-format",
    type=click.Choice(REPORT_FORMATS),
    help="How to report problems on stderr [default: as validate --format].",
)
@click.option(
    "--fail-under",
    type=DecimalParam(),
    metavar="N",
    help="Exit 1 when the unit scores below N.",
)
def score(
    findings: Path,
    rubric_file: Path | None,
    rubric_dirs: tuple[Path, ...],
    output_format: str,
    problem_format: str | None,
    fail_under: Decimal | None,
) -> None:
    """Score one unit's FINDINGS file against the rubric it names."""
    sys.exit(
        run_score(findings, rubric_file, rubric_dirs, output_format, problem_format, fail_under)
    )


def run_score(
    findings: Path,
    rubric_file: Path | None,
    rubric_dirs: tuple[Path, ...],
    output_format: str,
    problem_format: str | None,
    fail_under: Decimal | None,
) -> int:
    """Print the unit's scores; problems and a missed --fail-under go to stderr and return 1."""
    from djkh.catalogue import RubricCatalogue
    from djkh.decimals import format_number
    from djkh.problem import Report, in_file_order
    from djkh.renderers import RenderOptions, renderer_for
    from djkh.scoring import score_findings
    from djkh.workspace import Workspace

    workspace = Workspace(RubricCatalogue.default(rubric_dirs), rubric_file)
    outcome = workspace.assessment(str(findings))
    if outcome.problems:
        problems = in_file_order(outcome.problems, [str(findings)])
        _report_problems(Report((str(findings),), problems), problem_format, err=True)
    if outcome.value is None:
        return EXIT_PROBLEMS
    card = score_findings(outcome.value.findings, outcome.value.rubric)
    options = RenderOptions(width=_width(), color=_color())
    click.echo(renderer_for(output_format)(card, options), nl=False)
    if fail_under is not None and card.score < fail_under:
        shown, gate = format_number(card.score), format_number(fail_under)
        click.echo(f"djkh: {card.unit} scored {shown}, below --fail-under {gate}", err=True)
        return EXIT_PROBLEMS
    return EXIT_OK


@main.command()
@click.argument("kind", type=click.Choice(("rubric", "findings")))
def schema(kind: str) -> None:
    """Print the JSON Schema of KIND files, for editors (see docs/editors.md)."""
    from djkh.schema import schema_text

    click.echo(schema_text(kind), nl=False)


def _report_problems(report: Report, report_format: str | None, *, err: bool) -> None:
    """Print the report; inside GitHub Actions also add it to the job's step summary."""
    from djkh.reporters import default_format, reporter_for

    chosen = report_format or default_format(dict(os.environ))
    click.echo(reporter_for(chosen)(report), nl=False, err=err)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        from djkh.reporters.github import step_summary

        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(step_summary(report))


def _width() -> int:
    return max(60, shutil.get_terminal_size((120, 24)).columns)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
