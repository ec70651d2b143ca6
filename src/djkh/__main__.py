"""`python -m djkh`."""

from djkh.cli import run

run()
