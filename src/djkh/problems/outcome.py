"""One result type for "a value or its problems": Outcome[T], with ok() and failed()."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from djkh.problems.problem import Problem, has_errors

T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """A value with any warnings about it, or None and the problems that prevent it.

    A value may come with problems too: paths found beside those that could not be looked at,
    a rubric with warnings. `value is None` is what tells a failure.
    """

    value: T | None
    problems: tuple[Problem, ...] = ()

    def then(self, step: Callable[[T], Outcome[U]]) -> Outcome[U]:
        """`step` applied to the value, its problems after these; a failure passes unchanged."""
        if self.value is None:
            return Outcome(None, self.problems)
        following = step(self.value)
        if not self.problems:  # most steps of most files: the step's outcome is the whole
            return following
        return Outcome(following.value, self.problems + following.problems)


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
