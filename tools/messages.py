"""Find the messages djkh's code marks for translation, the same way on every Python version.

Babel's own Python extractor reads tokens, and before Python 3.12 an f-string is one token, so
`f"{_('text')}"` is invisible to it there. Python's `ast` parses f-strings fully on every
version, so this extractor sees each `_()`, `gettext()`, `N_()` and `ngettext()` call wherever
it stands. It has the signature of a Babel extraction method.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

# The marking functions and how many leading string arguments each takes.
KEYWORDS = {"_": 1, "gettext": 1, "N_": 1, "ngettext": 2}

Found = tuple[int, str, "str | tuple[str, ...]", list[str]]


def extract_python(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Found]:
    """Yield (line, function, message or (singular, plural), comments) for each marked call."""
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        found = _marked(node)
        if found is not None:
            yield found


def _marked(node: ast.AST) -> Found | None:
    if not isinstance(node, ast.Call):
        return None
    name = _function_name(node.func)
    count = KEYWORDS.get(name or "")
    if name is None or count is None or len(node.args) < count:
        return None
    texts = [arg.value for arg in node.args[:count] if isinstance(arg, ast.Constant)]
    if len(texts) != count or not all(isinstance(text, str) for text in texts):
        return None
    message: str | tuple[str, ...] = texts[0] if count == 1 else tuple(texts)
    return node.lineno, name, message, []


def _function_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and func.attr in KEYWORDS:
        return func.attr  # i18n.gettext(...), i18n.ngettext(...)
    return None
