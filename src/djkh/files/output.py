"""Writing an output file whole or not at all, and never over one of the run's inputs."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import BinaryIO

from djkh.escaping import SHOWN, UTF8
from djkh.i18n import _
from djkh.problems.oserrors import describe_os_error

# mkstemp adds 8 random characters; with the dot before and `.` + `.tmp` around them, a
# temporary name is 14 bytes longer than the part of the output's name it keeps.
_NAME_MAX = 255
_TEMPORARY_EXTRA = 14
# Bytes gathered before each write: a batch's json or html comes in thousands of pieces of a few
# kB each, and writing each at once cost twice the time (30 MB: 18 ms in 8,000 writes, 8.5 ms in
# writes of 1 MiB).
_WRITE_BUFFER = 1 << 20
# Signals that end a run (a timeout, a cancelled CI job, `docker stop`, a closed terminal): the
# temporary file is removed before the process dies of them.
_ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class RefusedError(Exception):
    """The file was not written; the message says why and what to do."""


class _Ended(BaseException):
    """A signal that ends the run arrived while the output was being written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def write_atomically(
    target: Path,
    data: str | bytes | Iterable[str | bytes | memoryview],
    *,
    force: bool = False,
    inputs: tuple[str | Path, ...] = (),
) -> None:
    """Write `data` to a temporary file beside `target`, then rename it into place.

    `data` may be text in pieces, each written as it comes: a failure on the way (an exception
    from what makes them, a full disk) removes the temporary file, leaving `target` as it was.

    A device, a fifo or a symlink to one is written directly (renaming over /dev/null would
    replace the device), and so is a stream already open (/dev/stdout, /dev/fd/N, whatever it
    is redirected to); a symlink to a file has the file it names replaced, the link kept.
    """
    status = check_target(target, force=force, inputs=inputs)
    content = _encoded(data)
    if status is not None and (not stat.S_ISREG(status.st_mode) or _open_stream(target)):
        # Appending: `-o /dev/stdout >> log` must add to the log, not truncate it.
        with open(target, "ab", buffering=_WRITE_BUFFER) as out:
            for chunk in content:
                out.write(chunk)
        return
    real = Path(os.path.realpath(target)) if status is not None else target
    with _ending_signals_raise():
        _replace(real, content, status)


def _encoded(
    data: str | bytes | Iterable[str | bytes | memoryview],
) -> Iterator[bytes | memoryview]:
    """The bytes to write, piece by piece, as UTF-8 (a piece in bytes, or a view of bytes, is
    UTF-8 already)."""
    if isinstance(data, bytes):
        yield data
    elif isinstance(data, str):
        yield data.encode(UTF8, SHOWN)
    else:
        for piece in data:
            yield piece.encode(UTF8, SHOWN) if isinstance(piece, str) else piece


def _replace(
    target: Path, content: Iterable[bytes | memoryview], status: os.stat_result | None
) -> None:
    """Write a temporary file, give it the old file's mode (or a new file's), rename it."""
    handle, temporary = tempfile.mkstemp(
        prefix=f".{_shortened(target.name)}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb", buffering=_WRITE_BUFFER) as out:
            _write_set_aside(out, content)
        if status is None:
            os.chmod(temporary, _mode_for_new_files())
        else:
            os.chmod(temporary, stat.S_IMODE(status.st_mode))
            _keep_owner(temporary, status)
        os.replace(temporary, target)
    except BaseException as stopped:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(stopped, _Ended):
            _die_of(stopped.signum)
        raise


def _write_set_aside(out: BinaryIO, content: Iterable[bytes | memoryview]) -> None:
    """Write every chunk; a file that outgrows the write buffer first has its room on disk set
    aside ahead of the data, where the system can, and is cut to its size at the end.

    ext4 otherwise allocates the blocks late, and when the file is renamed over an existing
    output it allocates them then and starts writing the whole file out (30 MB of json:
    writing and renaming took 28 ms over an output of that size, now 16 ms; over a small one
    27 ms, now 12 ms). Room set aside before any byte reaches the file (nothing does before the
    buffer fills) leaves none to allocate late.
    """
    written = set_aside = 0
    setting_aside, asked = _CAN_SET_ASIDE, False
    for chunk in content:
        written += len(chunk)
        if setting_aside and written > set_aside and written > _WRITE_BUFFER:
            room = written - set_aside + _SET_ASIDE_AHEAD
            asked, began = True, time.perf_counter()
            try:
                os.posix_fallocate(out.fileno(), set_aside, room)
                set_aside += room
            except OSError:  # no room for more, or a file system that cannot: write on
                setting_aside = False
            # Set aside in microseconds where the file system can; where it cannot (NFS, SMB),
            # the C library writes the room out a byte a block instead: not worth going on.
            setting_aside = setting_aside and time.perf_counter() - began < _QUICK_SET_ASIDE
        out.write(chunk)
    if asked:  # the room past the data is given back, also what a refusal set aside in part
        out.flush()
        os.ftruncate(out.fileno(), written)


# Room set aside ahead of the data each time it runs out: a few calls for a batch's json.
_SET_ASIDE_AHEAD = 8 << 20
_QUICK_SET_ASIDE = 0.002  # seconds: ext4 sets 8 MiB aside in about 10 µs
# Linux and the BSDs; elsewhere files are written without setting room aside.
_CAN_SET_ASIDE = hasattr(os, "posix_fallocate")


