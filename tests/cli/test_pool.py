"""`djkh score --jobs 2`: a pool of workers writes every byte that one process writes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from djkh.render import BATCH
from djkh.scoring import batch
from djkh.scoring.batch import score_files
from djkh.scoring.pieces import WrittenCard
from djkh.scoring.workers import Workers, forks
from tests.conftest import REPO, Run

EXAMPLES = REPO / "examples"
RUBRICS = str(EXAMPLES / "rubric")
JU = "示例局甲.yaml"
LEFT_OUT_ITEM = "  integrity:\n    self_score: 5\n"  # DJ503: an item not recorded
SELF_SCORE = "  work-style-example:\n    self_score: 5\n"  # DJ504 once the self score goes


def _copies(folder: Path, sources: list[Path], count: int) -> None:
    """`count` copies of each source, each copy its own unit (a prefix on the unit's name)."""
    for n in range(count):
        for source in sources:
            text = source.read_text(encoding="utf-8").replace("\nunit: ", f"\nunit: {n}-", 1)
            (folder / f"{n}-{source.name}").write_text(text, encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _with_warnings_and_errors(folder: Path) -> Path:
    """Units that stand alone, with both kinds of warning, a duplicate and a broken file."""
    _copies(folder, sorted((EXAMPLES / "findings").glob("*.yaml")), 5)
    _edit(folder / f"1-{JU}", LEFT_OUT_ITEM, "")
    _edit(folder / f"2-{JU}", SELF_SCORE, "  work-style-example:\n")
    (folder / "copy.yaml").write_bytes((folder / f"3-{JU}").read_bytes())  # DJ601
    (folder / "broken.yaml").write_text("kind: findings\nrubric: [\n", encoding="utf-8")
    return folder


def _of_2026(folder: Path) -> Path:
    """Units that depend on the batch: assessors and periods combined, quotas, points relative
    to the batch, vetoes; and a bonus."""
    for name, count in (("qiye", 3), ("zhen", 2), ("jidu", 1), ("paiming", 1)):
        _copies(folder, sorted((EXAMPLES / f"findings-{name}").glob("*.yaml")), count)
    _copies(folder, sorted((EXAMPLES / "findings-jiedao" / "2026").glob("*.yaml")), 2)
    return folder


def _of_2025(folder: Path) -> Path:
    """Units of several classes (分类考核) beside units graded within quotas."""
    _copies(folder, sorted((EXAMPLES / "findings-xian").glob("*.yaml")), 3)
    _copies(folder, sorted((EXAMPLES / "findings-jiedao" / "2025").glob("*.yaml")), 2)
    return folder


BATCHES = {"warnings-errors": _with_warnings_and_errors, "2026": _of_2026, "2025": _of_2025}


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {name: make(tmp_path_factory.mktemp(name)) for name, make in BATCHES.items()}


def _pooled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, every batch of more than 4 files starts a pool: the worker counts."""
    started: list[int] = []
    real = batch.start_workers

    def counting(workers: int, setup: batch.Setup) -> Workers[batch.Setup, Any, Any]:
        started.append(workers)
        return real(workers, setup)

    monkeypatch.setattr(batch, "start_workers", counting)
    monkeypatch.setattr(batch, "pool_pays", lambda *measured: True)
    monkeypatch.setattr(batch, "PROBE_FILES", 4)
    return started


def _score(djkh: Callable[..., Run], folder: Path, *options: str) -> Run:
    return djkh("score", str(folder), "--rubric-dir", RUBRICS, *options)


@pytest.mark.parametrize("name", BATCHES)
@pytest.mark.parametrize("output_format", BATCH.names)
def test_a_pool_writes_what_one_process_writes(
    djkh: Callable[..., Run],
    batches: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    output_format: str,
) -> None:
    options = ("--format", output_format, "--partial", "--all-warnings")
    alone = _score(djkh, batches[name], *options, "--jobs", "1")
    pools = _pooled(monkeypatch)
    pooled = _score(djkh, batches[name], *options, "--jobs", "2")
    assert pools == [1]  # and this process
    assert (pooled.code, pooled.stderr) == (alone.code, alone.stderr)
    assert pooled.stdout_bytes == alone.stdout_bytes  # a workbook too: it holds no time
    assert alone.stdout_bytes  # a ranking was written


@pytest.mark.parametrize("output_format", BATCH.names)
def test_a_pools_output_file_is_one_process_output_file(
    djkh: Callable[..., Run],
    batches: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    output_format: str,
) -> None:
    """Written with --output, the units workers wrote go to the file as the bytes they are."""
    options = ("--format", output_format, "--partial")
    alone = _score(djkh, batches["warnings-errors"], *options, "-o", str(tmp_path / "1"), "-j1")
    _pooled(monkeypatch)
    pooled = _score(djkh, batches["warnings-errors"], *options, "-o", str(tmp_path / "2"), "-j2")
    assert (pooled.code, pooled.stdout) == (alone.code, alone.stdout) == (1, "")
    assert (tmp_path / "2").read_bytes() == (tmp_path / "1").read_bytes()
    assert len((tmp_path / "1").read_bytes()) > 1000


@pytest.mark.parametrize("output_format", ["csv", "json"])
def test_a_pool_refuses_what_one_process_refuses(
    djkh: Callable[..., Run],
    batches: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    output_format: str,
) -> None:
    """Errors without --partial: the same problems, the same summary, nothing written."""
    options = ("--format", output_format)
    alone = _score(djkh, batches["warnings-errors"], *options, "--jobs", "1")
    _pooled(monkeypatch)
    pooled = _score(djkh, batches["warnings-errors"], *options, "--jobs", "2")
    assert (pooled.code, pooled.stdout, pooled.stderr) == (1, "", alone.stderr)
    assert alone.code == 1
    assert "copy.yaml:5:7: error: unit '3-示例局甲'" in alone.stderr


def test_workers_write_the_units_that_stand_alone_and_send_the_others_whole(
    batches: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = tuple(sorted(str(path) for path in batches["2026"].glob("*.yaml")))
    _pooled(monkeypatch)
    result = score_files(files, (), (Path(RUBRICS),), jobs=2, piece=BATCH.load_unit("csv"))
    written = {
        ranking.ref: sum(isinstance(ranked.card, WrittenCard) for ranked in ranking.units)
        for ranking in result.rankings
    }
    # Of the 9 企业 files each 示例公司乙 is vetoed (it ranks below the others): 6 written.
    # 镇's assessors and 社区's periods are combined, 排名's points are relative to the batch,
    # 街道's grades have quotas.
    assert written == {
        "example-jiedao@2026": 0,
        "example-jidu@2026": 0,
        "example-paiming@2026": 0,
        "example-qiye@2026": 6,
        "example-zhen@2026": 0,
    }


# Workers started afresh (macOS's and Windows' way) import djkh and receive the writer by name.
SPAWNING = """
import multiprocessing, sys
multiprocessing.set_start_method("spawn", force=True)
import djkh.scoring.batch
djkh.scoring.batch.pool_pays = lambda *measured: True  # however quick this machine scores
djkh.scoring.batch.PROBE_FILES = 4
from djkh.cli import main
main(sys.argv[1:], prog_name="djkh")
"""


@pytest.mark.slow
@pytest.mark.parametrize("output_format", ["csv", "json", "table"])
def test_spawned_workers_write_what_one_process_writes(
    batches: dict[str, Path], output_format: str
) -> None:
    args = ["score", str(batches["warnings-errors"]), "--rubric-dir", RUBRICS, "--partial"]
    args += ["--format", output_format, "--jobs"]
    alone = subprocess.run([sys.executable, "-m", "djkh", *args, "1"], capture_output=True)
    command = [sys.executable, "-c", SPAWNING, *args, "2"]
    pooled = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert (pooled.returncode, pooled.stderr, pooled.stdout) == (
        alone.returncode,
        alone.stderr,
        alone.stdout,
    )
    assert alone.returncode == 1 and alone.stdout


FORKED_POOL = """
import sys
import djkh.scoring.batch as batch
started = []
real = batch.start_workers
batch.start_workers = lambda count, setup: started.append(count) or real(count, setup)
batch.pool_pays = lambda *measured: True  # however quick this machine scores
batch.PROBE_FILES = 4
from djkh.cli import main
try:
    main(sys.argv[1:], prog_name="djkh")
except SystemExit:
    pass
print(started, "multiprocessing" in sys.modules, file=sys.stderr)
"""


@pytest.mark.slow
@pytest.mark.skipif(not forks(), reason="workers are forked here only on Linux and the BSDs")
def test_forked_workers_need_no_multiprocessing(tmp_path: Path) -> None:
    """Its import alone took 8 ms, a batch's own cost on two cores."""
    _copies(tmp_path, sorted((EXAMPLES / "findings").glob("*.yaml")), 4)
    args = ["score", str(tmp_path), "--rubric-dir", RUBRICS, "--format", "csv", "--jobs", "2"]
    done = subprocess.run(
        [sys.executable, "-c", FORKED_POOL, *args], capture_output=True, text=True, check=False
    )
    assert done.stderr.splitlines()[-1] == "[1] False"  # one worker, and this process
    assert len(done.stdout.splitlines()) == 3 + 12  # the headings, and a row for each unit
