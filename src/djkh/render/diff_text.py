"""`djkh diff --format text`: each change on its line, rewordings as character diffs (rich)."""

from __future__ import annotations

import io

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from djkh.decimals import format_number
from djkh.diff.kinds import Change, Level, RubricDiff
from djkh.diff.rescoring import Rescore
from djkh.diff.sources import Comparison
from djkh.diff.textdiff import SpanKind, text_spans
from djkh.i18n import _
from djkh.render import RenderOptions
from djkh.render.console import console_for, safe, shown
from djkh.render.diff_common import headline, rank_move, rescore_headings, signed, summary_line

# Without colour, deletions and insertions are marked as `git diff --word-diff` marks them.
_PLAIN = {SpanKind.DELETE: ("[-", "-]"), SpanKind.INSERT: ("{+", "+}")}
_STYLE = {SpanKind.DELETE: "red strike", SpanKind.INSERT: "green underline"}
_JUSTIFY = ("left", "right", "right", "right", "right", "right", "left")


def render(comparison: Comparison, rescored: Rescore | None, options: RenderOptions) -> str:
    """The diffs (a changelog when there are several), then the rescoring if asked for."""
    out = io.StringIO()
    console = console_for(out, options)
    parts: list[RenderableType] = []
    for diff in comparison.diffs:
        parts += _diff(diff, options.color)
    if len(comparison.diffs) > 1:
        total = sum(len(diff.changes) for diff in comparison.diffs)
        line = _("{n} revisions, {total} changes in all")
        parts.append(shown(line.format(n=len(comparison.diffs), total=total), "bold"))
    if rescored is not None:
        parts += _rescore(rescored)
    console.print(Group(*parts))
    return out.getvalue()


def _diff(diff: RubricDiff, color: bool) -> list[RenderableType]:
    title = shown(f"{diff.old.rubric.ref} → {diff.new.rubric.ref}", "bold")
    sides = _("\n  old: {old}\n  new: {new}").format(old=diff.old.name, new=diff.new.name)
    title.append(safe(sides), "")
    parts: list[RenderableType] = [title]
    total = diff.total_change
    if total is not None:
        parts.append(shown(f"! {headline(total)}", "bold red"))
    if not diff.changes:
        parts.append(shown(_("no differences") + "\n"))
        return parts
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(_("old"), justify="right", no_wrap=True)
    table.add_column(_("new"), justify="right", no_wrap=True)
    table.add_column(_("level"), no_wrap=True)
    table.add_column(_("change"), overflow="fold", ratio=1)
    for change in diff.changes:
        table.add_row(
            _line(change.old_line),
            _line(change.new_line),
            shown(change.level.label, "yellow" if change.level is Level.SCORE else "dim"),
            _change_cell(change, color),
        )
    parts += [table, shown(summary_line(diff) + "\n", "bold")]
    return parts


def _line(line: int | None) -> str:
    return "" if line is None else str(line)


def _change_cell(change: Change, color: bool) -> Text:
    cell = shown(headline(change))
    if change.reworded is not None:
        cell.append("\n")
        cell.append_text(marked_text(*change.reworded, color))
    return cell


def marked_text(old: str, new: str, color: bool) -> Text:
    """The new text with deletions and insertions marked, in colour or with brackets."""
    text = shown("  ")
    for kind, piece in text_spans(old, new):
        if kind is SpanKind.EQUAL:
            text.append(safe(piece))
        elif color:
            text.append(safe(piece), _STYLE[kind])
        else:
            opening, closing = _PLAIN[kind]
            text.append(f"{opening}{safe(piece)}{closing}", "bold")
    return text


def _rescore(rescored: Rescore) -> list[RenderableType]:
    title = _("What it means for the units")
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for name, justify in zip(rescore_headings(), _JUSTIFY, strict=True):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for unit in rescored.units:
        table.add_row(
            shown(unit.unit),
            format_number(unit.old_score),
            format_number(unit.new_score),
            signed(unit.change),
            str(unit.old_rank),
            str(unit.new_rank),
            rank_move(unit.old_rank, unit.new_rank),
        )
    parts: list[RenderableType] = [table]
    if rescored.followed:
        lines = shown(_("Findings scored under their rule's new id or item:") + "\n")
        lines.append(
            "\n".join(safe(f"  {f.location}: {f.old} → {f.new}") for f in rescored.followed)
        )
        parts.append(lines)
    for heading, unused in (
        (_("Findings the new version cannot use (not scored under it):"), rescored.unused_new),
        (_("Findings the old version cannot use (not scored under it):"), rescored.unused_old),
    ):
        if unused:
            lines = shown(heading + "\n")
            lines.append(
                "\n".join(safe(f"  {p.location()}: {p.message} [{p.code.value}]") for p in unused)
            )
            parts.append(lines)
    return parts
