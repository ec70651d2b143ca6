"""What rescoring carries besides rule findings: an item's override, note and 不适用, where the
version being scored still has the item as it was; what it cannot carry, with why."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from djkh.decimals import format_number
from djkh.diff.kinds import RubricDiff
from djkh.files.document import Document
from djkh.i18n import _
from djkh.model.findings import Findings, ItemFindings, Override
from djkh.model.rubric import BonusItem, Item, PartItem, PenaltyItem, Rubric
from djkh.problems.codes import Code
from djkh.problems.problem import Problem

MARKS = ("note", "not_applicable", "override")  # in the order a findings file has them
_CODES = {
    "override": Code.OVERRIDE,
    "note": Code.FINDING_VALUE,
    "not_applicable": Code.NOT_APPLICABLE,
}


def carried_marks(
    findings: Findings, document: Document, rubric: Rubric, diff: RubricDiff | None
) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """The marks each item of `rubric` keeps (by its id there), and a problem for each mark it
    cannot keep. `diff` is None when scoring the version the ids are of."""
    kept: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for item_id, recorded in findings.items.items():
        target = diff.item_ids.get(item_id, item_id) if diff is not None else item_id
        for mark in MARKS:
            value = getattr(recorded, mark)
            if value is None:
                continue
            why, code = _refusal(mark, value, item_id, rubric, diff)
            if why is None:
                kept.setdefault(target, {})[mark] = value
                continue
            message = _("{reason}: the {mark} of item '{item}' is not carried over").format(
                reason=why, mark=mark, item=item_id
            )
            problems.append(document.problem(("items", item_id, mark), code, message, at_key=True))
    return kept, problems


def with_marks(
    items: dict[str, ItemFindings], kept: dict[str, dict[str, Any]]
) -> dict[str, ItemFindings]:
    """The items to score, each with the marks it keeps."""
    marked = dict(items)
    for item_id, marks in kept.items():
        base = marked.get(item_id)
        if base is None:
            base = ItemFindings.model_construct(self_score=None, findings={}, note=None)
        marked[item_id] = base.model_copy(update=marks)
    return marked


def _refusal(
    mark: str, value: Any, item_id: str, rubric: Rubric, diff: RubricDiff | None
) -> tuple[str | None, Code]:
    """Why this version cannot keep the mark, and the code to report it with; None if it can."""
    target = diff.item_ids.get(item_id, item_id) if diff is not None else item_id
    item = rubric.items_by_id.get(target)
    if item is None:
        return _missing(item_id, rubric, diff), Code.UNKNOWN_ITEM
    why = None
    if mark != "not_applicable" and diff is not None:
        why = _changed_kind(item_id, diff)
    if why is None and mark == "override" and isinstance(value, Override):
        why = _override_refusal(value.score, item, rubric)
    if why is None and mark == "not_applicable" and not _may_not_apply(item, rubric):
        why = _("item '{item}' cannot be not applicable in {rubric}").format(
            item=target, rubric=rubric.ref
        )
    return why, _CODES[mark]


def _missing(item_id: str, rubric: Rubric, diff: RubricDiff | None) -> str:
    if diff is not None and item_id in diff.old.rubric.items_by_id:
        return _("item '{item}' was removed in {rubric}").format(item=item_id, rubric=rubric.ref)
    return _("{rubric} has no item '{item}'").format(rubric=rubric.ref, item=item_id)


def _changed_kind(item_id: str, diff: RubricDiff) -> str | None:
    """Which of the item's rules the new version scores by another kind, if one is."""
    old_item = diff.old.rubric.items_by_id.get(item_id)
    new_items = diff.new.rubric.items_by_id
    for rule in old_item.rules if old_item is not None else ():
        new_key = diff.rule_ids.get((item_id, rule.id))
        new_item = new_items.get(new_key[0]) if new_key is not None else None
        new_rule = new_item.rules_by_id.get(new_key[1]) if new_item and new_key else None
        if new_rule is not None and new_rule.kind is not rule.kind:
            message = _("rule '{rule}' changed kind in {rubric} ({old} → {new})")
            return message.format(
                rule=f"{item_id}/{rule.id}",
                rubric=diff.new.rubric.ref,
                old=rule.kind.value,
                new=new_rule.kind.value,
            )
    return None


def _override_refusal(score: Decimal, item: Item | PartItem, rubric: Rubric) -> str | None:
    """Why the override's score does not fit the item in this version, if it does not."""
    if isinstance(item, Item):
        most: Decimal | None = item.score
    elif isinstance(item, PenaltyItem):
        most = rubric.penalties.cap if rubric.penalties else None
    else:
        most = rubric.bonus.cap if isinstance(item, BonusItem) and rubric.bonus else None
    if score >= 0 and (most is None or score <= most):
        return None
    message = _(
        "override score {given} is outside 0 to {most}, the most item '{item}' scores in {rubric}"
    )
    if most is None:
        message = _("override score {given} of item '{item}' is below 0")
    return message.format(
        given=format_number(score), most=format_number(most or 0), item=item.id, rubric=rubric.ref
    )


def _may_not_apply(item: Item | PartItem, rubric: Rubric) -> bool:
    return isinstance(item, Item) and rubric.not_applicable is not None
