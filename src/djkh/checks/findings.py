"""Checks of findings against their rubric: items, rules, values, levels and self scores."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeGuard

from djkh.checks.assessor import check_assessor_findings
from djkh.checks.periods import check_periods_findings
from djkh.checks.plan import DETAILS, RubricPlan, plan_of
from djkh.checks.relative import check_relative_findings
from djkh.checks.sources import check_sources_findings
from djkh.decimals import format_number
from djkh.files.document import Document, Loc
from djkh.i18n import _, ngettext
from djkh.model.rubric import (
    BonusItem,
    Item,
    NotApplicable,
    PartItem,
    PenaltyItem,
    RelativeTo,
    Rubric,
    Rule,
    RuleKind,
)
from djkh.model.written import fix_for_text
from djkh.problems.codes import Code
from djkh.problems.describe import describe
from djkh.problems.problem import Problem
from djkh.problems.suggest import did_you_mean

_YAML11_BOOLEANS = {"yes", "no", "y", "n", "on", "off", "Yes", "No", "YES", "NO", "On", "Off"}


def check_findings(doc: Document, rubric: Rubric) -> list[Problem]:
    """Every problem with the findings measured against their rubric.

    Works on the raw data, skipping whatever is malformed (the structural check reports that),
    so one typo does not hide the rest of the file's problems.
    """
    problems = _check_unit_class(doc, rubric)
    if problems:
        return problems
    unit_class = doc.data.get("unit_class")
    base = rubric
    if isinstance(unit_class, str) and rubric.classes:
        rubric = rubric.for_class(unit_class)
    items = rubric.items_by_id
    plan = plan_of(rubric)
    recorded = doc.data.get("items")
    if isinstance(recorded, dict):
        problems += _levels_of_unrecorded_items(doc, plan, recorded)
    for item_id, raw in recorded.items() if isinstance(recorded, dict) else ():
        planned = plan.items.get(item_id)
        if planned is not None and type(raw) is dict and planned.passes(raw):
            continue  # the usual entry: nothing to report, told without a message made
        item = items.get(item_id)
        other = base.class_of_item.get(item_id) if item is None else None
        if other is not None:
            message = _(
                "item '{item}' belongs to class '{other}' ({title}), not to this unit's class "
                "'{unit_class}': a unit is scored on the common part and its own class's part"
            ).format(item=item_id, other=other.id, title=other.title, unit_class=unit_class)
            problems.append(doc.problem(("items", item_id), Code.UNIT_CLASS, message, at_key=True))
        elif item is None:
            hint = _rule_owner_hint(rubric, item_id) or did_you_mean(item_id, items)
            problems.append(
                doc.problem(
                    ("items", item_id),
                    Code.UNKNOWN_ITEM,
                    _("rubric {rubric} has no item '{item}'").format(
                        rubric=rubric.ref, item=item_id
                    )
                    + hint,
                    at_key=True,
                )
            )
        elif isinstance(raw, dict):
            problems += _check_item_findings(doc, rubric, item, raw)
    if isinstance(recorded, dict) and rubric.not_applicable is NotApplicable.RESCALE:
        problems += _check_something_applies(doc, rubric, recorded)
    problems += check_sources_findings(doc, rubric) + check_periods_findings(doc, rubric)
    problems += check_assessor_findings(doc, rubric)
    problems += check_relative_findings(doc, rubric)
    return unfilled_template(doc, problems)


def _levels_of_unrecorded_items(
    doc: Document, plan: RubricPlan, recorded: dict[str, Any]
) -> list[Problem]:
    """An item the file leaves out still needs its levels chosen: no choice, no score."""
    return [
        doc.problem(("items",), Code.LEVEL_CHOICE, _no_level_in(doc, rule), at_key=True)
        for item_id, rule in plan.unchosen
        if item_id not in recorded
    ]


def _check_unit_class(doc: Document, rubric: Rubric) -> list[Problem]:
    """A unit of a rubric with classes (分类考核) names one of them; other units name none."""
    given = doc.data.get("unit_class")
    if not rubric.classes:
        if given is None:
            return []
        message = _("rubric {rubric} has no unit classes: remove 'unit_class'").format(
            rubric=rubric.ref
        )
        return [doc.problem(("unit_class",), Code.UNIT_CLASS, message, at_key=True)]
    known = rubric.classes_by_id
    if isinstance(given, str) and given in known:
        return []
    names = ", ".join(known)
    if given is None:
        message = _(
            "rubric {rubric} scores units by class (分类考核): add 'unit_class: ID', one of {names}"
        ).format(rubric=rubric.ref, names=names)
        return [doc.problem(("unit",), Code.UNIT_CLASS, message, at_key=True)]
    message = _("rubric {rubric} has no unit class '{given}'").format(
        rubric=rubric.ref, given=given
    ) + did_you_mean(str(given), known, in_order=True)
    return [doc.problem(("unit_class",), Code.UNIT_CLASS, message)]


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
    message = _(
        "every item is marked not applicable, so there is nothing to score: "
        "an item that applies must be assessed"
    )
    return [doc.problem(("items",), Code.NOT_APPLICABLE, message, at_key=True)]


def _check_marks(
    doc: Document, rubric: Rubric, item: Item | PartItem, raw: dict[str, Any]
) -> list[Problem]:
    """不适用 and overrides: allowed by the rubric, on a scored item, within its score."""
    loc: Loc = ("items", item.id)
    problems = []
    bonus = isinstance(item, BonusItem)
    if raw.get("not_applicable") is not None:
        if bonus:
            why = _("a bonus item cannot be not applicable: leave it out when nothing was earned")
        elif isinstance(item, PenaltyItem):
            why = _("a penalty item cannot be not applicable: leave it out when nothing was found")
        elif rubric.not_applicable is None:
            why = _(
                "rubric {rubric} does not say how a not-applicable item counts: remove "
                "'not_applicable', or add 'not_applicable: rescale' (or full) to the rubric"
            ).format(rubric=rubric.ref)
        else:
            why = ""
        if why:
            at = (*loc, "not_applicable")
            problems.append(doc.problem(at, Code.NOT_APPLICABLE, why, at_key=True))
    override = raw.get("override")
    if isinstance(override, dict):
        at = (*loc, "override")
        if isinstance(item, PartItem):
            problems += _check_part_override(doc, rubric, item, override)
            return problems
        if raw.get("not_applicable") is not None:
            why = _(
                "item '{item}' is marked not applicable: remove the override or the mark"
            ).format(item=item.id)
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
            why = _(
                "override score {given} is outside 0 to {most}, the standard score of item '{item}'"
            ).format(given=given, most=most, item=item.id)
            at = (*at, "score")
        if why:
            problems.append(doc.problem(at, Code.OVERRIDE, why, at_key=at[-1] == "override"))
    return problems


def _part_cap(rubric: Rubric, item: PartItem) -> Decimal | None:
    """The cap of the part a bonus or penalty item belongs to; None when it has none."""
    if isinstance(item, PenaltyItem):
        return rubric.penalties.cap if rubric.penalties else None
    return rubric.bonus.cap if rubric.bonus else None


def _check_part_override(
    doc: Document, rubric: Rubric, item: PartItem, override: dict[str, Any]
) -> list[Problem]:
    """A committee's points for a bonus or penalty item: 0 or more, at most the part's cap."""
    score = override.get("score")
    cap = _part_cap(rubric, item)
    if not _is_number(score) or (score >= 0 and (cap is None or score <= cap)):
        return []
    if cap is None:
        why = _("override score {given} of item '{item}' is below 0: give the points, 0 or more")
    else:
        why = _(
            "override score {given} is outside 0 to {most}, the cap of the part of item '{item}'"
        )
    why = why.format(given=format_number(score), most=format_number(cap or 0), item=item.id)
    return [doc.problem(("items", item.id, "override", "score"), Code.OVERRIDE, why)]


def _check_item_findings(
    doc: Document, rubric: Rubric, item: Item | PartItem, raw: dict[str, Any]
) -> list[Problem]:
    loc: Loc = ("items", item.id)
    problems = _check_marks(doc, rubric, item, raw)
    score = raw.get("self_score")
    most = item.score if isinstance(item, Item) else _part_cap(rubric, item)
    if _is_number(score) and not 0 <= score <= (score if most is None else most):
        problems.append(_self_score_problem(doc, item, score, most))
    findings = raw.get("findings")
    rules = item.rules_by_id
    for rule_id, finding in findings.items() if isinstance(findings, dict) else ():
        found = rules.get(rule_id)
        if found is None:
            problems.append(_unknown_rule(doc, rubric, item, rule_id))
            continue
        value = finding.get("value") if isinstance(finding, dict) else finding
        if value is not None and _plainly_right(found, value, finding):
            continue
        rule = _named_for_messages(rubric, item, found)
        if value is None:  # left empty, or no `value` at all (the structural check says so)
            if finding is None or "value" in finding:
                at_rule: Loc = (*loc, "findings", rule_id)
                said = _not_filled_in(doc, at_rule, rule)
                empty = doc.problem(at_rule, Code.NOT_FILLED, said, at_key=doc.sheet is None)
                problems.append(empty)
            continue
        at: Loc = (*loc, "findings", rule_id, "value")
        if not isinstance(finding, dict):
            at = at[:-1]
        if rule.kind is RuleKind.LEVELS:
            problems += _check_level(doc, at, rule, value)
            continue
        wrong = _value_problem_in(doc, at, rule, value)
        if wrong:  # a malformed value is also reported by the structural check, at the same spot
            problems.append(doc.problem(at, Code.FINDING_VALUE, wrong))
        else:
            details = finding if isinstance(finding, dict) else {"value": value}
            problems += _check_finding_details(
                doc, (*loc, "findings", rule_id), rule, details, bare=finding is not details
            )
    if raw.get("not_applicable") is None and isinstance(item, (Item, PartItem)):
        problems += _unchosen_levels(doc, loc, item, findings)
    return problems


def _not_filled_in(doc: Document, at: Loc, rule: Rule) -> str:
    """An empty finding, said of the YAML file's rule or of the workbook's answer cell."""
    if doc.sheet is None:
        return not_filled(rule)
    from djkh.checks.cells import cell_not_filled

    return cell_not_filled(doc, at, rule)


def _value_problem_in(doc: Document, at: Loc, rule: Rule, value: Any) -> str | None:
    """`value_problem`, said of the workbook's answer cell where the findings are a form."""
    if doc.sheet is None:
        return value_problem(rule, value)
    from djkh.checks.cells import cell_value_problem

    return cell_value_problem(doc, at, rule, value)


