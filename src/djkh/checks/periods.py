"""Checks of periods (平时考核): the rubric's `periods`, and each findings file's `period`."""

from __future__ import annotations

from decimal import Decimal

from djkh.decimals import format_number
from djkh.files.document import Document, Loc
from djkh.i18n import _
from djkh.model.rubric import PeriodCombine, Periods, Rubric
from djkh.problems.codes import Code
from djkh.problems.problem import Problem
from djkh.problems.suggest import did_you_mean


def check_periods_rubric(doc: Document, rubric: Rubric) -> list[Problem]:
    """`periods` as docs/format.md says: names once each, weights that suit `combine`, and a
    `weight` with a `year_end`."""
    setup = rubric.periods
    if setup is None:
        return []
    return _check_names(doc, setup) + _check_weights(doc, setup) + _check_year_end(doc, setup)


def _problem(doc: Document, loc: Loc, message: str) -> Problem:
    return doc.problem(("periods", *loc), Code.PERIOD_SETUP, message)


def _check_names(doc: Document, setup: Periods) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, name in enumerate(setup.all_names):
        if name in seen:
            at: Loc = ("year_end",) if index == len(setup.names) else ("names", index)
            message = _("period '{name}' is named twice: name each period once")
            problems.append(_problem(doc, at, message.format(name=name)))
        seen.add(name)
    return problems


def _check_weights(doc: Document, setup: Periods) -> list[Problem]:
    weighted = setup.combine is PeriodCombine.WEIGHTED
    if weighted and len(setup.weights) != len(setup.names):
        message = _(
            "combine: weighted needs one weight per period, in the order of 'names' "
            "({n} periods, {given} weights): e.g. weights: [0.2, 0.2, 0.3, 0.3]"
        ).format(n=len(setup.names), given=len(setup.weights))
        return [_problem(doc, ("weights",) if setup.weights else ("combine",), message)]
    if not weighted and setup.weights:
        message = _(
            "the periods' weights count only with combine: weighted: set it, or remove 'weights'"
        )
        return [_problem(doc, ("weights",), message)]
    total = sum(setup.weights, Decimal(0))
    if weighted and total != 1:
        message = _(
            "the periods' weights add up to {total}, not 1 (100%): correct a weight"
        ).format(total=format_number(total))
        return [_problem(doc, ("weights",), message)]
    return []


def _check_year_end(doc: Document, setup: Periods) -> list[Problem]:
    if setup.year_end is not None and setup.weight is None:
        message = _(
            "a year-end assessment counts beside the periods, so say the periods' share: add "
            "'weight: 0.5' for 平时考评占50%"
        )
        return [_problem(doc, ("year_end",), message)]
    if setup.weight is None:
        return []
    if setup.year_end is None:
        message = _(
            "'weight' is the periods' share beside a year-end assessment: name it with "
            "'year_end: 年终考评', or remove 'weight'"
        )
        return [_problem(doc, ("weight",), message)]
    if setup.weight >= 1:
        message = _(
            "the periods' weight is {weight}, but it must be below 1 (100%), the year-end "
            "assessment counting the rest: 0.5 for 平时考评占50%"
        ).format(weight=format_number(setup.weight))
        return [_problem(doc, ("weight",), message)]
    return []


def check_periods_findings(doc: Document, rubric: Rubric) -> list[Problem]:
    """The file names one of the rubric's periods when the rubric has them, and none otherwise."""
    period = doc.data.get("period")
    setup = rubric.periods
    if setup is None:
        if period is None:
            return []
        message = _(
            "rubric {rubric} has no periods, so its findings name none: remove 'period' (or "
            "score against a rubric with 'periods')"
        ).format(rubric=rubric.ref)
        return [doc.problem(("period",), Code.PERIOD, message, at_key=True)]
    names = setup.all_names
    if period is None:
        message = _(
            "rubric {rubric} makes the year from periods ({periods}): name this file's period, "
            "e.g. 'period: {first}'"
        ).format(rubric=rubric.ref, periods=_listed(names), first=names[0])
        return [doc.problem(("unit",), Code.PERIOD, message, at_key=True)]
    if not isinstance(period, str) or period in names:
        return []  # not text: the structural check says so
    message = _("period '{period}' is not one of the rubric's periods").format(period=period)
    message += did_you_mean(period, names, in_order=True)
    return [doc.problem(("period",), Code.PERIOD, message)]


def _listed(names: list[str]) -> str:
    return "、".join(names)
