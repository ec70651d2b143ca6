"""The djkh group and its commands: click's options turned into a request for djkh.commands."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from djkh import __version__
from djkh.cli.options import (
    YEAR_RANGE,
    DecimalParam,
    PathArg,
    Range,
    check_binary_output,
    chosen_format,
    lang_option,
    output_file_option,
    output_format_option,
    problem_format_option,
    rubric_dir_option,
)
from djkh.cli.translation import TranslatedGroup
from djkh.commands import EXIT_PROBLEMS
from djkh.i18n import N_, _
from djkh.model.kinds import FileKind
from djkh.render import CARD, DIFF, DISAGREEMENTS, RUBRIC


def _use_exact_arithmetic() -> None:
    """Totals, means and differences outside scoring are exact too (see djkh.decimals)."""
    import decimal

    from djkh.decimals import EXACT

    decimal.setcontext(EXACT.copy())


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
@problem_format_option(
    "--format",
    "report_format",
    N_("How to report problems [default: github inside GitHub Actions, else text]."),
)
@click.option("--strict", is_flag=True, help=N_("Fail on warnings too, not only on errors."))
@lang_option
def validate(**given: Any) -> None:
    from djkh.commands import validate as command

    sys.exit(command.run(command.ValidateRequest(**given)))


@main.command(
    help=N_(
        "List the items a unit's assessors scored differently (each assessor's score, the "
        "spread and the combined score), for the committee to review before publishing.\n\n"
        "FINDINGS are files or folders, several files per unit, each naming its assessor."
    )
)
@click.argument("findings", nargs=-1, required=True, type=PathArg)
@rubric_dir_option
@output_format_option(DISAGREEMENTS, from_name=True)
@problem_format_option(
    "--problem-format",
    "problem_format",
    N_("How to report problems on stderr [default: as validate --format]."),
)
@click.option(
    "--year",
    type=YEAR_RANGE,
    metavar="YEAR",
    help=N_("This year's findings only, passing over files of other years."),
)
@output_file_option
@lang_option
def disagreements(**given: Any) -> None:
    given["output_format"] = chosen_format(given["output_format"], given["output"], DISAGREEMENTS)
    from djkh.commands import disagreements as command

    sys.exit(command.run(command.DisagreementsRequest(**given)))


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
@output_format_option(CARD, from_name=True)
@problem_format_option(
    "--problem-format",
    "problem_format",
    N_("How to report problems on stderr [default: as validate --format]."),
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
    type=Range(min=1),
    metavar="N",
    help=N_("Processes scoring a batch: djkh and N - 1 workers [default: all cores]."),
)
@click.option(
    "--year",
    type=YEAR_RANGE,
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
@click.option(
    "--previous",
    multiple=True,
    type=PathArg,
    metavar="PATH",
    help=N_(
        "Last year's findings (a folder or files; repeatable): rank them too and show each "
        "unit's score and rank in both years, the change, and the units ranked in one year only."
    ),
)
@output_file_option
@lang_option
def score(**given: Any) -> None:
    given["output_format"] = chosen_format(given["output_format"], given["output"], CARD)
    check_binary_output(CARD, given["output_format"], given["output"])
    from djkh.commands import score as command

    sys.exit(command.run(command.ScoreRequest(**given)))


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
@output_format_option(DIFF)
@click.option(
    "--rescore",
    "rescore_paths",
    multiple=True,
    type=PathArg,
    metavar="PATH",
    help=N_("Score these findings files or folders under both versions (repeatable)."),
)
@lang_option
def diff(**given: Any) -> None:
    if given["new"] is None and not os.path.isdir(given["old"]):
        raise click.UsageError(_("give OLD and NEW rubrics, or one folder of rubric versions"))
    if given["new"] is None and given["rescore_paths"]:
        message = _("--rescore needs two versions: djkh diff OLD NEW --rescore PATH")
        raise click.UsageError(message)
    from djkh.commands import diff as command

    sys.exit(command.run(command.DiffRequest(**given)))


@main.command(
    help=N_("Write a findings template: every item and rule of the rubric, ready to fill in.")
)
@click.option("--rubric", "rubric_ref", required=True, metavar="ID@VERSION", help=N_("The rubric."))
@click.option("--unit", help=N_("The unit assessed (单位)."))
@click.option(
    "--units",
    "units_file",
    type=PathArg,
    metavar="FILE",
    help=N_("A workbook with a sheet for each unit listed in FILE, one a line (--format xlsx)."),
)
@click.option("--year", required=True, type=YEAR_RANGE, help=N_("The year."))
@click.option(
    "--class",
    "unit_class",
    metavar="ID",
    help=N_("The unit's class, for a rubric that scores units by class (分类考核)."),
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("yaml", "xlsx")),
    help=N_("yaml, or a workbook to fill in Excel or WPS [default: from -o FILE's extension]."),
)
@click.option(
    "--assessor",
    metavar="NAME",
    help=N_(
        "The assessor (department, rater group) filling it in: only the items it assesses, "
        "for a rubric whose items name an owner (考核责任单位)."
    ),
)
@click.option(
    "--period",
    metavar="NAME",
    help=N_(
        "The period it records (一季度, 年终考评), for a rubric that makes the year from "
        "periods (平时考核)."
    ),
)
@click.option("-o", "--output", type=PathArg, metavar="FILE", help=N_("Write here, not to stdout."))
@click.option("--force", is_flag=True, help=N_("Replace FILE if it exists."))
@rubric_dir_option
@lang_option
def init(**given: Any) -> None:
    from djkh.commands import init as command

    output = given["output"]
    named = "xlsx" if output is not None and output.suffix.lower() == ".xlsx" else None
    given["output_format"] = given["output_format"] or named or "yaml"
    units_file = given.pop("units_file")
    if (given["unit"] is None) == (units_file is None):
        raise click.UsageError(_("give the unit: --unit NAME, or --units FILE for a workbook"))
    if units_file is not None:
        if given["output_format"] != "xlsx":
            raise click.UsageError(
                _("--units writes a workbook, a sheet per unit: add --format xlsx")
            )
        units, wrong = command.read_units(units_file)
        if wrong is not None:
            raise click.UsageError(wrong)
        given["units"] = units
    if given["output_format"] == "xlsx" and output is None and sys.stdout.isatty():
        raise click.UsageError(
            _("{format} is a binary format: add --output FILE").format(format="xlsx")
        )
    request = command.InitRequest(**given)
    version = command.read_rubric(request)
    if version is None:
        sys.exit(EXIT_PROBLEMS)
    refused = command.wrong_option(version, request)
    if refused is not None and refused.missing:
        raise click.MissingParameter(
            refused.message, param_hint=f"'{refused.option}'", param_type="option"
        )
    if refused is not None:
        raise click.BadParameter(refused.message, param_hint=f"'{refused.option}'")
    sys.exit(command.run(request, version))


@main.command(
    help=N_(
        "Turn a findings workbook into findings YAML, or findings YAML into a workbook to fill "
        "in; a workbook of several units becomes one YAML file per unit in the folder -o names."
    )
)
@click.argument("source", type=PathArg)
@click.option("-o", "--output", type=PathArg, metavar="PATH", help=N_("Write here, not to stdout."))
@click.option("--force", is_flag=True, help=N_("Replace PATH if it exists."))
@rubric_dir_option
@lang_option
def convert(**given: Any) -> None:
    from djkh.commands import convert as command
    from djkh.files.workbook import is_workbook

    if not is_workbook(str(given["source"])) and given["output"] is None and sys.stdout.isatty():
        message = _("{format} is a binary format: add --output FILE").format(format="xlsx")
        raise click.UsageError(message)
    sys.exit(command.run(command.ConvertRequest(**given)))


@main.command(
    help=N_(
        "Print RUBRIC as the familiar form (项目, 目标, 考核内容及标准, 标准分, 评分说明, "
        "评分方法).\n\nRUBRIC is id@version (found as score finds rubrics), a rubric file, or "
        "REV:path from git."
    )
)
@click.argument("rubric_ref", metavar="RUBRIC")
@rubric_dir_option
@output_format_option(RUBRIC, from_name=True)
@output_file_option
@lang_option
def show(**given: Any) -> None:
    given["output_format"] = chosen_format(given["output_format"], given["output"], RUBRIC)
    check_binary_output(RUBRIC, given["output_format"], given["output"])
    from djkh.commands import show as command

    sys.exit(command.run(command.ShowRequest(**given)))


def _column_pair(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> Any:
    from djkh.model.drafting import ROLES

    pairs = []
    for value in values:
        role, sep, header = value.partition("=")
        if not sep or role.strip() not in ROLES or not header.strip():
            message = _("write ROLE=HEADER, ROLE one of {roles}: --column rules=扣分办法")
            raise click.BadParameter(message.format(roles=", ".join(ROLES)))
        pairs.append((role.strip(), header.strip()))
    return tuple(pairs)


@main.command(
    "import",
    help=N_(
        "Draft a rubric from a committee's table (细则.docx or 细则.xlsx).\n\n"
        "Reads the columns 项目, 目标, 考核内容及标准, 标准分, 评分说明 and 评分方法 (in any "
        "order), splits 评分说明 into rules and recognises their kinds and amounts. Whatever it "
        "is unsure of is marked '# 待核' in the draft. Exit 1 when the draft does not validate "
        "(it is still written)."
    ),
)
@click.argument("source", type=PathArg)
@click.option(
    "-o",
    "--output",
    type=PathArg,
    metavar="FILE",
    help=N_("Write the draft here (rubric/<id>/<version>.yaml names its id and version)."),
)
@click.option(
    "--column",
    "columns",
    multiple=True,
    callback=_column_pair,
    metavar="ROLE=HEADER",
    help=N_(
        "Read the column headed HEADER as ROLE (section, item, standards, score, rules, "
        "methods, ignore); repeatable."
    ),
)
@click.option(
    "--simplified",
    is_flag=True,
    help=N_("Convert Traditional characters to Simplified (OpenCC)."),
)
@click.option("--id", "rubric_id", metavar="ID", help=N_("The rubric's id [default: from -o]."))
@click.option("--version", metavar="VERSION", help=N_("The rubric's version [default: from -o]."))
@click.option("--sheet", metavar="NAME", help=N_("The sheet of an .xlsx [default: the first]."))
@click.option("--force", is_flag=True, help=N_("Replace FILE if it exists."))
@lang_option
def import_(**given: Any) -> None:
    from djkh.commands import importing as command

    sys.exit(command.run(command.ImportRequest(**given)))


@main.command(
    "git-diff",
    hidden=True,
    help=N_("Git's external diff driver (diff.djkh.command): see docs/diff.md."),
)
@click.argument("args", nargs=-1)
def git_diff(args: tuple[str, ...]) -> None:
    if len(args) < 7:
        message = _("git-diff is run by git: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE …")
        raise click.UsageError(message)
    from djkh.commands import git as command

    sys.exit(command.run_diff(command.GitDiffRequest(args[0], args[1], args[4])))


@main.command(
    "git-textconv",
    hidden=True,
    help=N_("Git's textconv filter (diff.djkh.textconv): a rubric as one line per part."),
)
@click.argument("file", type=PathArg)
def git_textconv(file: Any) -> None:
    from djkh.commands import git as command

    sys.exit(command.run_textconv(command.TextconvRequest(file)))


@main.command(help=N_("Print the JSON Schema of KIND files, for editors (see docs/editors.md)."))
@click.argument("kind", type=click.Choice([kind.value for kind in FileKind]))
@lang_option
def schema(**given: Any) -> None:
    from djkh.commands import schema as command

    sys.exit(command.run(command.SchemaRequest(FileKind(given["kind"]))))
