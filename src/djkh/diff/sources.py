"""The rubric versions `djkh diff` compares: files, `id@version`, `REV:path` in git, folders."""

from __future__ import annotations

import difflib
import itertools
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from djkh.checks.workspace import Workspace
from djkh.diff.differ import diff_rubrics
from djkh.diff.kinds import RubricDiff, Version
from djkh.files.catalogue import SUFFIXES
from djkh.i18n import _
from djkh.model.fields import RUBRIC_REF, SLUG
from djkh.problems.codes import Code
from djkh.problems.oserrors import describe_os_error
from djkh.problems.outcome import Outcome, failed, ok
from djkh.problems.problem import Problem

_GIT_SPEC = re.compile(r"(?P<rev>[^:\s]{2,}):(?P<path>.+)")
# A Windows path (C:\rubric.yaml, C:/rubric.yaml) is a file, never a revision and a path.
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


@dataclass(frozen=True)
class Comparison:
    """The diffs asked for: one for OLD NEW, or one per consecutive pair of a folder's versions."""

    diffs: tuple[RubricDiff, ...]

    @property
    def changed(self) -> bool:
        """Whether any diff has a change (diff(1)'s exit status 1)."""
        return any(diff.changes for diff in self.diffs)


def compare(workspace: Workspace, old: str, new: str) -> Outcome[Comparison]:
    """The diff of two versions, each a file, `id@version` or `REV:path`."""
    versions = [read_version(workspace, spec) for spec in (old, new)]
    problems = tuple(p for version in versions for p in version.problems)
    a, b = (version.value for version in versions)
    if a is None or b is None:
        return Outcome(None, problems)
    return Outcome(Comparison((diff_rubrics(a, b),)), problems)


def history(workspace: Workspace, folder: Path) -> Outcome[Comparison]:
    """Consecutive diffs of every version in `folder`, oldest first, as one changelog."""
    files = sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())
    versions = [read_version(workspace, str(path)) for path in files]
    problems = tuple(p for version in versions for p in version.problems)
    if any(version.value is None for version in versions):
        return Outcome(None, problems)
    ordered = sorted(
        (version.value for version in versions if version.value is not None),
        key=lambda version: _natural(version.rubric.version),
    )
    if len(ordered) < 2:
        message = _(
            "found {n} rubric version(s) here; a changelog needs two or more "
            "<version>.yaml files, or compare two files: djkh diff OLD NEW"
        ).format(n=len(ordered)) + _hint_version_folders(folder)
        return Outcome(None, (Problem(str(folder), None, None, Code.NO_VERSIONS, message),))
    pairs = itertools.pairwise(ordered)
    return Outcome(Comparison(tuple(diff_rubrics(a, b) for a, b in pairs)), problems)


def _hint_version_folders(folder: Path) -> str:
    """Name the subfolders that hold versions: a rubric's versions sit in its own <id>/ folder."""
    try:
        held = sorted(
            str(sub)
            for sub in folder.iterdir()
            if sub.is_dir() and any(p.suffix in SUFFIXES and p.is_file() for p in sub.iterdir())
        )
    except OSError:  # an unreadable subfolder: no hint rather than none of the others
        return ""
    if not held:
        return ""
    message = _("; its subfolders hold versions: did you mean {folders}?")
    return message.format(folders=", ".join(held))


def read_version(workspace: Workspace, spec: str) -> Outcome[Version]:
    """A checked rubric from a file, `id@version` in the catalogue, or `REV:path` via git."""
    name = spec
    if not os.path.exists(spec):  # a stat error (too long a name) is no file either
        git = None if _DRIVE.match(spec) else _GIT_SPEC.fullmatch(spec)
        ref = RUBRIC_REF.fullmatch(spec)
        if git:
            text = _git_show(spec, git["rev"], git["path"])
            if text.value is None:
                return failed(text.problems)
            workspace.preload(spec, text.value)
        elif ref:
            found = workspace.locate(spec)
            if found is None:
                message = _("no rubric {rubric} found (looked in {folders})").format(
                    rubric=spec, folders=workspace.catalogue.describe()
                )
                message += _rubrics_hint(workspace.catalogue.available(), spec)
                return Outcome(None, (Problem(spec, None, None, Code.RUBRIC_NOT_FOUND, message),))
            name = str(found)
        elif SLUG.fullmatch(spec):
            message = _("no rubric '{name}': name a rubric as id@version").format(name=spec)
            message += _rubrics_hint(workspace.catalogue.available(), spec)
            return Outcome(None, (Problem(spec, None, None, Code.RUBRIC_NOT_FOUND, message),))
    rubric = workspace.rubric(name)
    document = workspace.load(name).value
    if rubric.value is None or document is None:
        return Outcome(None, rubric.problems)
    return Outcome(Version(rubric.value, document, name), rubric.problems)


