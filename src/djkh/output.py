"""Writing an output file whole or not at all, and never over one of the run's inputs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class RefusedError(Exception):
    """The file was not written; the message says why and what to do."""


def write_atomically(
    target: Path, text: str, *, force: bool = False, inputs: tuple[Path, ...] = ()
) -> None:
    """Write `text` to a temporary file beside `target`, then rename it into place."""
    if any(target.resolve() == source.resolve() for source in inputs):
        raise RefusedError(f"{target} is one of the input files: write the output elsewhere")
    if target.exists() and not force:
        raise RefusedError(f"{target} already exists: choose another name, or add --force")
    if target.is_dir():
        raise RefusedError(f"{target} is a folder: name a file")
    folder = target.parent
    if not folder.is_dir():
        raise RefusedError(f"folder {folder} does not exist: create it first")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
