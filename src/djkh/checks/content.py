"""Checks beyond structure: a rubric's ids, sums and rule fields; findings against their rubric."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, TypeGuard

from djkh.checks.sources import check_sources_findings, check_sources_rubric
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
    Section,
    UnitClass,
)
from djkh.model.written import fix_for_text
from djkh.problems.codes import Code
from djkh.problems.describe import describe
from djkh.problems.problem import Problem
from djkh.problems.suggest import did_you_mean

_YAML11_BOOLEANS = {"yes", "no", "y", "n", "on", "off", "Yes", "No", "YES", "NO", "On", "Off"}


def located_sections(rubric: Rubric) -> list[tuple[Loc, Section]]:
    """Every section with its place: the common ones, then each class's (分类考核)."""
    located: list[tuple[Loc, Section]] = [
        (("sections", si), s) for si, s in enumerate(rubric.sections)
    ]
    for ci, unit_class in enumerate(rubric.classes):
        located += [
            (("classes", ci, "sections", si), s) for si, s in enumerate(unit_class.sections)
        ]
    return located


def _located_rules(rubric: Rubric) -> Iterator[tuple[Loc, Rule]]:
    """Every rule of a scored item, common or of a class, with its place."""
    for loc, section in located_sections(rubric):
        for ii, item in enumerate(section.items):
            for ri, rule in enumerate(item.rules):
                yield (*loc, "items", ii, "rules", ri), rule


