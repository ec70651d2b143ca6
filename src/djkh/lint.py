"""Warnings: what is legal in a rubric or findings file but is probably a mistake."""

from __future__ import annotations

from djkh.codes import Code
from djkh.decimals import format_number
from djkh.document import Document, Loc
from djkh.i18n import _, ngettext
from djkh.models import Findings, Rubric
from djkh.problem import Problem


def lint_rubric(doc: Document, rubric: Rubric) -> list[Problem]:
    """Items that can never lose points, and rules one hit of which empties their item."""
    problems = []
    for si, section in enumerate(rubric.sections):
        for ii, item in enumerate(section.items):
            loc: Loc = ("sections", si, "items", ii)
            if not item.rules:
                message = _(
                    "item '{item}' has no rules, so no finding can cost it a point: "
                    "add its deduction rules (评分说明)"
                ).format(item=item.id)
                problems.append(doc.problem((*loc, "id"), Code.ITEM_WITHOUT_RULES, message))
            for ri, rule in enumerate(item.rules):
                if rule.deduct is not None and rule.deduct > item.score:
                    deduct, score = format_number(rule.deduct), format_number(item.score)
                    message = _(
                        "one hit of rule '{rule}' deducts {deduct}, more than the {score} "
                        "item '{item}' is worth: check 'deduct' against the original"
                    ).format(rule=rule.id, deduct=deduct, score=score, item=item.id)
                    rule_loc = (*loc, "rules", ri, "deduct")
                    problems.append(doc.problem(rule_loc, Code.RULE_EXCEEDS_ITEM, message))
    return problems


def lint_findings(doc: Document, findings: Findings, rubric: Rubric) -> list[Problem]:
    """Items the assessor left out, and self scores given for some items but not others."""
    problems = []
    missing = [
        item.id
        for section in rubric.sections
        for item in section.items
        if item.id not in findings.items
    ]
    if missing:
        message = ngettext(
            "no entry for {n} item of {rubric}: {names}; "
            "add each (an empty '{{}}' when nothing was found) so none is forgotten",
            "no entry for {n} items of {rubric}: {names}; "
            "add each (an empty '{{}}' when nothing was found) so none is forgotten",
            len(missing),
        ).format(n=len(missing), rubric=rubric.ref, names=", ".join(missing))
        problems.append(doc.problem(("items",), Code.ITEM_NOT_RECORDED, message, at_key=True))
    bonus = {item.id for item in rubric.bonus.items} if rubric.bonus else set()
    entries = {
        item_id: item
        for item_id, item in findings.items.items()
        if item_id not in bonus and item.not_applicable is None
    }
    given = [item_id for item_id, item in entries.items() if item.self_score is not None]
    if given:
        others = ngettext(
            "item '{item}' has no self_score, but {n} item has one: "
            "add the unit's self score (自查分)",
            "item '{item}' has no self_score, but {n} items have one: "
            "add the unit's self score (自查分)",
            len(given),
        )
        for item_id, item in entries.items():
            if item.self_score is None:
                message = others.format(item=item_id, n=len(given))
                loc: Loc = ("items", item_id)
                problems.append(doc.problem(loc, Code.SELF_SCORE_MISSING, message, at_key=True))
    for item_id, item in findings.items.items():
        if item.not_applicable is not None and item.findings:
            message = _(
                "item '{item}' is marked not applicable, so its findings are ignored: "
                "remove them, or remove 'not_applicable'"
            ).format(item=item_id)
            at: Loc = ("items", item_id, "findings")
            problems.append(doc.problem(at, Code.IGNORED_FINDINGS, message, at_key=True))
    return problems
