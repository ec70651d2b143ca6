"""`djkh init`: a findings file with every item and rule of a rubric, ready to fill in.

Every rule is written with the value that costs nothing (false, 0, the required number, the
limit itself), so the template validates and scores full marks as written; the assessor changes
the values that apply. Each rule's text and kind stand above it as comments.
"""

from __future__ import annotations

import json

from djkh.decimals import format_number
from djkh.i18n import N_, _
from djkh.models import Rubric, Rule, RuleKind

_HOW = {
    RuleKind.FLAT: N_("true if it happened"),
    RuleKind.COUNT: N_("how many times"),
    RuleKind.SHORTFALL: N_("the number achieved"),
    RuleKind.THRESHOLD: N_("the measured value"),
}


def findings_template(rubric: Rubric, unit: str, year: int) -> str:
    """The YAML text of a blank findings file for `unit` and `year`."""
    heading = _("# Findings of {unit} for {year}, against {rubric} ({title})")
    lines = [
        heading.format(unit=unit, year=year, rubric=rubric.ref, title=rubric.title),
        _(
            "# Every rule holds the value that costs nothing; change what applies, "
            "and add evidence if you like:"
        ),
        _('#   rule-id: {{value: 5, evidence: "study log: 5 sessions"}}').format(),
        "kind: findings",
        f"rubric: {rubric.ref}",
        f"unit: {_quoted(unit)}",
        f"year: {year}",
        "items:",
    ]
    for section in rubric.sections:
        score = format_number(section.score)
        lines.append(_("  # {title} ({score} points)").format(title=section.title, score=score))
        for item in section.items:
            score = format_number(item.score)
            heading = _("  # {title} (standard score {score})")
            lines.append(heading.format(title=item.title, score=score))
            lines.append(f"  {item.id}:")
            lines.append(_("    # self_score: the unit's own score (自查分)"))
            if not item.rules:
                lines.append("    findings: {}")
                continue
            lines += _rule_lines(item.rules)
    if rubric.not_applicable is not None:
        lines.insert(
            3, _("# An item that does not apply: delete its findings, write not_applicable: WHY")
        )
    if rubric.bonus is not None:
        cap = format_number(rubric.bonus.cap)
        heading = _("  # {title} (at most {cap} points added)")
        lines.append(heading.format(title=rubric.bonus.title, cap=cap))
        for bonus_item in rubric.bonus.items:
            lines.append(f"  # {bonus_item.title}")
            lines.append(f"  {bonus_item.id}:")
            lines += _rule_lines(bonus_item.rules)
    return "\n".join(lines) + "\n"


def _rule_lines(rules: list[Rule]) -> list[str]:
    lines = ["    findings:"]
    for rule in rules:
        how = f"{rule.kind.value}: {_(_HOW[rule.kind])}"
        if rule.veto:
            how = _("{how}; veto: {grade}").format(how=how, grade=rule.veto)
        lines.append(_("      # {text} ({how})").format(text=rule.text, how=how))
        lines.append(f"      {rule.id}: {_blank_value(rule)}")
    return lines


def _blank_value(rule: Rule) -> str:
    """The value under which the rule deducts nothing."""
    if rule.kind is RuleKind.FLAT:
        return "false"
    if rule.kind is RuleKind.COUNT:
        return "0"
    limit = rule.required if rule.kind is RuleKind.SHORTFALL else rule.below or rule.above
    return format_number(limit or 0)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)
