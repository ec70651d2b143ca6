"""Reading a djkh file's bytes as text: size, folders and encodings refused with the fix."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from djkh.i18n import _
from djkh.problems.codes import Code
from djkh.problems.oserrors import describe_os_error
from djkh.problems.outcome import Outcome, failed, ok
from djkh.problems.problem import Problem

MAX_BYTES = 5 * 1024 * 1024


def read_text(path: str | Path) -> Outcome[str]:
    """The file's text, or the problem that says what to fix."""
    return read_bytes(path).then(lambda raw: text_of(raw, str(path)))


def read_bytes(path: str | Path) -> Outcome[bytes]:
    """The file's bytes (at most one more than MAX_BYTES), or why they cannot be read."""
    name = str(path)
    try:
        raw = _read_up_to_limit(path)
    except FileNotFoundError:
        return failed((Problem(name, None, None, Code.NO_FILE, _("no such file: check the path")),))
    except OSError as err:  # a folder: Windows refuses to open it, others to read it
        if os.path.isdir(path):
            message = _("is a folder, not a YAML file: name a file")
            return failed((Problem(name, None, None, Code.IS_FOLDER, message),))
        message = _("cannot read the file: {reason}").format(reason=describe_os_error(err))
        return failed((Problem(name, None, None, Code.UNREADABLE, message),))
    return ok(raw)


# Bytes as they are on disk (Windows would otherwise translate line ends), and the descriptor
# closed in any program djkh starts.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _read_up_to_limit(path: str | Path) -> bytes:
    """The first MAX_BYTES + 1 bytes at most, asked for by the size the file says it has:
    asking for the limit itself makes Python set aside that much memory for every file.

    Read with the system's own calls, not a Python file object: a batch reads thousands of
    small files, and the object's making and buffering were half the cost (4,000 files: 45 ms,
    now 25 ms).
    """
    handle = os.open(path, _OPEN_FLAGS)
    try:
        size = os.fstat(handle).st_size
        want = min(size, MAX_BYTES) + 1
        raw = os.read(handle, want)
        if len(raw) == size:  # all the file said it has, and it had no more
            return raw
        # More than it said (it grew, or says 0 as /proc's files do), or a read cut short (a
        # pipe): read on to its end or past the limit.
        chunks, total = [raw], len(raw)
        while raw and total <= MAX_BYTES:
            raw = os.read(handle, MAX_BYTES + 1 - total)
            chunks.append(raw)
            total += len(raw)
        return b"".join(chunks)
    finally:
        os.close(handle)


def text_of(raw: bytes, name: str) -> Outcome[str]:
    """The text of a file's bytes, or the problem that says what to fix: a document of
    another kind, a file too large, an encoding other than UTF-8."""
    office = _office_kind(raw, name)
    if office is not None:
        message = _(
            "this is {document}, not a YAML text file: djkh cannot read it; write the findings "
            "in a YAML file: djkh init --rubric ID@VERSION --unit UNIT --year YEAR -o FILE.yaml "
            "writes one to fill in"
        ).format(document=office)
        return _refused(Problem(name, None, None, Code.OFFICE_FILE, message))
    misnamed = _misnamed_workbook(raw, name)
    if misnamed is not None:
        return _refused(Problem(name, None, None, Code.OFFICE_FILE, misnamed))
    if len(raw) > MAX_BYTES:
        size = MAX_BYTES // (1024 * 1024)
        message = _("file is larger than {size} MiB: a djkh file is far smaller").format(size=size)
        return _refused(Problem(name, None, None, Code.TOO_LARGE, message))
    return _decode(raw, name)


def _refused(problem: Problem) -> Outcome[str]:
    return failed((problem,))


def _decode(raw: bytes, name: str) -> Outcome[str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = _("file is saved as UTF-16: save it as UTF-8 (in Notepad: 另存为, 编码 UTF-8)")
        return _refused(Problem(name, 1, 1, Code.ENCODING, message))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return ok(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        if _is_gbk(raw):
            # Point at the first Chinese character: GBK bytes often pass as UTF-8 for a while.
            start = next(i for i, byte in enumerate(raw) if byte >= 0x80)
            message = _(
                "file is not UTF-8 but looks like GBK (Notepad's 'ANSI'): convert it to UTF-8: "
                "in Notepad use 另存为 (Save As) with 编码 UTF-8, "
                "or run: iconv -f GBK -t UTF-8 OLD.yaml > NEW.yaml"
            )
        else:
            start = err.start
            message = _("file is not UTF-8 text (byte 0x{byte:02x}): save it as UTF-8").format(
                byte=raw[start]
            )
        line = raw.count(b"\n", 0, start) + 1
        line_start = raw.rfind(b"\n", 0, start) + 1
        col = len(raw[line_start:start].decode("utf-8", "replace")) + 1
        return _refused(Problem(name, line, col, Code.ENCODING, message))


_OLE_SUFFIXES = {".xls": "xls", ".et": "xls", ".doc": "doc", ".wps": "doc"}


def _office_kind(raw: bytes, name: str) -> str | None:
    """What office document the bytes are, by their magic bytes, or None for anything else."""
    if raw.startswith(b"%PDF-"):
        return _("a PDF document")
    if raw.startswith(b"PK\x03\x04"):
        names = _zip_names(raw)
        if any(part.startswith("xl/") for part in names):
            return _("an Excel workbook (xlsx)")
        if any(part.startswith("word/") for part in names):
            return _("a Word document (docx)")
        return _("a zip archive or office document (xlsx, docx, ods, odt)")
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        kind = _OLE_SUFFIXES.get(os.path.splitext(name)[1].lower())
        if kind == "xls":
            return _("an Excel workbook (xls)")
        if kind == "doc":
            return _("a Word document (doc)")
        return _("an old-style office document (xls or doc)")
    return None


def _misnamed_workbook(raw: bytes, name: str) -> str | None:
    """Why a file named .xlsx that holds no zip at all is no workbook, else None: read as YAML,
    its text would be reported as a YAML file's mistakes."""
    if not name.lower().endswith(".xlsx") or raw.startswith(b"PK"):
        return None
    if not raw.strip():
        return _(
            "not an Excel workbook (.xlsx): the file is empty; save the unit's form from Excel or "
            "WPS as .xlsx (Excel 工作簿), or write one with djkh init --format xlsx"
        )
    return _(
        "not an Excel workbook (.xlsx): the file holds text (a CSV or YAML file renamed?); open "
        "it in Excel or WPS and save it as .xlsx (Excel 工作簿), or give a YAML file the suffix "
        ".yaml"
    )


def _zip_names(raw: bytes) -> list[str]:
    """The names in a zip archive; those seen in its first local headers if it is cut short."""
    import zipfile  # here: only a file that is no YAML needs it

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return [match.decode("ascii") for match in re.findall(rb"(?:xl|word)/", raw[:65536])]


def _is_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True
