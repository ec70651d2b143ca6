"""The `djkh` program: it ends at once after a command, unless something is left to clean up."""

from __future__ import annotations

import atexit
import gc
import os
import pstats
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from djkh.cli import program
from djkh.commands import ending as kept
from djkh.scoring.batch import BatchResult
from tests.conftest import ENV, Run

EXAMPLE = Path(__file__).parents[2] / "examples" / "findings" / "示例局甲.yaml"


class _Ended(Exception):
    """os._exit, caught: the status it was given."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _end(status: int) -> None:
    raise _Ended(status)


@pytest.fixture(autouse=True)
def nothing_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a run of the program keeps to the end is let go after the test, and the test run's
    later commands, which end with it, keep nothing."""
    monkeypatch.setattr(kept, "_ends_at_once", False)
    monkeypatch.setattr(kept, "_kept", [])


@pytest.fixture
def ending(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """os._exit records its status instead of ending the test run, and the exit handlers that
    would run are this list's, not the test run's; nothing else is left to do."""
    handlers: list[str] = []
    monkeypatch.setattr(program.os, "_exit", _end)
    monkeypatch.setattr(program, "_may_end_at_once", lambda: True)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: handlers.append("ran"))
    return handlers


@pytest.fixture
def unwatched(monkeypatch: pytest.MonkeyPatch) -> None:
    """No profiler or tracer, whatever runs the tests (coverage, a debugger)."""
    monkeypatch.setattr(sys, "getprofile", lambda: None)
    monkeypatch.setattr(sys, "gettrace", lambda: None)
    if hasattr(sys, "monitoring"):
        monkeypatch.setattr(sys.monitoring, "get_tool", lambda tool: None)
    monkeypatch.delitem(sys.modules, "bdb", raising=False)  # pytest loads pdb for --pdb


def test_a_command_ends_the_process_at_once_with_its_status(
    ending: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["djkh", "--version"])
    with pytest.raises(_Ended) as ended:
        program.run()
    assert ended.value.status == 0
    assert capsys.readouterr().out == "djkh, version 0.2.0\n"
    assert ending == ["ran"]  # the exit handlers first, as exiting runs them


@pytest.mark.usefixtures("ending")
def test_a_failed_command_ends_with_its_exit_status(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "argv", ["djkh", "score", str(tmp_path / "missing.yaml")])
    with pytest.raises(_Ended) as ended:
        program.run()
    assert ended.value.status == 1


