"""How a changed thing reads as a change's old or new value: a rule's effect, a rubric setting."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from djkh.decimals import format_number
from djkh.diff.kinds import Value
from djkh.diff.listing import rule_effect
from djkh.i18n import _, ngettext
from djkh.model.rubric import Item, PartItem, Rubric, Rule, Section, UnitClass


def threshold(rule: Rule) -> str | None:
    """`below 3` or `above 5`, or none for a rule without a threshold."""
    if rule.below is not None:
        return _("below {n}").format(n=format_number(rule.below))
    if rule.above is not None:
        return _("above {n}").format(n=format_number(rule.above))
    return None


def rank_points(rule: Rule) -> str | None:
    """A rank rule's points by rank, '60, 57, 54'; none for another rule."""
    return ", ".join(format_number(points) for points in rule.points) or None


def relative_ranks(rule: Rule) -> Value:
    """How many ranks a rule relative to the best pays (ranks: 5), or none."""
    return None if rule.ranks is None else Decimal(rule.ranks)


def bonus_cap(rubric: Rubric) -> Value:
    """`cap 5`, or none without a bonus."""
    if rubric.bonus is None:
        return None
    if rubric.bonus.cap is None:
        return _("no cap")
    return _("cap {n}").format(n=format_number(rubric.bonus.cap))


def penalty_cap(rubric: Rubric) -> Value:
    """`cap 10`, `no cap`, or none without penalties."""
    if rubric.penalties is None:
        return None
    if rubric.penalties.cap is None:
        return _("no cap")
    return _("cap {n}").format(n=format_number(rubric.penalties.cap))


def class_ranking(rubric: Rubric) -> Value:
    """`together` or `by-group`, or none for a rubric without unit classes."""
    return rubric.class_ranking.value if rubric.classes else None


def classes(rubric: Rubric) -> dict[str, tuple[int, str]]:
    """Each unit class's index and its terms in one line: title, group, every section, item
    and rule with its score (分类考核)."""
    return {
        unit_class.id: (index, _class_summary(unit_class))
        for index, unit_class in enumerate(rubric.classes)
    }


def _class_summary(unit_class: UnitClass) -> str:
    parts = []
    for section in unit_class.sections:
        items = "; ".join(
            f"{item_summary(item)} [" + ", ".join(rule_summary(r) for r in item.rules) + "]"
            for item in section.items
        )
        terms = [format_number(section.score)]
        if section.weight is not None:
            terms.append(_("weight {weight}").format(weight=section_weight(section)))
        if section.cap is not None:
            terms.append(_("cap {n}").format(n=format_number(section.cap)))
        parts.append(f"{section.title} ({_(', ').join(terms)}): {items}")
    group = f" [{unit_class.group}]" if unit_class.group else ""
    return f"{unit_class.title}{group}: " + " | ".join(parts)


def grades(rubric: Rubric) -> Value:
    """The grade bands from the best: `优秀 ≥ 90 unless veto, 良好 ≥ 80`."""
    bands = []
    for grade in rubric.grades_from_top:
        band = f"{grade.name} ≥ {format_number(grade.min)}"
        if grade.unless:
            conditions = "/".join(c.value for c in grade.unless)
            band = _("{band} unless {conditions}").format(band=band, conditions=conditions)
        if grade.max_count is not None:
            count = grade.max_count
            quota = ngettext("{band}, at most {n} unit", "{band}, at most {n} units", count)
            band = quota.format(band=band, n=count)
        if grade.max_share is not None:
            share = format_number(grade.max_share)
            band = _("{band}, at most {share}% of the units").format(band=band, share=share)
        bands.append(band)
    return _(", ").join(bands) or None


def rounding(rubric: Rubric) -> Value:
    """`2 places, per item`, or none without rounding."""
    rule = rubric.rounding
    if rule is None:
        return None
    return _("{places} places, per {at}").format(places=rule.places, at=rule.at.value)


def not_applicable(rubric: Rubric) -> Value:
    """How items that do not apply are scored, or none."""
    return None if rubric.not_applicable is None else rubric.not_applicable.value


def bonus_items(rubric: Rubric) -> dict[str, tuple[int, str]]:
    """Each bonus item's index and its terms in one line: title, and each rule's effect."""
    return part_items(rubric.bonus.items if rubric.bonus else [])


def penalty_items(rubric: Rubric) -> dict[str, tuple[int, str]]:
    """Each penalty item's index and its terms in one line, as for bonus items."""
    return part_items(rubric.penalty_items)


def part_items(items: Sequence[PartItem]) -> dict[str, tuple[int, str]]:
    """Each bonus or penalty item's index and its terms in one line."""
    return {
        item.id: (
            index,
            f"{item.title} [" + "; ".join(_bonus_rule_summary(r) for r in item.rules) + "]",
        )
        for index, item in enumerate(items)
    }


def section_summary(section: Section) -> str:
    """`Title (20)`."""
    return f"{section.title} ({format_number(section.score)})"


def section_weight(section: Section) -> Value:
    """`20%`, or none for a section without a weight."""
    return None if section.weight is None else f"{format_number(section.weight * 100)}%"


def item_summary(item: Item) -> str:
    """`Title (5)`."""
    return f"{item.title} ({format_number(item.score)})"


def rule_summary(rule: Rule) -> str:
    """`〔-2 each〕text`."""
    return f"〔{rule_effect(rule)}〕{rule.text}"


def _bonus_rule_summary(rule: Rule) -> str:
    effect = rule_effect(rule)
    if rule.cap is not None:
        effect = _("{effect}, cap {n}").format(effect=effect, n=format_number(rule.cap))
    return f"〔{effect}〕{rule.text}"


def assessors(rubric: Rubric) -> Value:
    """`mean`, or `weighted: 分管领导 20%, 考核组 80%`; none without several assessors."""
    setup = rubric.assessors
    if setup is None:
        return None
    groups = ", ".join(f"{g.name} {format_number(g.weight * 100)}%" for g in setup.groups)
    return f"{setup.combine.value}: {groups}" if groups else setup.combine.value


def self_assessment(rubric: Rubric) -> Value:
    """The self score's weight as a percentage, or none."""
    setup = rubric.self_assessment
    return None if setup is None else f"{format_number(setup.weight * 100)}%"


def periods(rubric: Rubric) -> Value:
    """`一季度、二季度: mean × 50% + 年终考评 × 50%`, or none without periods (平时考核)."""
    setup = rubric.periods
    if setup is None:
        return None
    how = setup.combine.value
    if setup.weights:
        how += " (" + ", ".join(f"{format_number(w * 100)}%" for w in setup.weights) + ")"
    shown = f"{'、'.join(setup.names)}: {how}"
    if setup.year_end is None or setup.weight is None:
        return shown
    rest = format_number((1 - setup.weight) * 100)
    return f"{shown} × {format_number(setup.weight * 100)}% + {setup.year_end} × {rest}%"


def survey(item: Item) -> Value:
    """`好 1, 一般 0.8, 差 0.6; abstention -0.2`, or none for an item without a survey."""
    setup = item.survey
    if setup is None:
        return None
    shown = ", ".join(f"{level.name} {format_number(level.value)}" for level in setup.levels)
    if setup.abstain_deduct is not None:
        shown += _("; abstention -{points}").format(points=format_number(setup.abstain_deduct))
    return shown
