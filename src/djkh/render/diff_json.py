"""`djkh diff --format json`: the changes as a stable document (shape in docs/diff.md)."""

from __future__ import annotations

from typing import Any

from djkh.diff.kinds import Change, Level, RubricDiff, Version
from djkh.diff.rescoring import Rescore
from djkh.diff.sources import Comparison
from djkh.diff.textdiff import text_spans
from djkh.render import RenderOptions
from djkh.render.json_document import dumps
from djkh.render.report.json_list import problem_entry

SCHEMA_VERSION = 1


def render(comparison: Comparison, rescored: Rescore | None, options: RenderOptions) -> str:
    """`{"version", "diffs": [...], "rescore": {...} or null}`."""
    document = {
        "version": SCHEMA_VERSION,
        "diffs": [_diff(diff) for diff in comparison.diffs],
        "rescore": None if rescored is None else _rescore(rescored),
    }
    return dumps(document) + "\n"


def _diff(diff: RubricDiff) -> dict[str, Any]:
    total = diff.total_change
    return {
        "old": _version(diff.old),
        "new": _version(diff.new),
        "summary": {
            "changes": len(diff.changes),
            "score": diff.count(Level.SCORE),
            "wording": diff.count(Level.WORDING),
            "total": None if total is None else {"old": total.old, "new": total.new},
        },
        "changes": [_change(change) for change in diff.changes],
    }


def _version(version: Version) -> dict[str, Any]:
    return {"rubric": version.rubric.ref, "source": version.name}


def _change(change: Change) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "kind": change.kind.name.lower(),
        "phrase": change.kind.phrase,
        "level": change.level.value,
        "subject": {
            "type": change.subject.what.value,
            "id": change.subject.id or None,
            "item": change.subject.item or None,
        },
        "number": change.number,
        "old": change.old,
        "new": change.new,
        "old_line": change.old_line,
        "new_line": change.new_line,
    }
    if change.reworded is not None:
        entry["spans"] = [[kind.value, text] for kind, text in text_spans(*change.reworded)]
    return entry


def _rescore(rescored: Rescore) -> dict[str, Any]:
    return {
        "units": [
            {
                "path": unit.path,
                "unit": unit.unit,
                "old_score": unit.old_score,
                "new_score": unit.new_score,
                "change": unit.change,
                "old_rank": unit.old_rank,
                "new_rank": unit.new_rank,
            }
            for unit in rescored.units
        ],
        "followed": [
            {"location": f.location, "old": f.old, "new": f.new} for f in rescored.followed
        ],
        "unused_new": [problem_entry(p) for p in rescored.unused_new],
        "unused_old": [problem_entry(p) for p in rescored.unused_old],
    }
