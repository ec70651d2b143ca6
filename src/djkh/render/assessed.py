"""What one assessor's template holds: the items, rules and bonus or penalty items it assesses."""

from __future__ import annotations

from djkh.model.rubric import Item, Rule


def assesses_item(item: Item, assessor: str | None) -> bool:
    """Whether the template of `assessor` (None: every assessor's) holds the item."""
    return assessor is None or item.assessed_by(assessor)


def rules_of(item: Item, assessor: str | None) -> list[Rule]:
    """The item's rules this assessor records: all, or those it (or no one) owns."""
    if assessor is None:
        return item.rules
    return [rule for rule in item.rules if (rule.owner or item.owner) in (None, assessor)]


def assesses(owner: str | None, assessor: str | None) -> bool:
    """Whether `assessor` records a bonus or penalty item of this owner."""
    return assessor is None or owner is None or owner == assessor
