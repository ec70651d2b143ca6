"""The rich console every terminal renderer prints to: fixed width, colour only when wanted."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console

from djkh.renderers import RenderOptions


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
