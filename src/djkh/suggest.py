"""Did-you-mean hints for misspelt ids and keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from djkh.i18n import _


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest candidate, else a list of what is allowed."""
    options = sorted(set(candidates))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return _("; did you mean '{name}'?").format(name=close[0])
    if not options:
        return ""
    shown = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    return _("; expected one of: {names}").format(names=shown)
