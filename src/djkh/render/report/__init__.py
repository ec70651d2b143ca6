"""The problem reporter registry: how `validate` (and `score`, for its problems) reports them."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from djkh.problems.problem import Report


class Reporter(Protocol):
    """Turns a report into the text of one output format."""

    def __call__(self, report: Report) -> str: ...


_MODULES = {
    "text": "djkh.render.report.text",
    "github": "djkh.render.report.github",
    "json": "djkh.render.report.json_list",
    "junit": "djkh.render.report.junit",
}

FORMATS: tuple[str, ...] = tuple(_MODULES)


def reporter_for(name: str) -> Reporter:
    """The reporter registered under `name` (one of FORMATS)."""
    report: Reporter = importlib.import_module(_MODULES[name]).report
    return report


def default_format(environ: dict[str, str]) -> str:
    """`github` inside GitHub Actions, else `text`."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
