"""The one way a command's output leaves djkh: stdout, an atomic -o file, stderr, problems."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from djkh.i18n import _
from djkh.problems.codes import Code
from djkh.problems.oserrors import describe_os_error
from djkh.problems.problem import Report
from djkh.render import PROBLEMS, RenderOptions, as_text
from djkh.render.report import default_format

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from djkh.problems.problem import Problem
    from djkh.render import Piece, Rendered


def render_options(output: Path | None = None) -> RenderOptions:
    """The terminal's width (at least 60) and colour only on a terminal that shows it."""
    width = max(60, shutil.get_terminal_size((120, 24)).columns)
    color = output is None and sys.stdout.isatty() and colour_shown(os.environ)
    return RenderOptions(width=width, color=color)


def colour_shown(environ: Mapping[str, str]) -> bool:
    """Whether a terminal in `environ` is given colour, as rich decides: not with NO_COLOR set
    to anything but "" (no-color.org), nor on a dumb terminal (TERM=dumb or unknown)."""
    dumb = environ.get("TERM", "").lower() in ("dumb", "unknown")
    return environ.get("NO_COLOR", "") == "" and not dumb


def echo(text: str) -> None:
    """Print text on stdout as it is (its own line ends included)."""
    click.echo(text, nl=False)


def say(message: str) -> None:
    """One line for the user on stderr."""
    click.echo(message, err=True)


def may_write(output: Path | None, inputs: tuple[str | Path, ...], *, force: bool = True) -> bool:
    """Check --output before the work, so a refused file costs nothing; say why on stderr."""
    if output is None:
        return True
    from djkh.files.output import RefusedError, check_target

    try:
        check_target(output, force=force, inputs=inputs)
    except RefusedError as err:
        say(_("djkh: not written: {reason}").format(reason=err))
        return False
    return True


def emit(
    rendered: Rendered | Iterable[Piece],
    output: Path | None,
    inputs: tuple[str | Path, ...],
    *,
    force: bool = True,
    wrote: str | None = None,
) -> bool:
    """Print `rendered`, or write it whole to --output; False (said on stderr) if not written.

    `rendered` may be text in pieces (a renderer's `pieces`): each is printed, or written to
    the temporary file that becomes --output, as it is made; a piece in bytes is UTF-8 text
    (a unit's json or html), printed as text.
    `inputs`: files --output must not replace; `wrote`: what to say once written, with {file}.
    """
    if output is None:
        if isinstance(rendered, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(rendered)
            sys.stdout.buffer.flush()
        elif isinstance(rendered, str):
            echo(rendered)
        else:
            for piece in rendered:  # as text: a console, or Windows' line ends, may need it
                echo(as_text(piece))
        return True
    from djkh.files.output import RefusedError, write_atomically

    try:
        write_atomically(output, rendered, force=force, inputs=inputs)
    except (RefusedError, OSError) as err:
        say(_("djkh: not written: {reason}").format(reason=describe_os_error(err)))
        return False
    say((wrote or _("wrote {file}")).format(file=output))
    return True


def report_problems(
    report: Report, report_format: str | None, *, err: bool, summarise: bool = False
) -> None:
    """Print the report; inside GitHub Actions also add it to the job's step summary.

    `summarise`: as text, a few warnings of each kind and how many more (a batch's warnings).
    """
    chosen = report_format or default_format(dict(os.environ))
    if chosen == "text" and summarise:
        from djkh.render.report.text import report_summarised_pieces

        pieces: Iterable[Piece] = report_summarised_pieces(report)
    else:
        streamed = PROBLEMS.load_pieces(chosen)
        pieces = (PROBLEMS.load(chosen)(report),) if streamed is None else streamed(report)
    for piece in pieces:  # a batch's thousands of problems are never one string
        click.echo(as_text(piece), nl=False, err=err)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        _add_step_summary(report, summary_file)


def report_rubric_problems(spec: str, problems: tuple[Problem, ...]) -> None:
    """Problems with the rubric `spec` names; a name that matched no rubric checked no file."""
    unknown = all(p.code is Code.RUBRIC_NOT_FOUND and p.path == spec for p in problems)
    report_problems(Report((spec,), problems, closing_line=not unknown), None, err=True)


def _add_step_summary(report: Report, summary_file: str) -> None:
    from djkh.render.report.github import step_summary

    try:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(step_summary(report))
    except OSError as err:  # the problems are reported above; only the summary is lost
        message = _("djkh: warning: the step summary was not written to {file}: {reason}")
        say(message.format(file=summary_file, reason=describe_os_error(err)))
