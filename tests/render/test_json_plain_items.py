"""`--format json`: an item or hit written straight from its score reads as its dict would."""

from __future__ import annotations

from pathlib import Path

import pytest

from djkh.checks.workspace import Workspace
from djkh.render import json_document
from djkh.scoring.engine import ScoreCard, score_findings

REPO = Path(__file__).resolve().parents[2]
FOLDERS = (REPO / "examples", REPO / "tests" / "cases")
RUBRIC_DIRS = tuple(
    sorted(path for folder in FOLDERS for path in folder.rglob("rubric") if path.is_dir())
)


def _cards() -> list[ScoreCard]:
    workspace = Workspace.default(RUBRIC_DIRS)
    cards = []
    for folder in FOLDERS:
        for path in sorted(folder.rglob("*.yaml")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if "kind: findings" not in text:
                continue
            found = workspace.assessment(str(path)).value
            if found is not None:
                cards.append(score_findings(found.findings, found.rubric))
    return cards


def test_every_card_reads_as_its_dicts_would(monkeypatch: pytest.MonkeyPatch) -> None:
    cards = _cards()
    plain = [
        item
        for card in cards
        for section in card.sections
        for item in section.items
        if type(json_document._entry(item)) is json_document._PlainItem
    ]
    quick = [json_document.dumps(json_document.card_document(card), 3) for card in cards]
    monkeypatch.setattr(json_document, "_entry", json_document._item)
    whole = [json_document.dumps(json_document.card_document(card), 3) for card in cards]
    assert quick == whole
    assert len(cards) > 50 and any(item.deductions for item in plain)
