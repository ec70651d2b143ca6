"""`python -m djkh`."""

from djkh.cli import main

main()
