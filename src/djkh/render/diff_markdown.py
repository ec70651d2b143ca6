"""`djkh diff --format markdown`: tables to paste into a review or a 通报."""

from __future__ import annotations

from djkh.decimals import format_number
from djkh.diff.kinds import Change, RubricDiff
from djkh.diff.rescoring import Rescore
from djkh.diff.sources import Comparison
from djkh.diff.textdiff import SpanKind, text_spans
from djkh.escaping import markdown_code, markdown_text
from djkh.i18n import _
from djkh.render import RenderOptions
from djkh.render.diff_common import headline, rank_move, rescore_headings, signed, summary_line


def render(comparison: Comparison, rescored: Rescore | None, options: RenderOptions) -> str:
    """One section per revision, then the rescoring table."""
    blocks = [_diff(diff) for diff in comparison.diffs]
    if rescored is not None:
        blocks.append(_rescore(rescored))
    return "\n".join(blocks)


def _diff(diff: RubricDiff) -> str:
    lines = [
        f"## {markdown_text(diff.old.rubric.ref)} → {markdown_text(diff.new.rubric.ref)}",
        "",
        _("Old: {old}; new: {new}.").format(
            old=markdown_code(diff.old.name), new=markdown_code(diff.new.name)
        ),
        "",
    ]
    total = diff.total_change
    if total is not None:
        lines += [f"**{markdown_text(headline(total))}**", ""]
    if diff.changes:
        headings = (_("Old line"), _("New line"), _("Level"), _("Change"))
        lines += ["| " + " | ".join(headings) + " |", "|---:|---:|---|---|"]
        lines += [_row(change) for change in diff.changes]
        lines.append("")
    lines += [summary_line(diff) + ".", ""]
    return "\n".join(lines)


def _row(change: Change) -> str:
    cell = markdown_text(headline(change))
    if change.reworded is not None:
        cell += "<br>" + marked(*change.reworded)
    old = "" if change.old_line is None else str(change.old_line)
    new = "" if change.new_line is None else str(change.new_line)
    return f"| {old} | {new} | {change.level.label} | {cell} |"


def marked(old: str, new: str) -> str:
    """Deleted text struck through, inserted text in bold."""
    out = []
    for kind, piece in text_spans(old, new):
        text = markdown_text(piece)
        if kind is SpanKind.DELETE:
            out.append(f"~~{text}~~")
        elif kind is SpanKind.INSERT:
            out.append(f"**{text}**")
        else:
            out.append(text)
    return "".join(out)


def _rescore(rescored: Rescore) -> str:
    lines = [
        "## " + _("What it means for the units"),
        "",
        "| " + " | ".join(h[:1].upper() + h[1:] for h in rescore_headings()) + " |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for u in rescored.units:
        cells = [
            markdown_text(u.unit),
            format_number(u.old_score),
            format_number(u.new_score),
            signed(u.change),
            str(u.old_rank),
            str(u.new_rank),
            rank_move(u.old_rank, u.new_rank),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    if rescored.followed:
        lines += [_("Findings scored under their rule's new id or item:"), ""]
        lines += [
            f"- {markdown_code(f.location)}: {markdown_text(f.old)} → {markdown_text(f.new)}"
            for f in rescored.followed
        ]
        lines.append("")
    for heading, unused in (
        (_("Findings the new version cannot use (not scored under it):"), rescored.unused_new),
        (_("Findings the old version cannot use (not scored under it):"), rescored.unused_old),
    ):
        if unused:
            lines += [heading, ""]
            lines += [
                f"- {markdown_code(p.location())}: {markdown_text(p.message)}" for p in unused
            ]
            lines.append("")
    return "\n".join(lines)
