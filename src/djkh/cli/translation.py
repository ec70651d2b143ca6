"""djkh's click group: the language chosen before click reads the command line, every help text
in it, UTF-8 output, and a crash reported, never a traceback."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from djkh import i18n
from djkh.cli.crash import debug_requested, report_crash
from djkh.commands import EXIT_CRASH
from djkh.i18n import _


class TranslatedGroup(click.Group):
    """djkh's command group: picks the language before click reads the command line."""

    def main(self, args: Sequence[str] | None = None, *posargs: Any, **kwargs: Any) -> Any:
        """Choose the language from --lang and the environment, then run as click does."""
        given = sys.argv[1:] if args is None else args
        i18n.use(i18n.choose_language(i18n.language_option(given), os.environ))
        translate_help(self)
        _prefer_utf8()
        try:
            return super().main(args, *posargs, **kwargs)  # None: click expands globs on Windows
        except Exception as crash:  # the one place a bug in djkh is reported
            report_crash(crash, debug=debug_requested(given))
            sys.exit(EXIT_CRASH)


def translate_help(command: click.Command) -> None:
    """Show every help text in the current language (the English is kept as the source)."""
    command._help_option = None  # click makes --help again, with its text in this language
    parts: list[object] = [command, *command.params]
    for part in parts:
        source = part.__dict__.setdefault("djkh_help_source", getattr(part, "help", None))
        if source:
            setattr(part, "help", _(source))  # noqa: B010 (arguments have no help in click's types)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            translate_help(sub)


def _prefer_utf8() -> None:
    """Write UTF-8 to pipes and files on every platform (Windows would use the ANSI page)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not stream.isatty():
            stream.reconfigure(encoding="utf-8")
