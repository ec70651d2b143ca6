"""Checks beyond structure: a rubric's ids, sums and rule fields; findings against their rubric."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, TypeGuard

from djkh.decimals import format_number
from djkh.files.document import Document, Loc
from djkh.i18n import _, ngettext
from djkh.model.rubric import (
    BonusItem,
    Item,
    NotApplicable,
    PartItem,
    PenaltyItem,
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


def check_rubric(doc: Document, rubric: Rubric) -> list[Problem]:
    """Every problem with a structurally valid rubric: duplicate ids, sums, rule fields."""
    section_ids = [s.id for s in rubric.sections]
    message = _("section id '{id}' is already used at line {line}: ids must be unique")
    problems = list(_duplicate_ids(doc, ("sections",), section_ids, message))
    item_locs: list[tuple[Loc, str]] = [
        (("sections", si, "items", ii), item.id)
        for si, section in enumerate(rubric.sections)
        for ii, item in enumerate(section.items)
    ]
    bonus_items = rubric.bonus.items if rubric.bonus else []
    item_locs += [(("bonus", "items", bi), item.id) for bi, item in enumerate(bonus_items)]
    penalty_items = rubric.penalty_items
    item_locs += [(("penalties", "items", pi), item.id) for pi, item in enumerate(penalty_items)]
    message = _(
        "item id '{id}' is already used at line {line}: ids must be unique across the rubric "
        "(findings name items by id)"
    )
    problems += _duplicate_locs(doc, item_locs, message)
    for si, section in enumerate(rubric.sections):
        loc: Loc = ("sections", si)
        items_total = sum((item.score for item in section.items), Decimal(0))
        if items_total != section.score:
            added, score = format_number(items_total), format_number(section.score)
            message = _(
                "the items of section '{section}' add up to {added}, not its score {score}: "
                "correct an item's score or the section's score"
            ).format(section=section.id, added=added, score=score)
            problems.append(doc.problem((*loc, "score"), Code.SECTION_SUM, message))
        for ii, item in enumerate(section.items):
            problems += _check_item(doc, (*loc, "items", ii), item)
    for bi, bonus_item in enumerate(bonus_items):
        problems += _check_item(doc, ("bonus", "items", bi), bonus_item)
    for pi, penalty_item in enumerate(penalty_items):
        problems += _check_item(doc, ("penalties", "items", pi), penalty_item)
    problems += _check_grades(doc, rubric)
    problems += _check_veto_scores(doc, rubric)
    if rubric.weighted:
        return problems + _check_weights(doc, rubric)
    sections_total = sum((section.score for section in rubric.sections), Decimal(0))
    if sections_total != rubric.total:
        added, total = format_number(sections_total), format_number(rubric.total)
        message = _(
            "the sections add up to {added}, not the total {total}: "
            "correct a section's score or the total"
        ).format(added=added, total=total)
        problems.append(doc.problem(("total",), Code.TOTAL_SUM, message))
    return problems


def _check_item(doc: Document, loc: Loc, item: Item | PartItem) -> list[Problem]:
    message = _("rule id '{id}' is already used at line {line}: ids must be unique")
    problems = list(_duplicate_ids(doc, (*loc, "rules"), [r.id for r in item.rules], message))
    for ri, rule in enumerate(item.rules):
        problems += _check_rule_fields(doc, (*loc, "rules", ri), rule)
        if isinstance(item, PenaltyItem):
            problems += _check_penalty_effect(doc, (*loc, "rules", ri), rule)
        elif isinstance(item, Item) and (rule.veto_score is not None or rule.bars is not None):
            problems += _check_veto_variant(doc, (*loc, "rules", ri), rule)
        else:
            bonus = isinstance(item, BonusItem)
            problems += _check_rule_effect(doc, (*loc, "rules", ri), rule, bonus)
    return problems


_EFFECTS = ("deduct", "add", "veto", "veto_score", "bars")


def _given_effects(rule: Rule) -> list[str]:
    return [name for name in _EFFECTS if getattr(rule, name) is not None]


def _check_penalty_effect(doc: Document, loc: Loc, rule: Rule) -> list[Problem]:
    """A rule of the penalty part (综合扣分) deducts, and does nothing else."""
    given = _given_effects(rule)
    if given == ["deduct"]:
        return []
    fix = _("a rule of a penalty item deducts from the final score: give 'deduct: N' alone")
    return [_effect_problem(doc, loc, rule, given, fix)]


def _check_veto_variant(doc: Document, loc: Loc, rule: Rule) -> list[Problem]:
    """A score veto (veto_score) or a bar (bars) is the rule's only effect."""
    given = _given_effects(rule)
    if len(given) == 1:
        return []
    fix = _(
        "a rule has one effect: 'deduct', 'veto' (a grade), 'veto_score' (the score) or "
        "'bars' (an eligibility); split it into two rules"
    )
    return [_effect_problem(doc, loc, rule, given, fix)]


