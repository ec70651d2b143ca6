"""Checks of scores from many sources: assessors and owners, rater groups, surveys, self weight."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from djkh.checks.plan import plan_of
from djkh.decimals import format_number
from djkh.files.document import Document, Loc
from djkh.i18n import _
from djkh.model.rubric import Combine, Item, PartItem, Rubric
from djkh.problems.codes import Code
from djkh.problems.problem import Problem
from djkh.problems.suggest import did_you_mean

SURVEY_KEYS = ("votes", "abstained", "invalid")


def check_sources_rubric(doc: Document, rubric: Rubric) -> list[Problem]:
    """`assessors`, `owner`, `self_assessment` and survey items, as docs/format.md says."""
    problems = _check_assessors(doc, rubric) + _check_self_weight(doc, rubric)
    for loc, item in _located_items(rubric):
        problems += _check_owner(doc, rubric, loc, item) + _check_survey(doc, loc, item)
        for ri, rule in enumerate(item.rules):
            problems += _check_rule_owner(doc, rubric, (*loc, "rules", ri), rule.owner, item.id)
    parts: list[tuple[str, Sequence[PartItem]]] = [
        ("bonus", rubric.bonus.items if rubric.bonus else []),
        ("penalties", rubric.penalty_items),
    ]
    for part, items in parts:
        for pi, part_item in enumerate(items):
            for ri, rule in enumerate(part_item.rules):
                if rule.owner is not None:
                    message = _(
                        "rule '{rule}' of {item} names an owner, but only the rules of the "
                        "sections' items have their own: give the item an owner instead"
                    ).format(rule=rule.id, item=part_item.id)
                    at: Loc = (part, "items", pi, "rules", ri, "owner")
                    problems.append(doc.problem(at, Code.ASSESSOR_SETUP, message))
    return problems


def _check_rule_owner(
    doc: Document, rubric: Rubric, loc: Loc, owner: str | None, item: str
) -> list[Problem]:
    if owner is None:
        return []
    setup = rubric.assessors
    if setup is not None and setup.combine is not Combine.WEIGHTED:
        return []
    message = _(
        "a rule of item '{item}' names an owner (考核责任单位), but the rubric does not combine "
        "assessors by owner: add 'assessors: {{combine: owner}}' (rater groups weigh every item)"
    ).format(item=item)
    return [doc.problem((*loc, "owner"), Code.ASSESSOR_SETUP, message)]


def _located_items(rubric: Rubric) -> list[tuple[Loc, Item]]:
    located: list[tuple[Loc, Item]] = []
    for si, section in enumerate(rubric.sections):
        located += [(("sections", si, "items", ii), i) for ii, i in enumerate(section.items)]
    for ci, unit_class in enumerate(rubric.classes):
        for si, section in enumerate(unit_class.sections):
            loc: Loc = ("classes", ci, "sections", si, "items")
            located += [((*loc, ii), item) for ii, item in enumerate(section.items)]
    return located


def _check_assessors(doc: Document, rubric: Rubric) -> list[Problem]:
    setup = rubric.assessors
    if setup is None:
        return []
    weighted = setup.combine is Combine.WEIGHTED
    if weighted and not setup.groups:
        message = _(
            "combine: weighted needs the rater groups and their weights: add 'groups: [{name: "
            "分管领导, weight: 0.2}, …]'"
        )
        return [doc.problem(("assessors", "combine"), Code.ASSESSOR_SETUP, message)]
    if not weighted and setup.groups:
        message = _(
            "rater groups are weighed only with combine: weighted: set it, or remove 'groups'"
        )
        return [doc.problem(("assessors", "groups"), Code.ASSESSOR_SETUP, message)]
    problems = []
    seen: set[str] = set()
    for gi, group in enumerate(setup.groups):
        if group.name in seen:
            message = _("rater group '{name}' is named twice: name each group once")
            problems.append(
                doc.problem(
                    ("assessors", "groups", gi, "name"),
                    Code.ASSESSOR_SETUP,
                    message.format(name=group.name),
                )
            )
        seen.add(group.name)
    total = sum((group.weight for group in setup.groups), Decimal(0))
    if weighted and total != 1:
        message = _(
            "the rater groups' weights add up to {total}, not 1 (100%): correct a weight"
        ).format(total=format_number(total))
        problems.append(doc.problem(("assessors", "groups"), Code.ASSESSOR_SETUP, message))
    return problems


def _check_self_weight(doc: Document, rubric: Rubric) -> list[Problem]:
    setup = rubric.self_assessment
    if setup is None or setup.weight < 1:
        return []
    message = _(
        "the self score's weight is {weight}, but it must be below 1 (100%): 0.3 for 自评占30%"
    ).format(weight=format_number(setup.weight))
    return [doc.problem(("self_assessment", "weight"), Code.ASSESSOR_SETUP, message)]


def _check_owner(doc: Document, rubric: Rubric, loc: Loc, item: Item) -> list[Problem]:
    if item.owner is None:
        return []
    setup = rubric.assessors
    if setup is None:
        message = _(
            "item '{item}' names an owner (考核责任单位), but the rubric does not say how "
            "assessors combine: add 'assessors: {{combine: owner}}'"
        ).format(item=item.id)
    elif setup.combine is Combine.WEIGHTED:
        message = _(
            "item '{item}' names an owner, but rater groups weigh every item: remove the "
            "owner, or combine by owner"
        ).format(item=item.id)
    else:
        return []
    return [doc.problem((*loc, "owner"), Code.ASSESSOR_SETUP, message)]


def _check_survey(doc: Document, loc: Loc, item: Item) -> list[Problem]:
    survey = item.survey
    if survey is None:
        return []
    problems = []
    if item.rules:
        message = _(
            "item '{item}' is scored by its survey, so it has no rules: move the rules to "
            "another item"
        ).format(item=item.id)
        problems.append(doc.problem((*loc, "rules"), Code.SURVEY, message))
    seen: set[str] = set()
    for li, level in enumerate(survey.levels):
        if level.name in seen:
            message = _("survey level '{name}' is named twice: name each level once")
            problems.append(
                doc.problem(
                    (*loc, "survey", "levels", li, "name"),
                    Code.SURVEY,
                    message.format(name=level.name),
                )
            )
        seen.add(level.name)
    if survey.top == 0:
        message = _("no survey level is worth anything: give the best level a value above 0")
        problems.append(doc.problem((*loc, "survey", "levels"), Code.SURVEY, message))
    return problems


def check_sources_findings(doc: Document, rubric: Rubric) -> list[Problem]:
    """Votes only on survey items, of their levels; a survey with a valid ballot; self scores
    where the rubric weighs them in."""
    recorded = doc.data.get("items")
    if not isinstance(recorded, dict):
        return []
    problems: list[Problem] = []
    items = rubric.items_by_id
    for item_id, raw in recorded.items():
        item = items.get(item_id)
        if isinstance(item, Item) and isinstance(raw, dict):
            if item.survey is None and _NO_VOTES.isdisjoint(raw):
                continue  # the usual item: no votes, none wanted
            problems += _check_votes(doc, item, raw)
    for item in plan_of(rubric).surveys:
        if _assesses(doc, rubric, item):
            problems += _check_ballots(doc, item, recorded.get(item.id))
    return problems + _check_self_scores(doc, rubric, recorded)


_NO_VOTES = frozenset(SURVEY_KEYS)


def _assesses(doc: Document, rubric: Rubric, item: Item) -> bool:
    """Whether this file's assessor scores the item: its owner, or anyone when it has none."""
    assessor = doc.data.get("assessor")
    return expects(rubric, item, assessor if isinstance(assessor, str) else None)


