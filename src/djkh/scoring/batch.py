"""Scoring many units at once: each file scored against its rubric, ranked per rubric."""

from __future__ import annotations

import decimal
import gc
import math
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from djkh import i18n
from djkh.checks.consistency import Entry, duplicate_units, locate_key, stray_years
from djkh.checks.validation import expand_paths
from djkh.checks.workspace import Workspace
from djkh.decimals import EXACT
from djkh.i18n import _
from djkh.model.rubric import ClassRanking, Rubric, Section
from djkh.problems.codes import Code, Severity
from djkh.problems.outcome import Outcome, ok
from djkh.problems.problem import Problem, in_file_order, source_of
from djkh.scoring.engine import ZERO, ScoreCard, score_findings
from djkh.scoring.pieces import UnitPiece, WrittenCard, stands_alone, written
from djkh.scoring.quotas import apply_quotas
from djkh.scoring.ranking import competition_ranks
from djkh.scoring.relative import with_relative_points

if TYPE_CHECKING:
    from djkh.scoring.assessors import Combined
    from djkh.scoring.sending import Packed, Sender
    from djkh.scoring.workers import Workers
    from djkh.scoring.years import YearComparison

# The files scored in this process before deciding whether a pool of workers would pay: at
# most PROBE_FILES, and PROBE_LEAST (the first, its rubric checked, and three timed) where the
# pool would pay even were those three twice as quick as they were, and a fork FORK_MOST_S.
PROBE_FILES = 16
PROBE_LEAST = 4
# More than forking one worker ever takes (2 to 5 ms for djkh at the start of a batch): where
# the pool would pay even at this cost, no fork is timed.
FORK_MOST_S = 0.05
# A worker's share at a time, in seconds of scoring: when the others are done, the last one
# goes on for at most this long (a fixed count of chunks per worker left one core idle for
# an eighth of its share, 0.1 s of a 4,000-file batch on two cores).
CHUNK_S = 0.02
# The files this process scores in a pool, written this many at a time: as a worker writes its
# chunk's, the writer's code and caches stay warm (4,000 files on two cores: json 9 ms sooner,
# csv 3 ms).
WRITTEN_TOGETHER = 16
_CENTS = Decimal("0.01")


class Ranked(NamedTuple):
    """A unit's card with its rank among the units scored against the same rubric."""

    rank: int
    path: str
    card: ScoreCard


class ItemLoss(NamedTuple):
    """How units fared on one item: how many lost points, and the mean loss over all units."""

    section_index: int
    item_index: int
    item_id: str
    title: str
    units_losing: int
    mean_loss: Decimal


@dataclass(frozen=True)
class RubricRanking:
    """The units scored against one rubric version, best first, with statistics."""

    ref: str
    title: str
    year: int
    section_titles: tuple[str, ...]
    units: tuple[Ranked, ...]
    mean: Decimal
    highest: Decimal
    lowest: Decimal
    losses: tuple[ItemLoss, ...]
    group: str | None = None  # 分类考核 ranked by group: the group (重点, 一般) ranked here
    class_part: bool = False  # units of several classes: their own parts are one column

    @property
    def issuer(self) -> str | None:
        """The issuing body (发文单位) the ranked rubric names, if it names one."""
        return self.units[0].card.rubric.issuer if self.units else None

    @cached_property
    def rubrics(self) -> tuple[Rubric, ...]:
        """The rubrics of the ranked units, each once (classes may differ in their rules)."""
        return tuple({id(ranked.card.rubric): ranked.card.rubric for ranked in self.units}.values())


class LeftOut(NamedTuple):
    """A file the rankings leave out, and the errors that kept it out."""

    path: str
    errors: tuple[Problem, ...]


