"""Strict scalar resolution and the loader's positions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from djkh.loader import load_text, resolve_plain


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
    doc = load_text("a: \"5\"\nb: 'true'\nc: 5\n", "f.yaml").document
    assert doc is not None
    assert doc.data == {"a": "5", "b": "true", "c": 5}


def test_positions_are_one_based_and_count_characters() -> None:
    doc = load_text("标题: 中文\nitems:\n  - id: 甲\n", "f.yaml").document
    assert doc is not None
    assert doc.position(("标题",)) == (1, 5)
    assert doc.key_position(("items",)) == (2, 1)
    assert doc.position(("items", 0, "id")) == (3, 9)
    assert doc.position(("items", 0, "missing")) == (3, 5)


def test_problems_are_collected_not_raised() -> None:
    loaded = load_text("a: 1\na: 2\nb: 1\nb: 2\n", "f.yaml")
    assert loaded.document is None
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
