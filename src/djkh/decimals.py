"""Exact decimal numbers as users read them: `4.5`, `92`, never `4.50` or `91.99999`."""

from __future__ import annotations

from decimal import Decimal


def format_number(number: Decimal | int) -> str:
    """Plain notation without trailing zeros: Decimal('4.50') -> '4.5', Decimal('1E+2') -> '100'."""
    text = format(Decimal(number), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