@dataclass(frozen=True)
class BatchResult:
    """Every ranking, the files read, and the problems of the files that could not be scored.

    `other_years` are the files passed over because --year chose another year.
    """

    files: tuple[str, ...]
    rankings: tuple[RubricRanking, ...]
    problems: tuple[Problem, ...]
    other_years: tuple[str, ...] = ()
    years: tuple[YearComparison, ...] = ()  # --previous: last year's ranking beside this one
    # How many processes scored the files (the pool's, or this one): how, not what, so two
    # results of the same files are equal whatever it was.
    processes: int = field(default=1, compare=False)

    @cached_property
    def left_out(self) -> tuple[LeftOut, ...]:
        """Each file (or missing path, or a unit's sheet of a workbook) with an error, in file
        order, with its errors."""
        errors: dict[str, list[Problem]] = {}
        sources = set(self.files)
        for problem in self.problems:
            if problem.level is Severity.ERROR:
                errors.setdefault(source_of(problem, sources), []).append(problem)
        return tuple(LeftOut(path, tuple(found)) for path, found in errors.items())

    @property
    def ranked(self) -> int:
        """How many units the rankings hold."""
        return sum(len(ranking.units) for ranking in self.rankings)


Progress = Callable[[int], None]


def score_paths(
    paths: tuple[Path, ...],
    rubric_dirs: tuple[Path, ...] = (),
    pinned_rubric: Path | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    year: int | None = None,
) -> BatchResult:
    """Score every findings file under `paths`; invalid ones are reported, the rest ranked."""
    found = find_files(paths)
    files = found.value or ()
    return score_files(files, found.problems, rubric_dirs, pinned_rubric, jobs, progress, year)


def find_files(paths: tuple[Path, ...]) -> Outcome[tuple[str, ...]]:
    """The files to score, and a problem for each missing path or folder with none in it."""
    found = expand_paths(paths)
    if found.value:
        return found
    message = _("no *.yaml or *.yml files in this folder: name findings files or their folder")
    empty = [path for path in paths if os.path.isdir(path)]
    empties = [Problem(str(path), None, None, Code.NO_FILE, message) for path in empty]
    return ok((), (*found.problems, *empties))


def score_files(
    files: Sequence[str],
    problems: Iterable[Problem],
    rubric_dirs: tuple[Path, ...] = (),
    pinned_rubric: Path | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    year: int | None = None,
    piece: UnitPiece | None = None,
) -> BatchResult:
    """Score `files` (found by find_files, with its `problems`) and rank them per rubric.

    One ranking is one year and one file per unit: with `year`, files of other years are passed
    over; files recording the same unit and year, or a year other than the batch's, are errors.
    `piece`: the output format's writer of a unit's part; with it, workers send back units that
    stand alone as `WrittenCard`s (scoring/pieces.py), for a renderer that takes pieces.
    """
    problems = list(problems)
    setup = (rubric_dirs, pinned_rubric, i18n.current_language(), piece)
    with collector_paused(), decimal.localcontext(EXACT):  # exact sums of the losses too
        outcomes, processes = _score_files(files, setup, jobs, progress)
        cards: list[tuple[str, ScoreCard]] = []
        for path, outcome in zip(files, outcomes, strict=True):
            problems += outcome.problems
            if outcome.value is not None:
                cards.append((path, outcome.value))
        other_years: tuple[str, ...] = ()
        if year is not None:
            other_years = tuple(path for path, card in cards if card.year != year)
            cards = [(path, card) for path, card in cards if card.year == year]
        combined = _combined(files, outcomes, cards)
        if combined is not None:
            cards, problems = list(combined.cards), problems + list(combined.problems)
        first = {path: combined.files_of(path)[0] if combined else path for path, _card in cards}
        disagreeing = _disagreements([(first[path], card) for path, card in cards])
        problems += disagreeing + _on_every_file(disagreeing, combined)
        if disagreeing:
            refused = {problem.path for problem in disagreeing}
            cards = [(path, card) for path, card in cards if first[path] not in refused]
        rankings = rank_cards(cards)
    ordered = in_file_order(problems, files)
    return BatchResult(tuple(files), rankings, ordered, other_years, processes=processes)


