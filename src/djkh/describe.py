"""Short descriptions of YAML values for error messages: `text "yes"`, `the number 5`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from djkh.decimals import format_number


def describe(value: Any) -> str:
    """How a value read from YAML looks to the user who wrote it."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return f"the number {format_number(value)}"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f'text "{shown}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
