"""The command line, click only: the group and its commands, shared options, translated texts,
and the one crash handler. Each command hands a request to djkh.commands and exits with its code.

`djkh = "djkh.cli:run"`: `main`, the click group, then a quick exit. The commands and the core
are imported only when a command runs, so `djkh --version` and `--help` stay fast and never
import yaml, pydantic or rich.
"""

import click  # noqa: F401 (its modules must be loaded to be told)

from djkh import i18n

i18n.click_in_english()  # before the commands below are defined with click's texts

from djkh.cli.group import main  # noqa: E402
from djkh.cli.program import run  # noqa: E402
from djkh.commands import EXIT_CRASH  # noqa: E402

__all__ = ["EXIT_CRASH", "main", "run"]
