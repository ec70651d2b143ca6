"""Batch scoring: the process pool gives the same ranking as one process; statistics are exact."""

from __future__ import annotations

import gc
import os
from decimal import Decimal
from pathlib import Path

import pytest

from djkh.checks.validation import expand_paths
from djkh.problems.outcome import ok
from djkh.scoring.batch import POOL_THRESHOLD, score_paths
from tests.conftest import EXAMPLES

D = Decimal


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """POOL_THRESHOLD + 6 copies of the three example units, each its own unit, so a pool is
    used."""
    for n in range(POOL_THRESHOLD // 3 + 2):
        for source in sorted(EXAMPLES.glob("*.yaml")):
            text = source.read_text(encoding="utf-8")
            text = text.replace("\nunit: ", f"\nunit: {n:03d}-", 1)
            (tmp_path / f"{n:03d}-{source.name}").write_text(text, encoding="utf-8")
    return tmp_path


def _summary(path: Path, jobs: int) -> list[tuple[int, str, Decimal]]:
    result = score_paths((path,), jobs=jobs)
    assert result.problems == ()
    (ranking,) = result.rankings
    return [(r.rank, Path(r.path).name, r.card.score) for r in ranking.units]


def test_pool_and_single_process_agree(many: Path) -> None:
    sequential = _summary(many, jobs=1)
    assert len(sequential) == 3 * (POOL_THRESHOLD // 3 + 2)
    assert _summary(many, jobs=2) == sequential
    count = POOL_THRESHOLD // 3 + 2
    assert [rank for rank, _, _ in sequential[::count]] == [1, 1 + count, 1 + 2 * count]


def test_progress_reports_every_file(many: Path) -> None:
    seen: list[int] = []
    score_paths((many,), jobs=1, progress=seen.append)
    assert seen == list(range(1, len(list(many.iterdir())) + 1))


def test_statistics_of_the_examples() -> None:
    (ranking,) = score_paths((EXAMPLES,)).rankings
    assert [(r.rank, r.card.unit) for r in ranking.units] == [
        (1, "示例委乙"),
        (2, "示例局甲"),
        (3, "示例中心丙"),
    ]
    assert (ranking.mean, ranking.highest, ranking.lowest) == (D("78.33"), 96, 56)
    losses = {loss.item_id: (loss.units_losing, loss.mean_loss) for loss in ranking.losses}
    assert losses["political-study"] == (2, D("3.33"))
    assert losses["ideological-work"] == (2, D("6.67"))
    assert losses["integrity"] == (0, D("0.00"))


def test_scoring_leaves_no_reference_cycles(many: Path) -> None:
    """The batch pauses the cycle collector, which is safe only while scoring makes no cycles."""
    score_paths((many,), jobs=1)  # the rubric checked, the catalogue read: those may stay
    gc.collect()
    gc.disable()
    try:
        score_paths((many,), jobs=1)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_cycle_collector_is_restored(many: Path) -> None:
    score_paths((many,), jobs=1)
    assert gc.isenabled()


def test_folders_give_their_yaml_files_in_path_order(tmp_path: Path) -> None:
    for name in ("b.yaml", "a/c.yml", "a-b.yaml", "Z.yaml", ".hidden/x.yaml", ".h.yaml", "n.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("kind: findings\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)
    found = expand_paths((tmp_path,))
    assert found.problems == ()
    files = found.value or ()
    assert [Path(f).relative_to(tmp_path).as_posix() for f in files] == [
        "Z.yaml",
        "a/c.yml",
        "a-b.yaml",
        "b.yaml",
    ]


def test_an_unreadable_folder_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.yaml").write_text("kind: findings\n", encoding="utf-8")
    (tmp_path / "open.yaml").write_text("kind: findings\n", encoding="utf-8")
    scandir = os.scandir

    def refusing(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    assert expand_paths((tmp_path,)) == ok((str(tmp_path / "open.yaml"),))
