"""Grade quotas (名额): grades handed out in rank order; a tie at the boundary goes down whole."""

from __future__ import annotations

import shutil
from pathlib import Path

from djkh.scoring.batch import score_paths
from tests.conftest import EXAMPLES

JIEDAO = EXAMPLES.parent / "findings-jiedao"
RUBRICS = (EXAMPLES.parent / "rubric",)


def _grades(folder: Path) -> list[tuple[int, str, str | None, str | None]]:
    result = score_paths((folder,), RUBRICS)
    assert result.problems == ()
    (ranking,) = result.rankings
    return [(r.rank, r.card.unit, r.card.grade, r.card.grade_by_score) for r in ranking.units]


def test_a_tie_at_the_quota_boundary_goes_down_together() -> None:
    # 优秀2个: 东湖 takes one place; 南山 and 西城 tie for the last one, so neither gets it.
    # 良好不超过40% of 5 units is 2: the pair fills it, and 北关's 85 drops to 合格.
    assert _grades(JIEDAO / "2026") == [
        (1, "东湖街道", "优秀", None),
        (2, "南山街道", "良好", "优秀"),
        (2, "西城街道", "良好", "优秀"),
        (4, "北关街道", "合格", "良好"),
        (5, "新区街道", "合格", None),
    ]


def test_a_vetoed_unit_takes_room_last_and_never_rises(tmp_path: Path) -> None:
    shutil.copytree(JIEDAO / "2026", tmp_path, dirs_exist_ok=True)
    east = tmp_path / "东湖街道.yaml"
    east.write_text(
        east.read_text(encoding="utf-8").replace("major-case: false", "major-case: true"),
        encoding="utf-8",
    )
    # 东湖 (96, vetoed) ranks last with 不合格; the tied pair now fits the two places of 优秀.
    assert _grades(tmp_path) == [
        (1, "南山街道", "优秀", None),
        (1, "西城街道", "优秀", None),
        (3, "北关街道", "良好", None),
        (4, "新区街道", "合格", None),
        (5, "东湖街道", "不合格", None),
    ]


def test_a_share_rounds_down() -> None:
    from djkh.scoring.quotas import quota_limits

    result = score_paths((JIEDAO / "2026",), RUBRICS)
    rubric = result.rankings[0].units[0].card.rubric
    assert quota_limits(rubric, 7) == {"优秀": 2, "良好": 2}  # 40% of 7 is 2.8
    assert quota_limits(rubric, 2) == {"优秀": 2, "良好": 0}