def _plainly_right(rule: Rule, value: Any, finding: Any) -> bool:
    """Whether a finding has nothing to report, told without making a message: most findings."""
    if rule.kind is RuleKind.LEVELS:
        return isinstance(value, str) and value in rule.levels_by_name
    return not _has_details(rule, finding) and _kind_problem(rule, value) is None


def _has_details(rule: Rule, finding: Any) -> bool:
    """Whether `_check_finding_details` has anything to check for this rule and finding."""
    return (
        rule.kind is RuleKind.JUDGED
        or rule.reference is not None
        or (isinstance(finding, dict) and not DETAILS.isdisjoint(finding))
    )


def _named_for_messages(rubric: Rubric, item: Item | PartItem, rule: Rule) -> Rule:
    """The rule, its id written item/rule when another item has a rule of that id too."""
    if rule.id not in rubric.shared_rule_ids:
        return rule
    key = (id(item), id(rule))
    named = _NAMED.get(key)
    if named is None or named[0] is not item or named[1] is not rule:  # made once per rule
        named = _NAMED[key] = (item, rule, rule.model_copy(update={"id": f"{item.id}/{rule.id}"}))
    return named[2]


# A rule renamed item/rule, by the ids of its item and rule, which the entry keeps alive: a batch
# checks the same few rules thousands of times.
_NAMED: dict[tuple[int, int], tuple[Item | PartItem, Rule, Rule]] = {}


