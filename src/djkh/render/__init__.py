"""The one renderer registry: every output of djkh by purpose and format, imported when chosen."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, TypeVar

if TYPE_CHECKING:
    from djkh.diff.rescoring import Rescore
    from djkh.diff.sources import Comparison
    from djkh.model.rubric import Rubric
    from djkh.problems.problem import Report
    from djkh.scoring.assessors import DisagreementReport
    from djkh.scoring.batch import BatchResult
    from djkh.scoring.engine import ScoreCard
    from djkh.scoring.pieces import UnitPiece

# Text for the terminal and text formats; bytes for binary ones (xlsx).
Rendered = str | bytes
# A piece of a text output made in pieces: text, or UTF-8 (a unit's json or html, written so from
# the start, here or by a worker; or a view of part of one, which a batch writes without copying
# it first).
Piece = str | bytes | memoryview
Kind = Literal["card", "batch", "rubric", "diff", "problems", "disagreements"]


def as_text(piece: Piece) -> str:
    """A piece of a text output as text: one in bytes is UTF-8."""
    return piece if isinstance(piece, str) else str(piece, "utf-8")


R = TypeVar("R", covariant=True)  # a registry of card renderers is one of objects


# NamedTuples and a plain class rather than dataclasses: `djkh --version` imports this registry
# (for the --format choices), and dataclasses is more than it needs.
class RenderOptions(NamedTuple):
    """How the output will be shown: its width in terminal cells and whether colour is wanted."""

    width: int = 120
    color: bool = False


# What each purpose's renderers take and give: for mypy only, as Protocol classes take
# `djkh --version`, which imports this registry, time to make.
if TYPE_CHECKING:
    from typing import Protocol

    class Renderer(Protocol):
        """Turns a score card into one output format."""

        def __call__(self, card: ScoreCard, options: RenderOptions) -> Rendered: ...

    class BatchRenderer(Protocol):
        """Turns the rankings of a batch into one output format."""

        def __call__(self, result: BatchResult, options: RenderOptions) -> Rendered: ...

    class DisagreementRenderer(Protocol):
        """Turns the items a unit's assessors scored differently into one output format."""

        def __call__(self, report: DisagreementReport, options: RenderOptions) -> str: ...

    class RubricRenderer(Protocol):
        """Turns a rubric into the familiar form, in one output format."""

        def __call__(self, rubric: Rubric, options: RenderOptions) -> Rendered: ...

    class DiffRenderer(Protocol):
        """Turns rubric diffs, and the units rescored under them, into one output format."""

        def __call__(
            self, comparison: Comparison, rescored: Rescore | None, options: RenderOptions
        ) -> str: ...

    class Reporter(Protocol):
        """Turns a report of problems into the text of one output format."""

        def __call__(self, report: Report) -> str: ...


class Format(NamedTuple):
    """One output format: its function as "module:function" under djkh.render, and whether it
    writes bytes (to a file or a pipe, never to a terminal).

    `pieces`, where a format has one, is the same output's function yielding its text in
    pieces, each written as it is made, so that a batch of any size is never held whole.
    `unit`, where a batch format has one, writes a unit's part of the output all but its rank,
    `(path, card) -> str | bytes` (bytes: UTF-8): the batch's workers write it, and the
    format's renderer places it.
    """

    target: str
    binary: bool = False
    pieces: str | None = None
    unit: str | None = None


class Purpose(Generic[R]):
    """What is rendered (a card, a batch, a rubric, diffs, problems) and the formats it has.

    The first format is the default; a command's --format choices are `names`.
    """

    __slots__ = ("formats", "kind")

    def __init__(self, kind: Kind, formats: Mapping[str, Format]) -> None:
        self.kind = kind
        self.formats = formats

    @property
    def names(self) -> tuple[str, ...]:
        """The formats, the default first."""
        return tuple(self.formats)

    def is_binary(self, name: str) -> bool:
        """Whether format `name` writes bytes."""
        return self.formats[name].binary

    def load(self, name: str) -> R:
        """The function rendering format `name`, its module imported now."""
        render: R = _function(self.formats[name].target)
        return render

    def load_pieces(self, name: str) -> Callable[..., Iterator[Piece]] | None:
        """The function rendering format `name` in pieces (text, or UTF-8 bytes), None where it
        has none."""
        target = self.formats[name].pieces
        return None if target is None else _function(target)

    def load_unit(self, name: str) -> UnitPiece | None:
        """The function writing a unit's part of format `name`, None where it has none."""
        target = self.formats[name].unit
        return None if target is None else _function(target)


def _function(target: str) -> Any:
    """The function "module:function" names under djkh.render, its module imported now."""
    module, function = target.split(":")
    return getattr(importlib.import_module(f"djkh.render.{module}"), function)


CARD: Purpose[Renderer] = Purpose(
    "card",
    {
        "table": Format("table:render"),
        "json": Format("json_document:render"),
        "csv": Format("csv_export:render_card"),
        "markdown": Format("markdown:render_card"),
        "xlsx": Format("xlsx:render_card", binary=True),
        "html": Format("html:render_card"),
    },
)
BATCH: Purpose[BatchRenderer] = Purpose(
    "batch",
    {
        "table": Format(
            "ranking_table:render",
            pieces="ranking_table:render_pieces",
            unit="ranking_table:unit_piece",
        ),
        "json": Format(
            "ranking_json:render",
            pieces="ranking_json:render_pieces",
            unit="ranking_json:unit_piece",
        ),
        "csv": Format(
            "csv_export:render_batch",
            pieces="csv_export:render_batch_pieces",
            unit="csv_export:unit_piece",
        ),
        "markdown": Format("markdown:render_batch", unit="markdown:unit_piece"),
        "xlsx": Format("xlsx:render_batch", binary=True, unit="xlsx:unit_piece"),
        "html": Format(
            "html:render_batch", pieces="html:render_batch_pieces", unit="html:unit_piece"
        ),
    },
)
RUBRIC: Purpose[RubricRenderer] = Purpose(
    "rubric",
    {
        "table": Format("rubric_table:render"),
        "markdown": Format("markdown:render_rubric"),
        "html": Format("html:render_rubric"),
        "xlsx": Format("xlsx:render_rubric", binary=True),
    },
)
DIFF: Purpose[DiffRenderer] = Purpose(
    "diff",
    {
        "text": Format("diff_text:render"),
        "markdown": Format("diff_markdown:render"),
        "json": Format("diff_json:render"),
    },
)
PROBLEMS: Purpose[Reporter] = Purpose(
    "problems",
    {
        "text": Format("report.text:report", pieces="report.text:report_pieces"),
        "github": Format("report.github:report"),
        "json": Format("report.json_list:report"),
        "junit": Format("report.junit:report"),
    },
)
DISAGREEMENTS: Purpose[DisagreementRenderer] = Purpose(
    "disagreements",
    {
        "table": Format("disagreements:render_table"),
        "json": Format("disagreements:render_json"),
        "csv": Format("disagreements:render_csv"),
        "markdown": Format("disagreements:render_markdown"),
    },
)
REGISTRY: tuple[Purpose[object], ...] = (CARD, BATCH, RUBRIC, DIFF, PROBLEMS, DISAGREEMENTS)
