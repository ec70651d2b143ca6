"""Text diffs: the character spans that show a reworded text."""

from __future__ import annotations

import pytest

from djkh.diff.textdiff import SpanKind, text_spans


@pytest.mark.parametrize(
    ("old", "new", "spans"),
    [
        ("abc", "abc", [("equal", "abc")]),
        (
            "年初无计划",
            "年初无学习计划",
            [("equal", "年初无"), ("insert", "学习"), ("equal", "计划")],
        ),
        (
            "低于90%",
            "低于95%",
            [("equal", "低于9"), ("delete", "0"), ("insert", "5"), ("equal", "%")],
        ),
        ("", "新", [("insert", "新")]),
    ],
)
def test_text_spans(old: str, new: str, spans: list[tuple[str, str]]) -> None:
    assert [(kind.value, text) for kind, text in text_spans(old, new)] == spans
    assert "".join(t for k, t in text_spans(old, new) if k is not SpanKind.INSERT) == old
