"""Safe YAML loading into plain data, with the 1-based position of every key and value.

The only module that imports yaml. It builds the data itself from the parser's event stream, so it
can refuse what djkh files never need (anchors, tags, several documents, deep nesting) at the
first offending event, before anything is expanded, and resolve scalars strictly: numbers become
int or Decimal (never float), and YAML 1.1 words such as `yes`, `on` or dates stay text.

A plain, well-formed file (the usual case) takes a quicker road: libyaml composes it in C and
only the finished nodes are walked in Python; positions are read off those nodes' marks if a
message needs them. Anything that road cannot vouch for goes the event road instead, which alone
reports problems.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

import yaml

from djkh.files.document import Document, Loc, Pos, Positions
from djkh.files.reading import read_bytes, text_of
from djkh.i18n import _
from djkh.problems.codes import Code
from djkh.problems.outcome import Outcome, failed, ok
from djkh.problems.problem import Problem

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 32
MAX_DIGITS = 15
# The smallest place a digit may stand at (1e-15); with MAX_DIGITS this bounds every number
# djkh reads, and djkh.decimals.EXACT has room for any sum of products of such numbers.
MIN_EXPONENT = -15

_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_DECIMAL = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
# How each of the three patterns above can start.
_NUMBER_STARTS = frozenset("0123456789+-.")


class _Stop(Exception):
    """Raised inside the builder when the rest of the file cannot be read meaningfully."""


def load_file(path: str) -> Outcome[Document]:
    """Read, decode and parse one YAML file, a findings workbook, or one unit's sheet of a
    workbook of several (`BOOK.xlsx:工作表`); never raises for bad input."""
    raw = read_bytes(path)  # once: the text's bytes, or the zip's first that mark a workbook
    if raw.value is not None and raw.value.startswith(b"PK\x03\x04"):
        # Only a file that starts as a zip does is worth importing the workbook reader for.
        from djkh.files.workbook import is_workbook, load_workbook

        if is_workbook(path):
            return load_workbook(path)
    elif ":" in path:
        from djkh.files.units import load_unit, split_source

        if split_source(path) is not None:  # one unit's sheet: BOOK.xlsx:工作表
            return load_unit(path)
    return raw.then(lambda found: text_of(found, path)).then(lambda text: load_text(text, path))


def load_text(text: str, path: str) -> Outcome[Document]:
    """Parse YAML text into a Document, collecting every problem met on the way."""
    composed = _compose_quickly(text)
    if composed is not None:
        data, root = composed
        return ok(Document(path, data, partial(_positions_of, root)))
    return _load_by_events(text, path)


def _load_by_events(text: str, path: str) -> Outcome[Document]:
    """The event road: every problem met, and every position recorded."""
    builder = _Builder(path)
    deep = _deep_flow_position(text)
    if deep is not None:
        builder.fail(deep, Code.TOO_DEEP, _too_deep())
        return builder.result()
    try:
        builder.run(yaml.parse(text, Loader=_LOADER))
    except _Stop:
        pass
    except yaml.MarkedYAMLError as err:
        builder.problems.append(_syntax_problem(path, text, err))
    except yaml.reader.ReaderError as err:
        builder.problems.append(_reader_problem(path, text, err))
    except yaml.YAMLError as err:
        message = _("YAML error: {reason}").format(reason=err)
        builder.problems.append(Problem(path, None, None, Code.SYNTAX, message))
    return builder.result()


def _syntax_problem(path: str, text: str, err: yaml.MarkedYAMLError) -> Problem:
    from djkh.files.syntax import complaint, explain  # its many patterns serve broken files only

    mark = err.problem_mark or err.context_mark
    if mark is None:
        message = _("YAML syntax error: {reason}").format(reason=complaint(err.problem))
        return Problem(path, None, None, Code.SYNTAX, message)
    opened = err.context_mark
    opened_at = None if opened is None else (opened.line + 1, opened.column + 1)
    said = explain(text, err.problem, (mark.line + 1, mark.column + 1), opened_at)
    message = _("YAML syntax error: {reason}").format(reason=said.message)
    return Problem(path, said.line, said.col, Code.SYNTAX, message)


def _reader_problem(path: str, text: str, err: yaml.reader.ReaderError) -> Problem:
    """A character YAML refuses, found again in the text: the parsers count offsets differently."""
    character = chr(err.character) if isinstance(err.character, int) else str(err.character)
    message = _("YAML syntax error: character U+{code:04X} is not allowed: delete it").format(
        code=ord(character[:1] or "\0")
    )
    start = text.find(character)
    if start < 0:
        return Problem(path, None, None, Code.SYNTAX, message)
    line = text.count("\n", 0, start) + 1
    return Problem(path, line, start - text.rfind("\n", 0, start), Code.SYNTAX, message)


class _Frame:
    """A mapping or sequence the event builder is filling (a plain class: only files that take
    the event road need one, and a dataclass would be made at every start)."""

    __slots__ = ("container", "first_seen", "key", "key_pos", "loc")

    def __init__(self, container: dict[str, Any] | list[Any], loc: Loc | None) -> None:
        self.container = container
        self.loc = loc  # None inside a discarded duplicate
        self.key: str | None = None
        self.key_pos: Pos = (1, 1)
        self.first_seen: dict[str, int] = {}


class _Builder:
    """Turns the parser's events into plain data, recording positions and problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.values: dict[Loc, Pos] = {}
        self.keys: dict[Loc, Pos] = {}
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.root_pos: Pos = (1, 1)
        self.documents = 0

    def fail(self, pos: Pos, code: Code, message: str) -> None:
        self.problems.append(Problem(self.path, pos[0], pos[1], code, message))

    def stop(self, pos: Pos, code: Code, message: str) -> _Stop:
        self.fail(pos, code, message)
        return _Stop()

    def run(self, events: Iterator[yaml.Event]) -> None:
        for event in events:
            mark = event.start_mark
            pos = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise self.stop(
                        pos,
                        Code.SECOND_DOCUMENT,
                        _(
                            "a second YAML document ('---') follows: keep one "
                            "rubric or one findings record per file"
                        ),
                    )
            elif isinstance(event, yaml.AliasEvent):
                raise self.stop(
                    pos,
                    Code.ANCHOR,
                    _(
                        "alias '*{name}' is not allowed: djkh files do not "
                        "use anchors and aliases; write the content out in full"
                    ).format(name=event.anchor),
                )
            elif isinstance(event, yaml.NodeEvent):
                self.node(event, pos)
            elif isinstance(event, yaml.CollectionEndEvent):
                self.stack.pop()

    def node(self, event: yaml.NodeEvent, pos: Pos) -> None:
        if event.anchor is not None:
            raise self.stop(
                pos,
                Code.ANCHOR,
                _(
                    "anchor '&{name}' is not allowed: djkh files do not use "
                    "anchors and aliases; write the content out in full"
                ).format(name=event.anchor),
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise self.stop(
                pos,
                Code.TAG,
                _(
                    "tag '{tag}' is not allowed: remove it; djkh "
                    "files hold plain text, numbers, true/false, lists and mappings"
                ).format(tag=_shown_tag(tag)),
            )
        frame = self.stack[-1] if self.stack else None
        if isinstance(frame, _Frame) and isinstance(frame.container, dict) and frame.key is None:
            self.take_key(frame, event, pos)
            return
        value = self.value_of(event, pos)
        loc = self.attach(frame, value, pos)
        if isinstance(event, yaml.CollectionStartEvent):
            if len(self.stack) >= MAX_DEPTH:
                raise self.stop(pos, Code.TOO_DEEP, _too_deep())
            self.stack.append(_Frame(value, loc))

    def take_key(self, frame: _Frame, event: yaml.NodeEvent, pos: Pos) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            raise self.stop(
                pos,
                Code.COMPLEX_KEY,
                _("a mapping key must be a plain name, not a list or mapping"),
            )
        frame.key, frame.key_pos = event.value, pos

    def value_of(self, event: yaml.NodeEvent, pos: Pos) -> Any:
        if isinstance(event, yaml.MappingStartEvent):
            return {}
        if isinstance(event, yaml.SequenceStartEvent):
            return []
        assert isinstance(event, yaml.ScalarEvent)
        if not event.implicit[0]:  # quoted: always text
            return event.value
        try:
            return resolve_plain(event.value)
        except ValueError as err:
            self.fail(pos, Code.BAD_NUMBER, str(err))
            return None

    def attach(self, frame: _Frame | None, value: Any, pos: Pos) -> Loc | None:
        if frame is None:
            self.root, self.root_pos = value, pos
            self.values[()] = pos
            return ()
        if isinstance(frame.container, list):
            frame.container.append(value)
            loc = None if frame.loc is None else (*frame.loc, len(frame.container) - 1)
        else:
            loc = self.attach_to_mapping(frame, value)
        if loc is not None:
            self.values[loc] = pos
        return loc

    def attach_to_mapping(self, frame: _Frame, value: Any) -> Loc | None:
        key, key_pos = frame.key, frame.key_pos
        assert key is not None and isinstance(frame.container, dict)
        frame.key = None
        if key in frame.container:
            self.fail(
                key_pos,
                Code.DUPLICATE_KEY,
                _("duplicate key '{key}' (first at line {line}): remove one of them").format(
                    key=key, line=frame.first_seen[key]
                ),
            )
            return None
        frame.container[key] = value
        frame.first_seen[key] = key_pos[0]
        if frame.loc is None:
            return None
        loc = (*frame.loc, key)
        self.keys[loc] = key_pos
        return loc

    def result(self) -> Outcome[Document]:
        if self.problems:
            return failed(self.problems)
        if self.root is None:
            message = _("file is empty: a djkh file starts with 'kind: rubric' or 'kind: findings'")
            return failed((Problem(self.path, 1, 1, Code.NOT_A_MAPPING, message),))
        if not isinstance(self.root, dict):
            if isinstance(self.root, list):
                message = _("the top level must be a mapping of 'key: value' lines, not a list")
            else:
                message = _(
                    "the top level must be a mapping of 'key: value' lines, not a single value"
                )
            return failed((Problem(self.path, *self.root_pos, Code.NOT_A_MAPPING, message),))
        positions = Positions(self.values, self.keys)
        return ok(Document(self.path, self.root, lambda: positions))


def _positions_of(root: _Node) -> Positions:
    """The positions of a file the quick road loaded, read off the marks libyaml left on its nodes.

    They are the event road's positions (a node starts where the event that made it starts), but
    looked up along one path when asked: a warning needs one or two, not a record of every node.
    """
    return Positions(_Marks(root, keys=False), _Marks(root, keys=True))


_UNSEEN: Any = object()  # a location not looked up yet


class _Marks(Mapping[Loc, Pos]):
    """Where each value (or each key) starts, found by walking the composed nodes to it."""

    def __init__(self, root: _Node, *, keys: bool) -> None:
        self._root = root
        self._keys = keys
        self._found: dict[Loc, Pos | None] = {}

    def __getitem__(self, loc: Loc) -> Pos:
        found = self.get(loc)
        if found is None:
            raise KeyError(loc)
        return found

    def get(self, loc: Loc, default: Pos | None = None) -> Pos | None:  # type: ignore[override]
        """The position, looked up once; `default` where there is none (one call, not two)."""
        found = self._found.get(loc, _UNSEEN)
        if found is _UNSEEN:
            found = self._found[loc] = self._look_up(loc)
        return default if found is None else found

    def __contains__(self, loc: object) -> bool:
        return isinstance(loc, tuple) and self.get(loc) is not None

    def _look_up(self, loc: Loc) -> Pos | None:
        if self._keys and not loc:
            return None
        node = self._root
        key: _Node | None = None
        for step in loc:
            if type(node) is _Mapping:
                for pair in node.args[1]:  # a loop, not next() over a generator: 1 µs a warning
                    if pair[0].args[1] == step:
                        key, node = pair
                        break
                else:
                    return None
            elif type(node) is _Sequence and isinstance(step, int):
                items = node.args[1]
                if not 0 <= step < len(items):
                    return None
                key, node = None, items[step]
            else:
                return None
        if self._keys and key is None:  # the top, or an entry of a list: no key names it
            return None
        mark = key.args[2] if self._keys and key is not None else node.args[2]
        return mark.line + 1, mark.column + 1

    def __iter__(self) -> Iterator[Loc]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())

    def _every(self) -> dict[Loc, Pos]:
        """Every position at once, for whoever iterates (tests comparing both roads)."""
        values: dict[Loc, Pos] = {}
        keys: dict[Loc, Pos] = {}
        _record(self._root, (), values, keys)
        return keys if self._keys else values


