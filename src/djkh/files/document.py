"""A loaded djkh file: its plain data, and the 1-based position of each key and value in it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from djkh.problems.codes import Code
from djkh.problems.problem import Problem

Loc = tuple[str | int, ...]
Pos = tuple[int, int]


class Positions(NamedTuple):
    """Where each value starts and where the key naming it stands, by location in the data."""

    values: Mapping[Loc, Pos]
    keys: Mapping[Loc, Pos]


@dataclass(frozen=True)
class Document:
    """A loaded file: its data and where each value and key stands in it.

    The positions are worked out when first asked for: a file without problems never needs them.
    """

    path: str
    data: dict[str, Any]
    locate: Callable[[], Positions] = field(repr=False, compare=False)
    sheet: str | None = None  # a workbook's form sheet: positions are its (row, column) cells

    @property
    def positions(self) -> Positions:
        """Every value's and key's position, worked out once."""
        # As functools.cached_property keeps it, without the lock it takes on Python 3.11 and
        # older (a batch asks once for each warning it reports).
        found: Positions | None = self.__dict__.get("positions")
        if found is None:
            found = self.__dict__["positions"] = self.locate()
        return found

    @property
    def values(self) -> Mapping[Loc, Pos]:
        """Where each value starts."""
        return self.positions.values

    def position(self, loc: Loc) -> Pos:
        """Where the value at `loc` starts, else its nearest enclosing value."""
        return _nearest(self.values, loc)

    def key_position(self, loc: Loc) -> Pos:
        """Where the key naming the value at `loc` stands, else the nearest enclosing one."""
        return self.positions.keys.get(loc) or self.position(loc)

    def problem(self, loc: Loc, code: Code, message: str, *, at_key: bool = False) -> Problem:
        """A problem located at the value (or key) at `loc`."""
        line, col = self.key_position(loc) if at_key else self.position(loc)
        return Problem(self.path, line, col, code, message, self.sheet)


def _nearest(table: Mapping[Loc, Pos], loc: Loc) -> Pos:
    for end in range(len(loc), -1, -1):
        found = table.get(loc[:end])
        if found is not None:
            return found
    return (1, 1)
