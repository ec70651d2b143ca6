"""What a rubric revision means for the units: every findings file scored under both versions.

Under the new version, findings follow their item or rule when the diff matched it to a new id
or another item (renamed, moved), and so do an item's override, note and 不适用 where they still
apply; what the new version has no place for is listed, with why.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from djkh.checks.findings import finding_problem
from djkh.checks.structure import validate_structure
from djkh.checks.validation import expand_paths
from djkh.checks.workspace import Workspace
from djkh.diff.carrying import carried_marks, with_marks
from djkh.diff.kinds import RubricDiff
from djkh.files.document import Document, Loc
from djkh.i18n import _
from djkh.model.findings import Finding, Findings, ItemFindings
from djkh.model.kinds import FileKind
from djkh.model.rubric import Item, Rubric
from djkh.problems.codes import Code
from djkh.problems.outcome import Outcome, failed, ok
from djkh.problems.problem import Problem
from djkh.scoring.assessors import combine_assessors
from djkh.scoring.engine import ScoreCard, score_findings
from djkh.scoring.periods import combine_periods

if TYPE_CHECKING:
    from djkh.scoring.batch import Ranked

RuleKey = tuple[str, str]


@dataclass(frozen=True)
class UnitRescore:
    """One unit's score and rank under the old and the new version."""

    path: str
    unit: str
    old_score: Decimal
    new_score: Decimal
    old_rank: int
    new_rank: int

    @property
    def change(self) -> Decimal:
        return self.new_score - self.old_score


@dataclass(frozen=True)
class Followed:
    """A finding scored under the new version by its rule's new id or item."""

    location: str
    old: str
    new: str


@dataclass(frozen=True)
class Rescore:
    """Every unit rescored, best new score first, and the findings a version could not use."""

    units: tuple[UnitRescore, ...]
    unused_old: tuple[Problem, ...]
    unused_new: tuple[Problem, ...]
    followed: tuple[Followed, ...] = ()


@dataclass(frozen=True)
class _Entry:
    source: RuleKey  # where the findings file has it
    target: RuleKey  # where the version being scored has it
    finding: Finding


def rescore(workspace: Workspace, diff: RubricDiff, paths: tuple[Path, ...]) -> Outcome[Rescore]:
    """Score every findings file under `paths` against both versions of the diff."""
    found = expand_paths(paths)
    files, problems = found.value or (), list(found.problems)
    old_cards: list[tuple[str, ScoreCard]] = []
    new_cards: list[tuple[str, ScoreCard]] = []
    unused_old: list[Problem] = []
    unused_new: list[Problem] = []
    followed: list[Followed] = []
    for path in files:
        document = workspace.load(path).value
        read = _findings(workspace, path, diff.old.rubric)
        problems += read.problems
        findings = read.value
        if findings is None or document is None:
            continue
        entries = _entries(findings)
        old_card, lost = _score(findings, document, entries, diff.old.rubric, None)
        unused_old += lost
        moved = [_follow(entry, diff) for entry in entries]
        followed += [
            Followed(_location(document, e.source), "/".join(e.source), "/".join(e.target))
            for e in moved
            if e.target != e.source
        ]
        new_card, lost = _score(findings, document, moved, diff.new.rubric, diff)
        unused_new += lost
        old_cards.append((path, old_card))
        new_cards.append((path, new_card))
    units, combining = _combined_units(old_cards, new_cards)
    problems += combining
    if problems:
        return failed(problems)
    units.sort(key=lambda unit: (unit.new_rank, unit.old_rank, unit.unit, unit.path))
    return ok(Rescore(tuple(units), tuple(unused_old), tuple(unused_new), tuple(followed)))


def _combined_units(
    old: list[tuple[str, ScoreCard]], new: list[tuple[str, ScoreCard]]
) -> tuple[list[UnitRescore], list[Problem]]:
    """Each unit's files combined as each version's `assessors` and `periods` say (issue 18),
    each version ranked as the batch ranks it, and the two paired up."""
    before = combine_periods(combine_assessors(old))
    after = combine_periods(combine_assessors(new))
    problems = [*before.problems, *after.problems]
    ranked_after = _ranked(after.cards)
    units = []
    for path, was in _ranked(before.cards).items():
        now = ranked_after.get(path)
        if now is not None:
            units.append(
                UnitRescore(path, was.card.unit, was.card.score, now.card.score, was.rank, now.rank)
            )
            continue
        if problems:  # a version refused to combine the unit: that says why
            continue
        first = path.split(", ")[0]
        message = _(
            "the two versions combine the files of {unit} differently (one has 'assessors', "
            "the other not): rescore them apart"
        ).format(unit=was.card.unit)
        problems.append(Problem(first, None, None, Code.ASSESSORS, message))
    return units, problems


def _ranked(cards: tuple[tuple[str, ScoreCard], ...]) -> dict[str, Ranked]:
    """Each unit's place as `djkh score` ranks the batch: relative points given over the batch,
    vetoed units below, grade quotas, each class group on its own."""
    from djkh.scoring.batch import rank_cards  # the pool's modules, only when rescoring

    ranked = {}
    for ranking in rank_cards(list(cards)):
        for unit in ranking.units:
            ranked[unit.path] = unit
    return ranked


