"""`djkh schema`: the JSON Schema of rubric or findings files, for editors."""

from __future__ import annotations

from dataclasses import dataclass

from djkh.commands import EXIT_OK
from djkh.commands.emit import echo
from djkh.model.kinds import FileKind
from djkh.model.schema import schema_text


@dataclass(frozen=True)
class SchemaRequest:
    """Which schema: the rubric's or the findings'."""

    kind: FileKind


def run(request: SchemaRequest) -> int:
    """Print the schema."""
    echo(schema_text(request.kind))
    return EXIT_OK
