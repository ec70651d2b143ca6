"""Colour on a terminal exactly where rich itself would give it, and never in a pipe or a file."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from rich.console import Console

from djkh.commands.emit import colour_shown, render_options


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


ENVIRONMENTS = [
    {},
    {"TERM": "xterm-256color"},
    {"TERM": "dumb"},
    {"TERM": "DUMB"},
    {"TERM": "unknown"},
    {"NO_COLOR": "1"},
    {"NO_COLOR": "0"},
    {"NO_COLOR": ""},  # no-color.org: set but empty is not set
    {"NO_COLOR": "", "TERM": "dumb"},
    {"FORCE_COLOR": "1", "TERM": "xterm"},
]


def _rich_colours(environ: dict[str, str]) -> bool:
    """rich's own choice for a console writing to a terminal in `environ`."""
    console = Console(file=Terminal(), _environ=environ, legacy_windows=False)
    return console.color_system is not None and not console.no_color


@pytest.mark.parametrize("environ", ENVIRONMENTS, ids=str)
def test_a_terminal_gets_colour_as_rich_decides(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str]
) -> None:
    monkeypatch.setattr(sys, "stdout", Terminal())
    for name in ("NO_COLOR", "TERM", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert render_options().color == colour_shown(environ) == _rich_colours(environ)


def test_dumb_terminals_and_no_color_get_none() -> None:
    assert [colour_shown(e) for e in ({}, {"TERM": "dumb"}, {"NO_COLOR": "1"})] == [
        True,
        False,
        False,
    ]


def test_a_pipe_or_a_file_never_gets_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert render_options().color is False
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert render_options(Path("card.txt")).color is False
    assert render_options().color is True
