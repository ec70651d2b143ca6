"""The command line: parse options, call the core, print what it returns, exit with its code.

Core modules are imported inside the commands, so `djkh --version` and `--help` stay fast and
never import yaml, pydantic or rich.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from djkh import __version__, i18n
from djkh.i18n import N_, _, ngettext
from djkh.render import DIFF_FORMATS, FORMATS, SHOW_FORMATS
from djkh.render.report import FORMATS as REPORT_FORMATS

if TYPE_CHECKING:
    from decimal import Decimal

    from djkh.problems.problem import Report
    from djkh.scoring.batch import BatchResult
    from djkh.scoring.engine import ScoreCard

EXIT_OK, EXIT_PROBLEMS, EXIT_TROUBLE, EXIT_CRASH = 0, 1, 2, 3
DEBUG_VARIABLE = "DJKH_DEBUG"
F = TypeVar("F", bound=Callable[..., Any])
PathArg = click.Path(path_type=Path, dir_okay=True, file_okay=True)


def output_format_option(formats: tuple[str, ...], *, from_name: bool = False) -> Callable[[F], F]:
    """`--format`, its choices taken from a renderer registry, the first the default.

    `from_name`: the default is the format -o FILE's extension names, else the first.
    """
    if from_name:  # score and show: table is the first of both
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(formats),
            help=N_("Output format [default: from -o FILE's extension, else table]."),
        )
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(formats),
        default=formats[0],
        show_default=True,
        help=N_("Output format."),
    )


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


def chosen_format(given: str | None, output: Path | None, formats: tuple[str, ...]) -> str:
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
    if named is not None and named not in formats:
        message = _(
            "-o {file} names a {named} file, which this command does not write: choose {formats}"
        )
        choices = ", ".join(f"--format {name}" for name in formats)
        raise click.UsageError(message.format(file=output, named=named, formats=choices))
    return named or formats[0]


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

rubric_dir_option = click.option(
    "--rubric-dir",
    "rubric_dirs",
    multiple=True,
    type=PathArg,
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


class TranslatedGroup(click.Group):
    """djkh's command group: picks the language before click reads the command line."""

    def main(self, args: Sequence[str] | None = None, *posargs: Any, **kwargs: Any) -> Any:
        """Choose the language from --lang and the environment, then run as click does."""
        given = sys.argv[1:] if args is None else args
        i18n.use(i18n.choose_language(i18n.language_option(given), os.environ))
        _translate_help(self)
        _prefer_utf8()
        try:
            return super().main(args, *posargs, **kwargs)  # None: click expands globs on Windows
        except Exception as crash:  # the one place a bug in djkh is reported
            _report_crash(crash, debug=_debug_requested(given))
            sys.exit(EXIT_CRASH)


def _debug_requested(args: Sequence[str]) -> bool:
    """`djkh --debug …` or DJKH_DEBUG set (not empty or 0): show a crash's traceback."""
    before_separator = list(args)[: list(args).index("--")] if "--" in args else list(args)
    return "--debug" in before_separator or os.environ.get(DEBUG_VARIABLE, "0") not in ("", "0")


def _report_crash(crash: Exception, *, debug: bool) -> None:
    """One line saying this is a bug in djkh and how to report it; the traceback if asked."""
    if debug:
        import traceback

        traceback.print_exception(type(crash), crash, crash.__traceback__, file=sys.stderr)
    message = _(
        "djkh: internal error, a bug in djkh: {error}. Please report it with the command you ran"
        " and its input files, and the traceback that `djkh --debug …` (or {variable}=1) shows."
    )
    error = f"{type(crash).__name__}: {crash}" if str(crash) else type(crash).__name__
    click.echo(message.format(error=error, variable=DEBUG_VARIABLE), err=True)


def _translate_help(command: click.Command) -> None:
    """Show every help text in the current language (the English is kept as the source)."""
    command._help_option = None  # click makes --help again, with its text in this language
    parts: list[object] = [command, *command.params]
    for part in parts:
        source = part.__dict__.setdefault("djkh_help_source", getattr(part, "help", None))
        if source:
            setattr(part, "help", _(source))  # noqa: B010 (arguments have no help in click's types)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _translate_help(sub)


