"""A rubric as one line per part, for git's textconv: a line diff of it reads as what changed."""

from __future__ import annotations

from djkh.decimals import format_number
from djkh.models import Rubric, Rule, RuleKind


def rubric_lines(rubric: Rubric) -> list[str]:
    """Every section, item, standard, method and rule, each on a line that names its place."""
    lines = [f"rubric {rubric.ref}: {rubric.title} (total {format_number(rubric.total)})"]
    for section in rubric.sections:
        lines.append(f"section {section.id}: {section.title} ({format_number(section.score)})")
        for item in section.items:
            where = f"{section.id}/{item.id}"
            lines.append(f"  item {where}: {item.title} ({format_number(item.score)})")
            for n, text in enumerate(item.standards, start=1):
                lines.append(f"    standard {item.id} {n}: {text}")
            for n, text in enumerate(item.methods, start=1):
                lines.append(f"    method {item.id} {n}: {text}")
            for rule in item.rules:
                lines.append(f"    rule {item.id}/{rule.id} [{_terms(rule)}]: {rule.text}")
    return lines


def _terms(rule: Rule) -> str:
    """`count, -2 per 例, cap 4`: the rule's scoring terms in a few words."""
    unit = f" per {rule.unit}" if rule.unit and rule.kind is not RuleKind.FLAT else ""
    terms = [rule.kind.value, rule_effect(rule) + unit]
    if rule.required is not None:
        terms.append(f"required {format_number(rule.required)}")
    if rule.below is not None:
        terms.append(f"below {format_number(rule.below)}")
    if rule.above is not None:
        terms.append(f"above {format_number(rule.above)}")
    if rule.cap is not None:
        terms.append(f"cap {format_number(rule.cap)}")
    return ", ".join(terms)


def rule_effect(rule: Rule) -> str:
    """What a hit does, in a few characters: `-2`, `+1`, `veto 不合格`."""
    if rule.veto is not None:
        return f"veto {rule.veto}"
    if rule.add is not None:
        return f"+{format_number(rule.add)}"
    return f"-{format_number(rule.per_hit)}"
