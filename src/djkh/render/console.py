"""The rich console every terminal renderer prints to: fixed width, colour only when wanted."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.style import StyleType
from rich.text import Text

from djkh.escaping import visible
from djkh.render import RenderOptions


def console_for(out: TextIO, options: RenderOptions) -> Console:
    """A console writing to `out`, as wide and as colourful as `options` say."""
    return Console(
        file=out,
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        legacy_windows=False,
    )


def safe(text: str) -> str:
    """Text for the terminal: control characters shown as `\\x1b`-style escapes, lines kept."""
    return visible(text, keep="\n")


def shown(text: str = "", style: StyleType = "") -> Text:
    """A rich Text of input text that can neither colour, move nor clear the terminal."""
    return Text(safe(text), style=style)
