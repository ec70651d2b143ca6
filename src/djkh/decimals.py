"""Exact decimal numbers as users read them: `4.5`, `92`, never `4.50` or `91.99999`."""

from __future__ import annotations

from decimal import Context, Decimal
from functools import lru_cache

# Every number djkh reads has at most 15 digits, none below 1e-15, and is below 1e15 (see
# djkh.files.loader.resolve_plain): a multiple of 1e-15 with at most 30 digits. A product of
# two is a multiple of 1e-30 with at most 60 digits, the rescaling of a total (a sum of such
# products times the rubric's total) at most 45 + 45, and adding up fewer than 10**9 terms adds
# 9: so 100 digits hold every sum, difference and product exactly, where Python's default 28
# would round.
EXACT = Context(prec=100)


# Equal numbers read alike (4.50 and 4.5 both read 4.5), so a number's text can be looked up by
# its value: a batch's forms show the same few scores again and again.
@lru_cache(maxsize=4096)
def format_number(number: Decimal | int) -> str:
    """Plain notation without trailing zeros: Decimal('4.50') -> '4.5', Decimal('1E+2') -> '100'."""
    text = format(Decimal(number), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
