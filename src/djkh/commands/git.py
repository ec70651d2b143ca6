"""`djkh git-diff` and `djkh git-textconv`: the drivers git runs (see docs/diff.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from djkh.checks.workspace import Workspace
from djkh.commands import EXIT_OK, EXIT_PROBLEMS
from djkh.commands.emit import echo, render_options, report_problems, say
from djkh.diff.differ import diff_rubrics
from djkh.diff.listing import rubric_lines
from djkh.diff.sources import Comparison, read_version
from djkh.escaping import visible
from djkh.i18n import _
from djkh.problems.oserrors import describe_os_error
from djkh.problems.problem import Report
from djkh.render import DIFF


@dataclass(frozen=True)
class GitDiffRequest:
    """The file git diffs, and the two blobs it hands over (a file, or /dev/null)."""

    path: str
    old_file: str
    new_file: str


@dataclass(frozen=True)
class TextconvRequest:
    """The file git asks to see as text."""

    file: Path


def run_diff(request: GitDiffRequest) -> int:
    """Print djkh's diff of the two blobs; exit 0, as git expects of a driver."""
    path, workspace = request.path, Workspace.default()
    sides = []
    for prefix, file in (("a", request.old_file), ("b", request.new_file)):
        name = f"{prefix}/{path}"
        text = "" if file == "/dev/null" else Path(file).read_bytes().decode("utf-8-sig", "replace")
        workspace.preload(name, text)
        sides.append(read_version(workspace, name))
    echo(visible(f"djkh diff a/{path} b/{path}") + "\n")  # a file name may hold ESC
    old, new = sides
    if old.value is None or new.value is None:
        problems = old.problems + new.problems
        report_problems(Report((f"a/{path}", f"b/{path}"), problems), "text", err=False)
        return EXIT_OK
    comparison = Comparison((diff_rubrics(old.value, new.value),))
    echo(DIFF.load("text")(comparison, None, render_options()))
    return EXIT_OK


def run_textconv(request: TextconvRequest) -> int:
    """The rubric as one line per part; a file that is no valid rubric, as it is."""
    rubric = Workspace.default().rubric(str(request.file)).value
    if rubric is not None:
        echo("\n".join(rubric_lines(rubric)) + "\n")
        return EXIT_OK
    try:  # not a valid rubric: let git diff the text as it is
        content = request.file.read_bytes()
    except OSError as err:
        message = _("djkh: cannot read {file}: {reason}")
        say(message.format(file=request.file, reason=describe_os_error(err)))
        return EXIT_PROBLEMS
    echo(content.decode("utf-8-sig", "replace"))
    return EXIT_OK
