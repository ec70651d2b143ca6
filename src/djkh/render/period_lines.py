"""The lines under a year's total that say how its periods (平时考核) made it."""

from __future__ import annotations

from djkh.decimals import format_number
from djkh.i18n import _
from djkh.model.rubric import PeriodCombine
from djkh.scoring.engine import PeriodsScore, ScoreCard


def period_notes(card: ScoreCard) -> tuple[str, ...]:
    """Whose items the form shows (when they are one period's), '各考核期：一季度 95、…；平均：
    96' and the year's formula."""
    result = card.periods
    if result is None:
        return ()
    return (
        *_shown_line(result),
        periods_line(result),
        *_year_line(result),
        *_rounded_items_line(result),
    )


def _shown_line(result: PeriodsScore) -> tuple[str, ...]:
    if result.shown is None:
        return ()
    shown = dict(result.scores).get(result.shown, result.year_end)
    assert shown is not None
    line = _("the items above are those of {period} ({score})")
    return (line.format(period=result.shown, score=format_number(shown)),)


def item_periods_line(ratings: str, score: str) -> str:
    """An item's year: '各考核期：一季度 28、二季度 30…；全年：28.25'."""
    return _("periods: {ratings}; the year: {score}").format(ratings=ratings, score=score)


def periods_line(result: PeriodsScore) -> str:
    """'periods: 一季度 95、二季度 94; mean: 94.5'."""
    scores = "、".join(f"{name} {format_number(score)}" for name, score in result.scores)
    return _("periods: {scores}; {how}: {part}").format(
        scores=scores, how=combine_text(result), part=_part(result)
    )


def _part(result: PeriodsScore) -> str:
    """The part to the year's places, '≈' before it where that rounds it (95.666… ≈95.67):
    the year is computed from the part unrounded."""
    shown = format_number(result.shown_part)
    return shown if result.shown_part == result.part else f"≈{shown}"


def _rounded_items_line(result: PeriodsScore) -> tuple[str, ...]:
    if result.items_total is None:
        return ()
    line = _(
        "each item's year is rounded as shown, so the items add up to {total}; the year's "
        "score {score} is computed from the periods' scores, unrounded"
    )
    return (
        line.format(total=format_number(result.items_total), score=format_number(result.score)),
    )


def combine_text(result: PeriodsScore) -> str:
    """'sum', 'mean', or 'weighted (一季度×20% + …)'."""
    setup = result.periods
    if setup.combine is PeriodCombine.SUM:
        return _("sum")
    if setup.combine is PeriodCombine.MEAN:
        return _("mean")
    shares = " + ".join(
        f"{name}×{format_number(weight * 100)}%"
        for name, weight in zip(setup.names, setup.weights, strict=True)
    )
    return _("weighted ({shares})").format(shares=shares)


def _year_line(result: PeriodsScore) -> tuple[str, ...]:
    setup = result.periods
    if result.year_end is None or setup.weight is None or setup.year_end is None:
        return ()
    line = _("the year: periods {part} × {weight} + {year_end} {score} × {rest} = {result}")
    return (
        line.format(
            part=_part(result),
            weight=f"{format_number(setup.weight * 100)}%",
            year_end=setup.year_end,
            score=format_number(result.year_end),
            rest=f"{format_number((1 - setup.weight) * 100)}%",
            result=format_number(result.score),
        ),
    )
