"""The command line: parse options, call the core, print what it returns, exit with its code.

Core modules are imported inside the commands, so `djkh --version` and `--help` stay fast and
never import yaml, pydantic or rich.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from djkh import __version__
from djkh.renderers import FORMATS

EXIT_OK, EXIT_PROBLEMS = 0, 1
PathArg = click.Path(path_type=Path, dir_okay=True, file_okay=True)

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
def validate(paths: tuple[Path, ...], rubric_dirs: tuple[Path, ...]) -> None:
    """Check rubric and findings files (folders are searched for *.yaml and *.yml)."""
    sys.exit(run_validate(paths, rubric_dirs))


def run_validate(paths: tuple[Path, ...], rubric_dirs: tuple[Path, ...]) -> int:
    """Print every problem as path:line:col, then a summary; 1 when any problem was found."""
    from djkh.problem import summary
    from djkh.validation import validate_paths

    report = validate_paths(paths, rubric_dirs)
    for problem in report.problems:
        click.echo(str(problem))
    click.echo(summary(len(report.files), report.problems))
    return EXIT_PROBLEMS if report.problems else EXIT_OK


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
def score(
    findings: Path, rubric_file: Path | None, rubric_dirs: tuple[Path, ...], output_format: str
) -> None:
    """Score one unit's FINDINGS file against the rubric it names."""
    sys.exit(run_score(findings, rubric_file, rubric_dirs, output_format))


def run_score(
    findings: Path, rubric_file: Path | None, rubric_dirs: tuple[Path, ...], output_format: str
) -> int:
    """Print the unit's scores; on invalid input print the problems to stderr and return 1."""
    from djkh.catalogue import RubricCatalogue
    from djkh.problem import summary
    from djkh.renderers import RenderOptions, renderer_for
    from djkh.scoring import score_findings
    from djkh.workspace import Workspace

    workspace = Workspace(RubricCatalogue.default(rubric_dirs), rubric_file)
    outcome = workspace.assessment(str(findings))
    if outcome.value is None:
        for problem in outcome.problems:
            click.echo(str(problem), err=True)
        click.echo(summary(1, outcome.problems), err=True)
        return EXIT_PROBLEMS
    card = score_findings(outcome.value.findings, outcome.value.rubric)
    options = RenderOptions(width=_width(), color=_color())
    click.echo(renderer_for(output_format)(card, options), nl=False)
    return EXIT_OK


def _width() -> int:
    return max(60, shutil.get_terminal_size((120, 24)).columns)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
