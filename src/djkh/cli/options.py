"""Options more than one command takes, each declared once, and the checks of their values."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from djkh import i18n
from djkh.i18n import N_, _
from djkh.render import PROBLEMS, Purpose

if TYPE_CHECKING:
    from pathlib import Path

F = TypeVar("F", bound=Callable[..., Any])


class _PathParam(click.Path):
    """click.Path giving a pathlib.Path, imported only when a command gets one: pathlib and the
    urllib.parse it imports are more than `djkh --version` and `--help` need."""

    def coerce_path_result(self, value: str | os.PathLike[str]) -> Any:
        from pathlib import Path

        return Path(value)


PathArg = _PathParam(dir_okay=True, file_okay=True)


class Range(click.IntRange):
    """click.IntRange that says its range in words of the current language, not `x>=1`."""

    def _describe_range(self) -> str:
        if self.max is None:
            return _("at least {low}").format(low=self.min)
        if self.min is None:
            return _("at most {high}").format(high=self.max)
        return _("{low} to {high}").format(low=self.min, high=self.max)


# Years djkh accepts: a four-digit year of an assessment.
YEAR_RANGE = Range(1900, 2999)

# The formats a file name's extension names; `-o 通报.xlsx` needs no --format.
EXTENSION_FORMATS = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
}


def output_format_option(purpose: Purpose[Any], *, from_name: bool = False) -> Callable[[F], F]:
    """`--format`, its choices the registry's formats for `purpose`, the first the default.

    `from_name`: the default is the format -o FILE's extension names, else the first.
    """
    if from_name:  # score and show: table is the first of both
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(purpose.names),
            help=N_("Output format [default: from -o FILE's extension, else table]."),
        )
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(purpose.names),
        default=purpose.names[0],
        show_default=True,
        help=N_("Output format."),
    )


def problem_format_option(flag: str, name: str, help_text: str) -> Callable[[F], F]:
    """How problems are reported: validate's --format, score's --problem-format."""
    return click.option(flag, name, type=click.Choice(PROBLEMS.names), help=help_text)


def chosen_format(given: str | None, output: Path | None, purpose: Purpose[Any]) -> str:
    """--format, else the one -o's extension names, else the first; a contradiction is refused."""
    named = EXTENSION_FORMATS.get(output.suffix.lower()) if output is not None else None
    if named is not None and given is not None and named != given:
        message = _(
            "--format {given} does not match -o {file}, whose name says {named}: "
            "drop --format, or name the file for {given}"
        )
        raise click.UsageError(message.format(given=given, file=output, named=named))
    if given is not None:
        return given
    if named is not None and named not in purpose.names:
        message = _(
            "-o {file} names a {named} file, which this command does not write: choose {formats}"
        )
        choices = ", ".join(f"--format {name}" for name in purpose.names)
        raise click.UsageError(message.format(file=output, named=named, formats=choices))
    return named or purpose.names[0]


def check_binary_output(purpose: Purpose[Any], output_format: str, output: Path | None) -> None:
    """A binary format goes to a file or a pipe, never to the terminal."""
    if purpose.is_binary(output_format) and output is None and sys.stdout.isatty():
        message = _("{format} is a binary format: add --output FILE")
        raise click.UsageError(message.format(format=output_format))


class DecimalParam(click.ParamType):  # type: ignore[type-arg, unused-ignore]
    """A number read exactly, as a Decimal."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from decimal import Decimal, InvalidOperation

        if isinstance(value, Decimal):
            return value
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            message = _("{value} is not a number: give one such as 90 or 85.5")
            self.fail(message.format(value=repr(value)), param, ctx)
        return number


output_file_option = click.option(
    "-o",
    "--output",
    type=PathArg,  # a folder is refused by djkh.files.output, with the fix
    metavar="FILE",
    help=N_("Write to FILE (whole or not at all), not to stdout."),
)


def check_rubric_dirs(
    ctx: click.Context, param: click.Parameter, folders: tuple[Path, ...]
) -> tuple[Path, ...]:
    """Each --rubric-dir is a folder: a mistyped one would silently leave the bundled rubric in
    its place."""
    for folder in folders:
        problem = _folder_problem(folder)
        if problem is not None:
            raise click.BadParameter(problem, ctx, param)
    return folders


def _folder_problem(folder: Path) -> str | None:
    from djkh.escaping import visible  # its patterns are more than `djkh --version` needs

    name = visible(str(folder))
    try:
        mode = os.stat(folder).st_mode
    except FileNotFoundError:
        return _("no folder {folder}: check the name").format(folder=name)
    except OSError as err:  # a name too long, a folder one cannot enter
        from djkh.problems.oserrors import describe_os_error

        reason = describe_os_error(err)
        return _("cannot use folder {folder}: {reason}").format(folder=name, reason=reason)
    if not stat.S_ISDIR(mode):
        message = _(
            "{folder} is a file, not a folder: give the folder that holds <id>/<version>.yaml"
        )
        return message.format(folder=name)
    return None


rubric_dir_option = click.option(
    "--rubric-dir",
    "rubric_dirs",
    multiple=True,
    type=PathArg,
    callback=check_rubric_dirs,
    metavar="DIR",
    help=N_("Look for rubrics here first (repeatable); then ./rubric, then djkh's own."),
)

lang_option = click.option(
    "--lang",
    type=click.Choice(i18n.LANGUAGES),
    expose_value=False,
    is_eager=True,
    help=N_("Interface language [default: DJKH_LANG, else the locale, else zh]."),
)
