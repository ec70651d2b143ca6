"""`-o FILE`: never over an input, never by rename over a device, mode kept, no leftovers."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, REPO, run_bound_by_permissions

RUBRIC = REPO / "rubric" / "wenzhou-jiguan" / "2007.yaml"
LOOKED_UP = "rubric/wenzhou-jiguan/2007.yaml"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with ./rubric holding the Wenzhou rubric, a findings file f.yaml, as cwd."""
    (tmp_path / "rubric" / "wenzhou-jiguan").mkdir(parents=True)
    shutil.copy(RUBRIC, tmp_path / LOOKED_UP)
    shutil.copy(EXAMPLES / "示例局甲.yaml", tmp_path / "f.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _refused_as_input(file: str) -> str:
    return f"djkh: not written: {file} is one of the input files: write the output elsewhere\n"


@pytest.mark.parametrize(
    "args",
    [
        ("score", "f.yaml", "--format", "json"),
        ("score", "f.yaml", "f.yaml", "--format", "json"),
        ("show", "wenzhou-jiguan@2007", "--format", "markdown"),
        ("init", "--rubric", "wenzhou-jiguan@2007", "--unit", "u", "--year", "2007", "--force"),
    ],
)
def test_output_never_replaces_a_rubric_found_by_lookup(
    djkh, workdir: Path, args: tuple[str, ...]
) -> None:
    run = djkh(*args, "-o", LOOKED_UP)
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr.endswith(_refused_as_input(LOOKED_UP))
    assert (workdir / LOOKED_UP).read_bytes() == RUBRIC.read_bytes()


def test_output_never_replaces_a_rubric_found_in_a_rubric_dir(djkh, workdir: Path) -> None:
    shutil.move(workdir / "rubric", workdir / "mine")
    target = "mine/wenzhou-jiguan/2007.yaml"
    run = djkh("score", "f.yaml", "--rubric-dir", "mine", "--format", "json", "-o", target)
    assert (run.code, run.stderr) == (1, _refused_as_input(target))
    assert (workdir / target).read_bytes() == RUBRIC.read_bytes()


def test_output_is_compared_as_the_file_system_compares_paths(djkh, workdir: Path) -> None:
    # A hard link is the same file under another name, as F.YAML is f.yaml on macOS and Windows.
    os.link(workdir / "f.yaml", workdir / "F.YAML")
    run = djkh("score", "f.yaml", "--format", "json", "-o", "F.YAML")
    assert (run.code, run.stderr) == (1, _refused_as_input("F.YAML"))
    assert (workdir / "f.yaml").read_bytes() == (EXAMPLES / "示例局甲.yaml").read_bytes()


def test_a_fifo_is_written_directly_and_stays_a_fifo(djkh, workdir: Path) -> None:
    fifo = workdir / "pipe"
    os.mkfifo(fifo)
    link = workdir / "link"
    link.symlink_to(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = djkh("score", "f.yaml", "--format", "csv", "-o", str(link))
    reader.join(timeout=10)
    assert (run.code, run.stderr) == (0, f"wrote {link}\n")
    assert received[0].decode("utf-8-sig").startswith("Unit,示例局甲\r\n")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and link.is_symlink()
    assert sorted(p.name for p in workdir.iterdir()) == ["f.yaml", "link", "pipe", "rubric"]


def test_an_existing_output_keeps_its_mode(djkh, workdir: Path) -> None:
    target = workdir / "private.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    assert djkh("score", "f.yaml", "--format", "csv", "-o", str(target)).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8-sig").startswith("Unit,")


def test_a_read_only_output_is_refused(djkh, workdir: Path) -> None:
    target = workdir / "filed.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o444)
    run = djkh("score", "f.yaml", "--format", "csv", "-o", str(target))
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr == (
        f"djkh: not written: {target} is read-only: make it writable first, or choose another "
        "name\n"
    )
    assert target.read_text(encoding="utf-8") == "old\n"


def test_a_symlink_to_a_file_has_its_file_replaced(djkh, workdir: Path) -> None:
    real = workdir / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = workdir / "out.csv"
    link.symlink_to(real.name)
    assert djkh("score", "f.yaml", "--format", "csv", "-o", str(link)).code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8-sig").startswith("Unit,")


def test_a_legal_245_byte_name_is_written(djkh, workdir: Path) -> None:
    name = "分" * 80 + "s.csv"  # 240 + 5 bytes in UTF-8
    assert len(name.encode("utf-8")) == 245
    run = djkh("score", "f.yaml", "--format", "csv", "-o", name)
    assert (run.code, run.stderr) == (0, f"wrote {name}\n")
    assert {p.name for p in workdir.iterdir()} == {name, "f.yaml", "rubric"}


def test_a_name_the_file_system_refuses_is_reported(djkh, workdir: Path) -> None:
    name = "x" * 300
    for target in (name, f"{name}/out.csv"):
        run = djkh("score", "f.yaml", "--format", "csv", "-o", target)
        assert (run.code, run.stdout) == (1, "")
        reason = "the file name is too long"
        assert run.stderr == f"djkh: not written: {target} cannot be used: {reason}\n"


@pytest.mark.skipif(os.name != "posix", reason="a folder's mode bits are POSIX")
def test_an_output_under_a_folder_that_cannot_be_entered_is_reported(workdir: Path) -> None:
    closed = workdir / "closed"
    closed.mkdir(mode=0o000)
    try:
        args = ("score", "f.yaml", "--format", "csv", "-o", str(closed / "out.csv"))
        run = run_bound_by_permissions(*args, cwd=workdir)
    finally:
        closed.chmod(0o700)
    assert run.code == 1
    assert (
        run.stderr == f"djkh: not written: {closed / 'out.csv'} cannot be used: permission denied\n"
    )


_KILLED_WHILE_WRITING = """
import os, signal, sys
from pathlib import Path
from typing import Any
from djkh.files.output import write_atomically

real_fdopen = os.fdopen

class Interrupted:
    def __init__(self, handle, mode, buffering=-1):
        self.file = real_fdopen(handle, mode, buffering)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.file.close()
    def write(self, data):
        self.file.write(data[:10])
        self.file.flush()
        os.kill(os.getpid(), signal.SIGTERM)
        self.file.write(data[10:])

os.fdopen = Interrupted
write_atomically(Path(sys.argv[1]), b"new" * 1000, force=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX signals")
def test_sigterm_while_writing_leaves_the_old_output_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_WHILE_WRITING, str(target)],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == -signal.SIGTERM
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    assert target.read_text(encoding="utf-8") == "old\n"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="only root makes devices")
def test_a_device_is_written_directly_and_stays_a_device(djkh, workdir: Path) -> None:
    null = workdir / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null
    run = djkh("score", "f.yaml", "--format", "csv", "-o", str(null))
    assert (run.code, run.stderr) == (0, f"wrote {null}\n")
    assert stat.S_ISCHR(os.stat(null).st_mode)
    assert sorted(p.name for p in workdir.iterdir()) == ["f.yaml", "null", "rubric"]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="no /dev/stdout")
def test_dev_stdout_redirected_to_a_file_is_appended_to(workdir: Path) -> None:
    log = workdir / "log.txt"
    log.write_text("earlier\n", encoding="utf-8")
    command = f"{sys.executable} -m djkh score f.yaml --format csv -o /dev/stdout >> log.txt"
    done = subprocess.run(command, shell=True, capture_output=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode("utf-8") == "wrote /dev/stdout\n"
    written = log.read_bytes().decode("utf-8")
    assert written.startswith("earlier\n\ufeffUnit,示例局甲\r\n")
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").is_file()


def test_a_new_output_is_checked_against_existing_inputs_without_resolving_paths(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of thousands of inputs: a file that is there cannot be an output that is not,
    and resolving every input's path (a look at each folder on the way) took 30 µs a file."""
    from djkh.files.output import RefusedError, check_target

    resolved: list[Path] = []
    real = Path.resolve

    def counted(path: Path, strict: bool = False) -> Path:
        resolved.append(path)
        return real(path, strict)

    monkeypatch.setattr(Path, "resolve", counted)
    assert check_target(Path("new.csv"), inputs=(Path("f.yaml"), Path(LOOKED_UP))) is None
    assert resolved == []
    with pytest.raises(RefusedError, match="is one of the input files"):
        check_target(Path("sub/../missing.yaml"), inputs=(Path("missing.yaml"),))


def test_the_check_before_writing_looks_again_only_at_inputs_not_seen(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch's thousands of inputs are looked at once, before the work; just before writing,
    only what was added since, unless the target changed meanwhile."""
    from djkh.files import output

    target = workdir / "out.csv"
    target.write_text("earlier\n", encoding="utf-8")
    inputs = tuple(str(workdir / f"{n}.yaml") for n in range(3))
    for name in inputs:
        Path(name).write_text("kind: findings\n", encoding="utf-8")
    looked: list[str] = []
    real = os.stat

    def counted(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        looked.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(output.os, "stat", counted)
    output.check_target(target, force=True, inputs=inputs)
    assert looked.count(inputs[0]) == 1
    output.check_target(target, force=True, inputs=(*inputs, "extra.yaml"))
    assert looked.count(inputs[0]) == 1 and looked.count("extra.yaml") == 1
    os.remove(inputs[1])
    os.link(target, inputs[1])  # an input made the target's other name: the target changed
    with pytest.raises(output.RefusedError, match="is one of the input files"):
        output.check_target(target, force=True, inputs=inputs)
    assert looked.count(inputs[0]) == 2
