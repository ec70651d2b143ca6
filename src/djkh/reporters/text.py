"""`path:line:col: level: message [code]`, one line each, then the summary line."""

from __future__ import annotations

from djkh.problem import Report, summary


def report(found: Report) -> str:
    """Every problem on its own line, as editors and grep expect, then the summary."""
    lines = [str(problem) for problem in found.problems]
    lines.append(summary(len(found.files), found.problems))
    return "\n".join(lines) + "\n"
