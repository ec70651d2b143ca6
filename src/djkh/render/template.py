"""`djkh init`: a findings file with every item and rule of a rubric, ready to fill in.

Every rule is written with its value empty, so an untouched template is recognisably unfilled:
validate reports each empty value as not filled in (DJ410) and score refuses the file. The
assessor writes what was found for every rule, or the value that costs nothing where nothing
was (false, 0, the required number or the limit: not 0 for every rule); each rule's text and
what to write stand above it as a comment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from djkh.checks.findings import what_to_write
from djkh.decimals import format_number
from djkh.escaping import visible
from djkh.i18n import _
from djkh.model.rubric import Item, PartItem, Rubric, Rule, Survey
from djkh.render.assessed import assesses, assesses_item, rules_of
from djkh.render.form import bonus_heading, penalty_heading, weight_text


def findings_template(
    rubric: Rubric,
    unit: str,
    year: int,
    unit_class: str | None = None,
    assessor: str | None = None,
    period: str | None = None,
) -> str:
    """The YAML text of a blank findings file for `unit` and `year` (of a class, 分类考核: the
    common sections, then the class's own); for an `assessor`, only the items it assesses; for
    a `period` (平时考核), that period's file."""
    scored = rubric.for_class(unit_class) if unit_class is not None else rubric
    lines = _header_lines(rubric, unit, year, unit_class, assessor)
    lines[lines.index("items:") : lines.index("items:")] = period_lines(rubric, period)
    for section in scored.sections:
        items = [item for item in section.items if assesses_item(item, assessor)]
        if not items:
            continue
        score = format_number(section.score)
        heading = _("  # {title} ({score} points)").format(title=section.title, score=score)
        if section.weight is not None:
            weight = weight_text(section.weight)
            heading += _(", weighted {weight} in the total").format(weight=weight)
        lines.append(heading)
        for item in items:
            lines += _item_lines(item, assessor)
    if rubric.bonus is not None:
        lines.append(f"  # {bonus_heading(rubric.bonus.title, rubric.bonus.cap)}")
        lines += _part_lines(rubric.bonus.items, assessor)
    if rubric.penalties is not None:
        title, cap = rubric.penalties.title, rubric.penalties.cap
        lines.append(f"  # {penalty_heading(title, cap)}")
        lines += _part_lines(rubric.penalties.items, assessor)
    return "".join(f"{_comment_safe(line)}\n" for line in lines)


def _header_lines(
    rubric: Rubric, unit: str, year: int, unit_class: str | None, assessor: str | None
) -> list[str]:
    """How to fill the file in, then its keys up to `items:`."""
    heading = _("# Findings of {unit} for {year}, against {rubric} ({title})")
    lines = [
        heading.format(unit=unit, year=year, rubric=rubric.ref, title=rubric.title),
        _("# Fill in every rule: djkh does not score a file with a value left empty. Write what"),
        _("# was found; where nothing was, write the value that costs nothing, which each rule's"),
        _("# comment names (false, 0, the required number or the limit); evidence is optional:"),
        _('#   rule-id: {{value: 5, evidence: "study log: 5 sessions"}}').format(),
    ]
    if rubric.not_applicable is not None:
        lines.append(
            _("# An item that does not apply: delete its findings, write not_applicable: WHY")
        )
    return [
        *lines,
        "kind: findings",
        f"rubric: {rubric.ref}",
        f"unit: {quoted(unit)}",
        f"year: {year}",
        *([f"unit_class: {unit_class}"] if unit_class is not None else []),
        *_assessor_lines(rubric, assessor),
        _("# date: {year}-12-20       (optional: the day assessed)").format(year=year),
        "items:",
    ]


def _item_lines(item: Item, assessor: str | None) -> list[str]:
    """An item's heading, its key, the self score, and its rules (or survey votes) to fill in."""
    score = format_number(item.score)
    heading = _("  # {title} (standard score {score})")
    if item.start is not None:
        heading = _("  # {title} (standard score {score}, starting from {start})")
    start = format_number(item.starts_at)
    lines = [heading.format(title=item.title, score=score, start=start)]
    if item.owner is not None and assessor is None:
        lines.append(_("  # assessed by {owner}").format(owner=item.owner))
    lines.append(f"  {item.id}:")
    lines.append(_("    # self_score: the unit's own score (自查分)"))
    if item.survey is not None:
        return lines + _survey_lines(item.survey)
    if not item.rules:
        return [*lines, "    findings: {}"]
    return lines + _rule_lines(rules_of(item, assessor))


def _assessor_lines(rubric: Rubric, assessor: str | None) -> list[str]:
    if assessor is not None:
        return [f"assessor: {quoted(assessor)}"]
    if rubric.assessors is not None:
        return [_("# assessor: NAME         (required: several assessors score each unit)")]
    return [_("# assessor: NAME         (optional: who assessed, shown on the form)")]


def period_lines(rubric: Rubric, period: str | None) -> list[str]:
    """`period: 一季度`, or a comment naming the periods when the rubric has them."""
    if period is not None:
        return [f"period: {quoted(period)}"]
    if rubric.periods is None:
        return []
    names = "、".join(rubric.periods.all_names)
    return [_("# period: NAME           (required: one of {names})").format(names=names)]


def _survey_lines(survey: Survey) -> list[str]:
    """A survey's votes to count, each level at 0, and the other ballots."""
    lines = [_("    # {text}: the valid ballots per level").format(text=survey.text)]
    lines.append("    votes: {" + ", ".join(f"{v.name}: 0" for v in survey.levels) + "}")
    lines.append(_("    # abstained: 0          (abstaining ballots)"))
    lines.append(_("    # invalid: 0            (invalid ballots, not counted)"))
    return lines


def _part_lines(items: Sequence[PartItem], assessor: str | None) -> list[str]:
    lines = []
    for item in items:
        if not assesses(item.owner, assessor):
            continue
        lines.append(f"  # {item.title}")
        lines.append(f"  {item.id}:")
        lines += _rule_lines(item.rules)
    return lines


def _comment_safe(line: str) -> str:
    """A comment line stays one line: a line break in a title or text would start YAML."""
    return visible(line) if line.lstrip().startswith("#") else line


def _rule_lines(rules: list[Rule]) -> list[str]:
    lines = ["    findings:"]
    for rule in rules:
        how = f"{rule.kind.value}: {what_to_write(rule)}"
        if rule.veto:
            how = _("{how}; veto: {grade}").format(how=how, grade=rule.veto)
        if rule.veto_score is not None:
            score = format_number(rule.veto_score)
            how = _("{how}; veto: the score becomes at most {score}").format(how=how, score=score)
        if rule.bars:
            how = _("{how}; bars the unit from {what}").format(how=how, what=rule.bars)
        lines.append(_("      # {text} ({how})").format(text=rule.text, how=how))
        lines += _circumstance_lines(rule)
        lines.append(f"      {rule.id}:")
    return lines


def _circumstance_lines(rule: Rule) -> list[str]:
    """How to record a scale (减半, 加倍) or extra units (每多一年), when the rule has them."""
    lines = [
        _("      #   {{value: …, scale: {id}}} when: {text}").format(id=scale.id, text=scale.text)
        for scale in rule.scales
    ]
    if rule.extra is not None:
        lines.append(
            _("      #   {{value: …, extra: N}} for N more: {text}").format(text=rule.extra.text)
        )
    return lines


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML).

    JSON leaves DEL, C1 controls and U+2028/U+2029 as they are; YAML reads the last two (and
    NEL) as line breaks and refuses the rest, so they are written as \\u escapes.
    """
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_YAML_TEXT.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


_NOT_YAML_TEXT = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
