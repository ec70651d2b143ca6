"""One result type for "a value or its problems": Outcome[T], with ok() and failed()."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from djkh.problems.problem import Problem, has_errors

T = TypeVar("T")
U = TypeVar("U")


class Outcome(Generic[T]):
    """A value with any warnings about it, or None and the problems that prevent it.

    A value may come with problems too: paths found beside those that could not be looked at,
    a rubric with warnings. `value is None` is what tells a failure. Immutable.
    """

    # Not a frozen dataclass: a batch makes several for each file, and a frozen dataclass sets
    # each field through `object.__setattr__` (its making took half as long again).
    __slots__ = ("problems", "value")
    value: T | None
    problems: tuple[Problem, ...]

    def __init__(self, value: T | None, problems: tuple[Problem, ...] = ()) -> None:
        _set_value(self, value)
        _set_problems(self, problems)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"an Outcome cannot be changed: '{name}'")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"an Outcome cannot be changed: '{name}'")

    def __eq__(self, other: object) -> bool:
        if type(other) is not Outcome:
            return NotImplemented
        return (self.value, self.problems) == (other.value, other.problems)

    def __hash__(self) -> int:
        return hash((self.value, self.problems))

    def __repr__(self) -> str:
        return f"Outcome(value={self.value!r}, problems={self.problems!r})"

    def __reduce__(self) -> tuple[type[Outcome[T]], tuple[T | None, tuple[Problem, ...]]]:
        return Outcome, (self.value, self.problems)

    def then(self, step: Callable[[T], Outcome[U]]) -> Outcome[U]:
        """`step` applied to the value, its problems after these; a failure passes unchanged."""
        if self.value is None:
            return Outcome(None, self.problems)
        following = step(self.value)
        if not self.problems:  # most steps of most files: the step's outcome is the whole
            return following
        return Outcome(following.value, self.problems + following.problems)


# The slots' own setters, which `__setattr__` refuses to stand in for.
_set_value = vars(Outcome)["value"].__set__
_set_problems = vars(Outcome)["problems"].__set__


def ok(value: T, problems: Iterable[Problem] = ()) -> Outcome[T]:
    """A value, with any problems that did not prevent it (warnings, paths left out)."""
    return Outcome(value, tuple(problems))


def failed(problems: Iterable[Problem]) -> Outcome[T]:
    """No value, and the problems that say why."""
    return Outcome(None, tuple(problems))


def unless_errors(value: T | None, problems: Iterable[Problem]) -> Outcome[T]:
    """The value when none of the problems is an error, else only the problems."""
    found = tuple(problems)
    return Outcome(None if has_errors(found) else value, found)
