"""What every command sets up the same way: the workspace and the rubric files it read."""

from __future__ import annotations

from pathlib import Path

from djkh.checks.workspace import Workspace
from djkh.files.catalogue import RubricCatalogue


def open_workspace(rubric_dirs: tuple[Path, ...] = (), pinned: Path | None = None) -> Workspace:
    """A workspace finding rubrics in --rubric-dir, then ./rubric, then djkh's own."""
    return Workspace(RubricCatalogue.default(rubric_dirs), pinned)


def rubric_files(workspace: Workspace, refs: tuple[str, ...]) -> tuple[Path, ...]:
    """The rubric files these `id@version` refs were read from: --output must not replace them."""
    found = (workspace.locate(ref) for ref in refs)
    return tuple(path for path in found if path is not None)
