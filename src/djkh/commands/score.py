"""`djkh score`: one unit's score card, or a batch ranked per rubric."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from djkh.checks.workspace import Workspace
from djkh.commands import EXIT_OK, EXIT_PROBLEMS
from djkh.commands.emit import emit, may_write, render_options, report_problems, say
from djkh.commands.ending import keep_to_the_end
from djkh.commands.setup import rubric_files
from djkh.decimals import format_number
from djkh.escaping import visible
from djkh.files.units import files_of, unit_sources
from djkh.i18n import _, ngettext
from djkh.problems.problem import Problem, Report, in_file_order
from djkh.render import BATCH, CARD, Piece, Rendered, RenderOptions
from djkh.scoring.engine import ScoreCard, score_findings

if TYPE_CHECKING:  # a batch's machinery (processes, pickling) is imported for a batch only
    from collections.abc import Iterable

    from djkh.scoring.batch import BatchResult


class ScoreRequest(NamedTuple):
    """The options of one `djkh score` run; year, partial and all_warnings are a batch's only."""

    findings: tuple[Path, ...]
    output_format: str
    rubric_file: Path | None = None
    rubric_dirs: tuple[Path, ...] = ()
    problem_format: str | None = None
    fail_under: Decimal | None = None
    jobs: int | None = None
    output: Path | None = None
    year: int | None = None
    partial: bool = False
    all_warnings: bool = False
    previous: tuple[Path, ...] = ()

    def inputs(self, files: tuple[str, ...]) -> tuple[str | Path, ...]:
        """The files --output must not replace (as named: a batch's thousands need no Path)."""
        return files + ((self.rubric_file,) if self.rubric_file else ())


def run(request: ScoreRequest) -> int:
    """One findings file: its unit's card; several, or a folder: a batch."""
    (first, *more) = request.findings
    alone = not more and not request.previous and not os.path.isdir(first)  # a stat error: a file
    if alone and len(unit_sources(str(first)).value or ()) <= 1:  # not a workbook of several
        return run_unit(first, request)
    return run_batch(request)


def run_unit(findings: Path, request: ScoreRequest) -> int:
    """Print the unit's scores; problems and a missed --fail-under go to stderr and return 1."""
    files = files_of((str(findings),))  # one unit's sheet (BOOK.xlsx:工作表): its workbook
    inputs = request.inputs(files)
    if not may_write(request.output, inputs):
        return EXIT_PROBLEMS
    workspace = Workspace.default(request.rubric_dirs, request.rubric_file)
    outcome = workspace.assessment(str(findings))
    found = outcome.value
    of_year = found is None or request.year in (None, found.findings.year)
    card = score_findings(found.findings, found.rubric) if found and of_year else None
    problems = [*outcome.problems, *_pending(workspace, str(findings), card)]
    if problems:
        ordered = in_file_order(problems, [str(findings)])
        report_problems(Report(files, ordered), request.problem_format, err=True)
    if found is None or not _of_year(findings, found.findings.year, request.year):
        return EXIT_PROBLEMS
    assert card is not None
    _say_batch_only(card)
    _say_one_assessor(card)
    rendered = CARD.load(request.output_format)(card, render_options(request.output))
    inputs += rubric_files(workspace, (card.rubric.ref,))
    if not emit(rendered, request.output, inputs):
        return EXIT_PROBLEMS
    return EXIT_PROBLEMS if _below_gate(card, request.fail_under) else EXIT_OK


def run_batch(request: ScoreRequest) -> int:
    """Rank the units; write nothing when any file has errors, unless --partial; 1 when any file
    or gate failed."""
    from djkh.scoring.batch import collector_paused

    # The cards, and what is made of them while they are written, form no reference cycles: the
    # collector would walk every card again and again as the output is made (3 to 8 %).
    with collector_paused():
        return _run_batch(request)