def _check_level(doc: Document, at: Loc, rule: Rule, value: Any) -> list[Problem]:
    """Exactly one of the rule's levels, named as the rubric names it."""
    names = ", ".join(rule.levels_by_name)
    if isinstance(value, list):
        message = ngettext(
            "rule '{rule}' takes one level, but {n} is chosen: choose one of {names}",
            "rule '{rule}' takes one level, but {n} are chosen: choose one of {names}",
            len(value),
        ).format(rule=rule.id, n=len(value), names=names)
    elif isinstance(value, str) and value in rule.levels_by_name:
        return []
    elif doc.sheet is not None:  # a workbook: the rule's id is hidden, its cell is not
        from djkh.checks.cells import cell_without_level

        message = cell_without_level(doc, at, rule, value)
    elif isinstance(value, str):
        message = _("rule '{rule}' has no level '{level}'").format(rule=rule.id, level=value)
        message += did_you_mean(value, rule.levels_by_name, in_order=True)
        if message.endswith("'" + value + "'"):
            message += _(": choose one of {names}").format(names=names)
    else:
        message = _("rule '{rule}' takes the name of one level ({names}), got {value}").format(
            rule=rule.id, names=names, value=describe(value)
        )
    return [doc.problem(at, Code.LEVEL_CHOICE, message)]


