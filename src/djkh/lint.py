"""Warnings: what is legal in a rubric or findings file but is probably a mistake."""

from __future__ import annotations

from djkh.codes import Code
from djkh.decimals import format_number
from djkh.loader import Document, Loc
from djkh.models import Findings, Rubric
from djkh.problem import Problem, count_phrase


def lint_rubric(doc: Document, rubric: Rubric) -> list[Problem]:
    """Items that can never lose points, and rules one hit of which empties their item."""
    problems = []
    for si, section in enumerate(rubric.sections):
        for ii, item in enumerate(section.items):
            loc: Loc = ("sections", si, "items", ii)
            if not item.rules:
                message = (
                    f"item '{item.id}' has no rules, so no finding can cost it a point: "
                    "add its deduction rules (评分说明)"
                )
                problems.append(doc.problem((*loc, "id"), Code.ITEM_WITHOUT_RULES, message))
            for ri, rule in enumerate(item.rules):
                if rule.deduct is not None and rule.deduct > item.score:
                    deduct, score = format_number(rule.deduct), format_number(item.score)
                    message = (
                        f"one hit of rule '{rule.id}' deducts {deduct}, more than the {score} "
                        f"item '{item.id}' is worth: check 'deduct' against the original"
                    )
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
        names = ", ".join(missing)
        message = (
            f"no entry for {count_phrase(len(missing), 'item')} of {rubric.ref}: {names}; "
            "add each (an empty '{}' when nothing was found) so none is forgotten"
        )
        problems.append(doc.problem(("items",), Code.ITEM_NOT_RECORDED, message, at_key=True))
    bonus = {item.id for item in rubric.bonus.items} if rubric.bonus else set()
    entries = {
        item_id: item
        for item_id, item in findings.items.items()
        if item_id not in bonus and item.not_applicable is None
    }
    given = [item_id for item_id, item in entries.items() if item.self_score is not None]
    if given:
        others = count_phrase(len(given), "item") + (" has" if len(given) == 1 else " have")
        for item_id, item in entries.items():
            if item.self_score is None:
                message = (
                    f"item '{item_id}' has no self_score, but {others} one: "
                    "add the unit's self score (自查分)"
                )
                loc: Loc = ("items", item_id)
                problems.append(doc.problem(loc, Code.SELF_SCORE_MISSING, message, at_key=True))
    for item_id, item in findings.items.items():
        if item.not_applicable is not None and item.findings:
            message = (
                f"item '{item_id}' is marked not applicable, so its findings are ignored: "
                "remove them, or remove 'not_applicable'"
            )
            at: Loc = ("items", item_id, "findings")
            problems.append(doc.problem(at, Code.IGNORED_FINDINGS, message, at_key=True))
    return problems
