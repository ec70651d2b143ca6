"""Did-you-mean hints for misspelt ids and keys."""

from __future__ import annotations

from collections.abc import Iterable

from djkh.escaping import shown_invisibles, without_invisibles
from djkh.i18n import _


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest candidate, else a list of what is allowed.

    A word holding invisible characters (a zero-width space pasted from a web page) is shown
    with them escaped, or the suggestion would look identical to what was typed.
    """
    options = sorted(set(candidates))
    shown = shown_invisibles(word)
    if shown == word:
        return _closest(word, options)
    visible_part = without_invisibles(word)
    if visible_part in options:
        message = _("; it holds invisible characters, '{shown}': delete them to write '{name}'")
        return message.format(shown=shown, name=visible_part)
    hint = _closest(visible_part, options)
    return hint + _(" (it holds invisible characters: '{shown}')").format(shown=shown)


def _closest(word: str, options: list[str]) -> str:
    import difflib  # a mistake's cost: clean files never need it

    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return _("; did you mean '{name}'?").format(name=close[0])
    if not options:
        return ""
    shown = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    return _("; expected one of: {names}").format(names=shown)
