"""A rubric's plan passes an entry quickly only where the full check finds nothing in it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from djkh.checks import findings as checks
from djkh.checks.plan import ItemPlan, finding_test, plan_of
from djkh.checks.workspace import Workspace
from djkh.files.document import Document
from djkh.files.loader import load_file
from djkh.model.rubric import Rubric

REPO = Path(__file__).resolve().parents[2]
FOLDERS = (REPO / "examples", REPO / "tests" / "cases")
RUBRIC_DIRS = tuple(
    sorted(path for folder in FOLDERS for path in folder.rglob("rubric") if path.is_dir())
)
VALUES: list[Any] = [True, False, 0, 3, -1, Decimal("0.5"), Decimal(150), "好", "x", [], {}, None]
EXTRAS: list[dict[str, Any]] = [{}, {"evidence": "e"}, {"reference": 5}, {"scale": "x"}]


def _findings_files() -> list[Path]:
    return sorted(
        path
        for folder in FOLDERS
        for path in folder.rglob("*.yaml")
        if "kind: findings" in path.read_text(encoding="utf-8", errors="replace")
    )


def _checked(workspace: Workspace, path: Path) -> tuple[Document, Rubric] | None:
    """The file and the rubric it names, where both load."""
    doc = load_file(str(path)).value
    if doc is None or not isinstance(doc.data.get("rubric"), str):
        return None
    found = workspace.locate(doc.data["rubric"]) if "@" in doc.data["rubric"] else None
    rubric = workspace.rubric(str(found)).value if found is not None else None
    return None if rubric is None else (doc, rubric)


def _mutations(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The file as written, then with one entry or finding changed in each of several ways."""
    yield data
    items = data.get("items")
    for item_id, raw in items.items() if isinstance(items, dict) else ():
        if not isinstance(raw, dict):
            continue
        for change in (
            {"self_score": 999},
            {"self_score": -1},
            {"self_score": "much"},
            {"not_applicable": "no"},
            {"override": {"score": 1, "reason": "r", "approved_by": "a"}},
            {"findings": None},
            {"findings": []},
            {"findings": {}},
            {"findings": {"no-such-rule": True}},
        ):
            yield _with(data, item_id, {**raw, **change})
        found = raw.get("findings")
        for rule_id in found if isinstance(found, dict) else ():
            for value in VALUES:
                yield _with(data, item_id, {**raw, "findings": {**found, rule_id: value}})
            yield _with(data, item_id, {**raw, "findings": {**found, rule_id: {"scale": "x"}}})


def _with(data: dict[str, Any], item_id: str, raw: dict[str, Any]) -> dict[str, Any]:
    changed = copy.copy(data)
    changed["items"] = {**data["items"], item_id: raw}
    return changed


def test_the_plan_reports_exactly_what_the_full_check_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workspace = Workspace.default(RUBRIC_DIRS)
    files = compared = wrong = 0
    for path in _findings_files():
        checked = _checked(workspace, path)
        if checked is None:
            continue
        doc, rubric = checked
        files += 1
        for data in _mutations(doc.data):
            changed = Document(doc.path, data, doc.locate, doc.sheet)
            quick = checks.check_findings(changed, rubric)
            with monkeypatch.context() as patched:
                patched.setattr(ItemPlan, "passes", lambda _self, _raw: False)
                full = checks.check_findings(changed, rubric)
            assert quick == full, (path, data.get("items"))
            compared += 1
            wrong += bool(full)
    assert files > 20 and compared > 1000 and wrong > 500


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "examples" / "rubric").rglob("*.yaml")),
    ids=lambda path: str(path.relative_to(REPO)),
)
def test_a_rule_s_quick_test_agrees_with_the_full_one(path: Path) -> None:
    rubric = Workspace.default().rubric(str(path)).value
    assert rubric is not None
    tested = 0
    for item in rubric.items_by_id.values():
        for rule in item.rules:
            test = finding_test(rule)
            if test is None:
                continue
            for value in VALUES[:-1]:
                for finding in [value, *({"value": value, **extra} for extra in EXTRAS)]:
                    tested += 1
                    assert test(value, finding) == checks._plainly_right(rule, value, finding)
    assert tested > 0


def test_a_plan_is_made_once_per_rubric() -> None:
    path = sorted((REPO / "examples" / "rubric").rglob("*.yaml"))[0]
    rubric = Workspace.default().rubric(str(path)).value
    assert rubric is not None
    assert plan_of(rubric) is plan_of(rubric)
    assert list(plan_of(rubric).items) == list(rubric.items_by_id)