def _combined(
    files: Sequence[str], outcomes: list[Outcome[ScoreCard]], cards: list[tuple[str, ScoreCard]]
) -> Combined | None:
    """One card per unit: its assessors' (考核责任单位, raters) and its periods' (平时考核) files
    combined, where its rubric has them; None where no rubric has: the cards go on as they are,
    and a unit with several files is refused as a duplicate (DJ601).

    The files that failed their own checks are read again for their unit: a combined unit's
    other files then point to their errors."""
    rubrics = {id(card.rubric): card.rubric for _path, card in cards}.values()
    if not any(rubric.assessors or rubric.periods for rubric in rubrics):
        return None
    # Here: most batches combine nothing, and need not load what combines.
    from djkh.scoring.assessors import combine_assessors
    from djkh.scoring.periods import combine_periods
    from djkh.scoring.unscored import read_unscored

    unscored = read_unscored(
        p for p, outcome in zip(files, outcomes, strict=True) if outcome.value is None
    )
    combined = combine_assessors(cards, unscored)
    return combine_periods(combined, unscored)


def _on_every_file(problems: list[Problem], combined: Combined | None) -> list[Problem]:
    """A combined unit's problem said in each of its other files too, so each is listed."""
    if combined is None:
        return []
    others = {files[0]: files[1:] for files in combined.files.values()}
    return [
        locate_key(other, "unit", problem.code, problem.message)
        for problem in problems
        for other in others.get(problem.path, ())
    ]


def _disagreements(cards: list[tuple[str, ScoreCard]]) -> list[Problem]:
    """Files of one unit and year, and files of a year other than the batch's."""
    entries = [Entry(path, card.unit, card.year) for path, card in cards]
    return duplicate_units(entries, locate_key) + stray_years(entries, locate_key)


# Rubric folders, --rubric, the language, and the writer of units' pieces if workers write them.
Setup = tuple[tuple[Path, ...], Path | None, str, UnitPiece | None]
_worker: Workspace | None = None
_worker_setup: Setup | None = None
_piece: UnitPiece | None = None
_sender: Sender | None = None  # a worker's: made as it starts (pickle is loaded only for a pool)


def _start_worker(setup: Setup, *, own_process: bool = True) -> None:
    """Each worker process keeps one workspace, so it checks each rubric once; a forked one
    keeps the copy of this process's, whose rubrics the first files checked already."""
    global _worker, _worker_setup, _piece, _sender
    if own_process:
        from djkh.scoring.sending import Sender

        gc.disable()  # see collector_paused
        _sender = Sender()
    rubric_dirs, pinned, language, _piece = setup
    i18n.use(language)  # a spawned worker would otherwise read it from the environment
    if own_process:
        decimal.setcontext(EXACT.copy())  # nor would it have the exact arithmetic
    if not own_process or _worker is None or _worker_setup != setup:
        _worker, _worker_setup = Workspace.default(rubric_dirs, pinned), setup


def _written(path: str, outcome: Outcome[ScoreCard], piece: UnitPiece | None) -> Outcome[ScoreCard]:
    """The outcome with its card written (a `WrittenCard`) when the unit stands alone."""
    card = outcome.value
    if piece is None or card is None or not stands_alone(card):
        return outcome
    return Outcome(written(path, card, piece), outcome.problems)


def _score_one(path: str) -> Outcome[ScoreCard]:
    assert _worker is not None
    outcome = _worker.assessment(path)
    _worker.forget(path)
    return outcome.then(lambda found: ok(score_findings(found.findings, found.rubric)))


def _score_files(
    files: Sequence[str], setup: Setup, jobs: int | None, progress: Progress | None
) -> tuple[list[Outcome[ScoreCard]], int]:
    """Score the first files here, timing them; the rest in a pool only if it pays for itself.
    Each file's outcome, and how many processes scored them."""
    workers = min(jobs or _cores(), len(files))
    started = time.perf_counter()
    _start_worker(setup, own_process=False)
    if workers <= 1:
        return _collect(map(_score_one, files), progress), 1
    costs = _Costs(setup_s=time.perf_counter() - started)
    cores = _cores()
    done: list[Outcome[ScoreCard]] = []
    for outcome in _timed(files[:PROBE_FILES], costs):
        done.append(outcome)
        if progress is not None:
            progress(len(done))
        remaining = len(files) - len(done)
        if len(done) >= PROBE_LEAST and _plainly_pays(costs, remaining, workers, cores):
            break  # the pool starts sooner: each file probed is one the workers do not share
    rest = files[len(done) :]
    workers = min(workers, len(rest) + 1)  # none idle from the start
    if rest and workers > 1 and _pool_would_pay(costs, len(rest), workers, cores):
        chunk = chunk_size(len(rest), workers, costs.per_file_s)
        counted = _counting_from(len(done), progress)
        pooled, processes = _score_in_pool(rest, setup, workers, chunk, counted)
        return done + pooled, processes
    return done + _collect(map(_score_one, rest), _counting_from(len(done), progress)), 1