def _findings(workspace: Workspace, path: str, rubric: Rubric) -> Outcome[Findings]:
    """The file's findings when it is a well-formed findings file for this rubric.

    Rubric files among them (a folder may hold both) are skipped, with no problem: they are
    not units.
    """
    kind = workspace.kind_of(path)
    document = workspace.load(path).value
    if kind.value is not FileKind.FINDINGS or document is None:
        return failed(kind.problems)
    structure = validate_structure(document, Findings)
    findings = structure.value
    if findings is None or findings.rubric.split("@", 1)[0] == rubric.id:
        return structure
    message = _(
        "these findings are for rubric {found}, not {rubric}: "
        "rescore only the findings of the rubric being compared"
    ).format(found=findings.rubric, rubric=rubric.id)
    return failed((document.problem(("rubric",), Code.RUBRIC_MISMATCH, message),))


def _entries(findings: Findings) -> list[_Entry]:
    return [
        _Entry((item_id, rule_id), (item_id, rule_id), finding)
        for item_id, recorded in findings.items.items()
        for rule_id, finding in recorded.findings.items()
    ]


def _follow(entry: _Entry, diff: RubricDiff) -> _Entry:
    """The entry placed where the new version has its rule (renamed or moved)."""
    item, rule = entry.source
    target = diff.rule_ids.get(entry.source, (diff.item_ids.get(item, item), rule))
    return _Entry(entry.source, target, entry.finding)


def _location(document: Document, key: RuleKey) -> str:
    line, col = document.key_position(("items", key[0], "findings", key[1]))
    return f"{document.path}:{line}:{col}"


def _score(
    findings: Findings,
    document: Document,
    entries: list[_Entry],
    rubric: Rubric,
    diff: RubricDiff | None,
) -> tuple[ScoreCard, list[Problem]]:
    """The score from the entries this version can use, and a problem for each it cannot."""
    items = rubric.items_by_id  # scored, bonus and penalty items
    usable: dict[str, dict[str, Finding]] = {}
    unused: list[Problem] = []
    for entry in entries:
        item_id, rule_id = entry.target
        item = items.get(item_id)
        rule = next((r for r in item.rules if r.id == rule_id), None) if item else None
        wrong = (
            None
            if rule is None
            else finding_problem(rule, entry.finding.value, entry.finding.reference)
        )
        if rule is not None and wrong is None:
            usable.setdefault(item_id, {})[rule_id] = entry.finding
            continue
        loc: Loc = ("items", entry.source[0], "findings", entry.source[1])
        if wrong is not None:
            unused.append(
                document.problem(
                    loc,
                    Code.FINDING_VALUE,
                    _("{reason} in {rubric}").format(reason=wrong, rubric=rubric.ref),
                )
            )
        else:
            code, why = _missing(entry, rubric, items, diff)
            unused.append(document.problem(loc, code, why, at_key=True))
    scored_items = {
        item_id: ItemFindings.model_construct(self_score=None, findings=kept, note=None)
        for item_id, kept in usable.items()
    }
    for item_id, carried in _carried(findings, rubric).items():
        kept = scored_items.get(item_id)
        findings_kept = kept.findings if kept is not None else {}
        scored_items[item_id] = carried.model_copy(update={"findings": findings_kept})
    marks, lost = carried_marks(findings, document, rubric, diff)
    scored_items = with_marks(scored_items, marks)
    card = score_findings(findings.model_copy(update={"items": scored_items}), rubric)
    return card, unused + lost


def _carried(findings: Findings, rubric: Rubric) -> dict[str, ItemFindings]:
    """What a version scores besides rule findings: a survey's votes where the item still is a
    survey, self scores where the version weighs them in (自评占N%)."""
    carried = {}
    items = rubric.items_by_id
    weighs_self = rubric.self_assessment is not None
    for item_id, recorded in findings.items.items():
        item = items.get(item_id)
        if not isinstance(item, Item):
            continue
        survey = item.survey is not None and set(recorded.votes) <= {
            level.name for level in item.survey.levels
        }
        if not (survey or (weighs_self and recorded.self_score is not None)):
            continue
        carried[item_id] = ItemFindings.model_construct(
            self_score=recorded.self_score if weighs_self else None,
            findings={},
            note=None,
            votes=recorded.votes if survey else {},
            abstained=recorded.abstained if survey else None,
            invalid=recorded.invalid if survey else None,
        )
    return carried


def _missing(
    entry: _Entry, rubric: Rubric, items: Container[str], diff: RubricDiff | None
) -> tuple[Code, str]:
    """Why the version has no place for this finding."""
    item_id, rule_id = entry.target
    if diff is not None and _was_removed(entry.source, diff):
        message = _(
            "rule '{rule}' was removed in {rubric}: this finding counts under the old version only"
        )
        return Code.UNKNOWN_RULE, message.format(rule="/".join(entry.source), rubric=rubric.ref)
    if item_id not in items:
        message = _("{rubric} has no item '{item}'").format(rubric=rubric.ref, item=item_id)
        return Code.UNKNOWN_ITEM, message
    message = _("item '{item}' has no rule '{rule}' in {rubric}")
    return Code.UNKNOWN_RULE, message.format(item=item_id, rule=rule_id, rubric=rubric.ref)


def _was_removed(key: RuleKey, diff: RubricDiff) -> bool:
    """Whether the old version had this rule and the new one has no match for it."""
    item_id, rule_id = key
    old_items = (item for section in diff.old.rubric.sections for item in section.items)
    had = any(item.id == item_id and any(r.id == rule_id for r in item.rules) for item in old_items)
    return had and key not in diff.rule_ids
