"""Writing an output file whole or not at all, and never over one of the run's inputs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from djkh.i18n import _


class RefusedError(Exception):
    """The file was not written; the message says why and what to do."""


def write_atomically(
    target: Path, data: str | bytes, *, force: bool = False, inputs: tuple[Path, ...] = ()
) -> None:
    """Write `data` to a temporary file beside `target`, then rename it into place."""
    check_target(target, force=force, inputs=inputs)
    folder = target.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(temporary, _mode_for_new_files())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_target(target: Path, *, force: bool = False, inputs: tuple[Path, ...] = ()) -> None:
    """Raise RefusedError when `target` may not be written; checked again just before writing."""
    if any(target.resolve() == source.resolve() for source in inputs):
        message = _("{file} is one of the input files: write the output elsewhere")
        raise RefusedError(message.format(file=target))
    if target.exists() and not force:
        message = _("{file} already exists: choose another name, or add --force")
        raise RefusedError(message.format(file=target))
    if target.is_dir():
        raise RefusedError(_("{file} is a folder: name a file").format(file=target))
    folder = target.parent
    if not folder.is_dir():
        message = _("folder {folder} does not exist: create it first")
        raise RefusedError(message.format(folder=folder))


def _mode_for_new_files() -> int:
    """What open() would give a new file (mkstemp makes it private to the owner)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