def _plainly_pays(costs: _Costs, remaining: int, workers: int, cores: int) -> bool:
    """Whether a pool of forked workers would pay even were the files timed so far twice as
    quick as they were and a fork to take `FORK_MOST_S`: then timing more files is no use."""
    from djkh.scoring.workers import started_by_fork  # here: a batch with no pool never loads it

    if not started_by_fork():
        return False
    doubted = replace(costs, scored_s=costs.scored_s / 2, fork_s=FORK_MOST_S)
    return pool_pays(doubted, remaining, workers, cores)


def _pool_would_pay(costs: _Costs, remaining: int, workers: int, cores: int) -> bool:
    """`pool_pays`, with what starting a worker costs here: timed (a fork timed is a fork more)
    only where even `FORK_MOST_S` would not pay."""
    from djkh.scoring.workers import started_by_fork  # here: a batch with no pool never loads it

    if started_by_fork():
        costs.fork_s = FORK_MOST_S
        if pool_pays(costs, remaining, workers, cores):
            return True
    _time_process_start(costs)
    return pool_pays(costs, remaining, workers, cores)


def _time_process_start(costs: _Costs) -> None:
    """What starting one worker process costs before its workspace: a fork of this process,
    timed; where workers are spawned, this process's CPU time so far (the interpreter and the
    imports a worker repeats, at most)."""
    from djkh.scoring.workers import started_by_fork  # here: a batch with no pool never loads it

    if not started_by_fork():
        costs.import_s = time.process_time()
        return
    began = time.perf_counter()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child ends at once)
        os._exit(0)
    os.waitpid(child, 0)
    costs.fork_s = time.perf_counter() - began


def _cores() -> int:
    """The cores this process may run on (taskset and cgroups' cpusets included) that other
    work is not already keeping busy: workers on a busy machine only take turns."""
    if hasattr(os, "sched_getaffinity"):
        allowed = len(os.sched_getaffinity(0)) or 1
    else:
        allowed = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows has no load average
        return allowed
    return free_cores(allowed, load, os.cpu_count() or allowed)


def free_cores(allowed: int, load: float, machine: int | None = None) -> int:
    """Of `allowed` cores, those the last minute's `load` (this process counted in it, or about
    to be) leaves free for workers; at least this process's own.

    The load is the whole machine's: on `allowed` of its `machine` cores (taskset, a cpuset),
    only their part of it is counted, as if it were spread evenly.
    """
    if machine and machine > allowed:
        load = load * allowed / machine
    return max(1, min(allowed, round(allowed + 1 - load)))


@dataclass
class _Costs:
    """What the first files cost here, in seconds: the basis of the choice of a pool.

    `fork_s` is forking one worker process, `import_s` the imports a spawned one makes first;
    `setup_s` its workspace; `first_s` the first file, which also loads and checks its rubric.
    """

    setup_s: float
    fork_s: float = 0.0
    import_s: float = 0.0
    first_s: float = 0.0
    scored_s: float = 0.0  # the files after the first
    scored: int = 0
    sent_s: float = 0.0  # pickling each result and reading it back, as a worker sends it
    received_s: float = 0.0  # reading it back alone: the parent's share

    @property
    def per_file_s(self) -> float:
        """Scoring one file, its rubric already checked."""
        return self.scored_s / self.scored if self.scored else self.first_s

    def pool_start_for(self, workers: int) -> float:
        """Starting `workers` processes: forked one after another by this process, each with a
        copy of its workspace, the rubric checked; or spawned and importing side by side, then
        each setting up its workspace and checking the rubric, in parallel with the others."""
        if self.fork_s:
            return workers * self.fork_s
        return self.import_s + self.setup_s + max(0.0, self.first_s - self.per_file_s)