def _open_stream(target: Path) -> bool:
    """Whether `target` names a stream djkh already has open: /dev/stdout, /dev/fd/1…"""
    name = os.path.abspath(target)
    return name in _STREAMS or name.startswith(("/dev/fd/", "/proc/self/fd/"))


_STREAMS = frozenset({"/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/tty"})


def _shortened(name: str) -> str:
    """The start of `name` that keeps the temporary name within the file system's 255 bytes."""
    room = _NAME_MAX - _TEMPORARY_EXTRA
    encoded = name.encode("utf-8", "surrogateescape")
    if len(encoded) <= room:
        return name
    return encoded[:room].decode("utf-8", "ignore")


def _keep_owner(temporary: str, status: os.stat_result) -> None:
    """Give the new file the old one's owner and group where we may (root replacing a user's)."""
    if hasattr(os, "chown") and (status.st_uid, status.st_gid) != _owner(temporary):
        with contextlib.suppress(OSError):
            os.chown(temporary, status.st_uid, status.st_gid)


def _owner(path: str) -> tuple[int, int]:
    mine = os.stat(path)
    return mine.st_uid, mine.st_gid


@contextlib.contextmanager
def _ending_signals_raise() -> Iterator[None]:
    """While writing, turn SIGTERM and SIGHUP into an exception, so the temporary goes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def end(signum: int, frame: FrameType | None) -> None:
        raise _Ended(signum)

    previous = {signum: signal.signal(signum, end) for signum in _ENDING_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _die_of(signum: int) -> None:
    """End the process by the signal it was sent, as its sender expects."""
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def check_target(
    target: Path, *, force: bool = False, inputs: tuple[str | Path, ...] = ()
) -> os.stat_result | None:
    """Raise RefusedError when `target` may not be written; checked again just before writing.

    Returns what the file system says of the existing target (None when there is none).
    """
    global _cleared
    status = _status(target)
    where = (os.getcwd(), os.path.abspath(target), _identity(status))
    seen = _seen(where)
    if _one_of(target, status, [source for source in inputs if source not in seen]):
        message = _("{file} is one of the input files: write the output elsewhere")
        raise RefusedError(message.format(file=target))
    _cleared = where, seen.union(inputs)
    if status is None:
        _check_folder(target)
        return None
    if not force:
        message = _("{file} already exists: choose another name, or add --force")
        raise RefusedError(message.format(file=target))
    if stat.S_ISDIR(status.st_mode):
        raise RefusedError(_("{file} is a folder: name a file").format(file=target))
    if stat.S_ISREG(status.st_mode) and _read_only(target, status):
        message = _("{file} is read-only: make it writable first, or choose another name")
        raise RefusedError(message.format(file=target))
    return status


# The inputs last found not to be the target, and where (the folder, the target and what it
# was): the check just before writing looks again only at inputs it has not seen, unless the
# target changed meanwhile (a batch's thousands of inputs were looked at before the work).
# Writing replaces the target by a rename: it never writes into a file found apart from it.
_Where = tuple[str, str, tuple[int, ...] | None]
_cleared: tuple[_Where, frozenset[str | Path]] | None = None


def _seen(where: _Where) -> frozenset[str | Path]:
    """The inputs already found not to be the target, if it is where and as it was."""
    return _cleared[1] if _cleared is not None and _cleared[0] == where else frozenset()


def _identity(status: os.stat_result | None) -> tuple[int, ...] | None:
    """What tells a file apart from itself changed: a new file, a new link, a write."""
    if status is None:
        return None
    return status.st_dev, status.st_ino, status.st_nlink, status.st_mtime_ns, status.st_size


def _status(path: Path) -> os.stat_result | None:
    """The file's status (through symlinks), None if there is none; other errors refuse."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as err:
        if err.errno == errno.ENOTDIR:
            return None
        message = _("{file} cannot be used: {reason}")
        raise RefusedError(message.format(file=path, reason=describe_os_error(err))) from None


def _check_folder(target: Path) -> None:
    folder = target.parent
    status = _status(folder)
    if status is None or not stat.S_ISDIR(status.st_mode):
        message = _("folder {folder} does not exist: create it first")
        raise RefusedError(message.format(folder=folder))


def _one_of(target: Path, status: os.stat_result | None, inputs: Iterable[str | Path]) -> bool:
    """Whether `target` is one of `inputs` as the file system sees it (case, hard links,
    symlinks): a loop rather than a call per input, as a batch names thousands."""
    for source in inputs:
        try:
            found = os.stat(source)
        except OSError:
            if _same_path(target, source):
                return True
            continue
        if status is not None and os.path.samestat(status, found):
            return True
        # A file that is there is not a target that is not: no paths resolved.
    return False


def _same_path(target: Path, source: str | Path) -> bool:
    """Whether two paths, one of them to no file, resolve to the same place."""
    try:
        return os.path.normcase(target.resolve()) == os.path.normcase(Path(source).resolve())
    except (OSError, RuntimeError):
        return False


def _read_only(target: Path, status: os.stat_result) -> bool:
    """Marked read-only (no write permission for its owner), or not writable by this user."""
    return not status.st_mode & stat.S_IWUSR or not os.access(target, os.W_OK)


def _mode_for_new_files() -> int:
    """What open() would give a new file (mkstemp makes it private to the owner)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
