"""The one place a bug in djkh is reported: one line, exit 3, the traceback only on request."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from djkh.i18n import _

DEBUG_VARIABLE = "DJKH_DEBUG"


def debug_requested(args: Sequence[str]) -> bool:
    """`djkh --debug …` or DJKH_DEBUG set (not empty or 0): show a crash's traceback."""
    before_separator = list(args)[: list(args).index("--")] if "--" in args else list(args)
    return "--debug" in before_separator or os.environ.get(DEBUG_VARIABLE, "0") not in ("", "0")


def report_crash(crash: Exception, *, debug: bool) -> None:
    """One line saying this is a bug in djkh and how to report it; the traceback if asked."""
    if debug:
        import traceback

        traceback.print_exception(type(crash), crash, crash.__traceback__, file=sys.stderr)
    message = _(
        "djkh: internal error, a bug in djkh: {error}. Please report it with the command you ran"
        " and its input files, and the traceback that `djkh --debug …` (or {variable}=1) shows."
    )
    error = f"{type(crash).__name__}: {crash}" if str(crash) else type(crash).__name__
    from djkh.escaping import visible  # here: its patterns are more than `--version` needs

    error = visible(error)  # an exception's text may quote input: never let it drive the terminal
    click.echo(message.format(error=error, variable=DEBUG_VARIABLE), err=True)
