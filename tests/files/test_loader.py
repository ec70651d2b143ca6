"""Strict scalar resolution and the loader's positions."""

from __future__ import annotations

import importlib
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from djkh.files import loader
from djkh.files.document import Document
from djkh.files.loader import load_text, resolve_plain
from djkh.files.reading import read_text
from djkh.problems.outcome import Outcome


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5", 5),
        ("-3", -3),
        ("4.5", Decimal("4.5")),
        ("1.10", Decimal("1.10")),
        ("0.1", Decimal("0.1")),
        ("true", True),
        ("False", False),
        ("", None),
        ("~", None),
        ("null", None),
        # YAML 1.1 surprises stay text
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("2007-03-12", "2007-03-12"),
        ("0x10", "0x10"),
        ("1_000", "1_000"),
        ("12:30", "12:30"),
    ],
)
def test_resolve_plain(text: str, expected: object) -> None:
    value = resolve_plain(text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("text", [".nan", ".inf", "-.Inf", "1234567890123456", "1e999999"])
def test_resolve_plain_refuses_unusable_numbers(text: str) -> None:
    with pytest.raises(ValueError):
        resolve_plain(text)


def test_quoted_scalars_are_always_text() -> None:
    doc = load_text("a: \"5\"\nb: 'true'\nc: 5\n", "f.yaml").value
    assert doc is not None
    assert doc.data == {"a": "5", "b": "true", "c": 5}


def test_positions_are_one_based_and_count_characters() -> None:
    doc = load_text("标题: 中文\nitems:\n  - id: 甲\n", "f.yaml").value
    assert doc is not None
    assert doc.position(("标题",)) == (1, 5)
    assert doc.key_position(("items",)) == (2, 1)
    assert doc.position(("items", 0, "id")) == (3, 9)
    assert doc.position(("items", 0, "missing")) == (3, 5)


def test_problems_are_collected_not_raised() -> None:
    loaded = load_text("a: 1\na: 2\nb: 1\nb: 2\n", "f.yaml")
    assert loaded.value is None
    assert [str(p) for p in loaded.problems] == [
        "f.yaml:2:1: error: duplicate key 'a' (first at line 1): remove one of them [DJ105]",
        "f.yaml:4:1: error: duplicate key 'b' (first at line 3): remove one of them [DJ105]",
    ]


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("a: " + "[" * 40 + "]" * 40, (1, 36)),
        ("a: 1\nb: " + "{x: " * 40 + "1" + "}" * 40, (2, 132)),
        # brackets in quoted text and comments, and many sibling flows, are not nesting
        ('a: "' + "[" * 40 + '"\n# ' + "{" * 40 + "\nb: '" + "[" * 40 + "'", None),
        ("x: [" + "{a: 1}, " * 100 + "]", None),
    ],
)
def test_deep_flow_nesting_is_found_before_parsing(text: str, position: object) -> None:
    problems = load_text(text, "f.yaml").problems
    if position is None:
        assert problems == ()
    else:
        assert [(p.line, p.col, p.message) for p in problems] == [
            (*position, "nested more than 32 levels deep: a djkh file needs only a few levels")
        ]


REPO = Path(__file__).resolve().parents[2]
YAML_FILES = sorted(
    path
    for folder in ("tests/cases", "examples", "rubric")
    for path in (REPO / folder).rglob("*.y*ml")
)


