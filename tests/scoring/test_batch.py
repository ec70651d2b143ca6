"""Batch scoring: the process pool gives the same ranking as one process; statistics are exact."""

from __future__ import annotations

import decimal
import gc
import os
import pickle
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest

from djkh.checks.validation import expand_paths
from djkh.checks.workspace import Workspace
from djkh.problems.outcome import ok
from djkh.render import BATCH, RenderOptions, as_text
from djkh.scoring import batch, engine, workers
from djkh.scoring.batch import PROBE_FILES, score_paths
from djkh.scoring.engine import ScoreCard, score_findings
from djkh.scoring.pieces import UnitPiece, WrittenCard, written
from djkh.scoring.sending import Receiver, Sender
from djkh.scoring.workers import Workers
from tests.conftest import EXAMPLES

D = Decimal


COPIES = 24  # 72 files: more than the batch scores in its own process before choosing a pool


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """COPIES copies of the three example units, each its own unit."""
    for n in range(COPIES):
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


def test_pool_and_single_process_agree(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sequential = _summary(many, jobs=1)
    assert len(sequential) == 3 * COPIES
    pools = _counted_pools(monkeypatch)
    monkeypatch.setattr(batch, "pool_pays", lambda *measured: True)
    assert _summary(many, jobs=2) == sequential
    assert pools == [1]  # and this process
    monkeypatch.undo()
    alone = score_paths((many,), jobs=1)
    monkeypatch.setattr(batch, "pool_pays", lambda *measured: True)
    pooled = score_paths((many,), jobs=2)
    text = [name for name in BATCH.names if not BATCH.is_binary(name)]  # xlsx: zip times
    for name in text:  # every text output, the streamed ones in their pieces too
        render = BATCH.load(name)
        assert render(pooled, RenderOptions()) == render(alone, RenderOptions()), name
        pieces = BATCH.load_pieces(name)
        if pieces is not None:
            streamed = "".join(map(as_text, pieces(pooled, RenderOptions())))
            assert streamed == render(alone, RenderOptions()), name
    assert [rank for rank, _, _ in sequential[::COPIES]] == [1, 1 + COPIES, 1 + 2 * COPIES]


def _counted_pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the pools the batch starts from now on."""
    started: list[int] = []
    real = batch.start_workers

    def counting(workers: int, setup: batch.Setup) -> Workers[batch.Setup, Any, Any]:
        started.append(workers)
        return real(workers, setup)

    monkeypatch.setattr(batch, "start_workers", counting)
    return started


def test_a_batch_starts_no_pool_when_starting_one_measures_more_than_it_would_save(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """56 files after the first 16, each a few milliseconds: a start measured at one second
    cannot pay, whatever the load on the machine running the test."""
    pools = _counted_pools(monkeypatch)
    monkeypatch.setattr(batch, "_cores", lambda: 16)
    monkeypatch.setattr(batch, "_time_process_start", _slow_start)
    assert len(_summary(many, jobs=16)) == 3 * COPIES
    assert pools == []


def _slow_start(costs: batch._Costs) -> None:
    costs.fork_s = 1.0


def test_a_batch_no_larger_than_its_probe_starts_no_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for source in sorted(EXAMPLES.glob("*.yaml")):
        shutil.copy(source, tmp_path / source.name)
    pools = _counted_pools(monkeypatch)
    monkeypatch.setattr(batch, "pool_pays", lambda *measured: True)
    assert len(_summary(tmp_path, jobs=4)) == 3
    assert pools == []


def _costs(per_file: float, start: float, received: float = 0.0) -> batch._Costs:
    costs = batch._Costs(setup_s=0.0, import_s=start, first_s=per_file)
    costs.scored, costs.scored_s = 10, 10 * per_file
    costs.sent_s, costs.received_s = 10 * 2 * received, 10 * received
    return costs


@pytest.mark.parametrize(
    ("remaining", "workers", "cores", "pays"),
    [
        (100, 4, 4, False),  # 100 ms of work cannot repay a 200 ms start
        (1_000, 4, 4, True),  # 1 s here against 0.2 + 0.25 s in the pool
        (1_000, 4, 1, False),  # one core: the workers would only take turns
        (1_000, 2, 16, True),  # 0.2 + 0.5 s against 1 s
    ],
)
def test_the_pool_is_chosen_when_its_measured_saving_exceeds_its_start(
    remaining: int, workers: int, cores: int, pays: bool
) -> None:
    assert batch.pool_pays(_costs(0.001, 0.2), remaining, workers, cores) is pays


@pytest.mark.parametrize(
    ("remaining", "first", "cores", "pays", "timed"),
    [
        (1_000, 0.001, 2, True, False),  # 1 s here against 0.5 s: pays whatever a fork costs
        (10, 0.001, 2, True, True),  # 10 ms against 5 ms: pays if a fork takes under 5 ms
        (20, 0.03, 2, True, True),  # the rubric's check (the first file) is not a fork's cost
        (1_000, 0.001, 1, False, True),  # one core: never pays
    ],
)
def test_a_fork_is_timed_only_where_the_choice_depends_on_it(
    monkeypatch: pytest.MonkeyPatch,
    remaining: int,
    first: float,
    cores: int,
    pays: bool,
    timed: bool,
) -> None:
    forks: list[batch._Costs] = []

    def timing(costs: batch._Costs) -> None:
        forks.append(costs)
        costs.fork_s = 0.002

    monkeypatch.setattr(workers, "started_by_fork", lambda: True)
    monkeypatch.setattr(batch, "_time_process_start", timing)
    costs = batch._Costs(setup_s=0.0, first_s=first)
    costs.scored, costs.scored_s = 10, 0.01
    assert batch._pool_would_pay(costs, remaining, 2, cores) is pays
    assert bool(forks) is timed


@pytest.mark.parametrize(
    ("remaining", "forks", "plainly"),
    [
        (1_000, True, True),  # 0.5 s here (at half the time measured) against 0.05 + 0.25 s
        (150, True, False),  # 75 ms against 50 + 37.5 ms: time more files first
        (1_000, False, False),  # workers spawned: their start is timed, never assumed
    ],
)
def test_the_probe_ends_early_only_where_the_pool_plainly_pays(
    monkeypatch: pytest.MonkeyPatch, remaining: int, forks: bool, plainly: bool
) -> None:
    monkeypatch.setattr(workers, "started_by_fork", lambda: forks)
    costs = batch._Costs(setup_s=0.0, first_s=0.03)
    costs.scored, costs.scored_s = 3, 0.003
    assert batch._plainly_pays(costs, remaining, 2, 2) is plainly
    assert costs.scored_s == 0.003 and costs.fork_s == 0.0  # the measurement left as it was


@pytest.mark.parametrize("plainly", [True, False])
def test_a_batch_whose_pool_plainly_pays_starts_it_after_the_fewest_files(
    monkeypatch: pytest.MonkeyPatch, many: Path, plainly: bool
) -> None:
    # Whether it plainly pays is measured (above); here, what the batch does with the answer.
    monkeypatch.setattr(batch, "_plainly_pays", lambda *measured: plainly)
    monkeypatch.setattr(batch, "pool_pays", lambda *measured: True)
    seen: list[int] = []
    started_after: list[int] = []
    start = batch.start_workers

    def starting(count: int, setup: batch.Setup) -> Workers[batch.Setup, Any, Any]:
        started_after.append(seen[-1])
        return start(count, setup)

    monkeypatch.setattr(batch, "start_workers", starting)
    pooled = score_paths((many,), jobs=2, progress=seen.append)
    assert started_after == [batch.PROBE_LEAST if plainly else PROBE_FILES]
    assert seen == list(range(1, 3 * COPIES + 1))
    alone = score_paths((many,), jobs=1)
    assert [(r.rank, r.card) for r in pooled.rankings[0].units] == [
        (r.rank, r.card) for r in alone.rankings[0].units
    ]


def test_reading_results_back_one_by_one_bounds_what_a_pool_can_save() -> None:
    """Reading each result back takes as long as scoring it: no number of workers helps."""
    assert batch.pool_pays(_costs(0.001, 0.0, received=0.001), 10_000, 16, 16) is False
    assert batch.pool_pays(_costs(0.001, 0.0, received=0.0002), 10_000, 16, 16) is True


@pytest.mark.parametrize(
    ("files", "workers", "per_file", "chunk"),
    [
        (3984, 2, 0.0005, 40),  # 20 ms of scoring, not an eighth of a worker's share (249)
        (3984, 16, 0.0005, 40),
        (100, 2, 0.0005, 12),  # at least four chunks a worker
        (3, 2, 0.0005, 1),
        (1000, 2, 0.1, 1),  # a slow file is a chunk of its own
        (1000, 2, 0.0, 125),  # nothing measured: four chunks a worker
    ],
)
def test_a_worker_takes_about_twenty_milliseconds_of_files_at_a_time(
    files: int, workers: int, per_file: float, chunk: int
) -> None:
    assert batch.chunk_size(files, workers, per_file) == chunk


def test_forking_each_worker_counts_once_per_worker() -> None:
    """A forked worker has this process's workspace, its rubric checked; a spawned one imports,
    sets up its own and checks the rubric, side by side with the others."""
    costs = batch._Costs(setup_s=0.01, fork_s=0.005, first_s=0.03)
    costs.scored, costs.scored_s = 10, 0.01
    assert costs.pool_start_for(4) == pytest.approx(4 * 0.005)
    spawned = batch._Costs(setup_s=0.01, import_s=0.2, first_s=0.03)
    spawned.scored, spawned.scored_s = 10, 0.01
    assert spawned.pool_start_for(4) == pytest.approx(0.2 + 0.01 + 0.029)


def test_a_pooled_batch_reports_progress_over_the_whole_batch(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "pool_pays", lambda *measured: True)
    seen: list[int] = []
    score_paths((many,), jobs=2, progress=seen.append)
    assert seen[:PROBE_FILES] == list(range(1, PROBE_FILES + 1))
    assert seen == list(range(1, 3 * COPIES + 1))


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


def test_files_are_named_as_the_folder_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.yaml").write_text("kind: findings\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    named = {folder: expand_paths((Path(folder),)).value for folder in (".", "./", "a/", "./a")}
    assert named == {
        ".": ("a/b.yaml",),
        "./": ("a/b.yaml",),
        "a/": ("a/b.yaml",),
        "./a": ("a/b.yaml",),
    }
    assert expand_paths((tmp_path,)).value == (str(tmp_path / "a" / "b.yaml"),)


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


def _example_cards() -> list[tuple[str, ScoreCard]]:
    """Each example unit's path and card, in path order."""
    workspace = Workspace.default(())
    cards = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        found = workspace.assessment(str(path)).value
        assert found is not None
        cards.append((str(path), score_findings(found.findings, found.rubric)))
    return cards


def _json_piece() -> UnitPiece:
    piece = BATCH.load_unit("json")
    assert piece is not None
    return piece


def test_a_worker_sends_each_rubric_once_and_cards_come_back_equal() -> None:
    sender, receiver = Sender(), Receiver()
    cards = [card for _path, card in _example_cards()]
    packed = [sender.pack(ok(card)) for card in cards]
    assert [len(rubrics) for rubrics, _payload in packed] == [1, 0, 0]
    back = [receiver.unpack(one).value for one in packed]
    assert back == cards
    assert back[0] is not None and back[1] is not None
    assert back[1].rubric is back[0].rubric  # one copy for every card of the worker
    assert len(packed[1][1]) * 4 < len(pickle.dumps(cards[1]))


def test_written_cards_come_back_sharing_equal_numbers_with_their_places() -> None:
    """The parent holds a pool's written cards until the ranking: equal totals and losses read
    back are one object each, and a number keeps its places (4.0 is not made 4)."""
    path, card = _example_cards()[0]
    piece = _json_piece()
    sender, receiver = Sender(), Receiver()
    twice = [written(path, card, piece) for _ in range(2)]
    places = written(path, replace(card, score=Decimal("90.50"), deduction=Decimal("9.5")), piece)
    back = [receiver.unpack(sender.pack(ok(one))).value for one in (*twice, places)]
    assert all(isinstance(one, WrittenCard) for one in back)
    first, second, third = cast("list[WrittenCard]", back)
    assert first == twice[0] and first.score == card.score and first.lost == twice[0].lost
    assert first.score is second.score and first.deduction is second.deduction
    assert first.lost and all(a[1] is b[1] for a, b in zip(first.lost, second.lost, strict=True))
    assert (str(third.score), str(third.deduction)) == ("90.50", "9.5")


def test_written_cards_read_back_within_a_bound_are_those_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The parent's numbers cleared before each is kept, each card reads back as it was sent."""
    engine._NUMBERS.clear()
    monkeypatch.setattr(engine, "_NUMBERS_KEPT", 1)
    piece = _json_piece()
    sender, receiver = Sender(), Receiver()
    sent = [written(path, card, piece) for path, card in _example_cards()]
    back = [receiver.unpack(sender.pack(ok(card))).value for card in sent]
    assert [repr(card) for card in back] == [repr(card) for card in sent]
    assert len(engine._NUMBERS) == 1


@pytest.mark.parametrize(
    ("allowed", "load", "free"),
    [(16, 1.0, 16), (16, 0.2, 16), (16, 5.0, 12), (2, 6.3, 1), (2, 1.4, 2), (1, 0.0, 1)],
)
def test_workers_count_only_the_cores_other_work_leaves_free(
    allowed: int, load: float, free: int
) -> None:
    assert batch.free_cores(allowed, load) == free


@pytest.mark.parametrize(("load", "free"), [(3.0, 2), (8.0, 2), (12.0, 2), (20.0, 1)])
def test_on_some_cores_of_a_machine_only_their_part_of_its_load_counts(
    load: float, free: int
) -> None:
    """`taskset -c 0-1` on 16 cores: a load of 3 (another program's workers elsewhere) leaves
    both cores free, as a load of 20 (more than every core can run) does not."""
    assert batch.free_cores(2, load, 16) == free


def test_a_forked_worker_keeps_the_workspace_whose_rubric_the_first_files_checked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The pool's initializer in a forked copy of this process: no workspace made afresh, so
    no worker loads and checks the rubric again before its first file."""
    monkeypatch.setattr(batch.gc, "disable", lambda: None)  # this process's collector stays on
    setup: batch.Setup = ((), None, "en", None)
    with decimal.localcontext():
        batch._start_worker(setup, own_process=False)
        here = batch._worker
        batch._start_worker(setup)
        assert batch._worker is here
        batch._start_worker(((tmp_path,), None, "en", None))  # another batch: its own
        assert batch._worker is not here
