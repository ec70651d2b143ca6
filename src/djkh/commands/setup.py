"""What commands look up the same way: the rubric files a run read."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from djkh.checks.workspace import Workspace


def rubric_files(workspace: Workspace, refs: tuple[str, ...]) -> tuple[Path, ...]:
    """The rubric files these `id@version` refs were read from: --output must not replace them."""
    found = (workspace.locate(ref) for ref in refs)
    return tuple(path for path in found if path is not None)
