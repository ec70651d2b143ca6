"""Findings typed into a workbook's cells: what to fill in and what is wrong, said of the cell."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from djkh.checks.findings import value_problem, what_to_write, with_fix
from djkh.decimals import format_number
from djkh.files.document import Document, Loc
from djkh.files.workbook import SELF
from djkh.i18n import _, ngettext
from djkh.model.rubric import RelativeTo, Rule, RuleKind
from djkh.problems.codes import Code
from djkh.problems.describe import describe
from djkh.problems.problem import Problem, cell_name
from djkh.problems.suggest import did_you_mean


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
            value = "是" if value else "否"
        if value_problem(rule, value) is None:
            return None
        return with_fix(rule, value, _wrong_in_cell(answer_cell(doc, at), rule, value))
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


def _wrong_in_cell(cell: str, rule: Rule, value: Any) -> str:
    """What a rule's answer cell takes, said of the cell (the rule's id is in a hidden column)."""
    shown = describe(value)
    if rule.kind is RuleKind.LEVELS:
        names = ", ".join(rule.levels_by_name)
        message = _("cell {cell} takes the name of one level ({names}), got {value}")
        return message.format(cell=cell, names=names, value=shown)
    if rule.kind is RuleKind.COUNT:
        message = _("cell {cell} counts occurrences: write a whole number, 0 or more, got {value}")
    elif rule.kind is RuleKind.PROPORTION and rule.of is not None:
        message = _("cell {cell} takes the score taken from elsewhere, 0 to {of}, got {value}")
    elif rule.kind is RuleKind.PROPORTION:
        message = _("cell {cell} takes the share achieved in %, 0 to 100, got {value}")
    elif rule.to is RelativeTo.BEST:
        message = _("cell {cell} takes the measured value, a number, 0 or more, got {value}")
    elif rule.kind is RuleKind.JUDGED:
        message = _("cell {cell} takes the points judged, 0 or more, got {value}")
    elif rule.kind is RuleKind.EXCESS or rule.reference is not None:
        message = _("cell {cell} takes a number, 0 or more, got {value}")
    elif rule.kind is RuleKind.SHORTFALL:
        message = _(
            "cell {cell} takes the number achieved (required: {required}), 0 or more, got {value}"
        )
    else:
        message = _("cell {cell} takes the measured value, a number, got {value}")
    return message.format(
        cell=cell,
        of=format_number(rule.of or 0),
        required=format_number(rule.required or 0),
        value=shown,
    )


def cell_out_of_range(doc: Document, at: Loc, rule: Rule, value: Decimal | int) -> str:
    """A judged rule's points outside its range, said of the answer cell."""
    least, most = rule.min or Decimal(0), rule.deduct or rule.add or Decimal(0)
    return _(
        "cell {cell} holds the points judged, from {least} to {most} (or 0 when nothing is "
        "wrong), got {value}: write a value in that range"
    ).format(
        cell=answer_cell(doc, at),
        least=format_number(least),
        most=format_number(most),
        value=format_number(value),
    )


def cell_without_level(doc: Document, at: Loc, rule: Rule, value: Any) -> str:
    """A levels rule's answer cell holding no level's name."""
    cell, names = answer_cell(doc, at), ", ".join(rule.levels_by_name)
    if not isinstance(value, str):
        return _wrong_in_cell(cell, rule, value)
    message = _("cell {cell} has no level '{level}'").format(cell=cell, level=value)
    hint = did_you_mean(value, rule.levels_by_name)
    if hint:
        return message + hint
    return message + _(": choose one of {names}").format(names=names)


def no_level_in_cell(rule: Rule) -> str:
    """A levels rule whose answer cell chooses no level (（未记录） typed in it), named by the
    rule's words on the form: its id is in a hidden column."""
    return _("no level is chosen for “{text}”: choose one of {names} in its answer cell").format(
        text=_shortened(rule.text), names=", ".join(rule.levels_by_name)
    )


def _shortened(text: str, most: int = 24) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


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


def self_score_needed(doc: Document, item: str, weight: str) -> Problem:
    """DJ416 at an item's empty 自查分 cell, when the rubric weighs the self score in."""
    row, _column = doc.position(("items", item))
    message = _(
        "cell {cell} (自查分) is empty, but the rubric weighs the unit's self score in "
        "({weight}): fill in the unit's self score for this item"
    ).format(cell=cell_name(row, SELF), weight=weight)
    return Problem(doc.path, row, SELF, Code.SELF_SCORE_NEEDED, message, doc.sheet)
