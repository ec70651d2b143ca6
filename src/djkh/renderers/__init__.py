"""The renderer registry: every output format of `djkh score`, imported only when chosen."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from djkh.batch import BatchResult
    from djkh.comparison import Comparison
    from djkh.rescoring import Rescore
    from djkh.scoring import ScoreCard


@dataclass(frozen=True)
class RenderOptions:
    """How the output will be shown: its width in terminal cells and whether colour is wanted."""

    width: int = 120
    color: bool = False


class Renderer(Protocol):
    """Turns a score card into the text of one output format."""

    def __call__(self, card: ScoreCard, options: RenderOptions) -> str: ...


_MODULES = {
    "table": "djkh.renderers.table",
    "json": "djkh.renderers.json_document",
}

FORMATS: tuple[str, ...] = tuple(_MODULES)

# `djkh score` on several files: the same format names, each module's render(result, options).
_BATCH_MODULES = {
    "table": "djkh.renderers.ranking_table",
    "json": "djkh.renderers.ranking_json",
}

# `djkh diff` output: each module's render(comparison, rescore, options).
_DIFF_MODULES = {
    "text": "djkh.renderers.diff_text",
    "markdown": "djkh.renderers.diff_markdown",
    "json": "djkh.renderers.diff_json",
}

DIFF_FORMATS: tuple[str, ...] = tuple(_DIFF_MODULES)


class BatchRenderer(Protocol):
    """Turns the rankings of a batch into one output format."""

    def __call__(self, result: BatchResult, options: RenderOptions) -> str: ...


def batch_renderer_for(name: str) -> BatchRenderer:
    """The batch renderer registered under `name` (one of FORMATS)."""
    render: BatchRenderer = importlib.import_module(_BATCH_MODULES[name]).render
    return render


class DiffRenderer(Protocol):
    """Turns rubric diffs, and the units rescored under them, into one output format."""

    def __call__(
        self, comparison: Comparison, rescored: Rescore | None, options: RenderOptions
    ) -> str: ...


def diff_renderer_for(name: str) -> DiffRenderer:
    """The diff renderer registered under `name` (one of DIFF_FORMATS)."""
    render: DiffRenderer = importlib.import_module(_DIFF_MODULES[name]).render
    return render


def renderer_for(name: str) -> Renderer:
    """The renderer registered under `name` (one of FORMATS)."""
    render: Renderer = importlib.import_module(_MODULES[name]).render
    return render
