"""Results sent back from worker processes: each rubric once, then cards pointing into it.

A score card holds its rubric and the rubric's sections, items and rules; pickled plainly, every
card would carry a copy of the whole rubric (about 93 % of its bytes). A worker sends a rubric
the first time one of its cards needs it, and afterwards refers to the rubric's parts by number;
the parent numbers the parts of the copy it received in the same order.

A card a worker already wrote (scoring/pieces.py) goes as a tuple of plain values instead, which
the pool's own pickling reads back in C: reading results back is the parent's work, one result
after another, and caps what any number of workers can save.
"""

from __future__ import annotations

import io
import os
import pickle
from collections.abc import Iterator
from typing import Any

from djkh.model.fields import FrozenModel
from djkh.model.rubric import Rubric
from djkh.problems.codes import Code
from djkh.problems.outcome import Outcome
from djkh.problems.problem import Problem
from djkh.scoring.engine import ScoreCard, read_number
from djkh.scoring.pieces import WrittenCard, written_card

Token = tuple[int, int]  # the worker's process id, the rubric's number in that worker
# A problem as plain values: path, line, column, code, message, sheet.
PlainProblem = tuple[str, int | None, int | None, str, str, str | None]
# A written card as plain values: its rubric's token, unit, year, score, deduction (exact, as
# text), grade, piece, losses (slot, deduction as text), and the outcome's problems.
Plain = tuple[
    Token,
    str,
    int,
    str,
    str,
    str | None,
    bytes,
    tuple[tuple[int, str], ...],
    tuple[PlainProblem, ...],
]
Packed = tuple[tuple[tuple[Token, Rubric], ...], bytes | Plain]


def rubric_parts(rubric: Rubric) -> list[object]:
    """Every model object of `rubric`, each once, in an order both sides compute alike."""
    parts: list[object] = []
    seen: set[int] = set()
    for part in _models(rubric):
        if id(part) not in seen:
            seen.add(id(part))
            parts.append(part)
    return parts


def _models(value: object) -> Iterator[object]:
    if isinstance(value, FrozenModel):
        yield value
        for name in type(value).model_fields:
            yield from _models(getattr(value, name))
    elif isinstance(value, tuple | list):
        for element in value:
            yield from _models(element)
    elif isinstance(value, dict):
        for element in value.values():
            yield from _models(element)


class Sender:
    """A worker's side: packs each outcome, sending each rubric only once."""

    def __init__(self) -> None:
        self._numbers: dict[int, tuple[Token, int]] = {}  # id of a rubric part: where it is
        self._rubrics: list[Rubric] = []  # kept alive, so that the ids above stay theirs

    def pack(self, outcome: Outcome[ScoreCard]) -> Packed:
        """The outcome as bytes, or a written card as plain values, with the rubric its card
        needs if this worker never sent it."""
        new: tuple[tuple[Token, Rubric], ...] = ()
        card = outcome.value
        if card is not None and id(card.rubric) not in self._numbers:
            token = (os.getpid(), len(self._rubrics))
            self._rubrics.append(card.rubric)
            for number, part in enumerate(rubric_parts(card.rubric)):
                self._numbers[id(part)] = (token, number)
            new = ((token, card.rubric),)
        if isinstance(card, WrittenCard):
            return new, self._plain(card, outcome.problems)
        buffer = io.BytesIO()
        _PartPickler(buffer, self._numbers).dump(outcome)
        return new, buffer.getvalue()

    def _plain(self, card: WrittenCard, problems: tuple[Problem, ...]) -> Plain:
        token, _rubric_is_part_0 = self._numbers[id(card.rubric)]
        lost = tuple((slot, str(deduction)) for slot, deduction in card.lost)
        plain_problems = tuple(
            (p.path, p.line, p.col, p.code.value, p.message, p.sheet) for p in problems
        )
        fields = (card.unit, card.year, str(card.score), str(card.deduction), card.grade)
        return (token, *fields, card.piece, lost, plain_problems)


class Receiver:
    """The parent's side: unpacks outcomes, pointing their cards into the rubrics received."""

    def __init__(self) -> None:
        self._parts: dict[Token, list[object]] = {}

    def unpack(self, packed: Packed) -> Outcome[ScoreCard]:
        """The outcome a worker packed."""
        new, payload = packed
        for token, rubric in new:
            self._parts[token] = rubric_parts(rubric)
        if not isinstance(payload, bytes):
            return self._written(payload)
        outcome: Outcome[ScoreCard] = _PartUnpickler(io.BytesIO(payload), self._parts).load()
        return outcome

    def _written(self, plain: Plain) -> Outcome[ScoreCard]:
        token, unit, year, score, deduction, grade, piece, lost, problems = plain
        rubric = self._parts[token][0]
        assert isinstance(rubric, Rubric)
        losses = tuple((slot, read_number(text)) for slot, text in lost)
        score_read, deduction_read = read_number(score), read_number(deduction)
        card = written_card(unit, year, rubric, score_read, deduction_read, grade, piece, losses)
        return Outcome(card, tuple(_problem(*problem) for problem in problems))


class _PartPickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, numbers: dict[int, tuple[Token, int]]) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self._numbers = numbers

    def persistent_id(self, obj: Any) -> tuple[Token, int] | None:
        return self._numbers.get(id(obj))


class _PartUnpickler(pickle.Unpickler):
    """Python 3.13 no longer lets an Unpickler's persistent_load be assigned: a subclass
    defines it."""

    def __init__(self, file: io.BytesIO, parts: dict[Token, list[object]]) -> None:
        super().__init__(file)
        self._parts = parts

    def persistent_load(self, pid: Any) -> object:
        token, number = pid
        return self._parts[tuple(token)][number]


_CODES = {code.value: code for code in Code}


def _problem(
    path: str, line: int | None, col: int | None, code: str, message: str, sheet: str | None
) -> Problem:
    return Problem(path, line, col, _CODES[code], message, sheet)