def _use_exact_arithmetic() -> None:
    """Totals, means and differences outside scoring are exact too (see djkh.decimals)."""
    import decimal

    from djkh.decimals import EXACT

    decimal.setcontext(EXACT.copy())


def _prefer_utf8() -> None:
    """Write UTF-8 to pipes and files on every platform (Windows would use the ANSI page)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not stream.isatty():
            stream.reconfigure(encoding="utf-8")


@click.group(
    cls=TranslatedGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "djkh (党建考核): score party-building assessments exactly against a versioned rubric."
    ),
)
@click.version_option(__version__, "-V", "--version", prog_name="djkh")
@lang_option
@click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    help=N_("Show the traceback if djkh crashes (also: DJKH_DEBUG=1)."),
)
def main() -> None:
    _use_exact_arithmetic()  # here, not before: --version and --help need no decimal


@main.command(
    help=N_("Check rubric and findings files (folders are searched for *.yaml and *.yml).")
)
@click.argument("paths", nargs=-1, required=True, type=PathArg)
@rubric_dir_option
@click.option(
    "--format",
    "report_format",
    type=click.Choice(REPORT_FORMATS),
    help=N_("How to report problems [default: github inside GitHub Actions, else text]."),
)
@click.option("--strict", is_flag=True, help=N_("Fail on warnings too, not only on errors."))
@lang_option
def validate(
    paths: tuple[Path, ...],
    rubric_dirs: tuple[Path, ...],
    report_format: str | None,
    strict: bool,
) -> None:
    sys.exit(run_validate(paths, rubric_dirs, report_format, strict))


def run_validate(
    paths: tuple[Path, ...], rubric_dirs: tuple[Path, ...], report_format: str | None, strict: bool
) -> int:
    """Report every problem in the chosen format; 1 when the run did not pass."""
    from djkh.checks.validation import validate_paths

    report = validate_paths(paths, rubric_dirs, strict=strict)
    _report_problems(report, report_format, err=False)
    return EXIT_OK if report.passed else EXIT_PROBLEMS


@main.command(
    help=N_(
        "Score FINDINGS against the rubrics they name.\n\nOne file prints the unit's scores; "
        "several files or a folder print a ranking per rubric with statistics and each item's "
        "losses."
    )
)
@click.argument("findings", nargs=-1, required=True, type=PathArg)
@click.option(
    "--rubric",
    "rubric_file",
    type=PathArg,
    metavar="FILE",
    help=N_("Score against this rubric file instead of looking it up."),
)
@rubric_dir_option
@output_format_option(FORMATS, from_name=True)
@click.option(
    "--problem-format",
    type=click.Choice(REPORT_FORMATS),
    help=N_("How to report problems on stderr [default: as validate --format]."),
)
@click.option(
    "--fail-under",
    type=DecimalParam(),
    metavar="N",
    help=N_("Exit 1 when the unit (in a batch: any unit) scores below N."),
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help=N_("Worker processes for a batch [default: all cores]."),
)
@click.option(
    "--year",
    type=click.IntRange(1900, 2999),
    metavar="YEAR",
    help=N_("Rank this year's findings only, passing over files of other years."),
)
@click.option(
    "--partial",
    is_flag=True,
    help=N_(
        "Rank the valid files even when some have errors, and list the files left out in the "
        "output. Without it a batch with errors writes nothing."
    ),
)
@click.option(
    "--all-warnings",
    is_flag=True,
    help=N_("List every warning of a batch, not a few of each kind."),
)
@output_file_option
@lang_option
def score(
    findings: tuple[Path, ...],
    rubric_file: Path | None,
    rubric_dirs: tuple[Path, ...],
    output_format: str | None,
    problem_format: str | None,
    fail_under: Decimal | None,
    jobs: int | None,
    year: int | None,
    partial: bool,
    all_warnings: bool,
    output: Path | None,
) -> None:
    output_format = chosen_format(output_format, output, FORMATS)
    _check_binary_output(output_format, output)
    request = ScoreRequest(
        rubric_file,
        rubric_dirs,
        output_format,
        problem_format,
        fail_under,
        jobs,
        output,
        BatchOptions(year, partial, all_warnings),
    )
    if len(findings) == 1 and not os.path.isdir(findings[0]):  # a stat error: not a folder
        sys.exit(run_score(findings[0], request))
    sys.exit(run_batch(findings, request))


@dataclass(frozen=True)
class BatchOptions:
    """What only a batch uses: the year chosen, whether to rank despite errors, all warnings."""

    year: int | None = None
    partial: bool = False
    all_warnings: bool = False


@dataclass(frozen=True)
class ScoreRequest:
    """The options of one `djkh score` run."""

    rubric_file: Path | None
    rubric_dirs: tuple[Path, ...]
    output_format: str
    problem_format: str | None
    fail_under: Decimal | None
    jobs: int | None
    output: Path | None
    batch: BatchOptions

    def inputs(self, files: tuple[Path, ...]) -> tuple[Path, ...]:
        """The files --output must not replace."""
        return files + ((self.rubric_file,) if self.rubric_file else ())


def run_score(findings: Path, request: ScoreRequest) -> int:
    """Print the unit's scores; problems and a missed --fail-under go to stderr and return 1."""
    from djkh.checks.workspace import Workspace
    from djkh.files.catalogue import RubricCatalogue
    from djkh.problems.problem import Report, in_file_order
    from djkh.render import RenderOptions, renderer_for
    from djkh.scoring.engine import score_findings

    inputs = request.inputs((findings,))
    if not _may_write(request.output, inputs):
        return EXIT_PROBLEMS
    workspace = Workspace(RubricCatalogue.default(request.rubric_dirs), request.rubric_file)
    outcome = workspace.assessment(str(findings))
    if outcome.problems:
        problems = in_file_order(outcome.problems, [str(findings)])
        _report_problems(Report((str(findings),), problems), request.problem_format, err=True)
    if outcome.value is None:
        return EXIT_PROBLEMS
    card = score_findings(outcome.value.findings, outcome.value.rubric)
    options = RenderOptions(width=_width(), color=_color(request.output))
    inputs += _rubric_files(request.rubric_dirs, (card.rubric.ref,))
    if not _emit(renderer_for(request.output_format)(card, options), request.output, inputs):
        return EXIT_PROBLEMS
    return EXIT_PROBLEMS if _below_gate(card, request.fail_under) else EXIT_OK


