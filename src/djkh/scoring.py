"""The scoring engine: findings applied to a rubric give exact item, section and total scores."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from djkh.models import Finding, Findings, Item, ItemFindings, Rubric, Rule, RuleKind, Section

ZERO = Decimal(0)
Value = bool | int | Decimal


@dataclass(frozen=True)
class Deduction:
    """One rule that cost points: what was recorded and what it cost."""

    rule: Rule
    value: Value
    amount: Decimal
    evidence: str | None
    capped: bool


@dataclass(frozen=True)
class ItemScore:
    """An item's result; `deduction` is at most the item's score (扣完为止)."""

    item: Item
    score: Decimal
    deduction: Decimal
    self_score: Decimal | None
    deductions: tuple[Deduction, ...]
    note: str | None

    @property
    def uncapped_deduction(self) -> Decimal:
        """The rules' deductions added up, before the item's floor of zero applies."""
        return sum((d.amount for d in self.deductions), ZERO)


@dataclass(frozen=True)
class SectionScore:
    """A section's subtotal."""

    section: Section
    score: Decimal
    deduction: Decimal
    items: tuple[ItemScore, ...]

    @property
    def self_score(self) -> Decimal | None:
        """The items' self scores added up, when every item has one."""
        return _total_self_score(self.items)


@dataclass(frozen=True)
class ScoreCard:
    """One unit's assessment: the totals and every section, item and deduction behind them."""

    unit: str
    year: int
    rubric: Rubric
    score: Decimal
    deduction: Decimal
    sections: tuple[SectionScore, ...]

    @property
    def self_score(self) -> Decimal | None:
        """The unit's self-assessed total, when every item has a self score."""
        return _total_self_score(tuple(i for s in self.sections for i in s.items))


def _total_self_score(items: tuple[ItemScore, ...]) -> Decimal | None:
    scores = [item.self_score for item in items]
    if any(score is None for score in scores):
        return None
    return sum((score for score in scores if score is not None), ZERO)


def score_findings(findings: Findings, rubric: Rubric) -> ScoreCard:
    """Score checked findings against their rubric (see docs/format.md, 'Scoring')."""
    sections = tuple(_score_section(section, findings) for section in rubric.sections)
    score = sum((s.score for s in sections), ZERO)
    return ScoreCard(findings.unit, findings.year, rubric, score, rubric.total - score, sections)


def _score_section(section: Section, findings: Findings) -> SectionScore:
    items = tuple(
        _score_item(item, findings.items.get(item.id, ItemFindings())) for item in section.items
    )
    score = sum((i.score for i in items), ZERO)
    return SectionScore(section, score, section.score - score, items)


def _score_item(item: Item, recorded: ItemFindings) -> ItemScore:
    deductions = tuple(
        deduction
        for rule in item.rules
        if rule.id in recorded.findings
        for deduction in _deduct(rule, recorded.findings[rule.id])
    )
    deducted = min(item.score, sum((d.amount for d in deductions), ZERO))
    return ItemScore(
        item, item.score - deducted, deducted, recorded.self_score, deductions, recorded.note
    )


def _deduct(rule: Rule, finding: Finding) -> tuple[Deduction, ...]:
    value = finding.value
    assert not isinstance(value, str), "checked findings hold no text values"
    amount, capped = rule_deduction(rule, value), False
    if rule.cap is not None and amount > rule.cap:
        amount, capped = rule.cap, True
    if amount <= 0:
        return ()
    return (Deduction(rule, value, amount, finding.evidence, capped),)


def rule_deduction(rule: Rule, value: Value) -> Decimal:
    """What one rule deducts for a finding, before its cap."""
    if rule.kind is RuleKind.FLAT:
        return rule.deduct if value is True else ZERO
    if rule.kind is RuleKind.COUNT:
        return rule.deduct * Decimal(value)
    if rule.kind is RuleKind.SHORTFALL:
        assert rule.required is not None
        return rule.deduct * max(ZERO, rule.required - Decimal(value))
    hit = (rule.below is not None and value < rule.below) or (
        rule.above is not None and value > rule.above
    )
    return rule.deduct if hit else ZERO