def _typed(value: Any) -> Any:
    """The data with every scalar's type beside it: 5 and Decimal(5) are equal, but not alike."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return type(value).__name__, value


def _by_events(text: str) -> Outcome[Document]:
    return loader._load_by_events(text, "f.yaml")


def _is_text(path: Path) -> bool:
    return read_text(path).value is not None


TEXT_FILES = [path for path in YAML_FILES if _is_text(path)]


def test_only_the_deliberately_undecodable_cases_are_not_text() -> None:
    refused = [path.relative_to(REPO).as_posix() for path in YAML_FILES if not _is_text(path)]
    assert refused == [
        "tests/cases/yaml/gbk-encoding/gbk.yaml",
        "tests/cases/yaml/utf16-encoding/utf16.yaml",
    ]


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda path: str(path.relative_to(REPO)))
def test_quick_road_reads_every_file_as_the_event_builder_does(path: Path) -> None:
    text = read_text(path).value
    assert text is not None
    loaded, built = load_text(text, "f.yaml"), _by_events(text)
    assert loaded.problems == built.problems
    if built.value is not None:
        assert loaded.value is not None
        assert _typed(loaded.value.data) == _typed(built.value.data)
        assert loaded.value.positions == built.value.positions


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda path: str(path.relative_to(REPO)))
def test_each_position_looked_up_alone_is_the_event_builders(path: Path) -> None:
    text = read_text(path).value
    assert text is not None
    loaded, built = load_text(text, "f.yaml").value, _by_events(text).value
    if built is None or loaded is None:
        return
    for table, expected in zip(loaded.positions, built.positions, strict=True):
        assert {loc: table[loc] for loc in expected} == expected
        for loc in expected:
            for missing in ((*loc, "nowhere"), (*loc, 10_000), (*loc, -1)):
                assert (missing in table) is (missing in expected)


def _nested(kind: str, levels: int) -> str:
    """`levels` collections of one kind, one inside the next (the top-level mapping counts)."""
    if kind == "mapping":
        return "".join("  " * n + f"k{n}:\n" for n in range(levels - 1)) + "  " * levels + "x: 1\n"
    return (
        "a:\n" + "".join("  " * n + "-\n" for n in range(1, levels - 1)) + "  " * levels + "- 1\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        _nested("mapping", 32),
        _nested("mapping", 33),
        _nested("sequence", 32),
        _nested("sequence", 33),
        "a: 1\r\nb: 'x'\r\n",
        "'q': 1\n\"r\": 2\n1: 3\n~: 4\n",
        "a: |\n  line\n  next\nb: >-\n  folded\n  text\n",
        "a: {b: [1, 2.50, -3, +4, 0.1e2, 007], c: {}}\nd: []\n",
        "a: plain text\n  on two lines\nb:\nc: ''\n",
        "<<: 1\nx: yes\ny: 2007-03-12\nz: 0x1F\n",
        "a: 1  # a comment\n# another\nb: 中文：值\n",
        "a: null\nb: Null\nc: NULL\nd: True\ne: FALSE\n",
        "a: 123456789012345\nb: 0000000000000001\nc: 1.23456789012345\n",
    ],
)
def test_both_roads_agree_on_tricky_text(text: str) -> None:
    loaded, built = load_text(text, "f.yaml"), _by_events(text)
    assert loaded.problems == built.problems
    assert (loaded.value is None) is (built.value is None)
    if loaded.value is not None and built.value is not None:
        assert _typed(loaded.value.data) == _typed(built.value.data)
        assert loaded.value.positions == built.value.positions


LIBYAML = pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml")


@LIBYAML
def test_nesting_limits_are_the_same_on_both_roads() -> None:
    assert loader._compose_quickly(_nested("mapping", 32)) is not None
    assert loader._compose_quickly(_nested("sequence", 32)) is not None
    assert loader._compose_quickly(_nested("mapping", 33)) is None
    assert loader._compose_quickly(_nested("sequence", 33)) is None
    assert [p.code.value for p in load_text(_nested("sequence", 33), "f.yaml").problems] == [
        "DJ106"
    ]


@LIBYAML
@pytest.mark.parametrize("path", sorted((REPO / "examples").rglob("*.yaml")), ids=str)
def test_plain_files_take_the_quick_road(path: Path) -> None:
    assert loader._compose_quickly(read_text(path).value or "") is not None


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: 2\n",
        "a: [1]\nb: *x\n",
        "a: !!str 5\n",
        "a: ! 5\n",
        "a: 1\na: 2\n",
        "? [a]\n: 1\n",
        "a: 1234567890123456\n",
        "a: .nan\n",
        "a: 1\n---\nb: 2\n",
        "- a\n",
        "",
        "a: 'open\n",
        "a:\n" + "".join("  " * n + "- \n" for n in range(1, 40)),
        "a: " + "- " * 40 + "x\n",
        "a: '" + "-" * 1001 + "'\n",
    ],
)
def test_quick_road_declines_what_only_events_can_judge(text: str) -> None:
    assert loader._compose_quickly(text) is None


def test_positions_are_worked_out_only_when_asked() -> None:
    doc = load_text("a:\n  b: 5\n", "f.yaml").value
    assert doc is not None and "positions" not in vars(doc)
    assert doc.position(("a", "b")) == (2, 6)
    assert "positions" in vars(doc)


def test_a_position_is_looked_up_along_its_path_only() -> None:
    doc = load_text("a:\n  b: [5, {c: 6}]\nd: 7\n", "f.yaml").value
    assert doc is not None
    assert doc.key_position(("a", "b", 1, "c")) == (2, 11)
    assert doc.position(("a", "b", 1, "c")) == (2, 14)
    assert doc.key_position(("a", "b", 0)) == (2, 7)
    assert doc.position(("a", "b", 2)) == (2, 6)
    assert doc.position(("a", "x", "y")) == (2, 3)
    assert ("d",) in doc.values and ("a", "b", "c") not in doc.values


@LIBYAML
def test_the_quick_road_composes_djkhs_nodes_and_gives_pyyamls_back() -> None:
    module = vars(importlib.import_module("yaml._yaml"))  # libyaml's composer's names
    classes = {name: module[name] for name in ("ScalarNode", "SequenceNode", "MappingNode")}
    assert classes["MappingNode"] is yaml.MappingNode
    composed = loader._compose_quickly("a: [1, {b: x}]\n")
    assert composed is not None and type(composed[1]) is loader._Mapping
    assert composed[0] == {"a": [1, {"b": "x"}]}
    # Afterwards, and after a file libyaml refuses, every other use of PyYAML gets its own nodes.
    assert loader._compose_quickly("a: [1\n") is None
    assert loader._compose_quickly("a: 1\n---\nb: 2\n") is None  # the composer's own error
    assert {name: module[name] for name in classes} == classes
    assert type(yaml.compose("a: 1\n", Loader=yaml.CSafeLoader)) is yaml.MappingNode


@LIBYAML
def test_with_other_threads_running_the_quick_road_is_not_taken() -> None:
    # libyaml's node names are module-wide: another thread composing YAML meanwhile would get
    # djkh's nodes. With a thread running, files are read on the event road, to the same data.
    text = "unit: 示例局甲\nitems:\n  - id: A1\n    self_score: 5\n"
    alone = load_text(text, "f.yaml").value
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert loader._compose_quickly(text) is None
        beside = load_text(text, "f.yaml").value
    finally:
        release.set()
        other.join()
    assert alone is not None and beside is not None
    assert (
        beside.data == alone.data == {"unit": "示例局甲", "items": [{"id": "A1", "self_score": 5}]}
    )
    assert beside.positions == alone.positions
    assert beside.position(("items", 0, "self_score")) == (4, 17)
    assert loader._compose_quickly(text) is not None  # alone again: the quick road
