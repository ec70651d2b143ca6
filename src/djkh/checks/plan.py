"""What checking findings against a rubric needs, worked out once per rubric, not once per file.

A batch checks thousands of files against the same few rubrics: the plan holds each item's
rules by id with a test of the usual, plainly right finding, the levels rules every assessed
item must choose, and the highest self score, so the usual item passes in one cheap pass. An
item the plan cannot vouch for goes through the full check, which alone words the problems.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from djkh.model.rubric import Item, PartItem, PenaltyItem, RelativeTo, Rubric, Rule, RuleKind

# Keys of a finding that the full check looks into (a judged value's reason is another matter:
# a judged rule is never passed quickly).
DETAILS = frozenset({"reference", "scale", "extra"})
_HUNDRED = Decimal(100)

# Whether a finding (its value, and the finding as written) is plainly right for its rule.
FindingTest = Callable[[Any, Any], bool]


class ItemPlan(NamedTuple):
    """One item of a rubric, ready for the usual entry: rules by id with their quick tests."""

    item: Item | PartItem
    most: Decimal | None  # the highest self score: the item's score, or its part's cap
    tests: dict[str, FindingTest]  # only the rules whose findings can be passed quickly
    levels: tuple[str, ...]  # the levels rules, each of which must have its level chosen

    def passes(self, raw: dict[str, Any]) -> bool:
        """Whether the full check of this entry would find nothing: True only when sure."""
        if raw.get("not_applicable") is not None or raw.get("override") is not None:
            return False
        score = raw.get("self_score")
        if score is not None and not self.fits(score):
            return False
        findings = raw.get("findings")
        if findings is None:
            return not self.levels
        if type(findings) is not dict:
            return False
        tests = self.tests
        for rule_id, finding in findings.items():
            test = tests.get(rule_id)
            if test is None:
                return False
            value = finding.get("value") if type(finding) is dict else finding
            if value is None or not test(value, finding):
                return False
        return all(rule_id in findings for rule_id in self.levels)

    def fits(self, score: Any) -> bool:
        """Whether a self score draws no complaint: within 0 to the most, or not a number at
        all (the structural check says so)."""
        if not is_number(score):
            return True
        return score >= 0 and (self.most is None or score <= self.most)


class RubricPlan(NamedTuple):
    """A rubric (a class's, for a unit of that class) ready for checking its findings."""

    items: dict[str, ItemPlan]
    unchosen: tuple[tuple[str, Rule], ...]  # each levels rule, with its item's id, in order
    surveys: tuple[Item, ...]  # the survey items of the scored sections
    relative: bool  # whether an item of the scored sections has rank or relative rules
    scored: tuple[str, ...]  # the ids of the items of the scored sections, in order
    parts: frozenset[str]  # the ids of the bonus and penalty items
    # The rules in % with a limit above 1 (where a fraction is suspect), by item and rule id.
    percent: dict[str, dict[str, Rule]]


def plan_of(rubric: Rubric) -> RubricPlan:
    """The rubric's plan, made at its first file and kept as long as the rubric."""
    kept = _PLANS.get(id(rubric))
    if kept is None or kept[0] is not rubric:
        kept = _PLANS[id(rubric)] = (rubric, _plan(rubric))
    return kept[1]


# The plans by the id of their rubric, which the entry keeps alive: a run checks few rubrics.
_PLANS: dict[int, tuple[Rubric, RubricPlan]] = {}


def _plan(rubric: Rubric) -> RubricPlan:
    scored = [item for section in rubric.sections for item in section.items]
    return RubricPlan(
        {item_id: _item_plan(rubric, item) for item_id, item in rubric.items_by_id.items()},
        tuple(
            (item.id, rule)
            for item in rubric.items_by_id.values()
            for rule in item.rules
            if rule.kind is RuleKind.LEVELS
        ),
        tuple(item for item in scored if item.survey is not None),
        any(item.relative_rules for item in scored),
        tuple(item.id for item in scored),
        frozenset(
            item.id
            for item in [*(rubric.bonus.items if rubric.bonus else []), *rubric.penalty_items]
        ),
        _rules_in_percent(rubric),
    )


def _rules_in_percent(rubric: Rubric) -> dict[str, dict[str, Rule]]:
    found = {
        item_id: {rule.id: rule for rule in item.rules_by_id.values() if _in_percent(rule)}
        for item_id, item in rubric.items_by_id.items()
    }
    return {item_id: rules for item_id, rules in found.items() if rules}


def _in_percent(rule: Rule) -> bool:
    limit = rule.below if rule.below is not None else rule.above
    return rule.unit in ("%", "％") and limit is not None and limit > 1


def _item_plan(rubric: Rubric, item: Item | PartItem) -> ItemPlan:
    tests = {rule.id: test for rule in item.rules if (test := finding_test(rule)) is not None}
    levels = tuple(rule.id for rule in item.rules if rule.kind is RuleKind.LEVELS)
    return ItemPlan(item, most_self_score(rubric, item), tests, levels)


def most_self_score(rubric: Rubric, item: Item | PartItem) -> Decimal | None:
    """The highest self score of an item: its score, or the cap of its bonus or penalty part."""
    if isinstance(item, Item):
        return item.score
    if isinstance(item, PenaltyItem):
        return rubric.penalties.cap if rubric.penalties else None
    return rubric.bonus.cap if rubric.bonus else None


def is_number(value: Any) -> bool:
    """An int or Decimal, not true or false."""
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def finding_test(rule: Rule) -> FindingTest | None:
    """The quick test of a finding for `rule`; None where every finding has details to check
    (a judged rule, or one compared with a reference)."""
    if rule.kind is RuleKind.LEVELS:
        names = rule.levels_by_name
        return lambda value, _finding: type(value) is str and value in names
    if rule.kind is RuleKind.JUDGED or rule.reference is not None:
        return None
    takes = _value_test(rule)
    return lambda value, finding: (
        (type(finding) is not dict or DETAILS.isdisjoint(finding)) and takes(value)
    )


def _value_test(rule: Rule) -> Callable[[Any], bool]:
    """Whether a value is what the rule's kind takes, as the full check decides it."""
    kind = rule.kind
    if kind in (RuleKind.FLAT, RuleKind.REQUIREMENT):
        return lambda value: value is True or value is False
    if kind is RuleKind.COUNT:
        return lambda value: type(value) is int and value >= 0
    if kind is RuleKind.PROPORTION:
        top = _HUNDRED if rule.of is None else rule.of
        return lambda value: is_number(value) and 0 <= value <= top
    if rule.to is RelativeTo.BEST or kind in (RuleKind.EXCESS, RuleKind.SHORTFALL):
        return lambda value: is_number(value) and value >= 0
    return is_number
