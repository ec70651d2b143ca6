"""One module per djkh command: a frozen request in, an exit code out, output through the emitter.

Only this package and djkh.cli print or exit; the core returns data.
"""

EXIT_OK, EXIT_PROBLEMS, EXIT_TROUBLE, EXIT_CRASH = 0, 1, 2, 3
