"""Diffing large rubrics: work grows linearly, renames are found in bounded work."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest
import yaml

from djkh.checks.workspace import Workspace
from djkh.diff.kinds import ChangeKind, RubricDiff
from djkh.diff.sources import compare
from djkh.diff.textdiff import SpanKind, similarity, text_spans
from djkh.files.catalogue import RubricCatalogue


def _big_rubric(items: list[dict[str, object]], version: str) -> dict[str, object]:
    section = {"id": "s", "title": "部分", "score": len(items), "items": items}
    return {
        "kind": "rubric",
        "id": "big",
        "version": version,
        "title": "大",
        "total": len(items),
    } | {"sections": [section]}


def _big_item(
    number: int, rule_id: str = "r", text: str = "规则", item_id: str = "i"
) -> dict[str, object]:
    rule = {"id": rule_id, "text": f"{text}{number}", "deduct": 1}
    return {"id": f"{item_id}{number}", "title": f"项目{number}", "score": 1, "rules": [rule]}


def _compare(tmp_path: Path, old: dict[str, object], new: dict[str, object]) -> RubricDiff:
    for name, data in (("1.yaml", old), ("2.yaml", new)):
        (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    workspace = Workspace(RubricCatalogue.default())
    outcome = compare(workspace, str(tmp_path / "1.yaml"), str(tmp_path / "2.yaml"))
    assert outcome.value is not None, outcome.problems
    (diff,) = outcome.value.diffs
    return diff


def _lines_run_in(module: str, work: Callable[[], object]) -> int:
    """How many lines of `module` run while `work` does: a measure of work that is not time."""
    count = 0

    def trace(frame: FrameType, event: str, arg: object) -> Callable[..., object] | None:
        nonlocal count
        if frame.f_code.co_filename != module:
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


@pytest.mark.slow
def test_diffing_unchanged_items_grows_linearly(tmp_path: Path) -> None:
    from djkh.diff import differ

    def lines_for(count: int) -> int:
        old = _big_rubric([_big_item(n) for n in range(count)], "1")
        new = _big_rubric([_big_item(n) for n in range(count)], "2")
        diff = _compare(tmp_path, old, new)
        assert diff.changes == ()
        return _lines_run_in(differ.__file__, lambda: differ.diff_rubrics(diff.old, diff.new))

    small, large = lines_for(200), lines_for(400)
    assert large < 2.2 * small  # each item looked up every other item's rules: 4 times the work


@pytest.mark.slow
def test_the_search_for_renames_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from djkh.diff import matching

    old = _big_rubric([_big_item(n, "r", "中心组学习年初无计划扣分") for n in range(300)], "1")
    new = _big_rubric([_big_item(n, "q", "中心组学习年初无学习计划扣分") for n in range(300)], "2")
    calls = 0

    def counted(a: str, b: str) -> float:
        nonlocal calls
        calls += 1
        return similarity(a, b)

    monkeypatch.setattr(matching, "similarity", counted)
    diff = _compare(tmp_path, old, new)
    assert calls <= matching.MAX_COMPARISONS  # every pair would be 90,000
    renamed = [c for c in diff.changes if c.kind is ChangeKind.RENAMED]
    assert [str(c.subject) for c in renamed] == [f"rule i{n}/q" for n in range(300)]


@pytest.mark.slow
def test_renames_of_unchanged_content_are_found_without_comparing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from djkh.diff import matching

    old = _big_rubric([_big_item(n, "r") for n in range(2000)], "1")
    new = _big_rubric([_big_item(n, "q") for n in reversed(range(2000))], "2")
    monkeypatch.setattr(matching, "similarity", lambda a, b: pytest.fail("compared"))
    diff = _compare(tmp_path, old, new)
    assert {(c.kind, c.old, c.new) for c in diff.changes} == {(ChangeKind.RENAMED, "r", "q")}
    assert len(diff.changes) == 2000


def test_the_character_diff_of_long_texts_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    import difflib
    import random

    from djkh.diff import textdiff

    compared: list[int] = []

    class Counted(difflib.SequenceMatcher):  # type: ignore[type-arg]
        def __init__(self, junk: None, a: str, b: str, autojunk: bool) -> None:
            compared.append(len(a) + len(b))
            super().__init__(junk, a, b, autojunk)

    monkeypatch.setattr(textdiff, "SequenceMatcher", Counted)
    chars = "党建工作考核细则中心组学习计划总结"
    rng = random.Random(3)
    old = "".join(rng.choice(chars) for _ in range(40000))
    new = "".join(rng.choice(chars) for _ in range(40000))
    edited = old[:20000] + "新增一句" + old[20000:]
    for before, after in ((old, new), (old, edited)):
        spans = text_spans(before, after)
        assert "".join(t for k, t in spans if k is not SpanKind.INSERT) == before
        assert "".join(t for k, t in spans if k is not SpanKind.DELETE) == after
        assert 0 < similarity(before, after) < 1
    assert text_spans(old, edited)[1] == (SpanKind.INSERT, "新增一句")
    assert max(compared) <= textdiff.MAX_COMPARED
