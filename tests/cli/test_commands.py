"""The commands without click: a frozen request in, an exit code out, output through the emitter;
each --format's choices come from the one renderer registry."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from pathlib import Path

import click
import pytest

from djkh.cli import main
from djkh.commands import EXIT_OK, EXIT_PROBLEMS
from djkh.commands.score import ScoreRequest
from djkh.commands.score import run as score
from djkh.commands.validate import ValidateRequest
from djkh.commands.validate import run as validate
from djkh.render import CARD, DIFF, PROBLEMS, RUBRIC, Purpose
from tests.conftest import EXAMPLES

JIA = EXAMPLES / "示例局甲.yaml"


def _choices(command: str, option: str) -> tuple[str, ...]:
    (found,) = [p for p in main.commands[command].params if option in p.opts]
    assert isinstance(found.type, click.Choice)
    return tuple(found.type.choices)


@pytest.mark.parametrize(
    ("command", "option", "purpose"),
    [
        ("score", "--format", CARD),
        ("show", "--format", RUBRIC),
        ("diff", "--format", DIFF),
        ("validate", "--format", PROBLEMS),
        ("score", "--problem-format", PROBLEMS),
    ],
)
def test_format_choices_come_from_the_registry(
    command: str, option: str, purpose: Purpose[object]
) -> None:
    assert _choices(command, option) == purpose.names


def test_a_request_is_frozen() -> None:
    request = ValidateRequest((JIA,))
    with pytest.raises(FrozenInstanceError):
        request.strict = True  # type: ignore[misc]


def test_validate_runs_without_click(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(ValidateRequest((JIA,))) == EXIT_OK
    out, err = capsys.readouterr()
    assert (out.splitlines()[-1], err) == ("checked 1 file: no problems", "")


def test_score_writes_through_the_emitter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "card.json"
    assert score(ScoreRequest((JIA,), "json", output=target)) == EXIT_OK
    assert (capsys.readouterr(), target.read_text(encoding="utf-8")[:1]) == (
        ("", f"wrote {target}\n"),
        "{",
    )


def test_score_refuses_to_write_over_its_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert score(ScoreRequest((JIA,), "json", output=JIA)) == EXIT_PROBLEMS
    reason = f"{JIA} is one of the input files: write the output elsewhere"
    assert capsys.readouterr() == ("", f"djkh: not written: {reason}\n")
