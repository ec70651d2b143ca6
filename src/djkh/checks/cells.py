"""Findings typed into a workbook's cells: what to fill in and what is wrong, said of the cell."""

from __future__ import annotations

from typing import Any

from djkh.checks.findings import value_problem, what_to_write
from djkh.decimals import format_number
from djkh.files.document import Document, Loc
from djkh.files.workbook import SELF
from djkh.i18n import _, ngettext
from djkh.model.rubric import Rule, RuleKind
from djkh.problems.codes import Code
from djkh.problems.describe import describe
from djkh.problems.problem import Problem, cell_name


def fill_in(rule: Rule) -> str:
    """What to put in a rule's answer cell, as the form's input message and messages say it."""
    if rule.kind is RuleKind.FLAT:
        return _("choose from the list: 是 if it happened, 否 if not")
    if rule.kind is RuleKind.REQUIREMENT:
        return _("choose from the list: 是 if met, 否 if not")
    if rule.kind is RuleKind.LEVELS:
        return _("choose one of {names}").format(names=", ".join(rule.levels_by_name))
    if rule.kind is RuleKind.JUDGED:
        return _(
            "write 0, or the points judged from {least} to {most} and the reason in the row below"
        ).format(
            least=format_number(rule.min or 0), most=format_number(rule.deduct or rule.add or 0)
        )
    if rule.reference is not None and not rule.kind.relative:
        return _("write the number, and {what} in the row below").format(what=rule.reference)
    return _("write {what}").format(what=what_to_write(rule))


def answer_cell(doc: Document, at: Loc) -> str:
    """The name of the cell holding the value at `at` (`F12`)."""
    return cell_name(*doc.position(at))


def cell_not_filled(doc: Document, at: Loc, rule: Rule) -> str:
    """An empty answer cell: which, and what to put in it."""
    return _("cell {cell} is not filled in: {fill}").format(
        cell=answer_cell(doc, at), fill=fill_in(rule)
    )


def cell_value_problem(doc: Document, at: Loc, rule: Rule, value: Any) -> str | None:
    """Why what was typed into a rule's answer cell is no answer for it, or None when it is one."""
    if rule.kind not in (RuleKind.FLAT, RuleKind.REQUIREMENT):
        if isinstance(value, bool):  # 是 or 否, chosen from another rule's list, read as yes/no
            return value_problem(rule, "是" if value else "否")
        return value_problem(rule, value)
    if isinstance(value, bool):
        return None
    if rule.kind is RuleKind.FLAT:
        message = _(
            "cell {cell} takes 是 or 否 (did it happen?), got {value}: choose 是 or 否 from the "
            "cell's list"
        )
    else:
        message = _(
            "cell {cell} takes 是 if met, 否 if not, got {value}: choose 是 or 否 from the "
            "cell's list"
        )
    return message.format(cell=answer_cell(doc, at), value=describe(value))


def no_level_in_cell(rule: Rule) -> str:
    """A levels rule whose answer cell chooses no level (（未记录） typed in it)."""
    return _(
        "no level is chosen for rule '{rule}': choose one of {names} in its answer cell"
    ).format(rule=rule.id, names=", ".join(rule.levels_by_name))


def cell_without_reason(doc: Document, at: Loc, value: str) -> str:
    """A judged rule's points without the reason for them."""
    return _(
        "cell {cell} holds the points judged ({value}): write the reason for them in the row below"
    ).format(cell=answer_cell(doc, at), value=value)


def cell_without_reference(doc: Document, at: Loc, rule: Rule) -> str:
    """A rule compared with a reference number, the number left out."""
    return _("cell {cell} is compared with {what}: write it in the row below").format(
        cell=answer_cell(doc, at), what=rule.reference
    )


def form_not_filled(count: int) -> str:
    """A form whose every answer cell is as djkh init wrote it."""
    return ngettext(
        "this form is not filled in: its {n} answer cell is empty, as djkh init wrote it; fill "
        "in what was found for each rule, or where nothing was, the answer that costs nothing, "
        "which the cell's input message names (否, 0, the required number or the limit)",
        "this form is not filled in: all {n} answer cells are empty, as djkh init wrote them; "
        "fill in what was found for each rule, or where nothing was, the answer that costs "
        "nothing, which each cell's input message names (否, 0, the required number or the limit)",
        count,
    ).format(n=count)


def self_score_missing(doc: Document, item: str, given: int) -> Problem:
    """DJ504 at an item's empty 自查分 cell, when other items have a self score."""
    row, _column = doc.position(("items", item))
    message = ngettext(
        "cell {cell} (自查分) is empty, but {n} item has a self score: fill in the unit's self "
        "score for this item",
        "cell {cell} (自查分) is empty, but {n} items have a self score: fill in the unit's self "
        "score for this item",
        given,
    ).format(cell=cell_name(row, SELF), n=given)
    return Problem(doc.path, row, SELF, Code.SELF_SCORE_MISSING, message, doc.sheet)
