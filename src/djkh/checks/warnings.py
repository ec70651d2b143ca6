"""Warnings: what is legal in a rubric or findings file but is probably a mistake."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from djkh.checks.plan import RubricPlan, plan_of
from djkh.checks.rubric import located_sections
from djkh.checks.sources import expects
from djkh.decimals import format_number
from djkh.files.document import Document, Loc
from djkh.i18n import _, ngettext
from djkh.model.findings import Findings
from djkh.model.rubric import Item, RoundAt, Rubric, Rule
from djkh.problems.codes import Code
from djkh.problems.problem import Problem


def lint_rubric(doc: Document, rubric: Rubric) -> list[Problem]:
    """Items that can never lose points, rules one hit of which empties their item, and scores
    the rubric's rounding cannot show."""
    problems = _check_rounding(doc, rubric)
    for at, section in located_sections(rubric):  # the common sections and each class's
        for ii, item in enumerate(section.items):
            loc: Loc = (*at, "items", ii)
            if not item.rules and item.survey is None:
                message = _(
                    "item '{item}' has no rules, so no finding can cost it a point: "
                    "add its deduction rules (评分说明)"
                ).format(item=item.id)
                problems.append(doc.problem((*loc, "id"), Code.ITEM_WITHOUT_RULES, message))
            for ri, rule in enumerate(item.rules):
                problems += _check_text_amount(doc, (*loc, "rules", ri), rule)
                if rule.deduct is not None and rule.deduct > item.score:
                    deduct, score = format_number(rule.deduct), format_number(item.score)
                    message = _(
                        "one hit of rule '{rule}' deducts {deduct}, more than the {score} "
                        "item '{item}' is worth: check 'deduct' against the original"
                    ).format(rule=rule.id, deduct=deduct, score=score, item=item.id)
                    rule_loc = (*loc, "rules", ri, "deduct")
                    problems.append(doc.problem(rule_loc, Code.RULE_EXCEEDS_ITEM, message))
    return problems


def _check_rounding(doc: Document, rubric: Rubric) -> list[Problem]:
    """Scores with more places than `rounding` keeps: full marks could not be shown rounded."""
    if rubric.rounding is None:
        return []
    places = rubric.rounding.places
    scored: list[tuple[Loc, str, Decimal]] = [(("total",), _("the total"), rubric.total)]
    if rubric.rounding.at is RoundAt.ITEM:
        scored = [
            (
                (*at, "items", ii, "score"),
                _("item '{item}'").format(item=item.id),
                item.score,
            )
            for at, section in located_sections(rubric)
            for ii, item in enumerate(section.items)
        ]
    message = _(
        "{what} is worth {score}, with more decimal places than 'rounding' keeps ({places}): "
        "rounding stops at {score} rather than pass it; change the score or 'places'"
    )
    return [
        doc.problem(
            loc,
            Code.UNROUNDABLE_SCORE,
            message.format(what=what, score=format_number(score), places=places),
        )
        for loc, what, score in scored
        if score % Decimal(1).scaleb(-places)
    ]


_NUMERAL = r"[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十半]+"
# 扣2分, 加 0.5 分, 扣1-3分, 扣两分; not 最多扣6分 (that is the cap).
_AMOUNT = re.compile(
    rf"(最多|至多|最高|累计|共|不超过)?([扣加])\s*({_NUMERAL})\s*(?:[-－—~～至到]\s*({_NUMERAL})\s*)?分"
)
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _check_text_amount(doc: Document, loc: Loc, rule: Rule) -> list[Problem]:
    """A rule whose text says 扣N分 (or 加N分) for another N than its `deduct` (`add`)."""
    field, points, verb = ("deduct", rule.deduct, "扣") if rule.deduct else ("add", rule.add, "加")
    if points is None:
        return []
    stated = [
        found
        for found in _AMOUNT.finditer(rule.text)
        if not found.group(1) and found.group(2) == verb
    ]
    if not stated or any(_covers(found, points) for found in stated):
        return []
    said = "', '".join(found.group(0) for found in stated)
    message = _(
        "the text of rule '{rule}' says '{said}', but '{field}' is {points}: "
        "correct the text or '{field}' so they agree"
    ).format(rule=rule.id, said=said, field=field, points=format_number(points))
    return [doc.problem((*loc, field), Code.TEXT_AMOUNT, message)]


def _covers(found: re.Match[str], points: Decimal) -> bool:
    low = _amount(found.group(3))
    high = _amount(found.group(4)) if found.group(4) else low
    return low <= points <= high


def _amount(numeral: str) -> Decimal:
    """2, 0.5, 两, 十二, 半 as a number."""
    if numeral[0].isdigit():
        return Decimal(numeral)
    if numeral == "半":
        return Decimal("0.5")
    tens, _sep, ones = numeral.rpartition("十")
    if "十" not in numeral:
        return Decimal(_DIGITS.get(numeral, 0))
    return Decimal((_DIGITS.get(tens, 1) if tens else 1) * 10 + _DIGITS.get(ones, 0))


def _assessed_by(item: Item, findings: Findings, rubric: Rubric) -> bool:
    """Whether this file's assessor records the item: its owner, or anyone when it has none."""
    return expects(rubric, item, findings.assessor)


def _nothing_recorded(doc: Document, rubric: Rubric, count: int) -> Problem:
    message = ngettext(
        "this file records none of the {n} item of {rubric}, so it would score full marks: "
        "fill in the findings (djkh init writes every item), or write 'findings: {{}}' under "
        "each item the unit passed cleanly",
        "this file records none of the {n} items of {rubric}, so it would score full marks: "
        "fill in the findings (djkh init writes every item), or write 'findings: {{}}' under "
        "each item the unit passed cleanly",
        count,
    ).format(n=count, rubric=rubric.ref)
    return doc.problem(("items",), Code.NOTHING_RECORDED, message, at_key=True)


