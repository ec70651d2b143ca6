"""`djkh import`: a committee's Word or Excel table turned into a draft rubric to review."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from djkh.checks.workspace import Workspace
from djkh.commands import EXIT_OK, EXIT_PROBLEMS
from djkh.commands.emit import emit, may_write, report_problems, say
from djkh.i18n import _, ngettext
from djkh.model.drafting import Draft, DraftOptions, draft_rubric
from djkh.model.fields import SLUG, VERSION
from djkh.problems.codes import Severity
from djkh.problems.outcome import Outcome, failed
from djkh.problems.problem import Problem, Report
from djkh.render.draft_yaml import REVIEW, draft_yaml, kinds_of

PACKAGES = "python-docx, opencc, pypinyin"


@dataclass(frozen=True)
class ImportRequest:
    """The options of one `djkh import` run."""

    source: Path
    output: Path | None = None
    columns: tuple[tuple[str, str], ...] = ()
    simplified: bool = False
    rubric_id: str | None = None
    version: str | None = None
    sheet: str | None = None
    force: bool = False  # replace an existing -o FILE (a draft never silently overwrites)


def run(request: ImportRequest) -> int:
    """Read the table, write the draft, say what it holds; exit 1 when it does not validate."""
    source = str(request.source)
    if not may_write(request.output, (request.source,), force=request.force):
        return EXIT_PROBLEMS
    try:
        drafted = _draft(request)
    except ImportError as err:
        message = _(
            "djkh import needs {packages} ({missing} is missing): pip install 'djkh[import]'"
        )
        say(message.format(packages=PACKAGES, missing=err.name or err))
        return EXIT_PROBLEMS
    if drafted.value is None:
        report_problems(Report((source,), drafted.problems), None, err=True)
        return EXIT_PROBLEMS
    draft = drafted.value
    text = draft_yaml(draft, request.source.name)
    name = str(request.output) if request.output else f"{draft.id}/{draft.version}.yaml"
    problems = _check(text, name)
    if not emit(text, request.output, (request.source,), force=request.force):
        return EXIT_PROBLEMS
    _summarise(draft)
    if problems:
        report_problems(Report((name,), problems), None, err=True)
    errors = [p for p in problems if p.level is Severity.ERROR]
    return EXIT_PROBLEMS if errors else EXIT_OK


def _draft(request: ImportRequest) -> Outcome[Draft]:
    from djkh.files.tables import read_table

    table = read_table(str(request.source), request.sheet)
    if table.value is None:
        return failed(table.problems)
    rubric_id, version = _names_from(request)
    options = DraftOptions(request.columns, request.simplified, rubric_id, version)
    return draft_rubric(table.value, str(request.source), options)


def _names_from(request: ImportRequest) -> tuple[str | None, str | None]:
    """The id and version: given, or from -o rubric/<id>/<version>.yaml."""
    rubric_id, version = request.rubric_id, request.version
    output = request.output
    if output is not None and output.suffix in (".yaml", ".yml"):
        if rubric_id is None and SLUG.fullmatch(output.parent.name):
            rubric_id = output.parent.name
        if version is None and VERSION.fullmatch(output.stem) and rubric_id == output.parent.name:
            version = output.stem
    return rubric_id, version


def _check(text: str, name: str) -> tuple[Problem, ...]:
    workspace = Workspace.default()
    workspace.preload(name, text)
    return tuple(workspace.rubric(name).problems)


def _summarise(draft: Draft) -> None:
    items = sum(len(section.items) for section in draft.sections)
    rules = list(draft.rules())
    kinds = kinds_of(draft)
    by_kind = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    line = ngettext(
        "imported {items} item in {sections} sections, {rules} rules ({kinds})",
        "imported {items} items in {sections} sections, {rules} rules ({kinds})",
        items,
    )
    say(line.format(items=items, sections=len(draft.sections), rules=len(rules), kinds=by_kind))
    doubtful = sum(1 for rule in rules if rule.doubts)
    others = sum(len(item.doubts) for section in draft.sections for item in section.items) + sum(
        len(section.doubts) for section in draft.sections
    )
    message = _("to review (# {mark}): rules {rules}, other places {others}")
    say(message.format(mark=REVIEW, rules=doubtful, others=others))
    for mismatch in draft.mismatches:
        say(_("sums: {mismatch} (not corrected)").format(mismatch=mismatch))
