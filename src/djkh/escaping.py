"""Text from input files made inert for each output: spreadsheets, Markdown, terminals."""

from __future__ import annotations

import re

# OWASP's CSV injection guidance: a cell starting with one of these is read as a formula (or a
# DDE command) by Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet would evaluate `text` typed into a cell."""
    return text.startswith(FORMULA_STARTS)


def spreadsheet_text(text: str) -> str:
    """A csv cell shown as the text it is: a leading `'` where it would start a formula."""
    return "'" + text if starts_like_formula(text) else text


def visible(text: str, keep: str = "") -> str:
    """Control characters as `\\x1b`-style escapes, so a terminal shows them, never obeys them.

    ESC, CSI, BEL and their kind would let a file recolour, clear or hyperlink the reader's
    terminal; bidi overrides would reorder what is shown. `keep` lists characters left as they
    are (a table keeps its line breaks).
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda match: _escape(match.group(), keep), text)


def _escape(char: str, keep: str) -> str:
    if char in keep:
        return char
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


# C0 and C1 controls, DEL, the bidi controls and the line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


# XML 1.0, and so xlsx, cannot hold C0 controls other than tab, newline and carriage return,
# nor U+FFFE or U+FFFF.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# What a reader cannot see or tell apart in an id: controls, zero-width and format characters.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def xml_safe(text: str) -> str:
    """`text` with what XML cannot hold (a control character pasted from Word) as escapes."""
    return _NOT_IN_XML.sub(lambda match: _escape(match.group(), ""), text)


def shown_invisibles(text: str) -> str:
    """`text` with what a reader cannot see (a zero-width space, a NUL) as escapes."""
    return _INVISIBLE.sub(lambda match: _escape(match.group(), ""), text)


def without_invisibles(text: str) -> str:
    """`text` with what a reader cannot see left out."""
    return _INVISIBLE.sub("", text)
