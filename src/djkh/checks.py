"""Checks beyond structure: a rubric's ids, sums and rule fields; findings against their rubric."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, TypeGuard

from djkh.codes import Code
from djkh.decimals import format_number
from djkh.describe import describe
from djkh.loader import Document, Loc
from djkh.models import BonusItem, Item, NotApplicable, Rubric, Rule, RuleKind
from djkh.problem import Problem
from djkh.suggest import did_you_mean

_YAML11_BOOLEANS = {"yes", "no", "y", "n", "on", "off", "Yes", "No", "YES", "NO", "On", "Off"}


def check_rubric(doc: Document, rubric: Rubric) -> list[Problem]:
    """Every problem with a structurally valid rubric: duplicate ids, sums, rule fields."""
    problems = list(_duplicate_ids(doc, ("sections",), [s.id for s in rubric.sections], "section"))
    item_locs: list[tuple[Loc, str]] = [
        (("sections", si, "items", ii), item.id)
        for si, section in enumerate(rubric.sections)
        for ii, item in enumerate(section.items)
    ]
    bonus_items = rubric.bonus.items if rubric.bonus else []
    item_locs += [(("bonus", "items", bi), item.id) for bi, item in enumerate(bonus_items)]
    scope = "across the rubric (findings name items by id)"
    problems += _duplicate_locs(doc, item_locs, "item", scope)
    for si, section in enumerate(rubric.sections):
        loc: Loc = ("sections", si)
        items_total = sum((item.score for item in section.items), Decimal(0))
        if items_total != section.score:
            added, score = format_number(items_total), format_number(section.score)
            message = (
                f"the items of section '{section.id}' add up to {added}, not its score {score}"
            )
            fix = "correct an item's score or the section's score"
            problems.append(doc.problem((*loc, "score"), Code.SECTION_SUM, f"{message}: {fix}"))
        for ii, item in enumerate(section.items):
            problems += _check_item(doc, (*loc, "items", ii), item)
    for bi, bonus_item in enumerate(bonus_items):
        problems += _check_item(doc, ("bonus", "items", bi), bonus_item)
    problems += _check_grades(doc, rubric)
    sections_total = sum((section.score for section in rubric.sections), Decimal(0))
    if sections_total != rubric.total:
        added, total = format_number(sections_total), format_number(rubric.total)
        message = f"the sections add up to {added}, not the total {total}"
        fix = "correct a section's score or the total"
        problems.append(doc.problem(("total",), Code.TOTAL_SUM, f"{message}: {fix}"))
    return problems


def _check_item(doc: Document, loc: Loc, item: Item | BonusItem) -> list[Problem]:
    problems = list(_duplicate_ids(doc, (*loc, "rules"), [r.id for r in item.rules], "rule"))
    for ri, rule in enumerate(item.rules):
        problems += _check_rule_fields(doc, (*loc, "rules", ri), rule)
        problems += _check_rule_effect(doc, (*loc, "rules", ri), rule, isinstance(item, BonusItem))
    return problems


def _check_rule_effect(doc: Document, loc: Loc, rule: Rule, bonus: bool) -> list[Problem]:
    """A bonus rule adds; any other rule deducts or vetoes: exactly one of them."""
    given = [name for name in ("deduct", "add", "veto") if getattr(rule, name) is not None]
    wanted = ["add"] if bonus else ["deduct", "veto"]
    if len(given) == 1 and given[0] in wanted:
        return []
    if bonus:
        fix = "a rule of a bonus item adds points: give 'add: N' (and no 'deduct' or 'veto')"
    else:
        fix = (
            "give 'deduct: N' (points per hit) or 'veto: GRADE' (一票否决); "
            "'add' is for the rules of bonus items"
        )
    has = " and ".join(f"'{name}'" for name in given) if given else "none of them"
    message = f"rule '{rule.id}' has {has}: {fix}"
    at = (*loc, given[-1]) if given else loc
    return [doc.problem(at, Code.RULE_EFFECT, message, at_key=True)]


def _check_grades(doc: Document, rubric: Rubric) -> list[Problem]:
    """Grade names and minimums are unique; every veto names a grade."""
    problems = []
    for field, keys in (
        ("name", [grade.name for grade in rubric.grades]),
        ("min", [format_number(grade.min) for grade in rubric.grades]),
    ):
        first: dict[str, int] = {}
        for gi, key in enumerate(keys):
            if key in first:
                line = doc.position(("grades", first[key]))[0]
                message = (
                    f"grade {field} {key} is already used at line {line}: "
                    "each band needs its own name and minimum"
                )
                problems.append(doc.problem(("grades", gi, field), Code.GRADE_BANDS, message))
            first.setdefault(key, gi)
    known = {grade.name for grade in rubric.grades}
    for si, section in enumerate(rubric.sections):
        for ii, item in enumerate(section.items):
            for ri, rule in enumerate(item.rules):
                if rule.veto is not None and rule.veto not in known:
                    loc: Loc = ("sections", si, "items", ii, "rules", ri, "veto")
                    if known:
                        hint = did_you_mean(rule.veto, known)
                    else:
                        hint = ": add 'grades' to the rubric, with a band of this name"
                    message = (
                        f"rule '{rule.id}' vetoes to grade '{rule.veto}', which 'grades' does "
                        f"not define{hint}"
                    )
                    problems.append(doc.problem(loc, Code.UNKNOWN_GRADE, message))
    return problems


def _duplicate_ids(doc: Document, loc: Loc, ids: list[str], what: str) -> Iterator[Problem]:
    yield from _duplicate_locs(doc, [((*loc, i), id_) for i, id_ in enumerate(ids)], what, "")


def _duplicate_locs(
    doc: Document, entries: Iterable[tuple[Loc, str]], what: str, scope: str
) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for loc, id_ in entries:
        line = doc.position((*loc, "id"))[0]
        if id_ in first:
            where = f" {scope}" if scope else ""
            message = f"{what} id '{id_}' is already used at line {first[id_]}"
            message += f": ids must be unique{where}"
            yield doc.problem((*loc, "id"), Code.DUPLICATE_ID, message)
        else:
            first[id_] = line


_FIELD_KINDS = {
    "required": (RuleKind.SHORTFALL,),
    "below": (RuleKind.THRESHOLD,),
    "above": (RuleKind.THRESHOLD,),
    "unit": (RuleKind.COUNT, RuleKind.SHORTFALL, RuleKind.THRESHOLD),
}


def _check_rule_fields(doc: Document, loc: Loc, rule: Rule) -> list[Problem]:
    problems = []
    for name, kinds in _FIELD_KINDS.items():
        if getattr(rule, name) is not None and rule.kind not in kinds:
            allowed = ", ".join(kind.value for kind in kinds)
            message = f"'{name}' is for {allowed} rules, but rule '{rule.id}' is {rule.kind.value}"
            fix = f"remove '{name}' or change 'kind'"
            problems.append(
                doc.problem((*loc, name), Code.FIELD_FOR_KIND, f"{message}: {fix}", at_key=True)
            )
    if rule.kind is RuleKind.SHORTFALL and rule.required is None:
        message = f"shortfall rule '{rule.id}' needs 'required: N', the number a unit must reach"
        problems.append(doc.problem(loc, Code.KIND_NEEDS_FIELD, message, at_key=True))
    if rule.kind is RuleKind.THRESHOLD and (rule.below is None) == (rule.above is None):
        which = "both 'below' and 'above'" if rule.below is not None else "neither"
        fix = (
            "give exactly one, 'below: N' (deduct when the value is under N) "
            "or 'above: N' (deduct when it is over N)"
        )
        message = f"threshold rule '{rule.id}' has {which}: {fix}"
        problems.append(doc.problem(loc, Code.KIND_NEEDS_FIELD, message, at_key=True))
    return problems


def check_findings(doc: Document, rubric: Rubric) -> list[Problem]:
    """Every problem with the findings measured against their rubric.

    Works on the raw data, skipping whatever is malformed (the structural check reports that),
    so one typo does not hide the rest of the file's problems.
    """
    items: dict[str, Item | BonusItem] = {
        item.id: item for section in rubric.sections for item in section.items
    }
    items.update({item.id: item for item in (rubric.bonus.items if rubric.bonus else [])})
    recorded = doc.data.get("items")
    problems: list[Problem] = []
    for item_id, raw in recorded.items() if isinstance(recorded, dict) else ():
        item = items.get(item_id)
        if item is None:
            hint = did_you_mean(item_id, items)
            problems.append(
                doc.problem(
                    ("items", item_id),
                    Code.UNKNOWN_ITEM,
                    f"rubric {rubric.ref} has no item '{item_id}'{hint}",
                    at_key=True,
                )
            )
        elif isinstance(raw, dict):
            problems += _check_item_findings(doc, rubric, item, raw)
    if isinstance(recorded, dict) and rubric.not_applicable is NotApplicable.RESCALE:
        problems += _check_something_applies(doc, rubric, recorded)
    return problems


def _check_something_applies(
    doc: Document, rubric: Rubric, recorded: dict[str, Any]
) -> list[Problem]:
    scored = [item.id for section in rubric.sections for item in section.items]
    marked = [
        item_id
        for item_id in scored
        if isinstance(recorded.get(item_id), dict) and recorded[item_id].get("not_applicable")
    ]
    if len(marked) < len(scored):
        return []
    message = (
        "every item is marked not applicable, so there is nothing to score: "
        "an item that applies must be assessed"
    )
    return [doc.problem(("items",), Code.NOT_APPLICABLE, message, at_key=True)]


def _check_marks(
    doc: Document, rubric: Rubric, item: Item | BonusItem, raw: dict[str, Any]
) -> list[Problem]:
    """不适用 and overrides: allowed by the rubric, on a scored item, within its score."""
    loc: Loc = ("items", item.id)
    problems = []
    bonus = isinstance(item, BonusItem)
    if raw.get("not_applicable") is not None:
        if bonus:
            why = "a bonus item cannot be not applicable: leave it out when nothing was earned"
        elif rubric.not_applicable is None:
            why = (
                f"rubric {rubric.ref} does not say how a not-applicable item counts: remove "
                "'not_applicable', or add 'not_applicable: rescale' (or full) to the rubric"
            )
        else:
            why = ""
        if why:
            at = (*loc, "not_applicable")
            problems.append(doc.problem(at, Code.NOT_APPLICABLE, why, at_key=True))
    override = raw.get("override")
    if isinstance(override, dict):
        at = (*loc, "override")
        if bonus:
            why = "a bonus item's points cannot be overridden: correct its findings instead"
        elif raw.get("not_applicable") is not None:
            why = f"item '{item.id}' is marked not applicable: remove the override or the mark"
        else:
            why = ""
        score = override.get("score")
        if (
            not why
            and isinstance(item, Item)
            and _is_number(score)
            and not 0 <= score <= item.score
        ):
            given, most = format_number(score), format_number(item.score)
            why = (
                f"override score {given} is outside 0 to {most}, the standard score of "
                f"item '{item.id}'"
            )
            at = (*at, "score")
        if why:
            problems.append(doc.problem(at, Code.OVERRIDE, why, at_key=at[-1] == "override"))
    return problems


def _check_item_findings(
    doc: Document, rubric: Rubric, item: Item | BonusItem, raw: dict[str, Any]
) -> list[Problem]:
    loc: Loc = ("items", item.id)
    problems = _check_marks(doc, rubric, item, raw)
    score = raw.get("self_score")
    most = item.score if isinstance(item, Item) else rubric.bonus.cap if rubric.bonus else 0
    if _is_number(score) and not 0 <= score <= most:
        given, limit = format_number(score), format_number(most)
        what = "the standard score" if isinstance(item, Item) else "the bonus cap"
        message = f"self score {given} is outside 0 to {limit}, {what} of item '{item.id}'"
        problems.append(doc.problem((*loc, "self_score"), Code.SELF_SCORE_RANGE, message))
    findings = raw.get("findings")
    rules = {rule.id: rule for rule in item.rules}
    for rule_id, finding in findings.items() if isinstance(findings, dict) else ():
        rule_loc: Loc = (*loc, "findings", rule_id)
        rule = rules.get(rule_id)
        if rule is None:
            hint = did_you_mean(rule_id, rules)
            problems.append(
                doc.problem(
                    rule_loc,
                    Code.UNKNOWN_RULE,
                    f"item '{item.id}' has no rule '{rule_id}'{hint}",
                    at_key=True,
                )
            )
            continue
        value = finding.get("value") if isinstance(finding, dict) else finding
        wrong = value_problem(rule, value) if value is not None else None
        if wrong:  # a malformed value is also reported by the structural check, at the same spot
            problems.append(doc.problem((*rule_loc, "value"), Code.FINDING_VALUE, wrong))
    return problems


def _is_number(value: Any) -> TypeGuard[int | Decimal]:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def value_problem(rule: Rule, value: Any) -> str | None:
    """Why `value` is not a valid finding for `rule`, or None when it is."""
    got = describe(value)
    is_number = _is_number(value)
    if rule.kind is RuleKind.FLAT:
        if isinstance(value, bool):
            return None
        if isinstance(value, str) and value in _YAML11_BOOLEANS:
            return (
                f"rule '{rule.id}' takes true or false, got {got}: write true or false "
                "(djkh reads yes/no/on/off as text)"
            )
        return f"rule '{rule.id}' takes true or false (did it happen?), got {got}"
    if rule.kind is RuleKind.COUNT:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return None
        return f"rule '{rule.id}' counts occurrences: give a whole number, 0 or more, got {got}"
    if rule.kind is RuleKind.SHORTFALL:
        if is_number and value >= 0:
            return None
        required = format_number(rule.required or 0)
        return (
            f"rule '{rule.id}' takes the number achieved (required: {required}), "
            f"0 or more, got {got}"
        )
    if is_number:
        return None
    return f"rule '{rule.id}' takes the measured value, a number, got {got}"