def lint_findings(doc: Document, findings: Findings, rubric: Rubric) -> list[Problem]:
    """Items the assessor left out (none recorded at all is an error: a forgotten unit would
    score full marks), and self scores given for some items but not others."""
    if findings.unit_class in rubric.classes_by_id:  # 分类考核: the unit's own class
        rubric = rubric.for_class(findings.unit_class)
    plan = plan_of(rubric)
    entries = _Entries.of(findings, plan)
    problems = _check_missing_items(doc, findings, rubric, plan)
    problems += _check_self_scores(doc, entries)
    problems += _check_fractions(doc, findings, plan)
    problems += _check_ignored_findings(doc, entries)
    return problems


class _Entries(NamedTuple):
    """A findings file's entries, looked at once: the scored items' with and without a self
    score, and the items marked not applicable that still hold findings."""

    given: int
    lacking: list[str]
    ignored: list[str]

    @classmethod
    def of(cls, findings: Findings, plan: RubricPlan) -> _Entries:
        bonus = plan.parts
        given, lacking, ignored = 0, [], []
        for item_id, item in findings.items.items():
            if item.not_applicable is not None:
                if item.findings:
                    ignored.append(item_id)
            elif item_id in bonus:
                continue
            elif item.self_score is None:
                lacking.append(item_id)
            else:
                given += 1
        return cls(given, lacking, ignored)


def _check_missing_items(
    doc: Document, findings: Findings, rubric: Rubric, plan: RubricPlan
) -> list[Problem]:
    """The items this assessor scores that have no entry; none at all is an error."""
    assessed = (
        list(plan.scored)
        if rubric.assessors is None
        else [
            item.id
            for section in rubric.sections
            for item in section.items
            if _assessed_by(item, findings, rubric)
        ]
    )
    missing = [item_id for item_id in assessed if item_id not in findings.items]
    if missing and len(missing) == len(assessed):
        return [_nothing_recorded(doc, rubric, len(missing))]
    if not missing:
        return []
    message = ngettext(
        "no entry for {n} item of {rubric}: {names}; "
        "add each (an empty '{{}}' when nothing was found) so none is forgotten",
        "no entry for {n} items of {rubric}: {names}; "
        "add each (an empty '{{}}' when nothing was found) so none is forgotten",
        len(missing),
    ).format(n=len(missing), rubric=rubric.ref, names=", ".join(missing))
    return [doc.problem(("items",), Code.ITEM_NOT_RECORDED, message, at_key=True)]


def _check_self_scores(doc: Document, entries: _Entries) -> list[Problem]:
    """Each scored item without a self score, when other items have one."""
    if not entries.given or not entries.lacking:
        return []
    given = entries.given
    if doc.sheet is not None:
        from djkh.checks.cells import self_score_missing

        return [self_score_missing(doc, item_id, given) for item_id in entries.lacking]
    others = ngettext(
        "item '{item}' has no self_score, but {n} item has one: add the unit's self score (自查分)",
        "item '{item}' has no self_score, but {n} items have one: "
        "add the unit's self score (自查分)",
        given,
    )
    problems = []
    for item_id in entries.lacking:
        message = others.format(item=item_id, n=given)
        loc: Loc = ("items", item_id)
        problems.append(doc.problem(loc, Code.SELF_SCORE_MISSING, message, at_key=True))
    return problems


def _check_ignored_findings(doc: Document, entries: _Entries) -> list[Problem]:
    """Findings under an item marked not applicable: they are not scored."""
    problems = []
    for item_id in entries.ignored:
        message = _(
            "item '{item}' is marked not applicable, so its findings are ignored: "
            "remove them, or remove 'not_applicable'"
        ).format(item=item_id)
        at: Loc = ("items", item_id, "findings")
        problems.append(doc.problem(at, Code.IGNORED_FINDINGS, message, at_key=True))
    return problems


def _check_fractions(doc: Document, findings: Findings, plan: RubricPlan) -> list[Problem]:
    """0.86 for a rule in % whose limit is 90: probably 86% written as a fraction."""
    # Looked for at the rubric's few rules in %, not at each item of every file; the problems
    # then go in the file's order of items, as the file's items were once walked.
    found: list[tuple[str, Problem]] = []
    for item_id, rules in plan.percent.items():  # the rules in % with a limit above 1
        item = findings.items.get(item_id)
        for rule_id, finding in item.findings.items() if item is not None else ():
            rule = rules.get(rule_id)
            if rule is None:  # in another unit, or unknown (reported as an error)
                continue
            limit = rule.below if rule.below is not None else rule.above
            value = finding.value
            if limit is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
                continue
            if 0 < value < 1:
                shown, percent = format_number(Decimal(value)), format_number(value * 100)
                message = _(
                    "rule '{rule}' is in % with the limit {limit}, but the value {value} looks "
                    "like a fraction: write {percent} if {percent}% was meant"
                ).format(rule=rule_id, limit=format_number(limit), value=shown, percent=percent)
                at: Loc = ("items", item_id, "findings", rule_id, "value")
                found.append((item_id, doc.problem(at, Code.LOOKS_LIKE_FRACTION, message)))
    if len(found) > 1:  # rare: sorted stably, each item's problems stay in their order
        order = {item_id: index for index, item_id in enumerate(findings.items)}
        found.sort(key=lambda pair: order[pair[0]])
    return [problem for _item_id, problem in found]
