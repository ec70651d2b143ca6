"""Checks of a rubric beyond its structure: ids, sums, effects, grades and each rule's fields."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from djkh.checks.periods import check_periods_rubric
from djkh.checks.relative import check_relative_rule, check_relative_setup
from djkh.checks.sources import check_sources_rubric
from djkh.decimals import format_number
from djkh.files.document import Document, Loc
from djkh.i18n import _
from djkh.model.rubric import (
    BonusItem,
    Item,
    PartItem,
    PenaltyItem,
    Rubric,
    Rule,
    RuleKind,
    Section,
    UnitClass,
)
from djkh.problems.codes import Code
from djkh.problems.problem import Problem
from djkh.problems.suggest import did_you_mean


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
    problems += check_sources_rubric(doc, rubric) + check_periods_rubric(doc, rubric)
    problems += check_relative_setup(doc, rubric)
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
        if rule.kind.relative:  # points against the batch (rank, relative)
            problems += check_relative_rule(doc, (*loc, "rules", ri), rule, item)
        elif isinstance(item, PenaltyItem):
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
    "points": (RuleKind.RANK,),
    "to": (RuleKind.RELATIVE,),
    "ranks": (RuleKind.RELATIVE,),
    "better": (RuleKind.RANK, RuleKind.RELATIVE),
}


def _given(value: Any) -> bool:
    return value is not None and value is not False and value != []


def _check_rule_fields(doc: Document, loc: Loc, rule: Rule) -> list[Problem]:
    problems = []
    for name, kinds in _FIELD_KINDS.items():
        relative_unit = name == "unit" and rule.kind.relative  # the unit of the value ranked
        if _given(getattr(rule, name)) and rule.kind not in kinds and not relative_unit:
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