def check_rubric(doc: Document, rubric: Rubric) -> list[Problem]:
    """Every problem with a structurally valid rubric: duplicate ids, sums, rule fields."""
    located = located_sections(rubric)
    message = _("section id '{id}' is already used at line {line}: ids must be unique")
    problems = list(_duplicate_locs(doc, [(loc, s.id) for loc, s in located], message))
    message = _("class id '{id}' is already used at line {line}: ids must be unique")
    class_locs: list[tuple[Loc, str]] = [
        (("classes", ci), c.id) for ci, c in enumerate(rubric.classes)
    ]
    problems += _duplicate_locs(doc, class_locs, message)
    item_locs: list[tuple[Loc, str]] = [
        ((*loc, "items", ii), item.id)
        for loc, section in located
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
    for loc, section in located:
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
    problems += _check_quotas(doc, rubric)
    problems += _check_veto_scores(doc, rubric)
    problems += check_sources_rubric(doc, rubric)
    if rubric.classes:
        for ci, unit_class in enumerate(rubric.classes):
            problems += _check_total(doc, rubric, unit_class, ("classes", ci))
        return problems
    return problems + _check_total(doc, rubric, None, ("total",))


def _check_total(
    doc: Document, rubric: Rubric, unit_class: UnitClass | None, at: Loc
) -> list[Problem]:
    """The sections (the common ones and a class's) add up to the total, weighted or not."""
    if unit_class is not None:
        rubric = rubric.for_class(unit_class.id)
    if rubric.weighted:
        return _check_weights(doc, rubric, unit_class, at)
    sections_total = sum((section.score for section in rubric.sections), Decimal(0))
    if sections_total == rubric.total:
        return []
    added, total = format_number(sections_total), format_number(rubric.total)
    if unit_class is None:
        message = _(
            "the sections add up to {added}, not the total {total}: "
            "correct a section's score or the total"
        )
    else:
        message = _(
            "the common sections and those of class '{unit_class}' add up to {added}, not the "
            "total {total}: correct a section's score or the total"
        )
    message = message.format(added=added, total=total, unit_class=getattr(unit_class, "id", ""))
    return [doc.problem(at, Code.TOTAL_SUM, message, at_key=unit_class is not None)]


def _check_item(doc: Document, loc: Loc, item: Item | PartItem) -> list[Problem]:
    message = _("rule id '{id}' is already used at line {line}: ids must be unique")
    problems = list(_duplicate_ids(doc, (*loc, "rules"), [r.id for r in item.rules], message))
    bonus = isinstance(item, BonusItem)
    for ri, rule in enumerate(item.rules):
        problems += _check_rule_fields(doc, (*loc, "rules", ri), rule)
        if isinstance(item, PenaltyItem):
            problems += _check_penalty_effect(doc, (*loc, "rules", ri), rule)
        elif isinstance(item, Item) and (rule.veto_score is not None or rule.bars is not None):
            problems += _check_veto_variant(doc, (*loc, "rules", ri), rule)
        else:
            problems += _check_rule_effect(doc, (*loc, "rules", ri), rule, bonus)
        problems += _check_entries(doc, (*loc, "rules", ri), rule, bonus)
    return problems + _check_tiers(doc, loc, item) + _check_ranges(doc, loc, item)


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
    for loc, rule in _located_rules(rubric):
        limit = rule.veto_score
        if limit is None or 0 <= limit <= rubric.total:
            continue
        message = _(
            "rule '{rule}' has veto_score {given}, outside 0 to the total {total}: "
            "write the score a hit limits the unit to, 0 for 总分计0分"
        ).format(rule=rule.id, given=format_number(limit), total=format_number(rubric.total))
        problems.append(doc.problem((*loc, "veto_score"), Code.VETO_SCORE, message))
    return problems


def _check_weights(
    doc: Document, rubric: Rubric, unit_class: UnitClass | None, at: Loc
) -> list[Problem]:
    """Weighted parts: every section has a weight, and score × weight adds up to the total.

    For a class, `rubric` is the class's (the common sections, then the class's own) and `at`
    the class's place; otherwise `at` is the total's.
    """
    common = len(rubric.sections) - (len(unit_class.sections) if unit_class else 0)
    problems = []
    for si, section in enumerate(rubric.sections):
        if section.weight is None:
            loc: Loc = ("sections", si) if si < common else (*at, "sections", si - common)
            message = _(
                "section '{section}' has no weight, but other sections have one: give every "
                "section a 'weight' (0.2 for 占20%), or none"
            ).format(section=section.id)
            problems.append(doc.problem(loc, Code.WEIGHTS, message, at_key=True))
    if problems:
        return problems
    counted = sum((section.counts for section in rubric.sections), Decimal(0))
    if counted != rubric.total:
        message = _(
            "the sections' scores times their weights add up to {added}, not the total "
            "{total}: correct a weight, a section's score or the total"
        ).format(added=format_number(counted), total=format_number(rubric.total))
        problems.append(doc.problem(at, Code.TOTAL_SUM, message, at_key=unit_class is not None))
    return problems


def _check_rule_effect(doc: Document, loc: Loc, rule: Rule, bonus: bool) -> list[Problem]:
    """A bonus rule adds; any other rule deducts, adds or vetoes: exactly one of them."""
    given = [name for name in ("deduct", "add", "veto") if getattr(rule, name) is not None]
    if rule.kind in (RuleKind.LEVELS, RuleKind.BANDS):
        return _points_in_entries(doc, loc, rule, given)
    wanted = ["add"] if bonus else ["deduct", "add", "veto"]
    if rule.kind in (RuleKind.JUDGED, RuleKind.PROPORTION):
        wanted = wanted[:2]
    if len(given) == 1 and given[0] in wanted:
        return []
    if bonus:
        fix = _("a rule of a bonus item adds points: give 'add: N' (and no 'deduct' or 'veto')")
    else:
        fix = _(
            "give 'deduct: N' (points per hit), 'add: N' (points earned per hit) or "
            "'veto: GRADE' (一票否决)"
        )
        if "veto" not in wanted:
            fix = _(
                "a {kind} rule gives points: give 'deduct: N' or 'add: N' (the most it gives), "
                "not 'veto'"
            ).format(kind=rule.kind.value)
    if given:
        has = _(" and ").join(f"'{name}'" for name in given)
        message = _("rule '{rule}' has {fields}: {fix}")
    else:
        has, message = "", _("rule '{rule}' has none of them: {fix}")
    message = message.format(rule=rule.id, fields=has, fix=fix)
    at = (*loc, given[-1]) if given else loc
    return [doc.problem(at, Code.RULE_EFFECT, message, at_key=True)]


def _points_in_entries(doc: Document, loc: Loc, rule: Rule, given: list[str]) -> list[Problem]:
    if not given:
        return []
    entries = "levels" if rule.kind is RuleKind.LEVELS else "bands"
    message = _(
        "rule '{rule}' has '{field}', but the points of a {kind} rule are in its {entries}: "
        "remove '{field}'"
    ).format(rule=rule.id, field=given[0], kind=rule.kind.value, entries=entries)
    return [doc.problem((*loc, given[0]), Code.RULE_EFFECT, message, at_key=True)]


def _check_quotas(doc: Document, rubric: Rubric) -> list[Problem]:
    """A quota is a share up to 100% or at least one unit, and never on the lowest grade."""
    problems = []
    lowest = min(rubric.grades, key=lambda grade: grade.min, default=None)
    for gi, grade in enumerate(rubric.grades):
        if grade.max_share is not None and grade.max_share > 100:
            message = _(
                "grade '{grade}' has max_share {share}: a share is a percentage, "
                "more than 0 and at most 100"
            ).format(grade=grade.name, share=format_number(grade.max_share))
            problems.append(doc.problem(("grades", gi, "max_share"), Code.GRADE_QUOTA, message))
        if grade.max_count == 0:
            message = _(
                "grade '{grade}' has max_count 0: give at least 1, or remove the grade"
            ).format(grade=grade.name)
            problems.append(doc.problem(("grades", gi, "max_count"), Code.GRADE_QUOTA, message))
        if grade is lowest and grade.has_quota:
            field = "max_share" if grade.max_share is not None else "max_count"
            message = _(
                "the lowest grade '{grade}' has a quota, but the units it leaves out have no "
                "lower grade to go to: remove '{field}'"
            ).format(grade=grade.name, field=field)
            problems.append(doc.problem(("grades", gi, field), Code.GRADE_QUOTA, message))
    return problems


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
    for loc, rule in _located_rules(rubric):
        if rule.veto is not None and rule.veto not in known:
            if known:
                hint = did_you_mean(rule.veto, known)
            else:
                hint = _(": add 'grades' to the rubric, with a band of this name")
            message = _(
                "rule '{rule}' vetoes to grade '{grade}', which 'grades' does not define"
            ).format(rule=rule.id, grade=rule.veto)
            message += hint
            problems.append(doc.problem((*loc, "veto"), Code.UNKNOWN_GRADE, message))
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


_STEPPED = (RuleKind.SHORTFALL, RuleKind.EXCESS)
_FIELD_KINDS = {
    "required": (RuleKind.SHORTFALL,),
    "below": (RuleKind.THRESHOLD,),
    "above": (RuleKind.THRESHOLD, RuleKind.EXCESS),
    "unit": (
        RuleKind.COUNT,
        RuleKind.SHORTFALL,
        RuleKind.THRESHOLD,
        RuleKind.EXCESS,
        RuleKind.BANDS,
    ),
    "min": (RuleKind.JUDGED,),
    "of": (RuleKind.PROPORTION,),
    "levels": (RuleKind.LEVELS,),
    "bands": (RuleKind.BANDS,),
    "cumulative": (RuleKind.BANDS,),
    "step": _STEPPED,
    "reference": _STEPPED,
}


def _given(value: Any) -> bool:
    return value is not None and value is not False and value != []


def _check_rule_fields(doc: Document, loc: Loc, rule: Rule) -> list[Problem]:
    problems = []
    for name, kinds in _FIELD_KINDS.items():
        if _given(getattr(rule, name)) and rule.kind not in kinds:
            allowed = _(", ").join(kind.value for kind in kinds)
            message = _(
                "'{field}' is for {kinds} rules, but rule '{rule}' is {kind}: "
                "remove '{field}' or change 'kind'"
            ).format(field=name, kinds=allowed, rule=rule.id, kind=rule.kind.value)
            problems.append(doc.problem((*loc, name), Code.FIELD_FOR_KIND, message, at_key=True))
    if rule.kind is RuleKind.SHORTFALL and rule.required is None and rule.reference is None:
        message = _(
            "shortfall rule '{rule}' needs 'required: N', the number a unit must reach"
        ).format(rule=rule.id)
        problems.append(doc.problem(loc, Code.KIND_NEEDS_FIELD, message, at_key=True))
    problems += _check_reference(doc, loc, rule)
    problems += _check_entries_given(doc, loc, rule)
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


def _check_reference(doc: Document, loc: Loc, rule: Rule) -> list[Problem]:
    """A stepped rule compares with one number: its own limit, or each unit's reference."""
    if rule.kind not in _STEPPED:
        return []
    limit = "required" if rule.kind is RuleKind.SHORTFALL else "above"
    given = getattr(rule, limit) is not None
    missing = not given and rule.reference is None and rule.kind is RuleKind.EXCESS
    if (given and rule.reference is not None) or missing:
        if given:
            message = _(
                "{kind} rule '{rule}' has both '{limit}' and 'reference': give '{limit}: N' for "
                "one number for every unit, or 'reference: WHAT' for a number each unit's "
                "findings give"
            )
        else:
            message = _(
                "{kind} rule '{rule}' needs '{limit}: N' (the limit), or 'reference: WHAT' "
                "(a number each unit's findings give, such as last year's)"
            )
        message = message.format(kind=rule.kind.value, rule=rule.id, limit=limit)
        return [doc.problem(loc, Code.KIND_NEEDS_FIELD, message, at_key=True)]
    return []


def _check_entries_given(doc: Document, loc: Loc, rule: Rule) -> list[Problem]:
    """A levels rule needs two levels or more to choose from; a bands rule a band."""
    if rule.kind is RuleKind.LEVELS and len(rule.levels) < 2:
        message = _(
            "levels rule '{rule}' needs 'levels', two or more, each with what choosing it "
            "deducts or adds: levels: [{{name: 好, deduct: 0}}, {{name: 差, deduct: 2}}]"
        )
    elif rule.kind is RuleKind.BANDS and not rule.bands:
        message = _(
            "bands rule '{rule}' needs 'bands', each a limit and its points: "
            "bands: [{{below: 80, deduct: 1}}, {{below: 70, deduct: 2}}]"
        )
    else:
        return []
    return [doc.problem(loc, Code.KIND_NEEDS_FIELD, message.format(rule=rule.id), at_key=True)]


def _check_entries(doc: Document, loc: Loc, rule: Rule, bonus: bool) -> list[Problem]:
    """Levels named once; each level and band deducts or adds; bands on one side; scales once."""
    problems = []
    names: dict[str, int] = {}
    for li, level in enumerate(rule.levels):
        if level.name in names:
            message = _(
                "level '{name}' of rule '{rule}' is already named at line {line}: "
                "each level needs its own name"
            ).format(name=level.name, rule=rule.id, line=names[level.name])
            problems.append(doc.problem((*loc, "levels", li, "name"), Code.RULE_ENTRIES, message))
        names.setdefault(level.name, doc.position((*loc, "levels", li, "name"))[0])
        problems += _one_of(doc, (*loc, "levels", li), ("deduct", "add"), level, bonus)
    sides = {("below" if band.below is not None else "above") for band in rule.bands}
    for bi, band in enumerate(rule.bands):
        problems += _one_of(doc, (*loc, "bands", bi), ("below", "above"), band, False)
        problems += _one_of(doc, (*loc, "bands", bi), ("deduct", "add"), band, bonus)
    if len(sides) > 1 or len({band.add is None for band in rule.bands}) > 1:
        message = _(
            "the bands of rule '{rule}' mix 'below' and 'above', or 'deduct' and 'add': "
            "one rule's bands lie on one side of the value and all deduct or all add"
        ).format(rule=rule.id)
        problems.append(doc.problem((*loc, "bands"), Code.RULE_ENTRIES, message, at_key=True))
    seen: set[str] = set()
    for si, scale in enumerate(rule.scales):
        if scale.id in seen:
            message = _("scale id '{id}' of rule '{rule}' is used twice: ids must be unique")
            message = message.format(id=scale.id, rule=rule.id)
            problems.append(doc.problem((*loc, "scales", si, "id"), Code.RULE_ENTRIES, message))
        seen.add(scale.id)
    return problems


def _one_of(
    doc: Document, loc: Loc, names: tuple[str, str], entry: Any, bonus: bool
) -> list[Problem]:
    """Exactly one of two keys of a level or band ('deduct'/'add', 'below'/'above')."""
    given = [name for name in names if getattr(entry, name) is not None]
    if len(given) == 1 and not (bonus and given[0] == "deduct"):
        return []
    if bonus and given == ["deduct"]:
        message = _("in a bonus item this entry adds points: write 'add' instead of 'deduct'")
    else:
        message = _("give exactly one of '{first}' and '{second}' here").format(
            first=names[0], second=names[1]
        )
    return [doc.problem(loc, Code.RULE_ENTRIES, message, at_key=True)]


def _check_tiers(doc: Document, loc: Loc, item: Item | PartItem) -> list[Problem]:
    """The rules of one tier all add or all deduct: the highest of them counts."""
    problems = []
    adds: dict[str, bool] = {}
    for ri, rule in enumerate(item.rules):
        if rule.tier_group is None:
            continue
        if rule.veto is not None or adds.setdefault(rule.tier_group, rule.adds) != rule.adds:
            message = _(
                "rule '{rule}' is in tier '{tier}', whose other rules {other}: the rules of a "
                "tier all deduct or all add, and none vetoes"
            ).format(
                rule=rule.id,
                tier=rule.tier_group,
                other=_("add") if adds[rule.tier_group] else _("deduct"),
            )
            at: Loc = (*loc, "rules", ri, "tier_group")
            problems.append(doc.problem(at, Code.RULE_ENTRIES, message))
    return problems


def _check_ranges(doc: Document, loc: Loc, item: Item | PartItem) -> list[Problem]:
    """A judged rule's `min` within its points; an item's `start` within 0 and its score."""
    problems = []
    if isinstance(item, Item) and item.start is not None and not 0 <= item.start <= item.score:
        message = _(
            "item '{item}' starts at {start}, outside 0 to its score {score}: 'start' is the "
            "points before its rules deduct or add (0 when every point is earned)"
        ).format(item=item.id, start=format_number(item.start), score=format_number(item.score))
        problems.append(doc.problem((*loc, "start"), Code.RULE_RANGE, message))
    for ri, rule in enumerate(item.rules):
        most = rule.deduct or rule.add
        if rule.min is not None and most is not None and rule.min > most:
            field = "deduct" if rule.deduct else "add"
            message = _(
                "judged rule '{rule}' has 'min' {least} above '{field}' {most}: 'min' is the "
                "fewest points a judgement gives, '{field}' the most"
            ).format(
                rule=rule.id, least=format_number(rule.min), field=field, most=format_number(most)
            )
            problems.append(doc.problem((*loc, "rules", ri, "min"), Code.RULE_RANGE, message))
    return problems


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
    recorded = doc.data.get("items")
    if isinstance(recorded, dict):
        problems += _levels_of_unrecorded_items(doc, rubric, recorded)
    for item_id, raw in recorded.items() if isinstance(recorded, dict) else ():
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
    problems += check_sources_findings(doc, rubric)
    return unfilled_template(doc, problems)


def _levels_of_unrecorded_items(
    doc: Document, rubric: Rubric, recorded: dict[str, Any]
) -> list[Problem]:
    """An item the file leaves out still needs its levels chosen: no choice, no score."""
    return [
        doc.problem(("items",), Code.LEVEL_CHOICE, no_level_chosen(rule), at_key=True)
        for item in rubric.items_by_id.values()
        if item.id not in recorded
        for rule in item.rules
        if rule.kind is RuleKind.LEVELS
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
    ) + did_you_mean(str(given), known)
    return [doc.problem(("unit_class",), Code.UNIT_CLASS, message)]


def class_choice_problem(rubric: Rubric, unit_class: str | None, path: str) -> Problem | None:
    """Why `djkh init --class` cannot write a template for this class, or None when it can."""
    known = rubric.classes_by_id
    if (unit_class is None and not known) or unit_class in known:
        return None
    names = ", ".join(known)
    if unit_class is None:
        message = _(
            "rubric {rubric} scores units by class (分类考核): give --class ID, one of {names}"
        ).format(rubric=rubric.ref, names=names)
    elif not known:
        message = _("rubric {rubric} has no unit classes: leave out --class").format(
            rubric=rubric.ref
        )
    else:
        message = _("rubric {rubric} has no unit class '{given}'").format(
            rubric=rubric.ref, given=unit_class
        ) + did_you_mean(unit_class, known)
    return Problem(path, None, None, Code.UNIT_CLASS, message)


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
        rule = _named_for_messages(rubric, item, found)
        value = finding.get("value") if isinstance(finding, dict) else finding
        if value is None:  # left empty, or no `value` at all (the structural check says so)
            if finding is None or "value" in finding:
                at_rule: Loc = (*loc, "findings", rule_id)
                empty = doc.problem(at_rule, Code.NOT_FILLED, not_filled(rule), at_key=True)
                problems.append(empty)
            continue
        at: Loc = (*loc, "findings", rule_id, "value")
        if not isinstance(finding, dict):
            at = at[:-1]
        if rule.kind is RuleKind.LEVELS:
            problems += _check_level(doc, at, rule, value)
            continue
        wrong = value_problem(rule, value)
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


def _named_for_messages(rubric: Rubric, item: Item | PartItem, rule: Rule) -> Rule:
    """The rule, its id written item/rule when another item has a rule of that id too."""
    if rule.id not in rubric.shared_rule_ids:
        return rule
    return rule.model_copy(update={"id": f"{item.id}/{rule.id}"})


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
    elif isinstance(value, str):
        message = _("rule '{rule}' has no level '{level}'").format(rule=rule.id, level=value)
        message += did_you_mean(value, rule.levels_by_name)
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
        doc.problem(at, Code.LEVEL_CHOICE, no_level_chosen(rule), at_key=True)
        for rule in item.rules
        if rule.kind is RuleKind.LEVELS and rule.id not in chosen
    ]


