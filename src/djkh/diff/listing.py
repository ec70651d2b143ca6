"""A rubric as one line per part, for git's textconv: a line diff of it reads as what changed."""

from __future__ import annotations

from djkh.decimals import format_number
from djkh.i18n import _
from djkh.model.rubric import Rubric, Rule, RuleKind


def rubric_lines(rubric: Rubric) -> list[str]:
    """Every section, item, standard, method and rule, each on a line that names its place."""
    total = format_number(rubric.total)
    heading = _("rubric {rubric}: {title} (total {total})")
    lines = [heading.format(rubric=rubric.ref, title=rubric.title, total=total)]
    for section in rubric.sections:
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
            lines.append(line.format(id=where, title=item.title, score=format_number(item.score)))
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
    if rule.unit and rule.kind is not RuleKind.FLAT:
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
    return _(", ").join(terms)


def rule_effect(rule: Rule) -> str:
    """What a hit does, in a few characters: `-2`, `+1`, `veto 不合格`."""
    if rule.veto is not None:
        return _("veto {grade}").format(grade=rule.veto)
    if rule.veto_score is not None:
        return _("veto to score {n}").format(n=format_number(rule.veto_score))
    if rule.bars is not None:
        return _("bars {what}").format(what=rule.bars)
    if rule.add is not None:
        return f"+{format_number(rule.add)}"
    return f"-{format_number(rule.per_hit)}"