def pool_pays(costs: _Costs, remaining: int, workers: int, cores: int) -> bool:
    """Whether `remaining` files shared by this process and `workers` - 1 worker processes, on
    `cores`, would end sooner than here alone.

    A worker scores a file and packs it to send it back; this process reads back each file a
    worker scored and scores the rest, so that all end together; the workers start first.
    """
    if costs.scored == 0:
        return False  # too few files to know
    helpers = min(workers, cores) - 1
    if helpers < 1:
        return False  # one core: the workers would only take turns with this process
    per_file = costs.per_file_s
    here = remaining * per_file
    sent = (costs.sent_s - costs.received_s) / costs.scored
    received = costs.received_s / costs.scored
    by_worker = (per_file + sent) / helpers  # the workers' time for each file they score
    # The share the workers score: then this process's time (scoring the rest, reading theirs
    # back) equals theirs; all of it when reading back alone keeps this process busy.
    balance = by_worker + per_file - received
    share = 1.0 if balance <= per_file else per_file / balance
    shared = remaining * max(share * by_worker, share * received + (1 - share) * per_file)
    return here - shared > costs.pool_start_for(workers - 1)


def _timed(files: Sequence[str], costs: _Costs) -> Iterator[Outcome[ScoreCard]]:
    """Score `files` here, adding to `costs` what each took and what sending it back would."""
    from djkh.scoring.sending import Receiver, Sender

    sender, receiver = Sender(), Receiver()
    for index, path in enumerate(files):
        began = time.perf_counter()
        outcome = _score_one(path)
        # Writing the unit's piece counts as scoring: here or in a worker, it is written once.
        packing = _written(path, outcome, _piece)
        scored = time.perf_counter()
        sent = sender.pack(packing)
        pickled = time.perf_counter()
        receiver.unpack(sent)
        ended = time.perf_counter()
        if index == 0:
            costs.first_s = scored - began
        else:
            costs.scored_s += scored - began
            costs.scored += 1
            costs.sent_s += ended - scored
            costs.received_s += ended - pickled
        yield outcome


def _counting_from(already: int, progress: Progress | None) -> Progress | None:
    """`progress` told the count over the whole batch, for the files after the first `already`."""
    if progress is None:
        return None
    return lambda count: progress(already + count)