def _record(node: _Node, loc: Loc, values: dict[Loc, Pos], keys: dict[Loc, Pos]) -> None:
    _tag, value, mark, _end, _style = node.args
    values[loc] = (mark.line + 1, mark.column + 1)
    if type(node) is _Mapping:
        for key, entry in value:
            key_mark, name = key.args[2], key.args[1]
            keys[(*loc, name)] = (key_mark.line + 1, key_mark.column + 1)
            _record(entry, (*loc, name), values, keys)
    elif type(node) is _Sequence:
        for index, item in enumerate(value):
            _record(item, (*loc, index), values, keys)


def resolve_plain(text: str) -> Any:
    """Resolve an unquoted scalar the strict way: null, true/false, int, Decimal, or the text."""
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:  # the common case, quickly
        return int(text)
    if text[0] not in _NUMBER_STARTS:  # text, as most are: no number pattern can match it
        return text
    if _INT.fullmatch(text):
        if len(text.lstrip("+-").lstrip("0")) > MAX_DIGITS:
            raise ValueError(_out_of_range(text))
        return int(text)
    if _DECIMAL.fullmatch(text):
        return _decimal_in_range(text)
    if _SPECIAL_FLOAT.fullmatch(text):
        message = _("'{text}' is not a usable number: scores and findings must be finite")
        raise ValueError(message.format(text=text))
    return text