def _run_batch(request: ScoreRequest) -> int:
    from djkh.scoring.batch import find_files

    found = find_files(request.findings)
    files, missing = found.value or (), found.problems
    earlier = find_files(request.previous) if request.previous else None
    previous_files = earlier.value or () if earlier else ()
    inputs = request.inputs(files_of((*files, *previous_files)))
    if not may_write(request.output, inputs):
        return EXIT_PROBLEMS
    result = _score_batch(files, missing, request)
    keep_to_the_end(result)  # the batch's cards live to the end: the system frees them at once
    report = Report(files_of(result.files), result.problems)
    if result.problems:
        summarise = not request.all_warnings
        report_problems(report, request.problem_format, err=True, summarise=summarise)
    _say_other_years(result.other_years, request.year)
    if not _may_publish(result, request.partial):
        return EXIT_PROBLEMS
    if earlier is not None:
        compared = _with_previous(result, previous_files, earlier.problems, request)
        if compared is None:
            return EXIT_PROBLEMS
        result = compared
        keep_to_the_end(result)  # last year's cards with it
    card = _one_combined_unit(result, request)
    options = render_options(request.output)
    if card is not None:  # one unit's assessors' or periods' files, named: that unit's card
        rendered: Rendered | Iterable[Piece] = CARD.load(request.output_format)(card, options)
    else:
        rendered = _batch_rendered(result, request.output_format, options)
    refs = tuple(ranking.ref for ranking in result.rankings)
    inputs += rubric_files(Workspace.default(request.rubric_dirs), refs)
    # Each was read; most are files named already, and each costs a look at the disk.
    named = {str(path) for path in inputs}
    read = dict.fromkeys(problem.path for problem in result.problems if problem.path not in named)
    inputs += tuple(read)
    if not emit(rendered, request.output, inputs):
        return EXIT_PROBLEMS
    _say_left_out(result)
    below = [
        _below_gate(ranked.card, request.fail_under)
        for ranking in result.rankings
        for ranked in ranking.units
    ]
    return EXIT_PROBLEMS if any(below) or not report.passed else EXIT_OK


def _batch_rendered(
    result: BatchResult, output_format: str, options: RenderOptions
) -> Rendered | Iterable[Piece]:
    """The batch's output, in pieces made as they are written where the format can."""
    pieces = BATCH.load_pieces(output_format)
    if pieces is not None:
        return pieces(result, options)
    return BATCH.load(output_format)(result, options)


def _one_combined_unit(result: BatchResult, request: ScoreRequest) -> ScoreCard | None:
    """The card of the one unit whose assessors' (or periods') files were named (not a
    folder), if so."""
    units = [ranked.card for ranking in result.rankings for ranked in ranking.units]
    if len(units) != 1 or result.left_out:
        return None
    if len(units[0].assessors) < 2 and units[0].periods is None:
        return None
    if any(os.path.isdir(path) for path in request.findings):
        return None
    card = units[0]
    _say_batch_only(card)  # one unit alone: graded by its score, as `score ONE.yaml` grades it
    if card.grade_by_score is None:
        return card
    return replace(card, grade=card.grade_by_score, grade_by_score=None)


def _score_batch(
    files: tuple[str, ...],
    missing: tuple[Problem, ...],
    request: ScoreRequest,
    year: int | None = None,
) -> BatchResult:
    """Score every file, with a progress bar when stderr is a terminal."""
    from djkh.scoring.batch import score_files

    year = year or request.year
    setup = (files, missing, request.rubric_dirs, request.rubric_file, request.jobs)
    piece = BATCH.load_unit(request.output_format)  # workers write each unit's part
    if sys.stderr.isatty():
        from djkh.render.progress import progress_bar

        with progress_bar(len(files), _("scoring")) as progress:
            return score_files(*setup, progress, year, piece)
    return score_files(*setup, None, year, piece)