def no_level_chosen(rule: Rule) -> str:
    """'no level is chosen for rule …: write one of 好, 较好, 一般, 差'."""
    return _("no level is chosen for rule '{rule}': write {rule}: and one of {names}").format(
        rule=rule.id, names=", ".join(rule.levels_by_name)
    )


def _check_finding_details(
    doc: Document, loc: Loc, rule: Rule, finding: dict[str, Any], *, bare: bool
) -> list[Problem]:
    """A judged value in its range with its reason; a reference, scale or extra the rule uses."""
    value = finding.get("value")
    problems = []
    if rule.kind is RuleKind.JUDGED and _is_number(value) and value > 0:
        out_of_range = _judged_range_problem(rule, value)
        if out_of_range is not None:
            at = loc if bare else (*loc, "value")
            problems.append(doc.problem(at, Code.JUDGED_VALUE, out_of_range))
        elif finding.get("reason") is None:
            message = _(
                "rule '{rule}' is judged: say why {value} points, {{value: {value}, reason: \"…\"}}"
            ).format(rule=rule.id, value=format_number(value))
            at = loc if bare else (*loc, "value")
            problems.append(doc.problem(at, Code.JUDGED_VALUE, message, at_key=bare))
    if rule.reference is not None and finding.get("reference") is None:
        message = _(
            "rule '{rule}' compares with {what}: give it as {{value: N, reference: N}}"
        ).format(rule=rule.id, what=rule.reference)
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
        message += did_you_mean(scale, scales)
        problems.append(doc.problem((*loc, "scale"), Code.REFERENCE, message))
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
    if wrong is None or not isinstance(value, str):
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