def _effect_problem(doc: Document, loc: Loc, rule: Rule, given: list[str], fix: str) -> Problem:
    if given:
        has = _(" and ").join(f"'{name}'" for name in given)
        message = _("rule '{rule}' has {fields}: {fix}")
    else:
        has, message = "", _("rule '{rule}' has none of them: {fix}")
    at = (*loc, given[-1]) if given else loc
    message = message.format(rule=rule.id, fields=has, fix=fix)
    return doc.problem(at, Code.RULE_EFFECT, message, at_key=True)


def _check_veto_scores(doc: Document, rubric: Rubric) -> list[Problem]:
    """A score veto limits the score to 0 up to the total."""
    problems = []
    for si, section in enumerate(rubric.sections):
        for ii, item in enumerate(section.items):
            for ri, rule in enumerate(item.rules):
                limit = rule.veto_score
                if limit is None or 0 <= limit <= rubric.total:
                    continue
                message = _(
                    "rule '{rule}' has veto_score {given}, outside 0 to the total {total}: "
                    "write the score a hit limits the unit to, 0 for 总分计0分"
                ).format(
                    rule=rule.id, given=format_number(limit), total=format_number(rubric.total)
                )
                loc: Loc = ("sections", si, "items", ii, "rules", ri, "veto_score")
                problems.append(doc.problem(loc, Code.VETO_SCORE, message))
    return problems


def _check_weights(doc: Document, rubric: Rubric) -> list[Problem]:
    """Weighted parts: every section has a weight, and score × weight adds up to the total."""
    problems = []
    for si, section in enumerate(rubric.sections):
        if section.weight is None:
            message = _(
                "section '{section}' has no weight, but other sections have one: give every "
                "section a 'weight' (0.2 for 占20%), or none"
            ).format(section=section.id)
            problems.append(doc.problem(("sections", si), Code.WEIGHTS, message, at_key=True))
    if problems:
        return problems
    counted = sum((section.counts for section in rubric.sections), Decimal(0))
    if counted != rubric.total:
        message = _(
            "the sections' scores times their weights add up to {added}, not the total "
            "{total}: correct a weight, a section's score or the total"
        ).format(added=format_number(counted), total=format_number(rubric.total))
        problems.append(doc.problem(("total",), Code.TOTAL_SUM, message))
    return problems


def _check_rule_effect(doc: Document, loc: Loc, rule: Rule, bonus: bool) -> list[Problem]:
    """A bonus rule adds; any other rule deducts or vetoes: exactly one of them."""
    given = [name for name in ("deduct", "add", "veto") if getattr(rule, name) is not None]
    wanted = ["add"] if bonus else ["deduct", "veto"]
    if len(given) == 1 and given[0] in wanted:
        return []
    if bonus:
        fix = _("a rule of a bonus item adds points: give 'add: N' (and no 'deduct' or 'veto')")
    else:
        fix = _(
            "give 'deduct: N' (points per hit) or 'veto: GRADE' (一票否决); "
            "'add' is for the rules of bonus items"
        )
    if given:
        has = _(" and ").join(f"'{name}'" for name in given)
        message = _("rule '{rule}' has {fields}: {fix}")
    else:
        has, message = "", _("rule '{rule}' has none of them: {fix}")
    message = message.format(rule=rule.id, fields=has, fix=fix)
    at = (*loc, given[-1]) if given else loc
    return [doc.problem(at, Code.RULE_EFFECT, message, at_key=True)]


def _check_grades(doc: Document, rubric: Rubric) -> list[Problem]:
    """Grade names and minimums are unique; every veto names a grade."""
    problems = []
    for field, keys, template in (
        (
            "name",
            [grade.name for grade in rubric.grades],
            _(
                "grade name {key} is already used at line {line}: "
                "each band needs its own name and minimum"
            ),
        ),
        (
            "min",
            [format_number(grade.min) for grade in rubric.grades],
            _(
                "grade min {key} is already used at line {line}: "
                "each band needs its own name and minimum"
            ),
        ),
    ):
        first: dict[str, int] = {}
        for gi, key in enumerate(keys):
            if key in first:
                line = doc.position(("grades", first[key]))[0]
                message = template.format(key=key, line=line)
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
                        hint = _(": add 'grades' to the rubric, with a band of this name")
                    message = _(
                        "rule '{rule}' vetoes to grade '{grade}', which 'grades' does not define"
                    ).format(rule=rule.id, grade=rule.veto)
                    message += hint
                    problems.append(doc.problem(loc, Code.UNKNOWN_GRADE, message))
    return problems


def _duplicate_ids(doc: Document, loc: Loc, ids: list[str], message: str) -> Iterator[Problem]:
    yield from _duplicate_locs(doc, [((*loc, i), id_) for i, id_ in enumerate(ids)], message)


