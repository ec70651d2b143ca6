"""Shared fixtures: one CliRunner that fails loudly when djkh raises instead of reporting.

Every test under tests/integration/ is marked `slow`; so is any other that runs git, Chromium or
many processes. `pytest -m "not slow"` is the inner loop; CI runs them all.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from djkh import i18n
from djkh.cli import EXIT_CRASH, main

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "src"
# djkh run as a subprocess (`python -m djkh`, git's textconv) imports the checkout too.
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, (str(SOURCE), os.environ.get("PYTHONPATH")))
)
EXAMPLES = REPO / "examples" / "findings"
INTEGRATION = Path(__file__).resolve().parent / "integration"
# Fixed width and no colour, so tables are the same on every machine and terminal; no CI
# variables, so a run inside GitHub Actions reports as it does anywhere else; English unless a
# test asks for Chinese (`--lang zh`), whatever the machine's locale.
ENV: dict[str, str | None] = {
    "COLUMNS": "120",
    "NO_COLOR": "1",
    "GITHUB_ACTIONS": None,
    "GITHUB_STEP_SUMMARY": None,
    "DJKH_LANG": "en",
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": None,
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/integration/ slow, so no integration test is left out of it."""
    for item in items:
        if item.path.is_relative_to(INTEGRATION):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """English in the core's messages and in djkh run as a subprocess, as in the CLI tests."""
    monkeypatch.setenv("DJKH_LANG", "en")
    i18n.use("en")


@dataclass(frozen=True)
class Run:
    """What a user sees from one djkh invocation."""

    code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes = b""


@pytest.fixture
def djkh() -> Callable[..., Run]:
    """Run djkh in-process; a traceback is a test failure, never an accepted outcome."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str | None] | None = None, crash: bool = False) -> Run:
        """`crash=True` for the tests of djkh's crash handler; anywhere else a crash fails."""
        environment = {**ENV, "DJKH_DEBUG": "1", **(env or {})}
        result = runner.invoke(
            main, list(args), prog_name="djkh", env=environment, catch_exceptions=True
        )
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            assert result.exc_info is not None
            trace = "".join(traceback.format_exception(*result.exc_info))
            pytest.fail(f"djkh {' '.join(args)} crashed instead of reporting:\n{trace}")
        if result.exit_code == EXIT_CRASH and not crash:
            pytest.fail(f"djkh {' '.join(args)} crashed instead of reporting:\n{result.stderr}")
        return Run(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)

    return run


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run djkh in Chinese, its default: for tests of the forms as the paper shows them."""
    monkeypatch.setitem(ENV, "DJKH_LANG", "zh")
    monkeypatch.setenv("DJKH_LANG", "zh")
    i18n.use("zh")


# Linux's prctl(PR_CAPBSET_DROP) and the capabilities that let root pass any permission check.
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_SETPCAP = 1, 2, 8


def _bound_by_permissions() -> None:
    """Run in the child before exec: root keeps its uid but obeys mode bits like any owner."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _may_drop_capabilities() -> bool:
    status = Path("/proc/self/status").read_text(encoding="ascii")
    effective = next(line for line in status.splitlines() if line.startswith("CapEff:"))
    return bool(int(effective.split()[1], 16) >> _CAP_SETPCAP & 1)


def run_bound_by_permissions(*args: str, cwd: Path) -> Run:
    """Run `python -m djkh` so that a folder's mode bits bind it, even when the tests run as root.

    Root passes every permission check through two capabilities; the child drops them from its
    bounding set before exec, so the kernel refuses it a mode-0 folder as it refuses its owner.
    """
    preexec: Callable[[], None] | None = None
    if os.geteuid() == 0:
        if not sys.platform.startswith("linux") or not _may_drop_capabilities():
            pytest.fail("running as root without Linux's CAP_SETPCAP: cannot drop root's override")
        preexec = _bound_by_permissions
    environment = {key: value for key, value in {**os.environ, **ENV}.items() if value is not None}
    done = subprocess.run(
        [sys.executable, "-m", "djkh", *args],
        cwd=cwd,
        env={**environment, "DJKH_DEBUG": "1"},
        capture_output=True,
        preexec_fn=preexec,
        check=False,
    )
    stdout, stderr = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    return Run(done.returncode, stdout, stderr, done.stdout)


def imported_after(args: list[str], modules: tuple[str, ...], cwd: Path | None = None) -> list[str]:
    """Which of `modules` a run of djkh with `args` has imported when it ends."""
    code = (
        "import sys\nfrom djkh.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {modules!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    )
    return list(json.loads(out.stdout.splitlines()[-1].replace("'", '"')))