def _unchosen_levels(
    doc: Document, loc: Loc, item: Item | PartItem, findings: Any
) -> list[Problem]:
    """A levels rule of an assessed item must have its level chosen: no choice, no score."""
    chosen = findings if isinstance(findings, dict) else {}
    at: Loc = (*loc, "findings") if isinstance(findings, dict) else loc
    return [
        doc.problem(at, Code.LEVEL_CHOICE, _no_level_in(doc, rule), at_key=True)
        for rule in item.rules
        if rule.kind is RuleKind.LEVELS and rule.id not in chosen
    ]


def _no_level_in(doc: Document, rule: Rule) -> str:
    if doc.sheet is None:
        return no_level_chosen(rule)
    from djkh.checks.cells import no_level_in_cell

    return no_level_in_cell(rule)


def no_level_chosen(rule: Rule) -> str:
    """'no level is chosen for rule …: write one of 好, 较好, 一般, 差'."""
    return _("no level is chosen for rule '{rule}': write {rule}: and one of {names}").format(
        rule=rule.id, names=", ".join(rule.levels_by_name)
    )


def _check_finding_details(
    doc: Document, loc: Loc, rule: Rule, finding: dict[str, Any], *, bare: bool
) -> list[Problem]:
    """A judged value in its range with its reason; a reference, scale or extra the rule uses."""
    if not _has_details(rule, finding):
        return []  # the usual finding: nothing below applies
    value = finding.get("value")
    problems = []
    if rule.kind is RuleKind.JUDGED and _is_number(value) and value > 0:
        out_of_range = _judged_range_problem(rule, value)
        if out_of_range is not None and doc.sheet is not None:
            from djkh.checks.cells import cell_out_of_range

            out_of_range = cell_out_of_range(doc, loc if bare else (*loc, "value"), rule, value)
        if out_of_range is not None:
            at = loc if bare else (*loc, "value")
            problems.append(doc.problem(at, Code.JUDGED_VALUE, out_of_range))
        elif finding.get("reason") is None:
            at = loc if bare else (*loc, "value")
            message = _without_reason(doc, at, rule, format_number(value))
            on_key = bare and doc.sheet is None  # a form's answer cell, not its rule's text
            problems.append(doc.problem(at, Code.JUDGED_VALUE, message, at_key=on_key))
    if rule.reference is not None and finding.get("reference") is None:
        at = loc if bare else (*loc, "value")
        message = _without_reference(doc, at, rule)
        if doc.sheet is not None:  # a form's answer cell, not its rule's text
            problems.append(doc.problem(at, Code.REFERENCE, message))
        else:
            problems.append(doc.problem(loc, Code.REFERENCE, message, at_key=True))
    unused = [
        key
        for key, used in (
            ("reference", rule.reference is not None),
            ("scale", bool(rule.scales)),
            ("extra", rule.extra is not None),
        )
        if finding.get(key) is not None and not used
    ]
    for key in unused:
        message = _("rule '{rule}' has no use for '{key}': remove it").format(rule=rule.id, key=key)
        problems.append(doc.problem((*loc, key), Code.REFERENCE, message, at_key=True))
    scale = finding.get("scale")
    scales = {s.id: s for s in rule.scales}
    if isinstance(scale, str) and scales and scale not in scales:
        message = _("rule '{rule}' has no scale '{scale}'").format(rule=rule.id, scale=scale)
        message += did_you_mean(scale, scales, in_order=True)
        problems.append(doc.problem((*loc, "scale"), Code.REFERENCE, message))
    return problems


