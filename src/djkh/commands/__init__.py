"""One module per djkh command: a request in, an exit code out."""
