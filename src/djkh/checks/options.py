"""`djkh init`'s --class, --period and --assessor against the rubric: usage errors, not problems."""

from __future__ import annotations

from dataclasses import dataclass

from djkh.checks.assessor import unknown_assessor
from djkh.i18n import _
from djkh.model.rubric import Rubric
from djkh.problems.suggest import option_hint


@dataclass(frozen=True)
class WrongOption:
    """An option the rubric refuses: which, why, and whether it is missing or has a wrong value."""

    option: str
    message: str
    missing: bool = False


def wrong_init_option(
    rubric: Rubric,
    unit_class: str | None,
    period: str | None,
    assessor: str | None,
    workbook: bool,
) -> WrongOption | None:
    """The first of init's options that cannot make a template of this rubric, or None."""
    return (
        _wrong_class(rubric, unit_class)
        or _wrong_period(rubric, period, workbook)
        or _wrong_assessor(rubric, assessor)
    )


def _wrong_class(rubric: Rubric, unit_class: str | None) -> WrongOption | None:
    known = list(rubric.classes_by_id)
    if (unit_class is None and not known) or unit_class in known:
        return None
    if unit_class is None:
        message = _("rubric {rubric} scores units by class (分类考核): choose one of {names}")
        names = ", ".join(known)
        return WrongOption("--class", message.format(rubric=rubric.ref, names=names), True)
    if not known:
        message = _("rubric {rubric} has no unit classes: leave out --class")
        return WrongOption("--class", message.format(rubric=rubric.ref))
    message = _("rubric {rubric} has no unit class '{given}'").format(
        rubric=rubric.ref, given=unit_class
    )
    return WrongOption("--class", message + option_hint(unit_class, known))


def _wrong_period(rubric: Rubric, period: str | None, workbook: bool) -> WrongOption | None:
    names = [] if rubric.periods is None else rubric.periods.all_names
    if period in names or (period is None and (not names or not workbook)):
        return None  # the YAML template leaves 'period:' to fill in
    if period is None:
        message = _(
            "rubric {rubric} makes the year from periods (平时考核): a workbook records one "
            "period, choose one of {names}"
        )
        return WrongOption(
            "--period", message.format(rubric=rubric.ref, names=", ".join(names)), True
        )
    if not names:
        message = _("rubric {rubric} has no periods: leave out --period")
        return WrongOption("--period", message.format(rubric=rubric.ref))
    message = _("rubric {rubric} has no period '{period}'").format(rubric=rubric.ref, period=period)
    return WrongOption("--period", message + option_hint(period, names))


def _wrong_assessor(rubric: Rubric, assessor: str | None) -> WrongOption | None:
    wrong = None if assessor is None else unknown_assessor(rubric, assessor, as_option=True)
    return None if wrong is None else WrongOption("--assessor", wrong)
