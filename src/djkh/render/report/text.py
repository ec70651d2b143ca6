"""`path:line:col: level: message [code]`, one line each, then the summary line."""

from __future__ import annotations

from djkh.escaping import visible
from djkh.i18n import ngettext
from djkh.problems.codes import Code, Severity
from djkh.problems.problem import Problem, Report, summary

# A batch shows this many warnings of each code, then how many more there are.
EXAMPLES = 3


def report(found: Report) -> str:
    """Every problem on its own line, as editors and grep expect, then the summary (none when no
    file was checked: a rubric named that does not exist)."""
    lines = [str(problem) for problem in found.problems]
    lines += _summary(found)
    return _text(lines)


def report_summarised(found: Report, shown: int = EXAMPLES) -> str:
    """Every error; of each warning code the first few and a count of the rest; the summary.

    When no code has more than `shown` warnings, this is `report` itself.
    """
    warnings: dict[Code, list[Problem]] = {}
    for problem in found.problems:
        if problem.level is Severity.WARNING:
            warnings.setdefault(problem.code, []).append(problem)
    if all(len(same) <= shown for same in warnings.values()):
        return report(found)
    lines = [str(problem) for problem in found.problems if problem.level is Severity.ERROR]
    for code, same in warnings.items():
        lines += [str(problem) for problem in same[:shown]]
        if len(same) > shown:
            lines.append(_more(code, same, len(same) - shown))
    lines += _summary(found)
    return _text(lines)


def _summary(found: Report) -> list[str]:
    return [summary(found.files, found.problems)] if found.closing_line else []


def _text(lines: list[str]) -> str:
    """One line each; a control character in a key or text is shown, never sent to the terminal."""
    return "".join(visible(line) + "\n" for line in lines)


def _more(code: Code, same: list[Problem], more: int) -> str:
    files = len({problem.path for problem in same})
    in_files = ngettext("{n} file", "{n} files", files).format(n=files)
    message = ngettext(
        "… and {n} more {code} warning ({total} in {files}); --all-warnings lists every one",
        "… and {n} more {code} warnings ({total} in {files}); --all-warnings lists every one",
        more,
    )
    return message.format(n=more, code=code.value, total=len(same), files=in_files)
