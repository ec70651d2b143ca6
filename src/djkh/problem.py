"""The one problem type every check reports: a message at a 1-based line and column of a file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input file, located where the user must fix it."""

    path: str
    line: int | None
    col: int | None
    message: str
    level: str = "error"

    def location(self) -> str:
        """`path:line:col`, or as much of it as is known."""
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.level}: {self.message}"


def count_phrase(n: int, noun: str) -> str:
    """'1 file', '2 files'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summary(files: int, problems: tuple[Problem, ...]) -> str:
    """The closing line: `checked 3 files: 2 problems in 1 file` or `...: no problems`."""
    checked = f"checked {count_phrase(files, 'file')}"
    if not problems:
        return f"{checked}: no problems"
    found = count_phrase(len(problems), "problem")
    return f"{checked}: {found} in {count_phrase(len({p.path for p in problems}), 'file')}"
