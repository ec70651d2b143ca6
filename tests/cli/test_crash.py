"""A bug in djkh: one line, its own exit status, the traceback only on request; expected
failures (a missing file, an unwritable step summary) are no crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from djkh.commands import validate
from tests.conftest import EXAMPLES

JIA = str(EXAMPLES / "示例局甲.yaml")
CRASH_LINE = (
    "djkh: internal error, a bug in djkh: RuntimeError: boom. Please report it with the command"
    " you ran and its input files, and the traceback that `djkh --debug …` (or DJKH_DEBUG=1)"
    " shows.\n"
)
BROKEN = (
    "import sys, djkh.commands.validate as validate\nfrom djkh.cli import main\n"
    "def boom(*args):\n    raise RuntimeError('boom')\n"
    "validate.run = boom\n"
    "main(sys.argv[1:])\n"
)


@pytest.fixture
def broken_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(validate, "run", boom)


def test_a_crash_is_one_line_and_exit_3(djkh, broken_validate: None) -> None:
    run = djkh("validate", JIA, env={"DJKH_DEBUG": None}, crash=True)
    assert (run.code, run.stdout, run.stderr) == (3, "", CRASH_LINE)


def test_a_crash_line_shows_control_characters_visibly(
    djkh, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object) -> int:
        raise RuntimeError("key '\x1b]8;;http://x\x07here\x1b[2J'")

    monkeypatch.setattr(validate, "run", boom)
    run = djkh("validate", JIA, env={"DJKH_DEBUG": None}, crash=True)
    error = "RuntimeError: key '\\x1b]8;;http://x\\x07here\\x1b[2J'"
    assert (run.code, run.stderr) == (3, CRASH_LINE.replace("RuntimeError: boom", error))


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--debug", "validate", JIA], {"DJKH_DEBUG": None}),
        (["validate", JIA], {"DJKH_DEBUG": "1"}),
    ],
)
def test_debug_shows_the_traceback(
    djkh, broken_validate: None, args: list[str], env: dict[str, str | None]
) -> None:
    run = djkh(*args, env=env, crash=True)
    assert run.code == 3
    assert run.stderr.startswith("Traceback (most recent call last):\n")
    assert 'raise RuntimeError("boom")\nRuntimeError: boom\n' in run.stderr
    assert run.stderr.endswith(CRASH_LINE)


@pytest.mark.parametrize("value", ["", "0"])
def test_debug_variable_off(djkh, broken_validate: None, value: str) -> None:
    assert djkh("validate", JIA, env={"DJKH_DEBUG": value}, crash=True).stderr == CRASH_LINE


def test_a_crash_in_a_real_process(tmp_path: Path) -> None:
    environ = {**os.environ, "DJKH_LANG": "en"}
    environ.pop("DJKH_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", BROKEN, "validate", JIA],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (3, "", CRASH_LINE)


def test_the_crash_line_in_chinese(djkh, broken_validate: None) -> None:
    run = djkh("--lang", "zh", "validate", JIA, env={"DJKH_DEBUG": None}, crash=True)
    assert run.code == 3
    assert run.stderr.startswith("djkh：内部错误，这是 djkh 的缺陷：RuntimeError: boom。")


def test_git_textconv_of_a_missing_file(djkh, tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    run = djkh("git-textconv", str(missing))
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr.endswith(f"djkh: cannot read {missing}: no such file or folder\n")


def test_an_unwritable_step_summary_is_a_warning(djkh, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rubric: nope@1\n", encoding="utf-8")
    run = djkh("validate", str(bad), env={"GITHUB_STEP_SUMMARY": str(tmp_path)})
    assert run.code == 1
    assert run.stderr.endswith(
        f"djkh: warning: the step summary was not written to {tmp_path}: is a folder\n"
    )
