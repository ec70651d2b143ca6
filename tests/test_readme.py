"""The README shows real output: each `$ djkh ...` block run from the repository matches it."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

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


ROUND_TRIP = re.search(r"## Forms in Excel and WPS\n.*?```sh\n(.*?)```", README, re.DOTALL)


def _round_trip_steps() -> list[list[list[str]]]:
    """The round trip's lines, each the words of its commands (`a && b`); a comment is none."""
    assert ROUND_TRIP is not None
    return [
        [words for part in line.split("&&") if (words := shlex.split(part, comments=True))]
        for line in ROUND_TRIP.group(1).splitlines()
    ]


@pytest.mark.usefixtures("chinese")
def test_readme_round_trip_runs_as_written_in_an_empty_folder(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command as the README shows it, in an empty folder; the comment line is the unit
    filling in the form (as in Excel, with openpyxl)."""
    from djkh.files.loader import load_file
    from tests.files.test_workbook import JIA, _fill_as_the_yaml, _rubric

    steps = _round_trip_steps()
    assert [[words[:2] for words in step] for step in steps] == [
        [["djkh", "init"]],
        [],
        [["djkh", "validate"]],
        [["djkh", "score"]],
        [["mkdir", "-p"], ["djkh", "convert"]],
    ]
    monkeypatch.chdir(tmp_path)
    runs = {}
    for step in steps:
        if not step:
            _fill_as_the_yaml(Path("示例局丁.xlsx"), load_file(str(JIA)).value.data, _rubric(JIA))
        for words in step:
            if words[0] == "mkdir":
                for folder in words[2:]:
                    Path(folder).mkdir(parents=True, exist_ok=True)
                continue
            run = runs[words[1]] = djkh(*words[1:])
            assert run.code == 0, (words, run.stdout, run.stderr)
    assert runs["validate"].stdout == "已检查 1 个文件：没有问题\n"
    assert "示例局丁" in runs["score"].stdout
    kept = _card(djkh, "findings/示例局丁.yaml")
    assert (kept.pop("unit"), kept["score"]) == ("示例局丁", 83)
    assert kept == {key: value for key, value in _card(djkh, str(JIA)).items() if key != "unit"}


def _card(djkh, path: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    run = djkh("score", path, "--format", "json")
    assert run.code == 0, run.stderr
    card: dict[str, object] = json.loads(run.stdout)
    card.pop("path", None)
    return card