def _with_previous(
    result: BatchResult,
    files: tuple[str, ...],
    missing: tuple[Problem, ...],
    request: ScoreRequest,
) -> BatchResult | None:
    """This year's result with last year's ranking beside it; None (and why, on stderr) when
    last year's files cannot be ranked whole, or are not of an earlier year."""
    from djkh.scoring.years import compare_years

    year = min(ranking.year for ranking in result.rankings)
    before = _score_batch(files, missing, request, year - 1 if request.year else None)
    if before.problems:
        summarise = not request.all_warnings
        report = Report(files_of(before.files), before.problems)
        report_problems(report, request.problem_format, err=True, summarise=summarise)
    if not before.ranked or before.left_out:
        say(_("djkh: no comparison written: last year's files (--previous) cannot be ranked"))
        return None
    later = max(ranking.year for ranking in before.rankings)
    if later >= year:
        message = _(
            "djkh: --previous holds findings for {previous}, not for a year before {year}: "
            "give last year's files to --previous"
        )
        say(message.format(previous=later, year=year))
        return None
    return replace(result, years=compare_years(before.rankings, result.rankings))


def _of_year(findings: Path, found: int, year: int | None) -> bool:
    """Whether the one file is for --year; if not, there is nothing to score, as in a batch."""
    if year is None or found == year:
        return True
    message = _("djkh: nothing to score for --year {year}: {file} is for {found}; nothing written")
    say(message.format(year=year, file=visible(str(findings)), found=found))
    return False


def _pending(workspace: Workspace, path: str, card: ScoreCard | None) -> list[Problem]:
    """A unit scored alone: a warning (DJ509) at each rule whose points need the batch."""
    if card is None or not card.provisional:
        return []
    from djkh.checks.relative import pending_warnings

    document = workspace.load(path).value
    assert document is not None  # it was scored
    pending = [(e.item.id, e.rule.id) for e in card.relative if e.basis is None]
    return pending_warnings(document, pending)


def _say_batch_only(card: ScoreCard) -> None:
    """Grade quotas need the whole ranking: one unit scored alone is graded by its score."""
    if card.rubric.has_quotas:
        say(
            _(
                "djkh: the rubric limits how many units get a grade (max_share, max_count); "
                "a unit scored alone is graded by its score: score the whole batch to apply "
                "the quotas"
            )
        )


def _say_one_assessor(card: ScoreCard) -> None:
    """One department's file alone is that department's card, not the unit's score."""
    from djkh.checks.assessor import other_assessors

    others = other_assessors(card.rubric, card.assessor)
    if not others:
        return
    message = _(
        "djkh: this is one assessor's file: {unit} is also assessed by {others}, whose items "
        "count here at full marks (nothing of theirs is in this file); score the unit's files "
        "together for its score"
    )
    say(message.format(unit=card.unit, others="、".join(others)))


def _say_other_years(passed_over: tuple[str, ...], year: int | None) -> None:
    if passed_over:
        message = ngettext(
            "djkh: {n} file for another year passed over (--year {year})",
            "djkh: {n} files for other years passed over (--year {year})",
            len(passed_over),
        )
        say(message.format(n=len(passed_over), year=year))


def _say_left_out(result: BatchResult) -> None:
    if result.left_out:
        count = len(result.left_out)
        message = ngettext(
            "djkh: the ranking leaves out {n} file with errors; it is listed in the output",
            "djkh: the ranking leaves out {n} files with errors; they are listed in the output",
            count,
        )
        say(message.format(n=count))


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
        say(message)
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
        say(message.format(n=count, ranked=result.ranked))
        return False
    return True


def _below_gate(card: ScoreCard, fail_under: Decimal | None) -> bool:
    """Whether the unit misses --fail-under; if so, say so on stderr."""
    if fail_under is None or card.score >= fail_under:
        return False
    shown, gate = format_number(card.score), format_number(fail_under)
    message = _("djkh: {unit} scored {score}, below --fail-under {gate}")
    unit = visible(card.unit)  # a unit's name is input text: it may not drive the terminal
    say(message.format(unit=unit, score=shown, gate=gate))
    return True
