"""Characters a format cannot hold, or a reader cannot see, shown as visible escapes."""

from __future__ import annotations

import re

# XML 1.0 and so xlsx cannot hold C0 controls other than tab, newline and carriage return, nor
# U+FFFE, U+FFFF or a lone surrogate (a YAML "\ud800" escape).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# What a reader cannot see or tell apart in an id: controls, zero-width and format characters.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def escape(char: str) -> str:
    r"""The escape a reader sees for one character: `\x01`, `\u200b`."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_safe(text: str) -> str:
    r"""`text` with what XML cannot hold shown as `\x01`-style escapes, the rest as it is."""
    return _NOT_IN_XML.sub(lambda match: escape(match.group()), text)


def shown_invisibles(text: str) -> str:
    r"""`text` with invisible characters (a zero-width space, a NUL) shown as escapes."""
    return _INVISIBLE.sub(lambda match: escape(match.group()), text)