def _decimal_in_range(text: str) -> Decimal:
    """The number, if it has at most MAX_DIGITS digits, none below 1e-15, and is below 1e15."""
    try:
        number = Decimal(text)
    except InvalidOperation:  # an exponent beyond what Decimal can hold at all
        raise ValueError(_out_of_range(text)) from None
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int), "the pattern admits finite numbers only"
    digits = len(number.as_tuple().digits)
    if digits > MAX_DIGITS or exponent < MIN_EXPONENT or number.adjusted() >= MAX_DIGITS:
        raise ValueError(_out_of_range(text))
    return number


def _out_of_range(text: str) -> str:
    shown = text if len(text) <= 20 else text[:17] + "..."
    message = _(
        "number '{number}' is out of range: written out, use at most {digits} digits, "
        "at most {digits} of them after the point"
    )
    return message.format(number=shown, digits=MAX_DIGITS)


def _too_deep() -> str:
    message = _("nested more than {depth} levels deep: a djkh file needs only a few levels")
    return message.format(depth=MAX_DEPTH)


# Flow brackets, and the quoted strings and comments whose brackets do not count.
_FLOW_TOKEN = re.compile(r"""[\[{]|[\]}]|"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|#[^\n]*""")


def _deep_flow_position(text: str) -> Pos | None:
    """Where `[`/`{` nesting first passes MAX_DEPTH, found before libyaml sees the text.

    libyaml's scanner reads ahead through flow collections, so the builder's own depth check
    comes too late: some libyaml builds stop at their own limit, older ones exhaust the stack.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    for token in _FLOW_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, token.start()) + 1
                return line, token.start() - text.rfind("\n", 0, token.start())
        elif bracket in "]}":
            depth = max(0, depth - 1)
    return None


def _shown_tag(tag: str) -> str:
    """A tag as the user wrote it: `!!python/object`, not its expanded URI."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


