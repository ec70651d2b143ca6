"""Results sent back from worker processes: each rubric once, then cards pointing into it.

A score card holds its rubric and the rubric's sections, items and rules; pickled plainly, every
card would carry a copy of the whole rubric (about 93 % of its bytes). A worker sends a rubric
the first time one of its cards needs it, and afterwards refers to the rubric's parts by number;
the parent numbers the parts of the copy it received in the same order.
"""

from __future__ import annotations

import io
import os
import pickle
from collections.abc import Iterator
from typing import Any

from djkh.model.fields import FrozenModel
from djkh.model.rubric import Rubric
from djkh.problems.outcome import Outcome
from djkh.scoring.engine import ScoreCard

Token = tuple[int, int]  # the worker's process id, the rubric's number in that worker
Packed = tuple[tuple[tuple[Token, Rubric], ...], bytes]


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
        """The outcome as bytes, with the rubric its card needs if this worker never sent it."""
        new: tuple[tuple[Token, Rubric], ...] = ()
        card = outcome.value
        if card is not None and id(card.rubric) not in self._numbers:
            token = (os.getpid(), len(self._rubrics))
            self._rubrics.append(card.rubric)
            for number, part in enumerate(rubric_parts(card.rubric)):
                self._numbers[id(part)] = (token, number)
            new = ((token, card.rubric),)
        buffer = io.BytesIO()
        _PartPickler(buffer, self._numbers).dump(outcome)
        return new, buffer.getvalue()


class Receiver:
    """The parent's side: unpacks outcomes, pointing their cards into the rubrics received."""

    def __init__(self) -> None:
        self._parts: dict[Token, list[object]] = {}

    def unpack(self, packed: Packed) -> Outcome[ScoreCard]:
        """The outcome a worker packed."""
        new, payload = packed
        for token, rubric in new:
            self._parts[token] = rubric_parts(rubric)
        outcome: Outcome[ScoreCard] = _PartUnpickler(io.BytesIO(payload), self._parts).load()
        return outcome


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