def _without_reason(doc: Document, at: Loc, rule: Rule, value: str) -> str:
    if doc.sheet is not None:
        from djkh.checks.cells import cell_without_reason

        return cell_without_reason(doc, at, value)
    return _(
        "rule '{rule}' is judged: say why {value} points, {{value: {value}, reason: \"…\"}}"
    ).format(rule=rule.id, value=value)


def _without_reference(doc: Document, at: Loc, rule: Rule) -> str:
    if doc.sheet is not None:
        from djkh.checks.cells import cell_without_reference

        return cell_without_reference(doc, at, rule)
    return _("rule '{rule}' compares with {what}: give it as {{value: N, reference: N}}").format(
        rule=rule.id, what=rule.reference
    )


def _self_score_problem(
    doc: Document, item: Item | PartItem, given: int | Decimal, most: Decimal | None
) -> Problem:
    if most is None:
        message = _("self score {given} of item '{item}' is below 0: give the points, 0 or more")
    elif isinstance(item, Item):
        message = _(
            "self score {given} is outside 0 to {limit}, the standard score of item '{item}'"
        )
    elif isinstance(item, PenaltyItem):
        message = _("self score {given} is outside 0 to {limit}, the penalty cap of item '{item}'")
    else:
        message = _("self score {given} is outside 0 to {limit}, the bonus cap of item '{item}'")
    message = message.format(
        given=format_number(given), limit=format_number(most or 0), item=item.id
    )
    return doc.problem(("items", item.id, "self_score"), Code.SELF_SCORE_RANGE, message)


_ITEM_KEYS = ("self_score", "note", "not_applicable", "override")


def _unknown_rule(doc: Document, rubric: Rubric, item: Item | PartItem, rule_id: str) -> Problem:
    """A key under `findings:` that is no rule of the item: an item key, or another item's rule."""
    loc: Loc = ("items", item.id, "findings", rule_id)
    if rule_id in _ITEM_KEYS:
        message = _(
            "'{key}' belongs to the item, not under 'findings:': move it up a level, "
            "indented like 'findings:'"
        ).format(key=rule_id)
        return doc.problem(loc, Code.UNKNOWN_RULE, message, at_key=True)
    hint = _rule_owner_hint(rubric, rule_id) or did_you_mean(rule_id, item.rules_by_id)
    message = _("item '{item}' has no rule '{rule}'").format(item=item.id, rule=rule_id) + hint
    return doc.problem(loc, Code.UNKNOWN_RULE, message, at_key=True)


def _rule_owner_hint(rubric: Rubric, rule_id: str) -> str:
    """`; it is a rule of item 'x': …` when another item of the rubric has this rule, else ''."""
    owners = [item.id for item in rubric.items_by_id.values() if rule_id in item.rules_by_id]
    if not owners:
        return ""
    return _("; it is a rule of item '{owner}': write it under {owner}: findings:").format(
        owner="', '".join(owners)
    )


def not_filled(rule: Rule) -> str:
    """An empty finding: what to write for the rule's kind, including when nothing was found."""
    return _("rule '{rule}' is not filled in: write {what}").format(
        rule=rule.id, what=what_to_write(rule)
    )