def _duplicate_locs(
    doc: Document, entries: Iterable[tuple[Loc, str]], message: str
) -> Iterator[Problem]:
    """`message` (with {id} and {line}) at every id already used before."""
    first: dict[str, int] = {}
    for loc, id_ in entries:
        line = doc.position((*loc, "id"))[0]
        if id_ in first:
            shown = message.format(id=id_, line=first[id_])
            yield doc.problem((*loc, "id"), Code.DUPLICATE_ID, shown)
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
            allowed = _(", ").join(kind.value for kind in kinds)
            message = _(
                "'{field}' is for {kinds} rules, but rule '{rule}' is {kind}: "
                "remove '{field}' or change 'kind'"
            ).format(field=name, kinds=allowed, rule=rule.id, kind=rule.kind.value)
            problems.append(doc.problem((*loc, name), Code.FIELD_FOR_KIND, message, at_key=True))
    if rule.kind is RuleKind.SHORTFALL and rule.required is None:
        message = _(
            "shortfall rule '{rule}' needs 'required: N', the number a unit must reach"
        ).format(rule=rule.id)
        problems.append(doc.problem(loc, Code.KIND_NEEDS_FIELD, message, at_key=True))
    if rule.kind is RuleKind.THRESHOLD and (rule.below is None) == (rule.above is None):
        if rule.below is not None:
            message = _("threshold rule '{rule}' has both 'below' and 'above': {fix}")
        else:
            message = _("threshold rule '{rule}' has neither 'below' nor 'above': {fix}")
        fix = _(
            "give exactly one, 'below: N' (deduct when the value is under N) "
            "or 'above: N' (deduct when it is over N)"
        )
        message = message.format(rule=rule.id, fix=fix)
        problems.append(doc.problem(loc, Code.KIND_NEEDS_FIELD, message, at_key=True))
    return problems


def check_findings(doc: Document, rubric: Rubric) -> list[Problem]:
    """Every problem with the findings measured against their rubric.

    Works on the raw data, skipping whatever is malformed (the structural check reports that),
    so one typo does not hide the rest of the file's problems.
    """
    items = rubric.items_by_id
    recorded = doc.data.get("items")
    problems: list[Problem] = []
    for item_id, raw in recorded.items() if isinstance(recorded, dict) else ():
        item = items.get(item_id)
        if item is None:
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
    return unfilled_template(doc, problems)


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
        rule = rules.get(rule_id)
        if rule is None:
            problems.append(_unknown_rule(doc, rubric, item, rule_id))
            continue
        value = finding.get("value") if isinstance(finding, dict) else finding
        if value is None:  # left empty, or no `value` at all (the structural check says so)
            if finding is None or "value" in finding:
                at_rule: Loc = (*loc, "findings", rule_id)
                empty = doc.problem(at_rule, Code.NOT_FILLED, not_filled(rule), at_key=True)
                problems.append(empty)
            continue
        wrong = value_problem(rule, value)
        if wrong:  # a malformed value is also reported by the structural check, at the same spot
            at: Loc = (*loc, "findings", rule_id, "value")
            problems.append(doc.problem(at, Code.FINDING_VALUE, wrong))
    return problems


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
    recorded = doc.data.get("items")
    findings = [
        finding
        for item in (recorded.values() if isinstance(recorded, dict) else ())
        if isinstance(item, dict) and isinstance(item.get("findings"), dict)
        for finding in item["findings"].values()
    ]
    if len(empty) < 2 or len(empty) != len(findings):
        return problems
    message = ngettext(
        "this file is not filled in: its {n} finding is empty, as djkh init wrote it; write what "
        "was found for each rule (its comment says how), false or 0 where nothing was",
        "this file is not filled in: all {n} findings are empty, as djkh init wrote them; write "
        "what was found for each rule (its comment says how), false or 0 where nothing was",
        len(empty),
    ).format(n=len(empty))
    whole = doc.problem(("items",), Code.NOT_FILLED, message, at_key=True)
    return [whole, *(p for p in problems if p.code is not Code.NOT_FILLED)]


def _is_number(value: Any) -> TypeGuard[int | Decimal]:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def value_problem(rule: Rule, value: Any) -> str | None:
    """Why `value` is not a valid finding for `rule`, or None when it is."""
    wrong = _kind_problem(rule, value)
    if wrong is None or not isinstance(value, str):
        return wrong
    fix = fix_for_text(value, boolean=rule.kind is RuleKind.FLAT, whole=rule.kind is RuleKind.COUNT)
    return wrong if fix is None else _("{problem}: {fix}").format(problem=wrong, fix=fix)


def _kind_problem(rule: Rule, value: Any) -> str | None:
    is_number = _is_number(value)
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
