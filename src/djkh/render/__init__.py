"""The renderer registry: every output of score, show and diff, imported only when chosen."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from djkh.diff.rescoring import Rescore
    from djkh.diff.sources import Comparison
    from djkh.model.rubric import Rubric
    from djkh.scoring.batch import BatchResult
    from djkh.scoring.engine import ScoreCard

# Text for the terminal and text formats; bytes for binary ones (xlsx).
Rendered = str | bytes


@dataclass(frozen=True)
class RenderOptions:
    """How the output will be shown: its width in terminal cells and whether colour is wanted."""

    width: int = 120
    color: bool = False


# What each format renders, as "module:function": one unit's card, a batch of them, a rubric
# (djkh show) and rubric diffs. The --format choices of each command are the keys.
_CARD = {
    "table": "table:render",
    "json": "json_document:render",
    "csv": "csv_export:render_card",
    "markdown": "markdown:render_card",
    "xlsx": "xlsx:render_card",
    "html": "html:render_card",
}
_BATCH = {
    "table": "ranking_table:render",
    "json": "ranking_json:render",
    "csv": "csv_export:render_batch",
    "markdown": "markdown:render_batch",
    "xlsx": "xlsx:render_batch",
    "html": "html:render_batch",
}
_RUBRIC = {
    "table": "rubric_table:render",
    "markdown": "markdown:render_rubric",
    "html": "html:render_rubric",
    "xlsx": "xlsx:render_rubric",
}
_DIFF = {
    "text": "diff_text:render",
    "markdown": "diff_markdown:render",
    "json": "diff_json:render",
}

FORMATS: tuple[str, ...] = tuple(_CARD)
SHOW_FORMATS: tuple[str, ...] = tuple(_RUBRIC)
DIFF_FORMATS: tuple[str, ...] = tuple(_DIFF)
BINARY_FORMATS = frozenset({"xlsx"})


class Renderer(Protocol):
    """Turns a score card into one output format."""

    def __call__(self, card: ScoreCard, options: RenderOptions) -> Rendered: ...


class BatchRenderer(Protocol):
    """Turns the rankings of a batch into one output format."""

    def __call__(self, result: BatchResult, options: RenderOptions) -> Rendered: ...


class RubricRenderer(Protocol):
    """Turns a rubric into the familiar form, in one output format."""

    def __call__(self, rubric: Rubric, options: RenderOptions) -> Rendered: ...


class DiffRenderer(Protocol):
    """Turns rubric diffs, and the units rescored under them, into one output format."""

    def __call__(
        self, comparison: Comparison, rescored: Rescore | None, options: RenderOptions
    ) -> str: ...


def _load(table: dict[str, str], name: str) -> object:
    module, function = table[name].split(":")
    return getattr(importlib.import_module(f"djkh.render.{module}"), function)


def renderer_for(name: str) -> Renderer:
    """The card renderer registered under `name` (one of FORMATS)."""
    render: Renderer = _load(_CARD, name)  # type: ignore[assignment]
    return render


def batch_renderer_for(name: str) -> BatchRenderer:
    """The batch renderer registered under `name` (one of FORMATS)."""
    render: BatchRenderer = _load(_BATCH, name)  # type: ignore[assignment]
    return render


def rubric_renderer_for(name: str) -> RubricRenderer:
    """The rubric renderer registered under `name` (one of SHOW_FORMATS)."""
    render: RubricRenderer = _load(_RUBRIC, name)  # type: ignore[assignment]
    return render


def diff_renderer_for(name: str) -> DiffRenderer:
    """The diff renderer registered under `name` (one of DIFF_FORMATS)."""
    render: DiffRenderer = _load(_DIFF, name)  # type: ignore[assignment]
    return render


def registered() -> dict[str, dict[str, str]]:
    """Every registered renderer by purpose, for the tests that check they all exist."""
    return {"card": _CARD, "batch": _BATCH, "rubric": _RUBRIC, "diff": _DIFF}
