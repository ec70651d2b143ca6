"""Cards a worker already wrote: the unit's part of the batch's output, and what ranking needs.

A worker that sends a whole card back leaves the parent to read it back (about 25 objects) and
to write the unit's row or document: half of the work per file, done one file after another.
For a unit whose part of the output does not depend on the rest of the batch, the worker writes
that part itself (its `piece`, without the rank) and sends a `WrittenCard`: the totals the
ranking and the statistics need, and the items the unit lost points on, but no sections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from djkh.escaping import SHOWN, UTF8
from djkh.model.rubric import Rubric
from djkh.scoring.engine import ScoreCard, made_card

# Writes a unit's part of the batch's output in one format, all but its rank: (path, card); as
# text, or as UTF-8 where the format writes that.
UnitPiece = Callable[[str, ScoreCard], str | bytes]
Lost = tuple[tuple[int, Decimal], ...]  # (the item's place among the rubric's items, deduction)


@dataclass(frozen=True)
class WrittenCard(ScoreCard):
    """A card without its sections: its unit's output is `piece`, written by a worker.

    Only the ranking, the statistics and the gates read it; `lost` stands for the sections in
    the mean loss per item. Renderers that can take a piece (their format's `unit` entry) use
    it; a batch makes written cards only for such a format.
    """

    piece: bytes = b""  # UTF-8: a batch holds thousands, and as text Chinese takes twice the room
    lost: Lost = ()


def written_card(
    unit: str,
    year: int,
    rubric: Rubric,
    score: Decimal,
    deduction: Decimal,
    grade: str | None,
    piece: bytes,
    lost: Lost,
) -> WrittenCard:
    """`WrittenCard(unit, year, rubric, score, deduction, (), grade=grade, piece=piece,
    lost=lost)`, made as `made_card` makes it: a pool makes one on each side for each unit."""
    return made_card(
        WrittenCard,
        unit=unit,
        year=year,
        rubric=rubric,
        score=score,
        deduction=deduction,
        sections=(),
        grade=grade,
        piece=piece,
        lost=lost,
    )


def stands_alone(card: ScoreCard) -> bool:
    """Whether the unit's output is the same whatever else the batch holds: no grade quota
    (名额 grade by rank), no assessors or periods to combine, no points relative to the batch,
    no classes (their columns depend on the classes ranked together), and no veto (it moves
    the unit below the others). A new kind of batch-wide rule must be added here."""
    rubric = card.rubric
    return not (
        rubric.has_quotas
        or rubric.assessors is not None
        or rubric.periods is not None
        or rubric.classes_by_id
        or card.unit_class is not None
        or card.relative
        or card.vetoes
        or card.score_vetoes
    )


def written(path: str, card: ScoreCard, piece: UnitPiece) -> WrittenCard:
    """The card as a worker sends it back: its unit's piece, its totals and its losses."""
    lost = []
    slot = 0
    for section in card.sections:
        for item in section.items:
            if item.deduction > 0:
                lost.append((slot, item.deduction))
            slot += 1
    totals = (card.unit, card.year, card.rubric, card.score, card.deduction, card.grade)
    text = piece(path, card)
    encoded = text if isinstance(text, bytes) else text.encode(UTF8, SHOWN)
    return written_card(*totals, encoded, tuple(lost))
