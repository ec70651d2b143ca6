"""The command line, click only: the group and its commands, shared options, translated texts,
and the one crash handler. Each command hands a request to djkh.commands and exits with its code.

`djkh = "djkh.cli:main"`; the commands and the core are imported only when a command runs, so
`djkh --version` and `--help` stay fast and never import yaml, pydantic or rich.
"""

from djkh.cli.group import main
from djkh.commands import EXIT_CRASH

__all__ = ["EXIT_CRASH", "main"]
