"""The findings format (see docs/format.md): a unit's facts, item by item, rule by rule."""

from __future__ import annotations

from typing import ClassVar, Literal

from djkh.model.fields import (
    Count,
    Field,
    FindingValue,
    FrozenModel,
    Number,
    OptionalCount,
    OptionalDate,
    OptionalNumber,
    OptionalSlug,
    OptionalText,
    RubricRef,
    Text,
    Year,
    empty_dict,
)


class Finding(FrozenModel):
    """A recorded fact for one rule: a value and, optionally, the evidence for it."""

    value: FindingValue = Field(
        description="true/false for flat and requirement rules, a level's name for levels "
        "rules, else a number."
    )
    evidence: OptionalText = Field(None, description="Where the fact was found.")
    reason: OptionalText = Field(
        None, description="Why these points: required for a judged rule that gives any."
    )
    reference: OptionalNumber = Field(
        None,
        description="The unit's reference value (e.g. last year's number) when the rule "
        "compares with one.",
    )
    scale: OptionalSlug = Field(
        None, description="Which of the rule's scales applies (减半, 加倍), by its id."
    )
    extra: OptionalCount = Field(
        None, description="How many units beyond the first (每多一年加扣1分: the extra years)."
    )

    bare_key: ClassVar[str] = "value"  # written bare (`no-plan: true`), a finding is its value


class Override(FrozenModel):
    """An item's score set by hand: the computed score stays on record beside it."""

    score: Number = Field(description="The score to use instead of the computed one.")
    reason: Text = Field(description="Why the computed score is wrong.")
    approved_by: Text = Field(description="Who approved the change.")


class ItemFindings(FrozenModel):
    """What the assessor recorded for one item."""

    self_score: OptionalNumber = Field(None, description="The unit's own score (自查分).")
    findings: dict[str, Finding] = Field(
        default_factory=empty_dict,
        description="Rule id: the finding, a bare value or {value, evidence}.",
    )
    note: OptionalText = Field(None, description="The assessor's remark.")
    not_applicable: OptionalText = Field(
        None, description="不适用: why the item does not apply to this unit."
    )
    override: Override | None = Field(None, description="The item's score set by hand.")
    votes: dict[str, Count] = Field(
        default_factory=empty_dict,
        description="A survey item's votes: level name: how many valid ballots chose it.",
    )
    abstained: OptionalCount = Field(None, description="A survey item's abstaining ballots.")
    invalid: OptionalCount = Field(
        None, description="A survey item's invalid ballots (不计分): counted nowhere."
    )


class Findings(FrozenModel):
    """One unit's findings for one year."""

    kind: Literal["findings"]
    rubric: RubricRef = Field(description="The rubric scored against: id@version.")
    unit: Text = Field(description="The unit assessed (单位).")
    year: Year = Field(description="The assessment year, e.g. 2007.")
    assessor: OptionalText = Field(None, description="Who assessed the unit (考核人).")
    date: OptionalDate = Field(None, description="When it was assessed (考核日期): 2025-12-20.")
    unit_class: OptionalSlug = Field(
        None, description="分类考核: the unit's class, an id from the rubric's 'classes'."
    )
    period: OptionalText = Field(
        None,
        description="平时考核: the period this file records (一季度, 2026Q1), one of the "
        "rubric's 'periods' names or its year_end.",
    )
    items: dict[str, ItemFindings] = Field(default_factory=empty_dict)
