"""Did-you-mean hints for misspelt ids and keys."""

from __future__ import annotations

from collections.abc import Iterable

from djkh.escaping import shown_invisibles, without_invisibles
from djkh.i18n import _


def did_you_mean(word: str, candidates: Iterable[str], *, in_order: bool = False) -> str:
    """`; did you mean 'x'?` for the closest candidate, else a list of what is allowed.

    The list is sorted, or kept in the candidates' order with `in_order` (a rubric's periods,
    levels, assessors: 一季度 before 二季度, as the rubric lists them). A word holding
    invisible characters (a zero-width space pasted from a web page) is shown with them
    escaped, or the suggestion would look identical to what was typed.
    """
    options = list(dict.fromkeys(candidates)) if in_order else sorted(set(candidates))
    shown = shown_invisibles(word)
    if shown == word:
        return _closest(word, options)
    visible_part = without_invisibles(word)
    if visible_part in options:
        message = _("; it holds invisible characters, '{shown}': delete them to write '{name}'")
        return message.format(shown=shown, name=visible_part)
    hint = _closest(visible_part, options)
    return hint + _(" (it holds invisible characters: '{shown}')").format(shown=shown)


def option_hint(word: str, candidates: Iterable[str]) -> str:
    """`; did you mean 'x'? (choices: a, b, c)` for a command-line option's value: the closest
    candidate and then every choice, in the candidates' order."""
    options = list(dict.fromkeys(candidates))
    hint = did_you_mean(word, options, in_order=True)
    if _nearest(without_invisibles(word), options) is None:
        return hint  # the hint lists every choice already
    return hint + _(" (choices: {names})").format(names=", ".join(options))


def _nearest(word: str, options: list[str]) -> str | None:
    import difflib  # a mistake's cost: clean files never need it

    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return close[0] if close else None


def _closest(word: str, options: list[str]) -> str:
    close = _nearest(word, options)
    if close is not None:
        return _("; did you mean '{name}'?").format(name=close)
    if not options:
        return ""
    shown = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    return _("; expected one of: {names}").format(names=shown)