@main.command(
    help=N_(
        "Show what changed from rubric OLD to NEW, or across a folder of versions.\n\n"
        "OLD and NEW are each a rubric file, id@version (found as score finds rubrics), or "
        "REV:path read from git (e.g. HEAD~1:rubric/wenzhou-jiguan/2007.yaml). Given one folder, "
        "diff prints the changes between each consecutive pair of its versions, oldest first.\n\n"
        "Exit status: 0 no differences, 1 differences, 2 trouble."
    )
)
@click.argument("old")
@click.argument("new", required=False)
@rubric_dir_option
@output_format_option(DIFF_FORMATS)
@click.option(
    "--rescore",
    "rescore_paths",
    multiple=True,
    type=PathArg,
    metavar="PATH",
    help=N_("Score these findings files or folders under both versions (repeatable)."),
)
@lang_option
def diff(
    old: str,
    new: str | None,
    rubric_dirs: tuple[Path, ...],
    output_format: str,
    rescore_paths: tuple[Path, ...],
) -> None:
    if new is None and not os.path.isdir(old):
        raise click.UsageError(_("give OLD and NEW rubrics, or one folder of rubric versions"))
    if new is None and rescore_paths:
        message = _("--rescore needs two versions: djkh diff OLD NEW --rescore PATH")
        raise click.UsageError(message)
    sys.exit(run_diff(old, new, rubric_dirs, output_format, rescore_paths))


