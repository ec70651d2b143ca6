"""A workbook's zip: its parts deflated here, or spread over helper processes meanwhile.

Deflating a batch's sheets is a third of what an xlsx batch does alone once its files are scored
(4,000 units: 0.21 s of zlib). Where several processes scored the batch, forked helpers deflate
chunks of parts while this process numbers the next sheets' texts, and deflates a chunk itself
when every helper is busy. A helper is sent a chunk only once this process has read what it sent
back, so neither ever waits to write to the other while the other waits too; a helper that ends
before it sends its chunk back (killed, by the out-of-memory killer or a `kill`) has it
deflated here. zipfile then puts each part in the zip, in order, with the bytes deflated
elsewhere in place of its own compressor's: the same calls to zlib, the same bytes.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from djkh.scoring.workers import Workers

    Helpers = Workers[None, Sequence[bytes], list[bytes]]

# A zip's members carry a time; a fixed one makes the same workbook the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# zlib's level 3, the last of its fast levels: 2,000 unit sheets (15 MB of XML) deflate in 0.095 s
# to 3.6 MB; the default level (6) takes 0.13 s for 3.3 MB, level 1 as long as level 3.
_ZIP_LEVEL = 3
# Helpers pay only for a batch's workbook: for a few sheets, starting them costs more.
HELPED_SHEETS = 256
_CHUNK_BYTES = 1 << 18  # at least this much sent to a helper at once: fewer sends cost less
_MOST_WAITING = 4096  # parts deflated and held for one not yet back, before this one waits
_COMPRESSOR = type(zlib.compressobj())


class Package(Protocol):
    """The zip being written: each part in the order added, then the whole."""

    def add(self, name: str, data: bytes) -> None: ...

    def value(self) -> bytes: ...


@contextmanager
def package(helpers: int = 0) -> Iterator[Package]:
    """A zip to add parts to, deflated with up to `helpers` forked helper processes where this
    system forks them (else, or where none starts, here)."""
    started = _started(helpers) if helpers > 0 else None
    made = _ZipHere() if started is None else _ZipSpread(started)
    try:
        yield made
    except BaseException:
        if started is not None:
            started.stop()
        made.close()
        raise
    if started is not None:
        started.close()


def _started(count: int) -> Helpers | None:
    from djkh.scoring.workers import Workers, forks

    if not forks():  # a helper started anew (spawn) would import djkh first: it does not pay
        return None
    helpers: Helpers = Workers(count, _set_up, None, deflated_all)
    return helpers if helpers.count else None


def _set_up(_setup: None) -> None:
    """A helper needs nothing but what it was forked with."""


def deflated(data: bytes) -> bytes:
    """`data` deflated as zipfile deflates a part of this zip."""
    compressor = zlib.compressobj(_ZIP_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def deflated_all(parts: Sequence[bytes]) -> list[bytes]:
    """A helper's task: each part deflated."""
    return [deflated(data) for data in parts]


def add_part(archive: zipfile.ZipFile, name: str, data: bytes, done: bytes | None = None) -> None:
    """Add one member, deflated (`done`: already, by `deflated`), with the same time and
    attributes on every system."""
    member = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.create_system = 3  # the same bytes on every system
    member.external_attr = 0o644 << 16
    if done is None:
        archive.writestr(member, data, compresslevel=_ZIP_LEVEL)
        return
    member._compresslevel = _ZIP_LEVEL  # type: ignore[attr-defined]  # as writestr sets it
    member.file_size = len(data)  # as writestr sets it: zipfile chooses zip64 by it
    with archive.open(member, "w") as out:
        # zipfile's own compressor, made for this part, replaced where it is found: a Python
        # without it deflates the part again here, to the same bytes.
        if isinstance(getattr(out, "_compressor", None), _COMPRESSOR):
            out._compressor = _Deflated(done)  # type: ignore[attr-defined]
        out.write(data)  # the CRC and sizes are zipfile's, of `data`


class _Deflated:
    """Stands in for zipfile's compressor of one part: gives what a helper deflated."""

    def __init__(self, done: bytes) -> None:
        self._done = done

    def compress(self, _data: bytes) -> bytes:
        done, self._done = self._done, b""
        return done

    def flush(self) -> bytes:
        return b""