@pytest.mark.usefixtures("ending")
def test_a_batch_is_kept_for_the_system_to_free_when_the_program_ends(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Its cards are neither freed one by one nor walked by the cycle collector."""
    output = tmp_path / "ranking.csv"
    argv = ["djkh", "score", str(EXAMPLE.parent), "--format", "csv", "-o", str(output)]
    monkeypatch.setattr(sys, "argv", argv)
    frozen = gc.get_freeze_count()
    try:
        with pytest.raises(_Ended) as ended:
            program.run()
        assert ended.value.status == 0
        (result,) = kept._kept
        assert isinstance(result, BatchResult)
        assert result.ranked == 3
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()


def test_a_batch_run_in_process_is_freed_as_it_ends(djkh: Callable[..., Run]) -> None:
    assert djkh("score", str(EXAMPLE.parent), "--format", "csv").code == 0
    assert kept._kept == []


@pytest.mark.usefixtures("unwatched")
def test_nothing_keeps_a_finished_command_from_ending_at_once() -> None:
    assert program._may_end_at_once()


@pytest.mark.usefixtures("ending")
def test_a_message_to_exit_with_gets_the_usual_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(program, "main", lambda: sys.exit("a message Python prints"))
    with pytest.raises(SystemExit) as exited:
        program.run()
    assert exited.value.code == "a message Python prints"


@pytest.mark.usefixtures("unwatched")
def test_a_running_thread_waits_for_the_usual_exit() -> None:
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        assert not program._may_end_at_once()
    finally:
        release.set()
        waiting.join()


@pytest.mark.usefixtures("unwatched")
def test_a_profiler_waits_for_the_usual_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "getprofile", lambda: print)
    assert not program._may_end_at_once()


@pytest.mark.usefixtures("unwatched")
def test_a_debugger_waits_for_the_usual_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdb restarts the program when it ends, `python -i` opens its prompt: neither may be cut
    short."""
    monkeypatch.setitem(sys.modules, "bdb", sys.modules.get("bdb") or object())
    assert not program._may_end_at_once()


@pytest.mark.slow
def test_python_dash_i_gets_its_prompt_after_djkh() -> None:
    command = [sys.executable, "-i", "-m", "djkh", "--version"]
    out = subprocess.run(command, input="print('prompt', 6 * 7)\n", capture_output=True, text=True)
    assert out.stdout == "djkh, version 0.2.0\nprompt 42\n"


@pytest.mark.skipif(not hasattr(sys, "monitoring"), reason="sys.monitoring: Python 3.12 and later")
def test_a_monitoring_tool_waits_for_the_usual_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    """cProfile attaches through sys.monitoring from Python 3.12, not sys.setprofile."""
    monkeypatch.setattr(sys, "getprofile", lambda: None)
    monkeypatch.setattr(sys, "gettrace", lambda: None)
    monitoring: Any = getattr(sys, "monitoring")  # noqa: B009 (absent from 3.11's typeshed)
    tool = next(t for t in range(6) if monitoring.get_tool(t) is None)
    monitoring.use_tool_id(tool, "djkh test")
    try:
        assert not program._may_end_at_once()
    finally:
        monitoring.free_tool_id(tool)


def test_what_may_not_end_at_once_gets_the_usual_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(program.os, "_exit", _end)
    monkeypatch.setattr(program, "_may_end_at_once", lambda: False)
    monkeypatch.setattr(sys, "argv", ["djkh", "--version"])
    with pytest.raises(SystemExit) as exited:
        program.run()
    assert exited.value.code == 0


@pytest.mark.usefixtures("ending")
def test_output_that_cannot_be_flushed_gets_the_usual_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class _Closed:
        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "argv", ["djkh", "--version"])
    monkeypatch.setattr(program, "main", lambda: sys.exit(0))
    monkeypatch.setattr(sys, "stdout", _Closed())
    with pytest.raises(SystemExit) as exited:
        program.run()
    assert exited.value.code == 0


@pytest.mark.slow
def test_exit_handlers_run_once_before_the_quick_exit() -> None:
    """A handler registered at exit (as a worker pool registers its own) runs, once, and what
    it prints is not lost."""
    code = (
        "import atexit, sys\n"
        "atexit.register(print, 'handler ran')\n"
        "sys.argv = ['djkh', '--version']\n"
        "from djkh.cli import run\n"
        "run()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (out.returncode, out.stdout, out.stderr) == (0, "djkh, version 0.2.0\nhandler ran\n", "")


@pytest.mark.slow
def test_the_program_writes_everything_before_it_ends(djkh: Callable[..., Run]) -> None:
    """A batch printed through a pipe is whole, its summary on stderr too: the same bytes as
    the command run in-process, which never takes the quick exit."""
    folder = str(EXAMPLE.parent)
    command = [sys.executable, "-m", "djkh", "score", folder, "--format", "csv"]
    env = {name: value for name, value in {**os.environ, **ENV}.items() if value is not None}
    out = subprocess.run(command, capture_output=True, env=env, check=False)
    expected = djkh("score", folder, "--format", "csv")
    assert (out.returncode, out.stdout, out.stderr.decode()) == (
        expected.code,
        expected.stdout_bytes,
        expected.stderr,
    )


@pytest.mark.slow
def test_a_profile_of_djkh_is_written(tmp_path: Path) -> None:
    """`python -m cProfile -m djkh …` still writes its profile: the quick exit waits for it."""
    profile = tmp_path / "djkh.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "djkh", "--version"]
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (out.returncode, out.stdout) == (0, "djkh, version 0.2.0\n")
    assert pstats.Stats(str(profile)).total_calls > 0