try:  # libyaml's parser alone: a loader's constructor and resolver would only be set up unused
    from yaml import _yaml as _libyaml
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # no libyaml: the quick road is closed anyway (see _compose_quickly)
    _libyaml = None  # type: ignore[assignment]
    _Parser = yaml.SafeLoader  # type: ignore[assignment,misc]


class _NodeComposer(_Parser):
    """libyaml's composer with tag resolution switched off: djkh resolves scalars itself.

    The composer calls these three hooks for every node; `"".format` takes any arguments and
    answers "" from C, where a Python no-op would cost a frame per call. Made from the parser
    alone (not CSafeLoader), a file's composer starts and finds its hooks sooner.
    """

    resolve = descend_resolver = ascend_resolver = staticmethod("".format)


class _Node(BaseException):
    """A node the quick road's composer made: its `args` are the five values libyaml's composer
    makes every node with (tag, value, start mark, end mark, style); a mapping or a list has its
    end mark set apart (`end_mark`), once its entries are composed.

    The composer makes each node by calling the class its module names ScalarNode, SequenceNode
    or MappingNode. PyYAML's own set each value in a Python `__init__`, a frame for each of the
    hundred nodes of a findings file; an exception keeps what it is called with as its `args`,
    in C. Composing a findings file takes about 10 µs less (12 %). These classes stand in for
    PyYAML's only while djkh composes a file (`_composed_root`), and are never raised.
    """

    __slots__ = ()

    @property
    def start_mark(self) -> Any:
        """Where the node starts: what the composer reads of a node, in a message of its own."""
        return self.args[2]


