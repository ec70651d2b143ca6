"""The kinds of djkh file, as their `kind:` key names them; no pydantic, so any stage may use it."""

from __future__ import annotations

from enum import Enum


class FileKind(str, Enum):
    """What a djkh file holds: a rubric, or a unit's findings against one."""

    RUBRIC = "rubric"
    FINDINGS = "findings"

    def __str__(self) -> str:
        return self.value
