"""Every findings file of the examples and test cases, scored: what the differential tests of
the renderers compare their quick roads on."""

from __future__ import annotations

from pathlib import Path

from djkh.checks.workspace import Workspace
from djkh.scoring.engine import ScoreCard, score_findings

REPO = Path(__file__).resolve().parents[2]
FOLDERS = (REPO / "examples", REPO / "tests" / "cases")
RUBRIC_DIRS = tuple(
    sorted(path for folder in FOLDERS for path in folder.rglob("rubric") if path.is_dir())
)


def example_cards() -> list[ScoreCard]:
    """A card for each findings file that scores, in path order."""
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
