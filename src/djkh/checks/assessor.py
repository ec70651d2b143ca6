"""Checks of a findings file's `assessor`: one the rubric names, recording only what it assesses."""

from __future__ import annotations

from typing import Any

from djkh.files.document import Document
from djkh.i18n import _
from djkh.model.rubric import Combine, Item, PartItem, Rubric
from djkh.problems.codes import Code
from djkh.problems.problem import Problem
from djkh.problems.suggest import did_you_mean, option_hint


def named_assessors(rubric: Rubric) -> list[str]:
    """The assessors the rubric names: its rater groups, or the owners (考核责任单位) of its
    items and rules; none when any assessor may score (a mean of raters it does not name)."""
    setup = rubric.assessors
    if setup is None:
        return []
    if setup.combine is Combine.WEIGHTED:
        return [group.name for group in setup.groups]
    items = _all_items(rubric)
    owners = (owner for item in items for owner in (item.owner, *_rule_owners(item)))
    return list(dict.fromkeys(owner for owner in owners if owner is not None))


def other_assessors(rubric: Rubric, assessor: str | None) -> list[str]:
    """The assessors the rubric names besides `assessor`: whose items one file of theirs lacks."""
    return [name for name in named_assessors(rubric) if name != assessor]


def _all_items(rubric: Rubric) -> list[Item | PartItem]:
    """The items of every section, bonus and penalty, and of each class's own sections."""
    items = list(rubric.items_by_id.values())
    for unit_class in rubric.classes:
        items += rubric.for_class(unit_class.id).items_by_id.values()
    return items


def _rule_owners(item: Item | PartItem) -> list[str | None]:
    return [rule.owner for rule in item.rules]


def unknown_assessor(rubric: Rubric, assessor: str, *, as_option: bool = False) -> str | None:
    """Why the rubric has no assessor `assessor`, with the nearest it names (and, `as_option`,
    every name, for init's --assessor); None when it has.

    Rater groups are every assessor there is. Owners are too when every item has one; when
    some item has none, any assessor may score it, so only a slip of a name the rubric gives
    (宣传股 for 宣传科) is refused: another name is another rater.
    """
    names = named_assessors(rubric)
    if not names or assessor in names:
        return None
    setup = rubric.assessors
    assert setup is not None  # a rubric without `assessors` names none
    if setup.combine is Combine.WEIGHTED:
        message = _("rubric {rubric} has no rater group '{assessor}'")
    elif _open_to_others(rubric) and not _slip_of(assessor, names):
        return None
    else:
        message = _("rubric {rubric} names no assessor '{assessor}' (考核责任单位)")
    hint = option_hint if as_option else _in_order
    return message.format(rubric=rubric.ref, assessor=assessor) + hint(assessor, names)


def _in_order(word: str, names: list[str]) -> str:
    return did_you_mean(word, names, in_order=True)


def _open_to_others(rubric: Rubric) -> bool:
    """Whether some item (or a rule of it) has no owner, so that any assessor may score it."""
    return any(
        item.owner is None and (not item.rules or None in _rule_owners(item))
        for item in _all_items(rubric)
    )


def _slip_of(assessor: str, names: list[str]) -> bool:
    """Whether `assessor` reads as a misspelling of a name the rubric gives, as did-you-mean
    judges it."""
    import difflib  # a mistake's cost: clean files never need it

    return bool(difflib.get_close_matches(assessor, names, n=1, cutoff=0.6))


def check_assessor_findings(doc: Document, rubric: Rubric) -> list[Problem]:
    """The file's assessor is one the rubric names, and records no item or rule the rubric
    gives another (its owner's, 考核责任单位)."""
    assessor = doc.data.get("assessor")
    if rubric.assessors is None or not isinstance(assessor, str):
        return []
    wrong = unknown_assessor(rubric, assessor)
    if wrong is not None:
        return [doc.problem(("assessor",), Code.ASSESSORS, wrong)]
    recorded = doc.data.get("items")
    if not isinstance(recorded, dict):
        return []
    problems = []
    items = rubric.items_by_id
    for item_id, raw in recorded.items():
        item = items.get(item_id)
        if item is not None:
            problems += _others_item(doc, item, raw, assessor)
    return problems


def _others_item(doc: Document, item: Item | PartItem, raw: Any, assessor: str) -> list[Problem]:
    """The item (or its rules' findings) recorded here though another assesses it."""
    if item.owner is not None and not any(rule.owner for rule in item.rules):
        if item.owner == assessor:
            return []
        message = _(
            "item '{item}' is assessed by its owner {owner} (考核责任单位), not by "
            "{assessor}: move these findings to {owner}'s file"
        ).format(item=item.id, owner=item.owner, assessor=assessor)
        return [doc.problem(("items", item.id), Code.ASSESSOR_CONFLICT, message, at_key=True)]
    findings = raw.get("findings") if isinstance(raw, dict) else None
    if not isinstance(findings, dict):
        return []
    problems = []
    for rule in item.rules:
        owner = rule.owner or item.owner
        if owner is None or owner == assessor or rule.id not in findings:
            continue
        message = _(
            "rule '{rule}' of item '{item}' is assessed by its owner {owner} (考核责任单位), "
            "not by {assessor}: move this finding to {owner}'s file"
        ).format(rule=rule.id, item=item.id, owner=owner, assessor=assessor)
        loc = ("items", item.id, "findings", rule.id)
        problems.append(doc.problem(loc, Code.ASSESSOR_CONFLICT, message, at_key=True))
    return problems