class _ZipHere:
    """The zip written and deflated in this process."""

    def __init__(self) -> None:
        self._out = io.BytesIO()
        self._archive = zipfile.ZipFile(self._out, "w", zipfile.ZIP_DEFLATED)

    def add(self, name: str, data: bytes, done: bytes | None = None) -> None:
        add_part(self._archive, name, data, done)

    def value(self) -> bytes:
        self._archive.close()
        return self._out.getvalue()

    def close(self) -> None:
        """Let the zip go unfinished (the workbook failed)."""
        self._archive.close()


# A part as it waits to be put in the zip: its name, its bytes, and them deflated once they are.
_Part = list[object]


def _deflate_here(chunk: list[_Part]) -> None:
    for part in chunk:
        part[2] = deflated(part[1])  # type: ignore[arg-type]


class _ZipSpread:
    """The zip written here, its parts deflated a chunk at a time by helpers or here."""

    def __init__(self, helpers: Helpers) -> None:
        self._helpers = helpers
        self._zip = _ZipHere()
        self._waiting: deque[_Part] = deque()  # every part not yet in the zip, in order
        self._chunk: list[_Part] = []  # the parts not yet handed out
        self._chunk_bytes = 0
        # Each helper's chunk handed out and not yet read back (one at most: see `_hand_out`).
        self._handed: list[list[_Part] | None] = [None] * helpers.count
        self._gone: set[int] = set()  # the helpers that ended before their time

    def add(self, name: str, data: bytes) -> None:
        part: _Part = [name, data, None]
        self._waiting.append(part)
        self._chunk.append(part)
        self._chunk_bytes += len(data)
        if self._chunk_bytes >= _CHUNK_BYTES:
            self._hand_out()
            self._put_in_zip()

    def value(self) -> bytes:
        if self._chunk:
            self._hand_out()
        while any(self._handed):
            self._read_back(block=True)
            self._put_in_zip()
        self._put_in_zip()
        return self._zip.value()

    def close(self) -> None:
        """Let the zip go unfinished (the workbook failed)."""
        self._zip.close()

    def _hand_out(self) -> None:
        """The chunk to a helper whose last chunk is back, read; else deflated here. A helper
        with a chunk out may be writing what it deflated and wait for this process to read it:
        sent more meanwhile, both would wait for ever once the pipes are full."""
        from djkh.scoring.workers import WorkerEnded  # loaded already: it started the helpers

        chunk, self._chunk, self._chunk_bytes = self._chunk, [], 0
        self._read_back(block=False)
        for helper, handed in enumerate(self._handed):
            if handed is None and helper not in self._gone:
                try:
                    self._helpers.send(helper, [part[1] for part in chunk])  # type: ignore[misc]
                except WorkerEnded:
                    self._lose(helper)
                    continue
                self._handed[helper] = chunk
                return
        _deflate_here(chunk)

    def _read_back(self, block: bool) -> None:
        from djkh.scoring.workers import WorkerEnded

        try:
            sent = self._helpers.sent_back(block)
        except WorkerEnded as ended:
            sent = ended.read
            self._lose(ended.worker)
        for helper, done in sent:
            chunk, self._handed[helper] = self._handed[helper], None
            assert chunk is not None, "a helper answers only the chunk it was handed"
            for part, deflated_part in zip(chunk, done, strict=True):
                part[2] = deflated_part

    def _lose(self, helper: int) -> None:
        """A helper ended before it sent its chunk back (killed): its chunk is deflated here, to
        the same bytes, and it is handed nothing more."""
        chunk, self._handed[helper] = self._handed[helper], None
        self._gone.add(helper)
        self._helpers.let_go(helper)
        if chunk is not None:
            _deflate_here(chunk)

    def _put_in_zip(self) -> None:
        """Every part at the front that is deflated, in order; waiting for a helper's chunk if
        too many parts are held behind it."""
        waiting = self._waiting
        while waiting:
            if waiting[0][2] is None:
                if len(waiting) <= _MOST_WAITING or not any(self._handed):
                    return
                self._read_back(block=True)
                continue
            name, data, done = waiting.popleft()
            self._zip.add(name, data, done)  # type: ignore[arg-type]
