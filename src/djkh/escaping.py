"""Text from input files made inert for each output: spreadsheets, Markdown, terminals."""

from __future__ import annotations

import re

# OWASP's CSV injection guidance: a cell starting with one of these is read as a formula (or a
# DDE command) by Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# How output is encoded: UTF-8, and a character no encoding can write as its `\udcff`-style
# escape. Only a file name the system gave as bytes that are not UTF-8 has one (a lone
# surrogate, as Python keeps such a byte); in json, the escape is that very character's.
UTF8, SHOWN = "utf-8", "backslashreplace"


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet would evaluate `text` typed into a cell."""
    return text.startswith(FORMULA_STARTS)


def spreadsheet_text(text: str) -> str:
    """A csv cell shown as the text it is: a leading `'` where it would start a formula, and
    control characters a spreadsheet cannot hold (a NUL) as escapes, as in xlsx."""
    shown = xml_safe(text)
    return "'" + shown if starts_like_formula(shown) else shown


def markdown_text(text: str) -> str:
    """Text that stays where it is put in Markdown: a table cell, a heading, a bold line.

    Line breaks (CRLF, a lone CR, LF, U+2028, U+2029) become `<br>`, so a text can neither end
    its table row nor start a heading or a list; `|` cannot end a cell, `<` cannot open html;
    `\\ * _ ~ ` [` are escaped so text never turns into emphasis, code or a link; other
    control characters are shown as escapes.
    """
    escaped = _MARKDOWN_SPECIAL.sub(_escape_markdown, text)
    return visible(_LINE_BREAK.sub("<br>", escaped), keep="\t")


def markdown_code(text: str) -> str:
    """Text as one Markdown code span, whatever backticks or line breaks it holds."""
    flat = visible(_LINE_BREAK.sub(" ", text), keep="\t")
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _escape_markdown(match: re.Match[str]) -> str:
    return "&lt;" if match.group() == "<" else "\\" + match.group()


_MARKDOWN_SPECIAL = re.compile(r"[\\|*_~`\[<]")
_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")


def visible(text: str, keep: str = "") -> str:
    """Control characters as `\\x1b`-style escapes, so a terminal shows them, never obeys them.

    ESC, CSI, BEL and their kind would let a file recolour, clear or hyperlink the reader's
    terminal; bidi overrides would reorder what is shown. `keep` lists characters left as they
    are (a table keeps its line breaks).
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda match: _escape(match.group(), keep), text)


def terminal_text(text: str) -> str:
    """Text for the terminal: control characters shown as `\\x1b`-style escapes, lines kept."""
    return visible(text, keep="\n")


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
