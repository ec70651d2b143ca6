"""djkh's click group: the language chosen before click reads the command line, every help text
in it when help is shown, UTF-8 output, and a crash reported, never a traceback."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from djkh import i18n
from djkh.cli.crash import debug_requested, report_crash
from djkh.commands import EXIT_CRASH
from djkh.i18n import _

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem


class TranslatedCommand(click.Command):
    """A djkh command: its help texts translated when they are shown, not at every run."""

    def get_help(self, ctx: click.Context) -> str:
        """The help page, in the current language."""
        translate_shown_help(self, ctx)
        return super().get_help(ctx)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Completions, their help in the current language."""
        translate_shown_help(self, ctx)
        return super().shell_complete(ctx, incomplete)


class TranslatedGroup(TranslatedCommand, click.Group):
    """djkh's command group: picks the language before click reads the command line, and
    translates help texts, its own and its commands', only when they are shown (as a
    TranslatedCommand does, before click.Group's help and completions)."""

    command_class = TranslatedCommand

    def main(self, args: Sequence[str] | None = None, *posargs: Any, **kwargs: Any) -> Any:
        """Choose the language from --lang and the environment, then run as click does."""
        given = sys.argv[1:] if args is None else args
        i18n.use(i18n.choose_language(i18n.language_option(given), os.environ))
        _prefer_utf8()
        try:
            return super().main(args, *posargs, **kwargs)  # None: click expands globs on Windows
        except Exception as crash:  # the one place a bug in djkh is reported
            report_crash(crash, debug=debug_requested(given))
            sys.exit(EXIT_CRASH)


def translate_shown_help(command: click.Command, ctx: click.Context) -> None:
    """Put `command`'s help texts, its --help option's too, in the current language.

    Only a run that shows help (or completes a word) pays for reading the catalog: click makes
    the --help option while it reads any command line, with its text in English.
    """
    help_option = command.get_help_option(ctx)
    translate_help(command, () if help_option is None else (help_option,))


def translate_help(command: click.Command, extra: Sequence[click.Parameter] = ()) -> None:
    """Show every help text in the current language (the English is kept as the source)."""
    parts: list[object] = [command, *command.params, *extra]
    for part in parts:
        source = part.__dict__.setdefault("djkh_help_source", getattr(part, "help", None))
        if source:
            setattr(part, "help", _(source))  # noqa: B010 (arguments have no help in click's types)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            translate_help(sub)


def _prefer_utf8() -> None:
    """Write UTF-8 to pipes and files on every platform (Windows would use the ANSI page).

    A file name the system gives as bytes that are not UTF-8 (a folder unzipped from a Windows
    archive in GBK) holds characters no encoding can write: they are written as `\\udcff`-style
    escapes, on a terminal too, rather than ending the run (in json, the escape of the very
    character, which reads back as the file's name)."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        if stream.isatty():
            stream.reconfigure(errors="backslashreplace")
        else:
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
