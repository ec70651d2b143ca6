"""Values written as on a paper form (`5次`, `86%`, `５`, `是`, `"3"`): the exact fix for each.

djkh reads none of them as a number or true/false: it says what to write instead, so a file means
the same to djkh, to an editor's schema check and to the next reader.
"""

from __future__ import annotations

import re
import unicodedata

from djkh.i18n import _

_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_WITH_UNIT = re.compile(r"([-+]?[0-9]+(?:\.[0-9]+)?)[ ]*([^0-9.\s][^0-9]*)")
_DECIMAL_COMMA = re.compile(r"[0-9]+,[0-9]+")
_BOOLEANS = {"true", "false", "True", "False", "TRUE", "FALSE"}
_YES_NO = {"是": "true", "否": "false"}


def fix_for_text(value: str, *, boolean: bool = False, whole: bool = False) -> str | None:
    """What to write instead of text `value` where a number (`boolean`: true or false) goes.

    None when the text is no natural way of writing one (with `whole`: of a whole number).
    """
    text = value.strip()
    if "\u3000" in value and "\u3000" not in text:
        return _("write {text}, without the full-width space '\u3000'").format(text=text)
    if boolean:
        if text in _YES_NO:
            return _("write {fix}, not {text}").format(fix=_YES_NO[text], text=text)
        return _unquoted(text) if text in _BOOLEANS else None
    number, fix = _number_fix(text)
    if number is None or (whole and "." in number):
        return None
    return fix


def _number_fix(text: str) -> tuple[str | None, str]:
    """The number `text` stands for, and what to write; (None, "") when it stands for none."""
    if _NUMBER.fullmatch(text):
        return text, _unquoted(text)
    narrow = unicodedata.normalize("NFKC", text)
    if narrow != text and _NUMBER.fullmatch(narrow):
        return narrow, _("write {number} in half-width digits").format(number=narrow)
    with_unit = _WITH_UNIT.fullmatch(narrow)
    if with_unit is not None:
        number, unit = with_unit.groups()
        fix = _("write {number}, without {unit}").format(number=number, unit=unit.strip())
        return number, fix
    if _DECIMAL_COMMA.fullmatch(narrow):
        number = narrow.replace(",", ".")
        return number, _("write {number}: a decimal point, not a comma").format(number=number)
    return None, ""


def _unquoted(text: str) -> str:
    return _("write {text} without quotes: in quotes it is text").format(text=text)
