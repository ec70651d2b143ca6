"""Checks of rules scored against the whole batch (rank, relative), in rubrics and findings."""

from __future__ import annotations

from typing import Any

from djkh.files.document import Document, Loc
from djkh.i18n import _
from djkh.model.rubric import Item, PartItem, RelativeTo, Rubric, Rule, RuleKind
from djkh.problems.codes import Code
from djkh.problems.problem import Problem


def check_relative_rule(
    doc: Document, loc: Loc, rule: Rule, item: Item | PartItem
) -> list[Problem]:
    """A rank rule has its `points` and no other points; a relative rule compares with the
    best (and adds) or with the mean (adds, deducts or both); both only in the sections."""
    unused = [name for name in ("tier_group", "scales", "extra") if getattr(rule, name)]
    if unused:
        message = _(
            "'{field}' is not for {kind} rules: the batch gives rule '{rule}' its points; "
            "remove '{field}'"
        ).format(field=unused[0], kind=rule.kind.value, rule=rule.id)
        return [doc.problem((*loc, unused[0]), Code.FIELD_FOR_KIND, message, at_key=True)]
    if not isinstance(item, Item):
        message = _(
            "rule '{rule}' is a {kind} rule, which scores an item of the sections against the "
            "batch: move it to an item of the sections"
        ).format(rule=rule.id, kind=rule.kind.value)
        return [doc.problem((*loc, "kind"), Code.RELATIVE_SETUP, message)]
    if rule.kind is RuleKind.RANK:
        return _check_rank(doc, loc, rule)
    return _check_relative(doc, loc, rule)


def _check_rank(doc: Document, loc: Loc, rule: Rule) -> list[Problem]:
    given = _effects(rule)
    if given:
        message = _(
            "rule '{rule}' has '{field}', but the points of a rank rule are in its 'points', "
            "by rank: remove '{field}'"
        ).format(rule=rule.id, field=given[0])
        return [doc.problem((*loc, given[0]), Code.RULE_EFFECT, message, at_key=True)]
    if rule.points:
        return []
    message = _(
        "rank rule '{rule}' needs 'points', the points of rank 1, 2, 3… in the batch: "
        "points: [60, 57, 54, 51, 48]"
    ).format(rule=rule.id)
    return [doc.problem(loc, Code.KIND_NEEDS_FIELD, message, at_key=True)]


def _check_relative(doc: Document, loc: Loc, rule: Rule) -> list[Problem]:
    if rule.to is None:
        message = _(
            "relative rule '{rule}' needs 'to: best' (value ÷ the batch's best × 'add') or "
            "'to: mean' ('add' when better than the batch's mean, 'deduct' when worse)"
        ).format(rule=rule.id)
        return [doc.problem(loc, Code.KIND_NEEDS_FIELD, message, at_key=True)]
    if rule.ranks is not None and (rule.to is not RelativeTo.BEST or rule.ranks < 1):
        message = _(
            "rule '{rule}' has 'ranks: {ranks}': 'ranks' limits a rule relative to the best to "
            "the units ranked 1 to N (ranks: 5 for 第2-5名按第1名的比例得分), 1 or more"
        ).format(rule=rule.id, ranks=rule.ranks)
        return [doc.problem((*loc, "ranks"), Code.RULE_RANGE, message)]
    given = _effects(rule)
    wanted = ["add"] if rule.to is RelativeTo.BEST else ["add", "deduct"]
    wrong = [name for name in given if name not in wanted]
    if given and not wrong:
        return []
    if rule.to is RelativeTo.BEST:
        fix = _("a rule relative to the best earns 'add: N' × value ÷ best: give 'add' alone")
    else:
        fix = _(
            "a rule relative to the mean gives 'add: N' when better than the mean, "
            "'deduct: N' when worse, or both"
        )
    field = (wrong or given or [""])[0]
    if field:
        message = _("rule '{rule}' has '{field}': {fix}")
        at: Loc = (*loc, field)
    else:
        message, at = _("rule '{rule}' has no points: {fix}"), loc
    message = message.format(rule=rule.id, field=field, fix=fix)
    return [doc.problem(at, Code.RULE_EFFECT, message, at_key=True)]


def _effects(rule: Rule) -> list[str]:
    names = ("deduct", "add", "veto", "veto_score", "bars")
    return [name for name in names if getattr(rule, name) is not None]


def check_relative_setup(doc: Document, rubric: Rubric) -> list[Problem]:
    """Points relative to the batch need one card per findings file: not with `assessors`
    (several files per unit) nor `periods` (one file per period)."""
    if not rubric.has_relative:
        return []
    problems = []
    for name, given in (("assessors", rubric.assessors), ("periods", rubric.periods)):
        if given is None:
            continue
        message = _(
            "the rubric has rank or relative rules and '{field}': points relative to the batch "
            "are scored from one findings file per unit and year; remove '{field}' or those rules"
        ).format(field=name)
        problems.append(doc.problem((name,), Code.RELATIVE_SETUP, message, at_key=True))
    return problems


def check_relative_findings(doc: Document, rubric: Rubric) -> list[Problem]:
    """Every rank or relative rule of an item that applies has the unit's value: without it
    the unit could not be placed in the batch."""
    if not rubric.has_relative:  # most rubrics: no walk over the items
        return []
    recorded = doc.data.get("items")
    recorded = recorded if isinstance(recorded, dict) else {}
    problems = []
    for section in rubric.sections:
        for item in section.items:
            if not item.relative_rules:  # most items: nothing to look for
                continue
            raw = recorded.get(item.id)
            raw = raw if isinstance(raw, dict) else {}
            if raw.get("not_applicable") is not None:
                continue
            findings = raw.get("findings")
            given = findings if isinstance(findings, dict) else {}
            problems += [
                _missing(doc, item, rule, item.id in recorded, findings)
                for rule in item.relative_rules
                if rule.id not in given
            ]
    return problems


def _missing(doc: Document, item: Item, rule: Rule, listed: bool, findings: Any) -> Problem:
    message = _(
        "rule '{rule}' of item '{item}' scores the unit against the batch: write the unit's "
        "value, {rule}: N"
    ).format(rule=rule.id, item=item.id)
    at: Loc = ("items",)
    if listed:
        at = ("items", item.id, "findings") if isinstance(findings, dict) else ("items", item.id)
    return doc.problem(at, Code.RELATIVE_VALUE, message, at_key=True)


def pending_warnings(doc: Document, pending: list[tuple[str, str]]) -> list[Problem]:
    """A unit scored alone: each rank or relative rule (item id, rule id) whose points wait for
    the batch, at its finding, so the provisional score is never taken for the final one."""
    message = _(
        "rule '{rule}' scores the unit against the whole batch: scored alone, its points are "
        "pending and the score is provisional: score the folder of every unit"
    )
    return [
        doc.problem(
            ("items", item, "findings", rule),
            Code.RELATIVE_PENDING,
            message.format(rule=rule),
            at_key=True,
        )
        for item, rule in pending
    ]
