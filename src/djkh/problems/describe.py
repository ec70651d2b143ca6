"""Short descriptions of YAML values for error messages: `text "yes"`, `the number 5`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from djkh.decimals import format_number
from djkh.i18n import _


def describe(value: Any) -> str:
    """How a value read from YAML looks to the user who wrote it."""
    if value is None:
        return _("nothing (an empty value)")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return _("the number {number}").format(number=format_number(value))
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return _('text "{text}"').format(text=shown)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return type(value).__name__