def run_diff(
    old: str,
    new: str | None,
    rubric_dirs: tuple[Path, ...],
    output_format: str,
    rescore_paths: tuple[Path, ...],
) -> int:
    """Print the changes; problems go to stderr as validate reports them, exit 2."""
    from djkh.checks.validation import expand_paths
    from djkh.checks.workspace import Workspace
    from djkh.diff.rescoring import rescore
    from djkh.diff.sources import compare, history
    from djkh.files.catalogue import RubricCatalogue
    from djkh.problems.problem import Report, in_file_order
    from djkh.render import RenderOptions, diff_renderer_for

    workspace = Workspace(RubricCatalogue.default(rubric_dirs))
    outcome = history(workspace, Path(old)) if new is None else compare(workspace, old, new)
    if outcome.value is None:
        _report_problems(Report(_sources(old, new), outcome.problems), None, err=True)
        return EXIT_TROUBLE
    comparison = outcome.value
    rescored = None
    if rescore_paths:
        (first,) = comparison.diffs
        scores = rescore(workspace, first, rescore_paths)
        if scores.value is None:
            files = expand_paths(rescore_paths).value or ()
            report = Report(files, in_file_order(scores.problems, files))
            _report_problems(report, None, err=True)
            return EXIT_TROUBLE
        rescored = scores.value
    options = RenderOptions(width=_width(), color=_color())
    click.echo(diff_renderer_for(output_format)(comparison, rescored, options), nl=False)
    return EXIT_PROBLEMS if comparison.changed else EXIT_OK


def _sources(old: str, new: str | None) -> tuple[str, ...]:
    return (old,) if new is None else (old, new)


@main.command(
    help=N_("Write a findings template: every item and rule of the rubric, ready to fill in.")
)
@click.option("--rubric", "rubric_ref", required=True, metavar="ID@VERSION", help=N_("The rubric."))
@click.option("--unit", required=True, help=N_("The unit assessed (单位)."))
@click.option("--year", required=True, type=click.IntRange(1900, 2999), help=N_("The year."))
@click.option("-o", "--output", type=PathArg, metavar="FILE", help=N_("Write here, not to stdout."))
@click.option("--force", is_flag=True, help=N_("Replace FILE if it exists."))
@rubric_dir_option
@lang_option
def init(
    rubric_ref: str,
    unit: str,
    year: int,
    output: Path | None,
    force: bool,
    rubric_dirs: tuple[Path, ...],
) -> None:
    sys.exit(run_init(rubric_ref, unit, year, output, force, rubric_dirs))


def run_init(
    rubric_ref: str,
    unit: str,
    year: int,
    output: Path | None,
    force: bool,
    rubric_dirs: tuple[Path, ...],
) -> int:
    """Print or write the template; problems with the rubric go to stderr, exit 1."""
    from djkh.checks.workspace import Workspace
    from djkh.diff.sources import read_version
    from djkh.files.catalogue import RubricCatalogue
    from djkh.files.output import RefusedError, write_atomically
    from djkh.problems.problem import Report
    from djkh.render.template import findings_template

    version = read_version(Workspace(RubricCatalogue.default(rubric_dirs)), rubric_ref)
    if version.value is None:
        _report_problems(Report((rubric_ref,), version.problems), None, err=True)
        return EXIT_PROBLEMS
    text = findings_template(version.value.rubric, unit, year)
    if output is None:
        click.echo(text, nl=False)
        return EXIT_OK
    try:
        write_atomically(output, text, force=force, inputs=(Path(version.value.name),))
    except (RefusedError, OSError) as err:
        click.echo(_("djkh: not written: {reason}").format(reason=err), err=True)
        return EXIT_PROBLEMS
    message = _("wrote {file}: fill in the values, then run djkh validate {file}")
    click.echo(message.format(file=output), err=True)
    return EXIT_OK