def expects(rubric: Rubric, item: Item, assessor: str | None) -> bool:
    """Whether a file by `assessor` must record the item: it owns it (or a rule of it), or no
    one does and every assessor scores it (not combine: owner, where one file records it)."""
    if rubric.assessors is None or assessor is None:
        return True
    owned = item.owner is not None or any(rule.owner is not None for rule in item.rules)
    if not owned and rubric.assessors.combine is Combine.OWNER:
        return False  # whichever one file records it
    return item.assessed_by(assessor)


def _check_votes(doc: Document, item: Item, raw: dict[str, Any]) -> list[Problem]:
    given = [key for key in SURVEY_KEYS if key in raw]
    if item.survey is None:
        if not given:
            return []
        message = _(
            "item '{item}' is not a survey, so it has no '{key}': record its findings instead"
        ).format(item=item.id, key=given[0])
        return [doc.problem(("items", item.id, given[0]), Code.SURVEY_VOTES, message, at_key=True)]
    votes = raw.get("votes")
    names = [level.name for level in item.survey.levels]
    problems = []
    for name in votes if isinstance(votes, dict) else ():
        if name not in names:
            message = _("survey '{item}' has no level '{name}' (its levels: {levels})").format(
                item=item.id, name=name, levels="、".join(names)
            ) + did_you_mean(str(name), names, in_order=True)
            loc = ("items", item.id, "votes", name)
            problems.append(doc.problem(loc, Code.SURVEY_VOTES, message, at_key=True))
    return problems


def _check_ballots(doc: Document, item: Item, raw: Any) -> list[Problem]:
    if isinstance(raw, dict) and ("not_applicable" in raw or "override" in raw):
        return []
    votes = raw.get("votes") if isinstance(raw, dict) else None
    if isinstance(votes, dict) and any(isinstance(n, int) and n > 0 for n in votes.values()):
        return []
    assert item.survey is not None
    example = ", ".join(f"{level.name}: N" for level in item.survey.levels)
    message = _(
        "survey item '{item}' has no valid ballot: write the votes per level, votes: {{{example}}}"
    ).format(item=item.id, example=example)
    loc: Loc = ("items", item.id) if isinstance(raw, dict) else ("items",)
    return [doc.problem(loc, Code.SURVEY_VOTES, message, at_key=isinstance(raw, dict))]


def _check_self_scores(doc: Document, rubric: Rubric, recorded: dict[str, Any]) -> list[Problem]:
    if rubric.self_assessment is None:
        return []
    lacking = [
        item.id
        for section in rubric.sections
        for item in section.items
        if _assesses(doc, rubric, item) and _lacks_self_score(recorded.get(item.id))
    ]
    if not lacking:
        return []
    weight = f"{format_number(rubric.self_assessment.weight * 100)}%"
    problems = []
    if doc.sheet is not None:  # in a workbook: at each item's 自查分 cell
        from djkh.checks.cells import self_score_needed

        problems = [self_score_needed(doc, item, weight) for item in lacking if item in recorded]
        lacking = [item for item in lacking if item not in recorded]
        if not lacking:
            return problems
    message = _(
        "the rubric weighs the unit's self score in ({weight}), but items {items} have no "
        "self_score: write each item's self score (自评分)"
    ).format(weight=weight, items=", ".join(lacking))
    return [*problems, doc.problem(("items",), Code.SELF_SCORE_NEEDED, message, at_key=True)]


def _lacks_self_score(raw: Any) -> bool:
    if not isinstance(raw, dict):
        return True
    return "self_score" not in raw and "not_applicable" not in raw
