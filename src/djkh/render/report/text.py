"""`path:line:col: level: message [code]`, one line each, then the summary line."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from djkh.escaping import visible
from djkh.i18n import ngettext
from djkh.problems.codes import Code, Severity
from djkh.problems.problem import Problem, Report, summary

# A batch shows this many warnings of each code, then how many more there are.
EXAMPLES = 3


def report(found: Report) -> str:
    """Every problem on its own line, as editors and grep expect, then the summary (none when no
    file was checked: a rubric named that does not exist)."""
    return "".join(report_pieces(found))


def report_pieces(found: Report) -> Iterator[str]:
    """`report`'s text in pieces of a few thousand lines, each made as it is written."""
    lines = (str(problem) for problem in found.problems)
    return _text_pieces(itertools.chain(lines, _summary(found)))


def report_summarised_pieces(found: Report, shown: int = EXAMPLES) -> Iterator[str]:
    """Every error; of each warning code the first few and a count of the rest; the summary.

    When no code has more than `shown` warnings, this is `report` itself. In pieces, as
    `report_pieces`."""
    warnings: dict[Code, list[Problem]] = {}
    for problem in found.problems:
        if problem.level is Severity.WARNING:
            warnings.setdefault(problem.code, []).append(problem)
    if all(len(same) <= shown for same in warnings.values()):
        return report_pieces(found)
    return _text_pieces(_summarised_lines(found, warnings, shown))


def _summarised_lines(
    found: Report, warnings: dict[Code, list[Problem]], shown: int
) -> Iterator[str]:
    yield from (str(problem) for problem in found.problems if problem.level is Severity.ERROR)
    for code, same in warnings.items():
        yield from (str(problem) for problem in same[:shown])
        if len(same) > shown:
            yield _more(code, same, len(same) - shown)
    yield from _summary(found)


def _summary(found: Report) -> list[str]:
    return [summary(found.files, found.problems)] if found.closing_line else []


_PIECE_LINES = 4096


def _text_pieces(lines: Iterable[str]) -> Iterator[str]:
    """One line each; a control character in a key or text is shown, never sent to the terminal.

    The lines are joined a few thousand at a time: a batch's report is never one string."""
    batch: list[str] = []
    for line in lines:
        batch.append(visible(line) + "\n")
        if len(batch) == _PIECE_LINES:
            yield "".join(batch)
            batch.clear()
    if batch:
        yield "".join(batch)


def _more(code: Code, same: list[Problem], more: int) -> str:
    files = len({problem.path for problem in same})
    in_files = ngettext("{n} file", "{n} files", files).format(n=files)
    message = ngettext(
        "… and {n} more {code} warning ({total} in {files}); --all-warnings lists every one",
        "… and {n} more {code} warnings ({total} in {files}); --all-warnings lists every one",
        more,
    )
    return message.format(n=more, code=code.value, total=len(same), files=in_files)
