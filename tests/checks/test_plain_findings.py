"""The quick road for the usual finding says nothing only where the full check says nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from djkh.checks import findings as checks
from djkh.checks.workspace import Workspace
from djkh.files.document import Document, Positions
from djkh.model.rubric import Rule, RuleKind

REPO = Path(__file__).resolve().parents[2]
RUBRICS = sorted((REPO / "examples" / "rubric").rglob("*.yaml"))
VALUES: list[Any] = [True, False, 0, 3, -1, Decimal("0.5"), Decimal(150), "好", "x", [], {}]
EXTRAS: list[dict[str, Any]] = [{}, {"evidence": "e"}, {"reference": 5}, {"scale": "x"}]


def _rules(path: Path) -> list[Rule]:
    rubric = Workspace.default().rubric(str(path)).value
    assert rubric is not None
    return [rule for item in rubric.items_by_id.values() for rule in item.rules]


def _full_check(rule: Rule, value: Any, finding: Any) -> list[object]:
    """What the full check reports for one finding (positions do not matter here)."""
    doc = Document("f.yaml", {}, lambda: Positions({}, {}))
    if rule.kind is RuleKind.LEVELS:
        return list(checks._check_level(doc, ("v",), rule, value))
    if checks.value_problem(rule, value):
        return ["wrong value"]
    details = finding if isinstance(finding, dict) else {"value": value}
    return list(checks._check_finding_details(doc, ("f",), rule, details, bare=False))


@pytest.mark.parametrize("path", RUBRICS, ids=lambda path: str(path.relative_to(REPO)))
def test_a_finding_passed_quickly_has_no_problem(path: Path) -> None:
    passed = 0
    for rule in _rules(path):
        for value in VALUES:
            for finding in [value, *({"value": value, **extra} for extra in EXTRAS)]:
                if checks._plainly_right(rule, value, finding):
                    passed += 1
                    assert _full_check(rule, value, finding) == [], (rule.id, value, finding)
    assert passed > 0