def chunk_size(files: int, workers: int, per_file_s: float) -> int:
    """How many files a worker takes at a time: about CHUNK_S of scoring (fewer, larger chunks
    cost less to send; smaller ones end the batch together), and at least four chunks a worker."""
    by_time = math.ceil(CHUNK_S / per_file_s) if per_file_s > 0 else files
    return max(1, min(by_time, files // (workers * 4)))


def _score_in_pool(
    files: Sequence[str], setup: Setup, workers: int, chunk: int, progress: Progress | None
) -> tuple[list[Outcome[ScoreCard]], int]:
    """Score `files` with `workers` - 1 worker processes and this one: see `_SharedBatch`.
    The outcomes, and how many processes scored them (fewer where the system refused some)."""
    helpers = start_workers(workers - 1, setup)
    try:
        outcomes = _SharedBatch(files, helpers, chunk, progress).finish()
    except BaseException:
        helpers.stop()
        raise
    helpers.close()
    return outcomes, helpers.count + 1


def start_workers(count: int, setup: Setup) -> Workers[Setup, Sequence[str], list[Packed]]:
    """`count` worker processes, each set up like this one (fewer where the system refuses)."""
    from djkh.scoring.workers import Workers  # here: a batch with no pool never loads it

    return Workers(count, _start_worker, setup, _score_chunk)


class _SharedBatch:
    """A batch shared between worker processes and this one, which is a worker too.

    The workers take chunks of files from the front, each with one chunk waiting behind the one
    it scores; chunks shrink as the files run out, so that all end together. This process
    scores files one at a time from the back (writing them a few at a time), and between two
    of them reads back what the workers sent: with many workers it mostly reads, with one it
    scores about half the files, and what it scores itself is never sent. The two ends meet;
    outcomes keep the file order.
    """

    def __init__(
        self,
        files: Sequence[str],
        helpers: Workers[Setup, Sequence[str], list[Packed]],
        chunk: int,
        progress: Progress | None,
    ) -> None:
        from djkh.scoring.sending import Receiver

        self._files, self._helpers, self._progress = files, helpers, progress
        self._chunk, self._share = chunk, 2 * (helpers.count + 1)
        self._front, self._back, self._done = 0, len(files), 0
        self._outcomes: list[Outcome[ScoreCard] | None] = [None] * len(files)
        # Each worker's chunks handed out and not yet read back: where each begins.
        self._handed: list[deque[int]] = [deque() for _ in range(helpers.count)]
        self._receiver = Receiver()
        self._scored: list[tuple[int, str, Outcome[ScoreCard]]] = []  # not yet written

    def finish(self) -> list[Outcome[ScoreCard]]:
        """Every file's outcome, once the workers and this process have scored them all."""
        self._hand_out()
        while self._front < self._back or any(self._handed):
            waiting = self._front == self._back  # for the workers' last chunks
            if waiting:
                self._write_scored()
            sent = self._helpers.sent_back(block=waiting)
            if sent:
                self._read_back(sent)
                self._hand_out()
            elif self._front < self._back:  # the workers are busy: score one file here
                self._back -= 1
                path = self._files[self._back]
                self._scored.append((self._back, path, _score_one(path)))
                if len(self._scored) == WRITTEN_TOGETHER:
                    self._write_scored()
        self._write_scored()
        scored = [outcome for outcome in self._outcomes if outcome is not None]
        assert len(scored) == len(self._files), "every file is scored"
        return scored

    def _hand_out(self) -> None:
        """Give each worker a chunk until each has two, while files are left between the ends."""
        for worker, handed in enumerate(self._handed):
            while len(handed) < 2 and self._front < self._back:
                size = max(1, min(self._chunk, (self._back - self._front) // self._share))
                self._helpers.send(worker, self._files[self._front : self._front + size])
                handed.append(self._front)
                self._front += size

    def _write_scored(self) -> None:
        """Write the units this process scored since it last wrote, one after another, as a
        worker writes its chunk's: here during the batch, not left for after it."""
        for index, path, outcome in self._scored:
            self._record(index, _written(path, outcome, _piece))
        self._scored.clear()

    def _read_back(self, sent: list[tuple[int, list[Packed]]]) -> None:
        for worker, packed in sent:
            first = self._handed[worker].popleft()
            for index, one in enumerate(packed, first):
                self._record(index, self._receiver.unpack(one))

    def _record(self, index: int, outcome: Outcome[ScoreCard]) -> None:
        self._outcomes[index] = outcome
        self._done += 1
        if self._progress is not None:
            self._progress(self._done)


def _score_chunk(paths: Sequence[str]) -> list[Packed]:
    """A worker's task: a chunk of files, each scored; then each written where it can be, and
    packed to send each rubric once.

    The chunk's units are written one after another once all are scored, not each after its
    own scoring: the writer's code and what it keeps stay in the processor's caches (4,000
    files on two cores: csv 9 ms sooner, json 20 ms)."""
    assert _sender is not None, "made as the worker started"
    outcomes = [_score_one(path) for path in paths]
    return [
        _sender.pack(_written(path, outcome, _piece))
        for path, outcome in zip(paths, outcomes, strict=True)
    ]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Scoring makes many small objects that live until the ranking and form no reference
    cycles, so Python's cycle collector would only walk them again and again (about 5 % of the
    time for 10,000 files). Nested, the outermost pause ends it. A findings workbook's reader
    does make cycles: it collects its own (files/workbook.py).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _collect(
    results: Iterator[Outcome[ScoreCard]], progress: Progress | None
) -> list[Outcome[ScoreCard]]:
    done = []
    for result in results:
        done.append(result)
        if progress is not None:
            progress(len(done))
    return done


def rank_cards(cards: list[tuple[str, ScoreCard]]) -> tuple[RubricRanking, ...]:
    """Group cards by rubric (in order of first appearance) and rank each group."""
    groups: dict[tuple[str, str | None], list[tuple[str, ScoreCard]]] = {}
    for path, card in cards:
        groups.setdefault((card.rubric.ref, _class_group(card)), []).append((path, card))
    return tuple(_ranking(group, key[1]) for key, group in groups.items())


def _class_group(card: ScoreCard) -> str | None:
    """The group a unit ranks in when its rubric ranks classes by group (分类考核), else none."""
    unit_class = card.unit_class
    if unit_class is None or card.rubric.class_ranking is not ClassRanking.BY_GROUP:
        return None
    return unit_class.group or unit_class.title


def _ranking(group: list[tuple[str, ScoreCard]], class_group: str | None = None) -> RubricRanking:
    group = with_relative_points(group)  # 全批相对计分: before the totals are ranked
    # As a committee publishes it: a unit vetoed (一票否决) stands below every unit that was not.
    ranks = competition_ranks(
        [(not (card.vetoes or card.score_vetoes), card.score) for _, card in group]
    )
    units = sorted(
        (Ranked(rank, path, card) for rank, (path, card) in zip(ranks, group, strict=True)),
        key=lambda r: (r.rank, r.card.unit, r.path),
    )
    graded = apply_quotas([(r.rank, r.card) for r in units])  # 名额, in rank order
    units = [
        r if r.card is card else r._replace(card=card)  # most keep their card: no copy
        for r, card in zip(units, graded, strict=True)
    ]
    scores = [card.score for _, card in group]
    first = group[0][1]
    rubric = first.rubric
    mixed = len({card.unit_class.id for _, card in group if card.unit_class}) > 1
    titles = tuple(section.title for section in _sections(first, mixed))
    title = rubric.title
    if class_group is not None:
        title = _("{title} ({group})").format(title=title, group=class_group)
    return RubricRanking(
        rubric.ref,
        title,
        first.year,
        titles + ((_("Class part"),) if mixed else ()),
        tuple(units),
        _mean(scores),
        max(scores),
        min(scores),
        tuple(_losses([card for _, card in group], mixed)),
        class_group,
        mixed,
    )


def _mean(values: list[Decimal]) -> Decimal:
    """The mean to two decimal places, half up, as a 通报 prints it."""
    return _mean_of(sum(values, ZERO), len(values))


def _mean_of(total: Decimal, count: int) -> Decimal:
    return (total / count).quantize(_CENTS, rounding=ROUND_HALF_UP)


def _sections(card: ScoreCard, common_only: bool) -> tuple[Section, ...]:
    """The rubric's sections the card is scored on; units of several classes share only the
    common ones. A written card has no sections of its own, but never a class."""
    if isinstance(card, WrittenCard):
        return tuple(card.rubric.sections)
    sections = card.common_sections if common_only else card.sections
    return tuple(section.section for section in sections)


def _losses(cards: list[ScoreCard], common_only: bool = False) -> Iterator[ItemLoss]:
    # One pass over each card: a card's items lie together in memory, one item across
    # thousands of cards does not.
    sections = _sections(cards[0], common_only)
    slots = [(si, ii, i) for si, s in enumerate(sections) for ii, i in enumerate(s.items)]
    lost = [ZERO] * len(slots)
    losing = [0] * len(slots)
    for card in cards:
        if isinstance(card, WrittenCard):  # its losses came with it
            for slot, deduction in card.lost:
                lost[slot] += deduction
                losing[slot] += 1
            continue
        slot = 0
        for section in card.common_sections if common_only else card.sections:
            for scored in section.items:
                if scored.deduction > 0:
                    lost[slot] += scored.deduction
                    losing[slot] += 1
                slot += 1
    for (si, ii, item), total, units in zip(slots, lost, losing, strict=True):
        yield ItemLoss(si, ii, item.id, item.title, units, _mean_of(total, len(cards)))
