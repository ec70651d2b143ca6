"""A rubric as one line per part, for git's textconv: a line diff of it reads as what changed."""

from __future__ import annotations

from decimal import Decimal

from djkh.decimals import format_number
from djkh.i18n import _
from djkh.model.rubric import Rubric, Rule, RuleKind


def rubric_lines(rubric: Rubric) -> list[str]:
    """Every section, item, standard, method and rule, each on a line that names its place."""
    total = format_number(rubric.total)
    heading = _("rubric {rubric}: {title} (total {total})")
    lines = [heading.format(rubric=rubric.ref, title=rubric.title, total=total)]
    headed = {id(unit_class.sections[0]): unit_class for unit_class in rubric.classes}
    for section in [*rubric.sections, *rubric.class_sections]:
        unit_class = headed.get(id(section))
        if unit_class is not None:  # 分类考核: a class's own part follows its heading
            line = _("class {id}: {title}").format(id=unit_class.id, title=unit_class.title)
            lines.append(line + (f" [{unit_class.group}]" if unit_class.group else ""))
        score = format_number(section.score)
        if section.weight is not None:
            weight = format_number(section.weight * 100)
            score = _("{score}, weight {weight}%").format(score=score, weight=weight)
        if section.cap is not None:
            score = _("{score}, loses at most {cap}").format(
                score=score, cap=format_number(section.cap)
            )
        line = _("section {id}: {title} ({score})")
        lines.append(line.format(id=section.id, title=section.title, score=score))
        for item in section.items:
            where = f"{section.id}/{item.id}"
            line = _("  item {id}: {title} ({score})")
            score = format_number(item.score)
            if item.start is not None:
                score = _("{score}, starting from {start}").format(
                    score=score, start=format_number(item.start)
                )
            lines.append(line.format(id=where, title=item.title, score=score))
            for n, text in enumerate(item.standards, start=1):
                lines.append(_("    standard {id} {n}: {text}").format(id=item.id, n=n, text=text))
            for n, text in enumerate(item.methods, start=1):
                lines.append(_("    method {id} {n}: {text}").format(id=item.id, n=n, text=text))
            for rule in item.rules:
                where = f"{item.id}/{rule.id}"
                line = _("    rule {id} [{terms}]: {text}")
                lines.append(line.format(id=where, terms=_terms(rule), text=rule.text))
    return lines + _penalty_lines(rubric)


def _penalty_lines(rubric: Rubric) -> list[str]:
    """The penalty part (综合扣分): its cap, each item and its rules."""
    if rubric.penalties is None:
        return []
    cap = rubric.penalties.cap
    shown = _("no cap") if cap is None else _("cap {n}").format(n=format_number(cap))
    lines = [_("penalties: {title} ({cap})").format(title=rubric.penalties.title, cap=shown)]
    for item in rubric.penalties.items:
        lines.append(_("  penalty item {id}: {title}").format(id=item.id, title=item.title))
        for rule in item.rules:
            line = _("    rule {id} [{terms}]: {text}")
            where = f"{item.id}/{rule.id}"
            lines.append(line.format(id=where, terms=_terms(rule), text=rule.text))
    return lines


def _terms(rule: Rule) -> str:
    """`count, -2 per 例, cap 4`: the rule's scoring terms in a few words."""
    effect = rule_effect(rule)
    if rule.unit and rule.kind not in (RuleKind.FLAT, RuleKind.LEVELS, RuleKind.BANDS):
        effect = _("{effect} per {unit}").format(effect=effect, unit=rule.unit)
    terms = [rule.kind.value, effect]
    if rule.required is not None:
        terms.append(_("required {n}").format(n=format_number(rule.required)))
    if rule.below is not None:
        terms.append(_("below {n}").format(n=format_number(rule.below)))
    if rule.above is not None:
        terms.append(_("above {n}").format(n=format_number(rule.above)))
    if rule.cap is not None:
        terms.append(_("cap {n}").format(n=format_number(rule.cap)))
    terms += _language_terms(rule)
    return _(", ").join(terms)


def _language_terms(rule: Rule) -> list[str]:
    """A step, a reference, levels, bands, a tier group, scales: each in a few words."""
    terms = []
    if rule.step is not None:
        terms.append(_("step {n}").format(n=format_number(rule.step)))
    if rule.reference is not None:
        terms.append(_("compared with {what}").format(what=rule.reference))
    for shown in (levels(rule), bands(rule), scales(rule)):
        if shown is not None:
            terms.append(shown)
    if rule.tier_group is not None:
        terms.append(_("tier group {name}").format(name=rule.tier_group))
    return terms


def rule_effect(rule: Rule) -> str:
    """What a hit does, in a few characters: `-2`, `+1`, `veto 不合格`."""
    if rule.veto is not None:
        return _("veto {grade}").format(grade=rule.veto)
    if rule.veto_score is not None:
        return _("veto to score {n}").format(n=format_number(rule.veto_score))
    if rule.bars is not None:
        return _("bars {what}").format(what=rule.bars)
    if rule.kind in (RuleKind.LEVELS, RuleKind.BANDS) or rule.kind.relative:
        return _("by {kind}").format(kind=rule.kind.value)
    sign = "+" if rule.add is not None else "-"
    if rule.min is not None:
        return f"{sign}{format_number(rule.min)}…{format_number(rule.per_hit)}"
    return f"{sign}{format_number(rule.per_hit)}"


def levels(rule: Rule) -> str | None:
    """`好 -0, 一般 -0.5, 不好 -10`, or none for a rule without levels."""
    shown = [f"{level.name} {_signed(level.add, level.deduct)}" for level in rule.levels]
    return _(", ").join(shown) or None


def bands(rule: Rule) -> str | None:
    """`below 80 -1, below 70 -2`, `…, cumulative`, or none for a rule without bands."""
    shown = [
        f"{threshold_of(band.below, band.above)} {_signed(band.add, band.deduct)}"
        for band in rule.bands
    ]
    if shown and rule.cumulative:
        shown.append(_("cumulative"))
    return _(", ").join(shown) or None


def scales(rule: Rule) -> str | None:
    """`当年破案的减半扣分 ×0.5; 每多一年加扣1分 1 per 年`: what scales a hit, or none."""
    shown = [f"{scale.text} ×{format_number(scale.factor)}" for scale in rule.scales]
    if rule.extra is not None:
        unit = rule.extra.unit or ""
        shown.append(
            _("{text} {n} per {unit}").format(
                text=rule.extra.text, n=format_number(rule.extra.points), unit=unit
            )
        )
    return "; ".join(shown) or None


def threshold_of(below: Decimal | None, above: Decimal | None) -> str:
    """`below 80` or `above 95`."""
    if below is not None:
        return _("below {n}").format(n=format_number(below))
    return _("above {n}").format(n=format_number(above or 0))


def _signed(add: Decimal | None, deduct: Decimal | None) -> str:
    return f"+{format_number(add)}" if add is not None else f"-{format_number(deduct or 0)}"