def what_to_write(rule: Rule) -> str:
    """'true if it happened, false if not' and the like: a finding for `rule`, in words."""
    if rule.kind is RuleKind.FLAT:
        return _("true if it happened, false if not")
    if rule.kind is RuleKind.REQUIREMENT:
        return _("true if met, false if not")
    if rule.kind is RuleKind.LEVELS:
        return _("one of {names}").format(names=", ".join(rule.levels_by_name))
    if rule.kind is RuleKind.JUDGED:
        least = format_number(rule.min or 0)
        most = format_number(rule.deduct or rule.add or 0)
        return _(
            "0, or the points judged from {least} to {most} with the reason: {{value: {most}, "
            'reason: "…"}}'
        ).format(least=least, most=most)
    if rule.kind is RuleKind.PROPORTION and rule.of is not None:
        return _("the score taken from elsewhere, 0 to {of}").format(of=format_number(rule.of))
    if rule.kind is RuleKind.PROPORTION:
        return _("the share achieved in %, 0 to 100")
    if rule.kind.relative:
        return _("the unit's measured value, a number, compared with the whole batch's")
    if rule.reference is not None:
        return _("the number, and {what}: {{value: N, reference: N}}").format(what=rule.reference)
    if rule.kind is RuleKind.EXCESS:
        limit = format_number(rule.above or 0)
        return _("the number, over {limit} deducts").format(limit=limit)
    if rule.kind is RuleKind.BANDS:
        limits = ", ".join(format_number(b.below or b.above or 0) for b in rule.bands)
        if rule.bands and rule.bands[0].below is not None:
            return _("the measured value, under {limits} counts").format(limits=limits)
        return _("the measured value, over {limits} counts").format(limits=limits)
    if rule.kind is RuleKind.COUNT:
        return _("how many times, 0 if never")
    if rule.kind is RuleKind.SHORTFALL:
        required = format_number(rule.required or 0)
        return _("the number achieved, {required} required").format(required=required)
    if rule.below is not None:
        limit = format_number(rule.below)
        return _("the measured value, under {limit} deducts").format(limit=limit)
    limit = format_number(rule.above or 0)
    return _("the measured value, over {limit} deducts").format(limit=limit)


def unfilled_template(doc: Document, problems: list[Problem]) -> list[Problem]:
    """One problem, not one per rule, for a file whose every finding is empty: an init template
    nobody filled in."""
    empty = [p for p in problems if p.code is Code.NOT_FILLED]
    if len(empty) < 2:  # most files: no need to count their findings
        return problems
    recorded = doc.data.get("items")
    findings = [
        finding
        for item in (recorded.values() if isinstance(recorded, dict) else ())
        if isinstance(item, dict) and isinstance(item.get("findings"), dict)
        for finding in item["findings"].values()
    ]
    if len(empty) < 2 or len(empty) != len(findings):
        return problems
    if doc.sheet is not None:
        from djkh.checks.cells import form_not_filled

        whole = doc.problem(("items",), Code.NOT_FILLED, form_not_filled(len(empty)), at_key=True)
        return [whole, *(p for p in problems if p.code is not Code.NOT_FILLED)]
    message = ngettext(
        "this file is not filled in: its {n} finding is empty, as djkh init wrote it; write what "
        "was found for each rule, or where nothing was, the value that costs nothing, which its "
        "comment names (false, 0, the required number or the limit)",
        "this file is not filled in: all {n} findings are empty, as djkh init wrote them; write "
        "what was found for each rule, or where nothing was, the value that costs nothing, which "
        "its comment names (false, 0, the required number or the limit)",
        len(empty),
    ).format(n=len(empty))
    whole = doc.problem(("items",), Code.NOT_FILLED, message, at_key=True)
    return [whole, *(p for p in problems if p.code is not Code.NOT_FILLED)]


def _is_number(value: Any) -> TypeGuard[int | Decimal]:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def value_problem(rule: Rule, value: Any) -> str | None:
    """Why `value` is not a valid finding for `rule`, or None when it is."""
    wrong = _kind_problem(rule, value)
    return None if wrong is None else with_fix(rule, value, wrong)


def with_fix(rule: Rule, value: Any, wrong: str) -> str:
    """`wrong`, followed by how to write text `value` as the rule's value where it can be."""
    if not isinstance(value, str):
        return wrong
    boolean = rule.kind in (RuleKind.FLAT, RuleKind.REQUIREMENT)
    fix = fix_for_text(value, boolean=boolean, whole=rule.kind is RuleKind.COUNT)
    return wrong if fix is None else _("{problem}: {fix}").format(problem=wrong, fix=fix)


def finding_problem(rule: Rule, value: Any, reference: Any = None) -> str | None:
    """Why a finding cannot be scored under `rule` (another version's rule, when rescoring)."""
    wrong = value_problem(rule, value)
    if wrong is None and rule.reference is not None and reference is None:
        message = _("rule '{rule}' compares with {what}: give it as {{value: N, reference: N}}")
        return message.format(rule=rule.id, what=rule.reference)
    if wrong is None and rule.kind is RuleKind.JUDGED:
        return _judged_range_problem(rule, value)
    return wrong


