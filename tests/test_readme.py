"""The README shows real output: each `$ djkh ...` block run from the repository matches it."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```console\n\$ djkh (.*?)\n(.*?)```", README, re.DOTALL)
# Blocks whose inputs live in the repository; the validate example shows made-up findings/.
RUNNABLE = [(args, shown) for args, shown in BLOCKS if not args.startswith("validate ")]


def _width(shown: str) -> int:
    """The terminal width the block was made at: its longest table rule spans it."""
    rules = [line.rstrip() for line in shown.splitlines() if re.fullmatch(r"[┌┬┐─ ]+", line)]
    return max(len(line) for line in rules)


def _stripped(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines())


def test_readme_has_runnable_examples() -> None:
    assert [args.split()[0] for args, _ in RUNNABLE] == [
        "score",
        "score",
        "score",
        "score",
        "disagreements",
        "score",
        "score",
        "score",
        "diff",
    ]


@pytest.mark.usefixtures("chinese")  # the README shows what a user sees by default
@pytest.mark.parametrize(
    ("args", "shown"), RUNNABLE, ids=[f"{n}-{a.split()[0]}" for n, (a, _) in enumerate(RUNNABLE)]
)
def test_readme_output_is_real(
    djkh, args: str, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    run = djkh(*shlex.split(args), env={"COLUMNS": str(_width(shown))})
    assert _stripped(run.stdout) == _stripped(shown)


LANGUAGE_BLOCK = re.search(r"```shell-session\n(.*?)```", README, re.DOTALL)


def test_readme_language_example_is_real(djkh, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Language section's two runs, each an error on stderr, as shown."""
    assert LANGUAGE_BLOCK is not None
    runs = re.findall(r"^\$ djkh (.*)\n((?:(?!\$ ).*\n)*)", LANGUAGE_BLOCK.group(1), re.MULTILINE)
    assert [args.split()[:2] for args, _ in runs] == [["--lang", "en"], ["--lang", "zh"]]
    monkeypatch.chdir(REPO)
    for args, shown in runs:
        run = djkh(*shlex.split(args))
        assert (run.code, run.stderr) == (2, shown)
