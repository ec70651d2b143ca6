"""How the forms explain points relative to the batch: the unit's value, the batch's best, mean
or rank, the arithmetic, and what is pending when a unit is scored alone."""

from __future__ import annotations

from djkh.decimals import format_number
from djkh.i18n import _, ngettext
from djkh.model.rubric import RelativeTo, RuleKind
from djkh.scoring.engine import ItemScore, RelativePoints, ScoreCard


def relative_lines(item: ItemScore) -> list[str]:
    """One line per rank or relative rule of the item: what was compared and what it gave."""
    return [relative_line(entry) for entry in item.relative]


def relative_line(entry: RelativePoints) -> str:
    """'全批相对计分：记录6.5%，全批第2名（共5个单位），得27分' and the like."""
    unit = entry.rule.unit or ""
    value = format_number(entry.value)
    basis = entry.basis
    if basis is None or entry.amount is None:
        return _(
            "relative to the batch: recorded {value}{unit}; points pending until the whole "
            "batch is scored"
        ).format(value=value, unit=unit)
    rule, points = entry.rule, format_number(entry.amount)
    if rule.kind is RuleKind.RANK:
        return _(
            "relative to the batch: recorded {value}{unit}, rank {rank} of {count}: {points} points"
        ).format(value=value, unit=unit, rank=basis.rank, count=basis.units, points=points)
    best = format_number(basis.best)
    if rule.ranks is not None and basis.rank > rule.ranks:
        return _(
            "relative to the batch: recorded {value}{unit}, rank {rank} of {count}: only ranks 1 "
            "to {ranks} earn points"
        ).format(value=value, unit=unit, rank=basis.rank, count=basis.units, ranks=rule.ranks)
    if rule.to is RelativeTo.BEST:
        worth = format_number(rule.add or 0)
        sum_ = f"{best} ÷ {value}" if rule.lower_first else f"{value} ÷ {best}"
        return _(
            "relative to the batch: recorded {value}{unit}, best {best}{unit} of {count}: "
            "{sum} × {worth} = {points}"
        ).format(
            value=value,
            unit=unit,
            best=best,
            count=basis.units,
            sum=sum_,
            worth=worth,
            points=points,
        )
    return _(
        "relative to the batch: recorded {value}{unit}, mean {mean}{unit} of {count}: {outcome}"
    ).format(
        value=value,
        unit=unit,
        mean=format_number(basis.mean),
        count=basis.units,
        outcome=_mean_outcome(entry),
    )


def _mean_outcome(entry: RelativePoints) -> str:
    assert entry.basis is not None and entry.amount is not None
    rule, mean, value = entry.rule, entry.basis.exact_mean, entry.value
    points = format_number(entry.amount)
    if value == mean:
        return _("at the mean, no points")
    better = (value < mean) == rule.lower_first
    if not entry.amount:
        if better:
            return _("better than the mean, no points")
        return _("worse than the mean, no points")
    if better:
        return _("better than the mean, +{points}").format(points=points)
    return _("worse than the mean, -{points}").format(points=points)


def pending_banner(card: ScoreCard) -> tuple[str, str] | None:
    """The line above the form of a unit scored alone under rank or relative rules."""
    pending = sum(1 for entry in card.relative if entry.basis is None)
    if not pending:
        return None
    text = ngettext(
        "{n} rule scores the unit against the whole batch; its points are left out until the "
        "batch is scored: score the folder of every unit",
        "{n} rules score the unit against the whole batch; their points are left out until the "
        "batch is scored: score the folder of every unit",
        pending,
    ).format(n=pending)
    return _("Provisional score"), text