@main.command(
    help=N_(
        "Print RUBRIC as the familiar form (项目, 目标, 考核内容及标准, 标准分, 评分说明, "
        "评分方法).\n\nRUBRIC is id@version (found as score finds rubrics), a rubric file, or "
        "REV:path from git."
    )
)
@click.argument("rubric_ref", metavar="RUBRIC")
@rubric_dir_option
@output_format_option(SHOW_FORMATS, from_name=True)
@output_file_option
@lang_option
def show(
    rubric_ref: str, rubric_dirs: tuple[Path, ...], output_format: str | None, output: Path | None
) -> None:
    output_format = chosen_format(output_format, output, SHOW_FORMATS)
    _check_binary_output(output_format, output)
    sys.exit(run_show(rubric_ref, rubric_dirs, output_format, output))


def run_show(
    rubric_ref: str, rubric_dirs: tuple[Path, ...], output_format: str, output: Path | None
) -> int:
    """Render the rubric; problems with it go to stderr, exit 1."""
    from djkh.checks.workspace import Workspace
    from djkh.diff.sources import read_version
    from djkh.files.catalogue import RubricCatalogue
    from djkh.problems.problem import Report
    from djkh.render import RenderOptions, rubric_renderer_for

    inputs: tuple[Path, ...] = (Path(rubric_ref),) if os.path.isfile(rubric_ref) else ()
    if not _may_write(output, inputs):
        return EXIT_PROBLEMS
    version = read_version(Workspace(RubricCatalogue.default(rubric_dirs)), rubric_ref)
    if version.value is None:
        _report_problems(Report((rubric_ref,), version.problems), None, err=True)
        return EXIT_PROBLEMS
    options = RenderOptions(width=_width(), color=_color(output))
    rendered = rubric_renderer_for(output_format)(version.value.rubric, options)
    inputs += (Path(version.value.name),)
    return EXIT_OK if _emit(rendered, output, inputs) else EXIT_PROBLEMS


@main.command(
    "git-diff",
    hidden=True,
    help=N_("Git's external diff driver (diff.djkh.command): see docs/diff.md."),
)
@click.argument("args", nargs=-1)
def git_diff(args: tuple[str, ...]) -> None:
    sys.exit(run_git_diff(args))


def run_git_diff(args: tuple[str, ...]) -> int:
    """Print djkh's diff of the two blobs git hands over; exit 0, as git expects of a driver."""
    from djkh.checks.workspace import Workspace
    from djkh.diff.differ import diff_rubrics
    from djkh.diff.sources import Comparison, read_version
    from djkh.escaping import visible
    from djkh.files.catalogue import RubricCatalogue
    from djkh.problems.problem import Report
    from djkh.render import RenderOptions, diff_renderer_for

    if len(args) < 7:
        message = _("git-diff is run by git: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE …")
        raise click.UsageError(message)
    path, old_file, new_file = args[0], args[1], args[4]
    workspace = Workspace(RubricCatalogue.default())
    sides = []
    for prefix, file in (("a", old_file), ("b", new_file)):
        name = f"{prefix}/{path}"
        text = "" if file == "/dev/null" else Path(file).read_bytes().decode("utf-8-sig", "replace")
        workspace.preload(name, text)
        sides.append(read_version(workspace, name))
    click.echo(visible(f"djkh diff a/{path} b/{path}"))  # a file name may hold ESC
    old, new = sides
    if old.value is None or new.value is None:
        problems = old.problems + new.problems
        _report_problems(Report((f"a/{path}", f"b/{path}"), problems), "text", err=False)
        return EXIT_OK
    comparison = Comparison((diff_rubrics(old.value, new.value),))
    options = RenderOptions(width=_width(), color=_color())
    click.echo(diff_renderer_for("text")(comparison, None, options), nl=False)
    return EXIT_OK