class _Scalar(_Node):
    __slots__ = ()


class _Sequence(_Node):
    __slots__ = ()


class _Mapping(_Node):
    __slots__ = ()


# The names libyaml's composer calls, and djkh's classes for them.
_NODE_CLASSES = {"ScalarNode": _Scalar, "SequenceNode": _Sequence, "MappingNode": _Mapping}
# Where a PyYAML lacks them (one that no longer composes nodes this way), the quick road is
# closed: its walk knows djkh's nodes only, and the event road reads every file alike.
_QUICK = _libyaml is not None and all(hasattr(_libyaml, name) for name in _NODE_CLASSES)


def _composed_root(text: str) -> object:
    """The root node libyaml composes of `text`, made of djkh's node classes where the composer
    still calls them by these names (else PyYAML's nodes, which the caller declines)."""
    composer = _NodeComposer(text)
    module = vars(_libyaml)
    kept = {name: module[name] for name in _NODE_CLASSES}
    try:
        # Inside: a signal's exception raised just after the swap still gives the names back.
        module.update(_NODE_CLASSES)
        return composer.get_single_node()
    finally:
        module.update(kept)
        composer.dispose()


def _other_threads() -> bool:
    """Whether the program runs threads besides this one (a command runs none; a program that
    calls djkh may): libyaml's node names are module-wide, so only a lone thread may swap them.

    Only threads started through `threading` (or that called into it) are seen: a program that
    composes YAML from threads it started otherwise should not call djkh meanwhile."""
    threading = sys.modules.get("threading")  # none started where it was never imported
    return threading is not None and threading.active_count() > 1


class _Declined(Exception):
    """The quick road cannot vouch for this file: the event builder must read it."""


# The composer recurses in C once per level of nesting, and every level needs one of these
# characters, so a file with few of them cannot nest deep enough to exhaust the C stack.
_NESTING_MARKS = ":-[{?"
_MAX_NESTING_MARKS = 1000
# Anchors leave no trace on composed nodes, and every tag starts with `!`: these need events.
_EVENT_ONLY = "&*!"


def _compose_quickly(text: str) -> tuple[dict[str, Any], _Node] | None:
    """The data of a plain, well-formed mapping composed by libyaml in C, and its root node (for
    positions, when asked); None to decline."""
    if not _QUICK:
        return None  # no libyaml: the pure-Python composer would be no quicker
    if _other_threads():
        return None  # one of them may be composing YAML of its own while djkh's nodes stand in
    if any(mark in text for mark in _EVENT_ONLY):
        return None
    if sum(text.count(mark) for mark in _NESTING_MARKS) > _MAX_NESTING_MARKS:
        return None
    if _deep_flow_position(text) is not None:
        return None
    try:
        root = _composed_root(text)
        return (_mapping_of(root, 1), root) if type(root) is _Mapping else None
    except (yaml.YAMLError, _Declined, ValueError):
        return None


def _mapping_of(node: _Node, depth: int) -> dict[str, Any]:
    if depth > MAX_DEPTH:
        raise _Declined
    mapping: dict[str, Any] = {}
    for key, value in node.args[1]:
        if type(key) is not _Scalar:
            raise _Declined
        name = key.args[1]
        if name in mapping:
            raise _Declined
        if type(value) is _Scalar:  # most values: spare a call
            _tag, text, _start, _end, style = value.args
            mapping[name] = text if style else resolve_plain(text)
        else:
            mapping[name] = _data_of(value, depth)
    return mapping


def _data_of(node: _Node, depth: int) -> Any:
    _tag, value, _start, _end, style = node.args
    if type(node) is _Scalar:
        return value if style else resolve_plain(value)
    if type(node) is _Mapping:
        return _mapping_of(node, depth + 1)
    if depth >= MAX_DEPTH:
        raise _Declined
    return [_data_of(item, depth + 1) for item in value]
