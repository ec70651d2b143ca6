"""GitHub Actions workflow commands: one annotation per problem, then the summary line."""

from __future__ import annotations

from djkh.escaping import markdown_text, visible
from djkh.i18n import _
from djkh.problems.problem import Problem, Report, summary


def report(found: Report) -> str:
    """`::error file=…,line=…,col=…,title=…::message` lines, escaped as the Actions toolkit does."""
    lines = [annotation(problem) for problem in found.problems]
    lines.append(summary(found.files, found.problems))
    return "\n".join(lines) + "\n"


def annotation(problem: Problem) -> str:
    """One workflow command; problems without a position annotate the file alone."""
    properties = {"file": visible(problem.path, keep="\r\n")}
    said = problem.message
    if problem.sheet is not None:  # a workbook has no lines: the cell leads the message
        said = f"{problem.place()}: {said}"
    elif problem.line is not None:
        properties["line"] = str(problem.line)
        properties["col"] = str(problem.col or 1)
    properties["title"] = f"djkh {problem.code.value}"
    shown = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = escape_data(visible(said, keep="\r\n"))  # CR and LF escaped as %0D, %0A
    return f"::{problem.level.value} {shown}::{message}"


def escape_data(text: str) -> str:
    """The toolkit's escapeData: `%`, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """The toolkit's escapeProperty: escapeData plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def step_summary(found: Report) -> str:
    """A markdown table of every problem for $GITHUB_STEP_SUMMARY (annotations are capped)."""
    lines = [
        "### djkh",
        "",
        summary(found.files, found.problems),
        "",
    ]
    if found.problems:
        headings = (_("File"), _("Line"), _("Col"), _("Level"), _("Code"), _("Message"))
        lines += ["| " + " | ".join(headings) + " |", "|---|---:|---:|---|---|---|"]
        lines += [
            "| "
            + " | ".join(
                markdown_text(part)
                for part in (
                    p.path,
                    _line_of(p),
                    "" if p.line is None or p.sheet is not None else str(p.col or 1),
                    p.level.value,
                    p.code.value,
                    p.message,
                )
            )
            + " |"
            for p in found.problems
        ]
    return "\n".join(lines) + "\n"


def _line_of(problem: Problem) -> str:
    """The line, or a workbook's `工作表!C12` in the line's column."""
    if problem.sheet is not None:
        return problem.place()
    return "" if problem.line is None else str(problem.line)
