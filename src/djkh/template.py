"""`djkh init`: a findings file with every item and rule of a rubric, ready to fill in.

Every rule is written with the value that costs nothing (false, 0, the required number, the
limit itself), so the template validates and scores full marks as written; the assessor changes
the values that apply. Each rule's text and kind stand above it as comments.
"""

from __future__ import annotations

import json

from djkh.decimals import format_number
from djkh.models import Rubric, Rule, RuleKind

_HOW = {
    RuleKind.FLAT: "true if it happened",
    RuleKind.COUNT: "how many times",
    RuleKind.SHORTFALL: "the number achieved",
    RuleKind.THRESHOLD: "the measured value",
}


def findings_template(rubric: Rubric, unit: str, year: int) -> str:
    """The YAML text of a blank findings file for `unit` and `year`."""
    lines = [
        f"# {unit} {year} 年度考核记录：按 {rubric.ref}（{rubric.title}）",
        "# 每条评分说明已填入不扣分的值；按实际情况修改，可加 evidence 写明依据：",
        '#   rule-id: {value: 5, evidence: "学习记录本：全年5次"}',
        "kind: findings",
        f"rubric: {rubric.ref}",
        f"unit: {_quoted(unit)}",
        f"year: {year}",
        "items:",
    ]
    for section in rubric.sections:
        lines.append(f"  # {section.title}（{format_number(section.score)}分）")
        for item in section.items:
            lines.append(f"  # {item.title}（标准分 {format_number(item.score)}）")
            lines.append(f"  {item.id}:")
            lines.append("    # self_score: 自查分")
            if not item.rules:
                lines.append("    findings: {}")
                continue
            lines += _rule_lines(item.rules)
    if rubric.not_applicable is not None:
        lines.insert(3, "# 不适用的项目：删去其 findings，写 not_applicable: 原因")
    if rubric.bonus is not None:
        cap = format_number(rubric.bonus.cap)
        lines.append(f"  # {rubric.bonus.title}（最多加{cap}分）")
        for bonus_item in rubric.bonus.items:
            lines.append(f"  # {bonus_item.title}")
            lines.append(f"  {bonus_item.id}:")
            lines += _rule_lines(bonus_item.rules)
    return "\n".join(lines) + "\n"


def _rule_lines(rules: list[Rule]) -> list[str]:
    lines = ["    findings:"]
    for rule in rules:
        veto = f"，一票否决：{rule.veto}" if rule.veto else ""
        lines.append(f"      # {rule.text}（{rule.kind.value}: {_HOW[rule.kind]}{veto}）")
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
