"""What a YAML syntax error means, in the user's words, and where the slip that caused it stands.

The parser reports where it gave up, often lines below the real mistake, in wordings that differ
between PyYAML and libyaml. Here the text up to that point is searched for the slips people make
(a full-width `：` or space typed by a Chinese input method, a missing colon, a key indented
unlike its neighbours, text with `: ` not in quotes); failing that, the parser's complaint is
said in the user's language at the place it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from djkh.i18n import N_, _

_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_KEY_LINE = re.compile(rf"[ ]*(?:-[ ]+)?{_KEY}[ ]*:(?:[ ]|$)")
_ENTRY_LINE = re.compile(rf"[ ]*(?:-(?:[ ]|$)|{_KEY}[ ]*:(?:[ ]|$))")
_FULL_WIDTH_COLON = re.compile(rf"(?:^[ ]*(?:-[ ]+)?|[{{,][ ]*)({_KEY})[ ]*(：)[ ]*")
_SPACE_AFTER_COLON = re.compile(rf"[ ]*(?:-[ ]+)?({_KEY}):[ ]*(\u3000+)[ \u3000]*")
_FULL_WIDTH_COMMA = re.compile(rf"(，)[ ]*{_KEY}[ ]*[:：]")
_FULL_WIDTH_DASH = re.compile(r"^[ ]*(－)")
_NO_SPACE = re.compile(rf"^[ ]*({_KEY}):([^\s:].*)$")
_NO_COLON = re.compile(rf"^[ ]*({_KEY})(?:[ ]+([^:#]*))?$")
_COLON_IN_TEXT = re.compile(
    rf"(?:^[ ]*(?:-[ ]+)?|[{{,][ ]*)({_KEY}):[ ]+([^\s\"'{{\[|>&*!][^,}}]*?:(?:[ ]|$)[^,}}]*)"
)


class Explained(NamedTuple):
    """A syntax error said for the user: where to fix it (1-based) and how."""

    line: int
    col: int
    message: str


# Each parser complaint, in PyYAML's wording and in libyaml's, and what it means for the user.
_COMPLAINTS: tuple[tuple[str, str], ...] = (
    (
        r"mapping values are not allowed (?:here|in this context)",
        N_("a ':' followed by a space cannot stand here (text that holds ': ' needs quotes)"),
    ),
    (r"could not find expected ':'", N_("a key is not followed by ':'")),
    (
        r"found character (?:'.*' )?that cannot start any token",
        N_("a value cannot start with this character: put the value in quotes"),
    ),
    (
        r"(?:block )?sequence entries are not allowed (?:here|in this context)",
        N_("a '- ' list entry cannot stand here"),
    ),
    (
        r"mapping keys are not allowed (?:here|in this context)",
        N_("a '? ' key cannot stand here: put the text in quotes"),
    ),
    (
        r"found unexpected end of stream",
        N_("the file ends inside quoted text: close the quotes"),
    ),
    (
        r"found unknown escape character.*|expected escape sequence of .*|did not find expected "
        r"hexdecimal number|found invalid Unicode character escape code",
        N_(
            "a '\\' in double quotes starts an escape that YAML does not know: "
            "write '\\\\' for a backslash, or use single quotes"
        ),
    ),
    (
        r"expected <block end>, but found .*|did not find expected key|did not find expected "
        r"'-' indicator",
        N_("this line does not fit the indentation of the lines above it"),
    ),
    (
        r"expected (?:the )?node content, but found .*|did not find expected node content",
        N_("a value is missing here"),
    ),
    (
        r"expected ',' or '\]', but got .*|did not find expected ',' or '\]'",
        N_("a '[' list is not closed with ']', or its entries are not separated by ','"),
    ),
    (
        r"expected ',' or '}', but got .*|did not find expected ',' or '}'",
        N_("a '{{' mapping is not closed with '}}', or its entries are not separated by ','"),
    ),
    (r"found unexpected ':'", N_("an unexpected ':': put the text in quotes")),
    (
        r"expected '<document start>', but found .*|did not find expected <document start>",
        N_("text after the end of the document: remove it"),
    ),
    (
        r"found unexpected (?:document separator|document indicator)",
        N_("a '---' or '...' line inside quoted text: close the quotes before it"),
    ),
    (
        r"expected a comment or a line break, but found .*|did not find expected comment or "
        r"line break",
        N_("more text after a value: put the whole text in quotes, or start a comment with ' #'"),
    ),
    (
        r"expected chomping or indentation indicators, but found .*|expected indentation "
        r"indicator in the range 1-9, but found 0|found an indentation indicator equal to 0",
        N_("the header of a '|' or '>' text block is invalid"),
    ),
    (
        r"found a tab character (?:that violates indentation|where an indentation space is "
        r"expected)",
        N_("a tab where an indentation space is expected"),
    ),
    (
        r"expected alphabetic or numeric character, but found .*|did not find expected "
        r"alphabetic or numeric character|found unexpected non-alphabetical character",
        N_(
            "'&', '*' and '!' start anchors, aliases and tags, which djkh files do not use: "
            "put the text in quotes"
        ),
    ),
    (
        r"expected a digit.*|found duplicate YAML directive|found duplicate %YAML directive|"
        r"found incompatible YAML document.*|found undefined tag handle.*|found duplicate %TAG "
        r"directive|duplicate tag handle.*|could not find expected directive name|found unknown "
        r"directive name|did not find expected digit or '.' character|found extremely long "
        r"version number|did not find expected version number|did not find expected whitespace.*"
        r"|expected ' ', but found .*|found non-specific tag.*|expected URI.*|did not find URI "
        r"escaped octet|did not find expected tag URI|expected '!', but found .*|did not find "
        r"expected '!'|expected '>', but found .*|did not find the expected '>'",
        N_(
            "a '%' directive or '!' tag, which djkh files do not use: remove it, "
            "or put the text in quotes"
        ),
    ),
    (
        r"special characters are not allowed|control characters are not allowed",
        N_("an invisible control character: delete it"),
    ),
    (
        r"exceeded maximum nesting depth|while increasing block level",
        N_("nested too deeply"),
    ),
)
_COMPLAINT_PATTERNS = tuple((re.compile(pattern), meaning) for pattern, meaning in _COMPLAINTS)
_BLOCK_COMPLAINTS = (
    "expected <block end>",
    "did not find expected key",
    "did not find expected '-' indicator",
    "mapping values are not allowed",
    "sequence entries are not allowed",
)
_FLOW_COMPLAINTS = {"expected ',' or '}'": "{", "expected ',' or ']'": "["}


def complaint(problem: str | None) -> str:
    """The parser's complaint in the user's language, whichever parser made it."""
    for pattern, meaning in _COMPLAINT_PATTERNS:
        if problem is not None and pattern.fullmatch(problem):
            return _(meaning).format()  # the braces in messages are doubled
    if problem:
        return _("invalid YAML ({reason})").format(reason=problem)
    return _("invalid YAML")


def explain(
    text: str, problem: str | None, at: tuple[int, int], opened_at: tuple[int, int] | None
) -> Explained:
    """The mistake behind a syntax error the parser met at `at` (1-based line, column).

    `opened_at` is where the parser's context began (the `{` of an unclosed mapping).
    """
    lines = _LINE_BREAK.split(text)
    last = min(at[0], len(lines))
    for index in range(last):
        for find in _SLIPS:
            slip = find(lines, index)
            if slip is not None:
                return slip
    reason = complaint(problem)
    said = problem or ""
    if any(said.startswith(kind) or kind in said for kind in _BLOCK_COMPLAINTS):
        misplaced = _misindented(lines, at[0] - 1)
        if misplaced is not None:
            return misplaced
    bracket = next((b for kind, b in _FLOW_COMPLAINTS.items() if kind in said), None)
    if bracket is None and "did not find expected ',' or" in said:
        bracket = "{" if said.endswith("'}'") else "["
    if bracket is not None and opened_at is not None:
        return _unclosed(lines, bracket, at, opened_at, reason)
    if "escape" in said and last:  # PyYAML points after the backslash, libyaml at it
        return Explained(at[0], lines[last - 1].rfind("\\", 0, at[1]) + 1 or at[1], reason)
    hint = _("check the indentation and quoting on this line or the one before")
    return _said(at[0], at[1], reason, hint)


def _said(line: int, col: int, reason: str, hint: str) -> Explained:
    return Explained(line, col, _("{reason}: {hint}").format(reason=reason, hint=hint))


def _code(line: str) -> str:
    """The line without its comment: a `#` at the start or after a space, outside quotes."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and (index == 0 or line[index - 1] in " \t{[,:-"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index].rstrip()
    return line.rstrip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    return bool(_code(line).strip())


def _neighbour(lines: list[str], index: int, step: int) -> int | None:
    """The nearest line before (step -1) or after (step 1) `index` holding more than a comment."""
    other = index + step
    while 0 <= other < len(lines):
        if _is_content(lines[other]):
            return other
        other += step
    return None


def _full_width_space(lines: list[str], index: int) -> Explained | None:
    line = lines[index]
    leading = line[: len(line) - len(line.lstrip(" \u3000"))]
    if "\u3000" not in leading:
        return None
    message = _(
        "full-width space '\u3000' (U+3000) in the indentation: indent with half-width spaces "
        "(switch the input method to 半角)"
    )
    return Explained(index + 1, leading.index("\u3000") + 1, message)


def _tab(lines: list[str], index: int) -> Explained | None:
    line = lines[index]
    leading = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" not in leading:
        return None
    message = _(
        "a tab in the indentation: YAML does not allow tabs for indentation: indent with spaces"
    )
    return Explained(index + 1, leading.index("\t") + 1, message)


def _full_width_space_after_colon(lines: list[str], index: int) -> Explained | None:
    found = _SPACE_AFTER_COLON.match(lines[index])
    if found is None:
        return None
    key, rest = found.group(1), _code(lines[index])[found.end() :].strip()
    message = _(
        "full-width space '\u3000' after the ':' of '{key}': write a half-width space, "
        "'{key}: {value}'"
    ).format(key=key, value=rest)
    return Explained(index + 1, found.start(2) + 1, message)


def _full_width_colon(lines: list[str], index: int) -> Explained | None:
    code = _code(lines[index])
    found = _FULL_WIDTH_COLON.search(code)
    if found is None:
        return None
    key, rest = found.group(1), code[found.end() :].strip()
    if rest:
        message = _(
            "full-width colon '：' after '{key}': write a half-width colon and a space, '{fix}'"
        ).format(key=key, fix=f"{key}: {rest}")
    else:
        message = _("full-width colon '：' after '{key}': write a half-width colon, '{key}:'")
        message = message.format(key=key)
    return Explained(index + 1, found.start(2) + 1, message)


def _full_width_comma(lines: list[str], index: int) -> Explained | None:
    found = _FULL_WIDTH_COMMA.search(_code(lines[index]))
    if found is None:
        return None
    message = _("full-width comma '，' between two entries: write a half-width comma ','")
    return Explained(index + 1, found.start(1) + 1, message)


def _full_width_dash(lines: list[str], index: int) -> Explained | None:
    found = _FULL_WIDTH_DASH.match(lines[index])
    if found is None:
        return None
    message = _("full-width dash '－' before a list entry: write a half-width '- '")
    return Explained(index + 1, found.start(1) + 1, message)


def _missing_colon(lines: list[str], index: int) -> Explained | None:
    """A bare `key value` or `key:value` line among `key: value` lines of the same indentation."""
    code = _code(lines[index])
    if not _beside_keys(lines, index):
        return None
    glued = _NO_SPACE.match(code)
    if glued is not None:
        key, value = glued.groups()
        message = _("no space after the ':' of '{key}': write '{key}: {value}'")
        return Explained(
            index + 1, len(code) - len(value) + 1, message.format(key=key, value=value)
        )
    bare = _NO_COLON.match(code)
    if bare is None:
        return None
    key, value = bare.group(1), (bare.group(2) or "").strip()
    fix = f"{key}: {value}" if value else f"{key}:"
    message = _("missing ':' after '{key}': write '{fix}'").format(key=key, fix=fix)
    return Explained(index + 1, bare.end(1) + 1, message)


def _beside_keys(lines: list[str], index: int) -> bool:
    """Whether a neighbouring line at the same indentation is a `key:` line."""
    own = _indent(lines[index])
    for step in (-1, 1):
        other = _neighbour(lines, index, step)
        if other is not None and _indent(lines[other]) == own:
            return bool(_KEY_LINE.match(_code(lines[other])))
    return False


def _colon_in_text(lines: list[str], index: int) -> Explained | None:
    found = _COLON_IN_TEXT.search(_code(lines[index]))
    if found is None:
        return None
    key, value = found.group(1), found.group(2).strip()
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    message = _(
        "the text after '{key}:' holds ': ', which YAML reads as another key: "
        "put the text in quotes, {key}: {quoted}"
    ).format(key=key, quoted=quoted)
    return Explained(index + 1, found.start(2) + 1, message)


_SLIPS: tuple[Callable[[list[str], int], Explained | None], ...] = (
    _tab,
    _full_width_space,
    _full_width_colon,
    _full_width_space_after_colon,
    _full_width_comma,
    _full_width_dash,
    _missing_colon,
    _colon_in_text,
)


def _misindented(lines: list[str], error: int) -> Explained | None:
    """The key indented unlike its neighbours, judged from the line the parser stopped at."""
    if not 0 <= error < len(lines) or not _is_content(lines[error]):
        return None
    before = _neighbour(lines, error, -1)
    if before is None or not _ENTRY_LINE.match(_code(lines[error])):
        return None
    if not _ENTRY_LINE.match(_code(lines[before])):
        return None
    after = _neighbour(lines, error, 1)
    mine, theirs = _indent(lines[error]), _indent(lines[before])
    if mine == theirs:
        return None
    odd, good = error, before
    if after is not None and _indent(lines[after]) == mine:
        odd, good = before, error
    message = _(
        "this line is indented {n} spaces, but line {other}, in the same mapping, {m}: "
        "indent the keys of one mapping alike"
    ).format(n=_indent(lines[odd]), other=good + 1, m=_indent(lines[good]))
    return Explained(odd + 1, _indent(lines[odd]) + 1, message)


def _unclosed(
    lines: list[str],
    bracket: str,
    at: tuple[int, int],
    opened_at: tuple[int, int],
    reason: str,
) -> Explained:
    closing = "}" if bracket == "{" else "]"
    line = lines[opened_at[0] - 1] if opened_at[0] <= len(lines) else ""
    if closing in _code(line)[opened_at[1] :]:
        return _said(*at, reason, _("separate the entries with ', ' and put text in quotes"))
    message = _("the '{open}' here is not closed: end it with '{close}' on the same line")
    return Explained(*opened_at, message.format(open=bracket, close=closing))