@main.command(
    "git-textconv",
    hidden=True,
    help=N_("Git's textconv filter (diff.djkh.textconv): a rubric as one line per part."),
)
@click.argument("file", type=PathArg)
def git_textconv(file: Path) -> None:
    from djkh.checks.workspace import Workspace
    from djkh.diff.listing import rubric_lines
    from djkh.files.catalogue import RubricCatalogue

    rubric = Workspace(RubricCatalogue.default()).rubric(str(file)).value
    if rubric is not None:
        click.echo("\n".join(rubric_lines(rubric)))
        return
    try:  # not a valid rubric: let git diff the text as it is
        content = Path(file).read_bytes()
    except OSError as err:
        message = _("djkh: cannot read {file}: {reason}")
        click.echo(message.format(file=file, reason=err.strerror or err), err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(content.decode("utf-8-sig", "replace"), nl=False)


@main.command(help=N_("Print the JSON Schema of KIND files, for editors (see docs/editors.md)."))
@click.argument("kind", type=click.Choice(("rubric", "findings")))
@lang_option
def schema(kind: str) -> None:
    from djkh.model.schema import schema_text

    click.echo(schema_text(kind), nl=False)


def run_batch(paths: tuple[Path, ...], request: ScoreRequest) -> int:
    """Rank the units; write nothing when any file has errors, unless --partial; 1 when any file
    or gate failed."""
    from djkh.problems.problem import Report
    from djkh.render import RenderOptions, batch_renderer_for
    from djkh.scoring.batch import find_files, score_files

    found = find_files(paths)
    files, missing = found.value or (), found.problems
    inputs = request.inputs(tuple(Path(file) for file in files))
    if not _may_write(request.output, inputs):
        return EXIT_PROBLEMS
    setup = (files, missing, request.rubric_dirs, request.rubric_file, request.jobs)
    year = request.batch.year
    if sys.stderr.isatty():
        from djkh.render.progress import progress_bar

        with progress_bar(len(files), _("scoring")) as progress:
            result = score_files(*setup, progress, year)
    else:
        result = score_files(*setup, None, year)
    report = Report(result.files, result.problems)
    if result.problems:
        summarise = not request.batch.all_warnings
        _report_problems(report, request.problem_format, err=True, summarise=summarise)
    _say_other_years(result.other_years, year)
    if not _may_publish(result, request.batch.partial):
        return EXIT_PROBLEMS
    options = RenderOptions(width=_width(), color=_color(request.output))
    rendered = batch_renderer_for(request.output_format)(result, options)
    refs = tuple(ranking.ref for ranking in result.rankings)
    inputs += _rubric_files(request.rubric_dirs, refs)
    inputs += tuple(Path(problem.path) for problem in result.problems)  # each was read
    if not _emit(rendered, request.output, inputs):
        return EXIT_PROBLEMS
    if result.left_out:
        count = len(result.left_out)
        message = ngettext(
            "djkh: the ranking leaves out {n} file with errors; it is listed in the output",
            "djkh: the ranking leaves out {n} files with errors; they are listed in the output",
            count,
        )
        click.echo(message.format(n=count), err=True)
    below = [
        _below_gate(ranked.card, request.fail_under)
        for ranking in result.rankings
        for ranked in ranking.units
    ]
    return EXIT_PROBLEMS if any(below) or not report.passed else EXIT_OK


def _say_other_years(passed_over: tuple[str, ...], year: int | None) -> None:
    if passed_over:
        message = ngettext(
            "djkh: {n} file for another year passed over (--year {year})",
            "djkh: {n} files for other years passed over (--year {year})",
            len(passed_over),
        )
        click.echo(message.format(n=len(passed_over), year=year), err=True)


def _may_publish(result: BatchResult, partial: bool) -> bool:
    """A ranking is written only when it has units, and holds every file or --partial says so."""
    if not result.ranked:
        if result.files:
            message = ngettext(
                "djkh: nothing to score: the {n} file given cannot be ranked; nothing written",
                "djkh: nothing to score: none of the {n} files given can be ranked; "
                "nothing written",
                len(result.files),
            ).format(n=len(result.files))
        else:
            message = _("djkh: nothing to score: no findings file found; nothing written")
        click.echo(message, err=True)
        return False
    if result.left_out and not partial:
        count = len(result.left_out)
        message = ngettext(
            "djkh: no ranking written: {n} file has errors: fix it, or pass --partial to rank "
            "the other {ranked} and list the file left out in the ranking",
            "djkh: no ranking written: {n} files have errors: fix them, or pass --partial to "
            "rank the other {ranked} and list the files left out in the ranking",
            count,
        )
        click.echo(message.format(n=count, ranked=result.ranked), err=True)
        return False
    return True


def _check_binary_output(output_format: str, output: Path | None) -> None:
    """A binary format goes to a file or a pipe, never to the terminal."""
    from djkh.render import BINARY_FORMATS

    if output_format in BINARY_FORMATS and output is None and sys.stdout.isatty():
        message = _("{format} is a binary format: add --output FILE")
        raise click.UsageError(message.format(format=output_format))


def _may_write(output: Path | None, inputs: tuple[Path, ...]) -> bool:
    """Check --output before the work, so a refused file costs nothing; say why on stderr."""
    if output is None:
        return True
    from djkh.files.output import RefusedError, check_target

    try:
        check_target(output, force=True, inputs=inputs)
    except RefusedError as err:
        click.echo(_("djkh: not written: {reason}").format(reason=err), err=True)
        return False
    return True


def _rubric_files(rubric_dirs: tuple[Path, ...], refs: tuple[str, ...]) -> tuple[Path, ...]:
    """The rubric files these `id@version` refs were read from: --output must not replace them."""
    from djkh.files.catalogue import RubricCatalogue

    catalogue = RubricCatalogue.default(rubric_dirs)
    found = (catalogue.locate(*ref.split("@", 1)) for ref in refs)
    return tuple(path for path in found if path is not None)


def _emit(rendered: str | bytes, output: Path | None, inputs: tuple[Path, ...]) -> bool:
    """Print `rendered`, or write it whole to --output; False (said on stderr) if not written."""
    if output is None:
        if isinstance(rendered, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(rendered)
            sys.stdout.buffer.flush()
        else:
            click.echo(rendered, nl=False)
        return True
    from djkh.files.output import RefusedError, write_atomically

    try:
        write_atomically(output, rendered, force=True, inputs=inputs)
    except (RefusedError, OSError) as err:
        click.echo(_("djkh: not written: {reason}").format(reason=err), err=True)
        return False
    click.echo(_("wrote {file}").format(file=output), err=True)
    return True


def _below_gate(card: ScoreCard, fail_under: Decimal | None) -> bool:
    """Whether the unit misses --fail-under; if so, say so on stderr."""
    from djkh.decimals import format_number
    from djkh.escaping import visible

    if fail_under is None or card.score >= fail_under:
        return False
    shown, gate = format_number(card.score), format_number(fail_under)
    message = _("djkh: {unit} scored {score}, below --fail-under {gate}")
    unit = visible(card.unit)  # a unit's name is input text: it may not drive the terminal
    click.echo(message.format(unit=unit, score=shown, gate=gate), err=True)
    return True


def _report_problems(
    report: Report, report_format: str | None, *, err: bool, summarise: bool = False
) -> None:
    """Print the report; inside GitHub Actions also add it to the job's step summary.

    `summarise`: as text, a few warnings of each kind and how many more (a batch's warnings).
    """
    from djkh.render.report import default_format, reporter_for

    chosen = report_format or default_format(dict(os.environ))
    if chosen == "text" and summarise:
        from djkh.render.report.text import report_summarised

        click.echo(report_summarised(report), nl=False, err=err)
    else:
        click.echo(reporter_for(chosen)(report), nl=False, err=err)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        from djkh.render.report.github import step_summary

        try:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(step_summary(report))
        except OSError as err:  # the problems are reported above; only the summary is lost
            message = _("djkh: warning: the step summary was not written to {file}: {reason}")
            click.echo(message.format(file=summary_file, reason=err.strerror or err), err=True)


def _width() -> int:
    return max(60, shutil.get_terminal_size((120, 24)).columns)


def _color(output: Path | None = None) -> bool:
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