def _judged_range_problem(rule: Rule, value: Any) -> str | None:
    """A judged value above 0 must lie from the rule's `min` to its points."""
    least, most = rule.min or Decimal(0), rule.deduct or rule.add or Decimal(0)
    if not _is_number(value) or value == 0 or least <= value <= most:
        return None
    return _(
        "rule '{rule}' is judged from {least} to {most} points (or 0 when nothing is "
        "wrong), got {value}: write a value in that range"
    ).format(
        rule=rule.id,
        least=format_number(least),
        most=format_number(most),
        value=format_number(value),
    )


def _kind_problem(rule: Rule, value: Any) -> str | None:
    """Why `value` is not what the rule's kind takes, or None if it is."""
    if rule.kind in (RuleKind.LEVELS, RuleKind.FLAT, RuleKind.COUNT, RuleKind.REQUIREMENT):
        return _choice_problem(rule, value)
    return _number_problem(rule, value)


def _choice_problem(rule: Rule, value: Any) -> str | None:
    """A level's name, true or false, or a count."""
    if rule.kind is RuleKind.LEVELS:
        if isinstance(value, str) and value in rule.levels_by_name:
            return None
        names = ", ".join(rule.levels_by_name)
        return _("rule '{rule}' takes the name of one level ({names}), got {value}").format(
            rule=rule.id, names=names, value=describe(value)
        )
    if rule.kind is RuleKind.FLAT:
        if isinstance(value, bool):
            return None
        if isinstance(value, str) and value in _YAML11_BOOLEANS:
            return _(
                "rule '{rule}' takes true or false, got {value}: write true or false "
                "(djkh reads yes/no/on/off as text)"
            ).format(rule=rule.id, value=describe(value))
        message = _("rule '{rule}' takes true or false (did it happen?), got {value}")
        return message.format(rule=rule.id, value=describe(value))
    if rule.kind is RuleKind.COUNT:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return None
        message = _("rule '{rule}' counts occurrences: give a whole number, 0 or more, got {value}")
        return message.format(rule=rule.id, value=describe(value))
    if rule.kind is RuleKind.REQUIREMENT:
        if isinstance(value, bool):
            return None
        message = _("rule '{rule}' takes true if met, false if not, got {value}")
        return message.format(rule=rule.id, value=describe(value))
    raise AssertionError(rule.kind)  # _kind_problem sends only these kinds here


def _number_problem(rule: Rule, value: Any) -> str | None:
    """A number in the range the rule's kind takes."""
    is_number = _is_number(value)
    if rule.kind is RuleKind.PROPORTION and rule.of is not None:
        if is_number and 0 <= value <= rule.of:
            return None
        message = _("rule '{rule}' takes the score taken from elsewhere, 0 to {of}, got {value}")
        return message.format(rule=rule.id, of=format_number(rule.of), value=describe(value))
    if rule.kind is RuleKind.PROPORTION:
        if is_number and 0 <= value <= 100:
            return None
        message = _("rule '{rule}' takes the share achieved in %, 0 to 100, got {value}")
        return message.format(rule=rule.id, value=describe(value))
    if rule.to is RelativeTo.BEST:  # value ÷ best: a share of the best, never negative
        if is_number and value >= 0:
            return None
        message = _("rule '{rule}' takes the measured value, a number, 0 or more, got {value}")
        return message.format(rule=rule.id, value=describe(value))
    if rule.kind in (RuleKind.JUDGED, RuleKind.EXCESS) or rule.reference is not None:
        if is_number and value >= 0:
            return None
        if rule.kind is RuleKind.JUDGED:
            message = _("rule '{rule}' takes the points judged, 0 or more, got {value}")
        else:
            message = _("rule '{rule}' takes a number, 0 or more, got {value}")
        return message.format(rule=rule.id, value=describe(value))
    if rule.kind is RuleKind.SHORTFALL:
        if is_number and value >= 0:
            return None
        required = format_number(rule.required or 0)
        return _(
            "rule '{rule}' takes the number achieved (required: {required}), 0 or more, got {value}"
        ).format(rule=rule.id, required=required, value=describe(value))
    if is_number:
        return None
    message = _("rule '{rule}' takes the measured value, a number, got {value}")
    return message.format(rule=rule.id, value=describe(value))