def _rubrics_hint(available: list[str], spec: str) -> str:
    """`; did you mean …? rubrics found: …` for a rubric named wrongly or without its version."""
    if not available:
        return _("; no rubrics found")
    wanted = spec.split("@", 1)[0]
    ids = {ref: ref.split("@", 1)[0] for ref in available}
    close = [ref for ref in available if ids[ref] == wanted]
    close = close or [ref for ref in available if wanted and wanted in ids[ref]]
    close = close or difflib.get_close_matches(spec, available, n=3, cutoff=0.6)
    shown = _(", ").join(available[:12]) + (", ..." if len(available) > 12 else "")
    if not close:
        return _("; rubrics found: {refs}").format(refs=shown)
    hint = _("; did you mean {refs}?").format(refs=_(", ").join(close[:3]))
    if len(available) == 1 and close == available:
        return hint + _(" (the only rubric found)")
    if set(close) == set(available):
        return hint
    return hint + _(" (rubrics found: {refs})").format(refs=shown)


def _git_show(spec: str, rev: str, path: str) -> Outcome[str]:
    """The file's text at that revision, read with `git show COMMIT:path`."""
    commit = _git_commit(spec, rev)
    if commit.value is None:
        return failed(commit.problems)
    # The argument starts with the commit's hex name, so git can never read it as an option.
    shown = _git(spec, "show", f"{commit.value}:{path}")
    return shown.then(lambda done: _shown(spec, done))


def _shown(spec: str, done: subprocess.CompletedProcess[bytes]) -> Outcome[str]:
    """The text `git show` printed, or what it said went wrong."""
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = said[0] if said else _("git exited with {code}").format(code=done.returncode)
        message = _(
            "git cannot show it ({reason}): name a revision and a "
            "path from the repository's top folder, or ./path from here"
        ).format(reason=reason.removeprefix("fatal: "))
        return _failed(Problem(spec, None, None, Code.GIT, message))
    try:
        return ok(done.stdout.decode("utf-8-sig"))
    except UnicodeDecodeError:
        message = _("is not UTF-8 text: save it as UTF-8")
        return _failed(Problem(spec, None, None, Code.ENCODING, message))


def _git_commit(spec: str, rev: str) -> Outcome[str]:
    """The full hex name of the commit `rev` names; text starting with '-' is never passed on."""
    if rev.startswith("-"):
        message = _(
            "'{rev}' is not a revision (a revision never starts with '-'): "
            "to name a file, write ./{spec}"
        ).format(rev=rev, spec=spec)
        return _failed(Problem(spec, None, None, Code.GIT, message))
    done = _git(spec, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    return done.then(lambda done: _commit_named(spec, rev, done))


def _commit_named(spec: str, rev: str, done: subprocess.CompletedProcess[bytes]) -> Outcome[str]:
    """The commit `git rev-parse` printed, or that git knows no such commit."""
    if done.returncode != 0 and not _in_repository():
        message = _(
            "not a git repository (nor any folder above it): run djkh diff inside the "
            "repository, or give the rubric as a file"
        )
        return _failed(Problem(spec, None, None, Code.GIT, message))
    if done.returncode != 0:
        message = _(
            "git knows no commit '{rev}': name a branch, a tag or a commit (HEAD~1), then :path"
        ).format(rev=rev)
        return _failed(Problem(spec, None, None, Code.GIT, message))
    return ok(done.stdout.decode("ascii").strip())


def _in_repository() -> bool:
    """Whether the current folder is inside a git work tree (git rev-parse says no revision
    outside one, which would read as a missing commit)."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--git-dir"], capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return True  # git ran a moment ago; say what it said
    return done.returncode == 0


def _git(spec: str, *args: str) -> Outcome[subprocess.CompletedProcess[bytes]]:
    """`git ARGS` run to its end, or why it could not be run."""
    try:
        return ok(subprocess.run(["git", *args], capture_output=True, check=False, timeout=60))
    except (OSError, subprocess.TimeoutExpired) as err:
        message = _("cannot run git to read {spec}: {reason}").format(
            spec=spec, reason=describe_os_error(err)
        )
        return failed((Problem(spec, None, None, Code.GIT, message),))


def _failed(problem: Problem) -> Outcome[str]:
    return failed((problem,))


def _natural(version: str) -> tuple[tuple[int, object], ...]:
    """Order versions as people do: 2007 < 2008, 1.9 < 1.10."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.split(r"(\d+)", version)
        if part
    )
