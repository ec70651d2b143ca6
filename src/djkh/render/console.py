"""The rich console every terminal renderer prints to: fixed width, colour only when wanted."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console, JustifyMethod, OverflowMethod
from rich.containers import Lines
from rich.style import StyleType
from rich.text import Text

from djkh.escaping import terminal_text
from djkh.render import RenderOptions
from djkh.render.wrapping import break_offsets


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


def unpadded(text: str) -> str:
    """`text` without the spaces rich pads a line with: nothing trails a line sent to a file or
    a pipe (rich pads a wrapped heading or a table's title to the width)."""
    return "".join(line.rstrip(" ") + "\n" for line in text.splitlines())


safe = terminal_text  # Text for the terminal: control characters shown as escapes, lines kept


def shown(text: str = "", style: StyleType = "") -> Text:
    """A rich Text of input text that can neither colour, move nor clear the terminal, and
    whose lines break by Chinese rules when a cell wraps it."""
    return WrappedText(safe(text), style=style)


class WrappedText(Text):
    """rich's Text, wrapped where `wrapping.break_offsets` says: no line starts with a closing
    mark (，。》）) or ends with an opening one; otherwise exactly where rich would break."""

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        """The lines rich would make (rich's `Text.wrap`), broken where Chinese allows."""
        rich = super().wrap
        keep = self.no_wrap if no_wrap is None else no_wrap
        overflow = overflow or self.overflow or "fold"
        if keep or overflow != "fold" or width < 2 or "\t" in self.plain:
            return rich(console, width, justify=justify, overflow=overflow, tab_size=tab_size)
        justify = justify or self.justify or "default"
        lines = Lines()
        for line in self.split(allow_blank=True):
            pieces = line.divide(break_offsets(line.plain, width))
            for piece in pieces:
                piece.rstrip_end(width)
            pieces.justify(console, width, justify=justify, overflow=overflow)
            for piece in pieces:
                piece.truncate(width, overflow=overflow)
            lines.extend(pieces)
        return lines
