"""The batch as users run it: the whole `djkh score FOLDER` command next to the floor of parsing.

    python benchmarks/command.py [--files N] [--rounds R] [--formats table,json,...]
                                [--jobs 1,2,...] [--memory N]

Generates N findings files (default 4,000) twice: warning-free copies of the example units, and
realistic ones (most omit an item or an item's self score, as real files do, so djkh warns). For
each kind and each output format it runs the real command, `python -m djkh score FOLDER --format
F -o FILE --jobs 1`, with stderr to a file and pinned to one core (`taskset -c 0` where there is
taskset), and the floor: a process that reads and parses the same files with PyYAML's
CSafeLoader on the same core. Runs take turns for R rounds (default 5); the table shows the
median seconds and djkh's time over the floor's, and in brackets the lowest and highest of the
rounds' own ratios (each round's djkh over the same round's floor): how far this machine's noise
moved the ratio.

`--jobs 1,2,4` also runs csv and json (or the formats `--cores-formats` names) with those
workers, each pinned to as many cores, and prints the curve: the speed-up over one worker (and
the lowest and highest of the rounds' own, each round's one-job time over its n-job time) and
the serial share it implies (Amdahl: s = (t_n / t_1 - 1/n) / (1 - 1/n)), which predicts the
speed-up on more cores. Above them, the machine's own ceiling: n floors at once, each pinned to
a core of its own, and how much more they read and parse than one alone (n x t_1 / t_n; wall
time only). Work that shares nothing gains no more than that on this machine: where its cores
share a host's caches, memory or physical cores, two may give less than 2x whatever djkh does.
Under each format, a reference for djkh's work split with nothing sent: n djkh processes at
once, each scoring its nth of the files with one job on a core of its own (wall time only; not
with --terminal, where the pool draws a progress bar that they would not). Each starts up as a
pool's main process does, and ranks, checks and writes only its nth of the batch where the main
process does all of it alone, so a pool can beat it or fall behind it within this machine's
noise; a format whose pool falls behind it run after run loses that time to what the pool
sends or does alone.

With more than one job it also reads the djkh process's own CPU time outside the files it
shares with its workers (start-up, the first files, ranking, writing): the part no core can
share. Over the one-job run's CPU time it is the serial share s, and 1 / (s + (1 - s) / n)
predicts the speed-up on n cores however busy this machine is. (It leaves out the parent's
reading back of the workers' results, which grows with the workers and caps what many of them
can save.)

`--force-pool` starts the workers even where djkh measures that they would not pay (on a busy
machine the load leaves no core free and djkh scores in one process): to measure the pool itself.

`--terminal` gives stderr a pseudo-terminal 100 columns wide instead of a file: djkh then draws
its progress bar, as it does for a user at a terminal (POSIX only; the floor writes nothing).

`--clock cpu` compares CPU time (user + system, workers included) instead of wall time: steadier
when other work shares the machine, but blind to what parallel workers save.

`--memory N` runs json, csv, table and html once on N realistic files and prints the peak resident
memory of the djkh process (its largest process, workers included) and what that is per file;
with `--rounds 0` it is all that runs (`--rounds 0 --memory 100000`: about 400 MB of files).
"""

from __future__ import annotations

import argparse
import compileall
import functools
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, NamedTuple

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "examples" / "findings").glob("*.yaml"))
FORMATS = ("table", "json", "csv", "markdown", "html", "xlsx")
SUFFIXES = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md", "html": "html"}
KINDS = ("warning-free", "realistic")
AIMS = {"xlsx": 4.0}  # every other format: 1.25x the floor on one core
AIM = 1.25
# The checkout's djkh, however djkh is installed (its dependencies may come from PYTHONPATH).
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")])),
    "DJKH_LANG": "zh",
}
FLOOR = """
import sys, yaml
loader = yaml.CSafeLoader
for path in sorted(open(sys.argv[1], encoding="utf-8").read().split("\\n")):
    if path:
        with open(path, encoding="utf-8") as handle:
            yaml.load(handle.read(), Loader=loader)
"""
# `djkh` that writes its own CPU time (user + system, its workers not included) to argv[1], and
# the part of it spent sharing the files with its workers (scoring its own share, reading theirs
# back); with argv[2] "pool", it starts the pool whatever its measurement says (--force-pool).
PARENT_CPU = """
import atexit, resource, sys, time
report, pool = sys.argv.pop(1), sys.argv.pop(1)
import djkh.scoring.batch as batch
if pool == "pool":
    batch.pool_pays = lambda *measured: True
shared = []
finish = batch._SharedBatch.finish
def _timed_finish(self):
    began = time.process_time()
    try:
        return finish(self)
    finally:
        shared.append(time.process_time() - began)
batch._SharedBatch.finish = _timed_finish
def _report():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(report, "w", encoding="utf-8") as out:
        out.write(f"{usage.ru_utime + usage.ru_stime} {sum(shared)}")
atexit.register(_report)  # the quick exit runs it too, as it ends the process
sys.argv[0] = "djkh"
from djkh.cli import run
run()
"""
PREDICTED_CORES = 16
SHARES = "shares"  # the kind of run that times n djkh processes at once, each its nth
FORCE_POOL = False  # --force-pool
TERMINAL = False  # --terminal


def _realistic(text: str, rng: random.Random) -> str:
    """The same unit with what real files lack: an item left out, or an item's self score."""
    lines = text.splitlines()
    items = [n for n, line in enumerate(lines) if line.startswith("  ") and line[2] != " "]
    # A self score that is all its item holds would leave the item empty (null), an error.
    scores = [
        n
        for n, line in enumerate(lines)
        if line.strip().startswith("self_score:") and _has_more(lines, n)
    ]
    choice = rng.random()
    if choice < 0.45 or (choice < 0.9 and not scores):  # leave out one item's whole block
        start = rng.choice(items)
        end = next((n for n in items if n > start), len(lines))
        del lines[start:end]
    elif choice < 0.9:  # leave out one item's self score, keeping the others
        del lines[rng.choice(scores)]
    return "\n".join(lines) + "\n"


def _has_more(lines: list[str], index: int) -> bool:
    """Whether the item holding the line `index` holds another line beside it."""
    depth = _indent(lines[index])
    after = lines[index + 1] if index + 1 < len(lines) else ""
    return _indent(lines[index - 1]) >= depth or bool(after.strip() and _indent(after) >= depth)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def generate(folder: Path, count: int, kind: str) -> Path:
    """`count` findings files of `kind` in `folder`; returns the list of their paths (a file)."""
    folder.mkdir(parents=True)
    texts = [path.read_text(encoding="utf-8") for path in EXAMPLES]
    rng = random.Random(2026)
    paths = []
    for n in range(count):
        unit = f"单位{n:06d}"
        lines = texts[n % len(texts)].splitlines()
        text = "\n".join(f"unit: {unit}" if ln.startswith("unit:") else ln for ln in lines) + "\n"
        if kind == "realistic":
            text = _realistic(text, rng)
        path = folder / f"{unit}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    listing = folder.parent / f"{folder.name}.list"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return listing


def _pinned(cores: int) -> list[str]:
    if _can_pin() and (os.cpu_count() or 1) >= cores:
        return ["taskset", "-c", f"0-{cores - 1}" if cores > 1 else "0"]
    return []


@functools.cache
def _can_pin() -> bool:
    """Whether taskset is there and the kernel lets it pin (some sandboxes refuse)."""
    if not shutil.which("taskset"):
        return False
    return subprocess.run(["taskset", "-c", "0", "true"], capture_output=True).returncode == 0


class Measured(NamedTuple):
    """One run: wall seconds, CPU seconds (user + system, workers included) and peak memory."""

    seconds: float
    cpu: float
    peak_kib: int


def run(command: Sequence[str], stderr: Path) -> Measured:
    """Time the command; fails loudly if it fails."""
    with stderr.open("wb") as errors:
        start = time.perf_counter()
        if TERMINAL:
            process, drained = _on_terminal(command, errors)
        else:
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=ENV)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if TERMINAL:
            drained.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: warnings with --fail-under are not used here
        sys.exit(f"{' '.join(command)} exited {process.returncode}: see {stderr}")
    return Measured(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def _on_terminal(
    command: Sequence[str], errors: BinaryIO
) -> tuple[subprocess.Popen[bytes], threading.Thread]:
    """Start `command` with its stderr on a pseudo-terminal, as at a user's terminal (djkh draws
    its progress bar there); what it draws is copied to `errors` as it comes, by a thread."""
    import fcntl  # POSIX only, as --terminal is
    import pty
    import struct
    import termios

    ours, theirs = pty.openpty()
    try:
        # 30 rows of 100 columns, as a terminal window says its size (a new one says 0 x 0).
        fcntl.ioctl(theirs, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=theirs, env=ENV)
    except BaseException:
        os.close(ours)
        raise
    finally:
        os.close(theirs)

    def drain() -> None:
        try:
            while chunk := os.read(ours, 1 << 16):
                errors.write(chunk)
        except OSError:  # EIO: the command's end of the terminal closed
            pass
        finally:
            os.close(ours)

    thread = threading.Thread(target=drain)
    thread.start()
    return process, thread


def run_together(commands: Sequence[Sequence[str]], stderr: Path) -> Measured:
    """Start every command at once; the wall seconds until the last one ends."""
    with stderr.open("wb") as errors:
        start = time.perf_counter()
        processes = [
            subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=ENV)
            for command in commands
        ]
        codes = [process.wait() for process in processes]
        seconds = time.perf_counter() - start
    for command, code in zip(commands, codes, strict=True):
        if code:
            sys.exit(f"{' '.join(command)} exited {code}: see {stderr}")
    return Measured(seconds, 0.0, 0)


def djkh_command(
    folder: Path,
    output_format: str,
    output: Path,
    jobs: int,
    parent_cpu: Path | None = None,
    core: int = 0,
) -> list[str]:
    """The command a user types, pinned to as many cores as it has workers (one job: to
    `core`); with `parent_cpu`, djkh writes its own CPU time there as it ends."""
    pool = "pool" if FORCE_POOL else "measured"
    start = ["-c", PARENT_CPU, str(parent_cpu), pool] if parent_cpu else ["-m", "djkh"]
    return [
        *(_on_core(core) if jobs == 1 else _pinned(jobs)),
        sys.executable,
        *start,
        "score",
        str(folder),
        "--format",
        output_format,
        "-o",
        str(output),
        "--jobs",
        str(jobs),
    ]


def _share_command(
    work: Path, listing: Path, output_format: str, shares: int, share: int
) -> list[str]:
    """`djkh score` of one of `shares` shares of the files `listing` names, with one job, on
    core `share` of its own."""
    output = work / f"out-share-{share}.{_suffix(output_format)}"
    folder = _share_folder(work, listing, shares, share)
    return djkh_command(folder, output_format, output, 1, core=share)


def _share_folder(work: Path, listing: Path, shares: int, share: int) -> Path:
    """A folder of every `shares`th file `listing` names from the `share`th, linked, not
    copied (made at the first call)."""
    folder = work / f"share-{shares}-{share}"
    if not folder.exists():
        folder.mkdir()
        for path in map(Path, listing.read_text(encoding="utf-8").splitlines()[share::shares]):
            try:
                os.link(path, folder / path.name)
            except OSError:  # a file system without hard links
                shutil.copyfile(path, folder / path.name)
    return folder


def floor_command(listing: Path, core: int = 0) -> list[str]:
    """Read and parse every file with CSafeLoader, in a process of its own, on one core."""
    return [*_on_core(core), sys.executable, "-c", FLOOR, str(listing)]


def _on_core(core: int) -> list[str]:
    """`taskset` to that one core, where the machine has it and lets it pin; else nothing."""
    return ["taskset", "-c", str(core)] if _pinned(core + 1) else []


def _shares_timed(options: argparse.Namespace) -> bool:
    """Whether n djkh processes at once are timed: in wall time, with stderr to a file (on a
    terminal the pool draws a progress bar that they would not)."""
    return options.clock == "wall" and not TERMINAL


def _suffix(output_format: str) -> str:
    return SUFFIXES.get(output_format, output_format)


# Each round's seconds, in round order: so index i of any two keys is the same round. Under
# (kind, format, 0) a one-job run's CPU seconds, under (kind, format, -jobs) the parent's.
Times = dict[tuple[str, str, int], list[float]]


def measure(
    work: Path, folders: dict[str, tuple[Path, Path]], options: argparse.Namespace
) -> Times:
    """Each round's seconds of the floor and of each (kind, format, jobs), alternating runs;
    and with workers, the parent's share of the CPU time, under (kind, format, -jobs)."""
    times: Times = {}
    runs: list[tuple[str, str, int]] = [(kind, "floor", 1) for kind in folders]
    runs += [(kind, fmt, 1) for kind in folders for fmt in options.formats]
    if options.clock == "wall":  # the ceiling: n floors at once
        runs += [("realistic", "floor", jobs) for jobs in options.jobs if jobs > 1]
    if _shares_timed(options):  # the reference: n shares of djkh's work at once
        runs += [
            (SHARES, fmt, jobs)
            for fmt in options.cores_formats
            for jobs in options.jobs
            if 1 < jobs <= options.files and fmt in options.formats  # a file for each share
        ]
    runs += [
        ("realistic", fmt, jobs)
        for fmt in options.cores_formats
        for jobs in options.jobs
        if jobs > 1 and fmt in options.formats
    ]
    runs = list(dict.fromkeys(runs))  # once a round each: a round's times pair with its floor's
    for round_number in range(options.rounds):
        for kind, output_format, jobs in runs:
            if kind == SHARES:  # n djkh processes at once, each its nth of the files, a core each
                listing = folders["realistic"][1]
                commands = [
                    _share_command(work, listing, output_format, jobs, share)
                    for share in range(jobs)
                ]
                times.setdefault((kind, output_format, jobs), []).append(
                    run_together(commands, work / "stderr.txt").seconds
                )
                continue
            folder, listing = folders[kind]
            if output_format == "floor" and jobs > 1:  # n floors at once, a core each
                commands = [floor_command(listing, core) for core in range(jobs)]
                times.setdefault((kind, "floor", jobs), []).append(
                    run_together(commands, work / "stderr.txt").seconds
                )
                continue
            if output_format == "floor":
                command = floor_command(listing)
            else:
                output = work / f"out-{kind}-{jobs}.{_suffix(output_format)}"
                parent = work / "parent-cpu.txt" if jobs > 1 else None
                command = djkh_command(folder, output_format, output, jobs, parent)
            measured = run(command, work / "stderr.txt")
            seconds = measured.cpu if options.clock == "cpu" else measured.seconds
            times.setdefault((kind, output_format, jobs), []).append(seconds)
            if output_format != "floor" and jobs > 1:
                parent_s, shared_s = map(float, (work / "parent-cpu.txt").read_text().split())
                times.setdefault((kind, output_format, -jobs), []).append(parent_s - shared_s)
            if output_format != "floor" and jobs == 1:  # the serial share's denominator
                times.setdefault((kind, output_format, 0), []).append(measured.cpu)
        print(f"round {round_number + 1} of {options.rounds} done", file=sys.stderr)
    return times


def spread(numerators: list[float], denominators: list[float]) -> str:
    """The lowest and highest of the rounds' own ratios, each round's numerator over the same
    round's denominator: '0.98-1.27'."""
    ratios = [n / d for n, d in zip(numerators, denominators, strict=True)]
    return f"{min(ratios):.2f}-{max(ratios):.2f}"


def print_formats(
    medians: dict[tuple[str, str, int], float], times: Times, options: argparse.Namespace
) -> None:
    clock = "CPU seconds" if options.clock == "cpu" else "seconds"
    print(
        f"\n{options.files:,} findings files, one core, median {clock} of {options.rounds} rounds;"
        "\nin brackets the lowest and highest of the rounds' own ratios to their floor\n"
    )
    print("| format | warning-free | ratio | realistic | ratio | aim |")
    print("|---|---:|---:|---:|---:|---:|")
    floors = [medians[(kind, "floor", 1)] for kind in KINDS]
    first, second = (f"{seconds:.2f} s" for seconds in floors)
    print(f"| floor: read + CSafeLoader | {first} | 1.00x | {second} | 1.00x | |")
    for output_format in options.formats:
        cells = []
        worst = 0.0
        for kind, floor in zip(KINDS, floors, strict=True):
            seconds = medians[(kind, output_format, 1)]
            worst = max(worst, seconds / floor)
            rounds = spread(times[(kind, output_format, 1)], times[(kind, "floor", 1)])
            cells += [f"{seconds:.2f} s", f"{seconds / floor:.2f}x ({rounds})"]
        aim = AIMS.get(output_format, AIM)
        verdict = "ok" if worst <= aim else "OVER"
        print(f"| {output_format} | {' | '.join(cells)} | ≤ {aim}x {verdict} |")


def print_curve(
    medians: dict[tuple[str, str, int], float], times: Times, options: argparse.Namespace
) -> None:
    curve = [jobs for jobs in options.jobs if jobs > 1]
    if not curve:
        return
    jobs_listed = ",".join(map(str, options.jobs))
    print(f"\nrealistic files, --jobs {jobs_listed}, each on as many cores; after the speed-up,")
    print("the lowest and highest of the rounds' own (each round's one job over its n jobs)\n")
    print("| format | " + " | ".join(f"{jobs} jobs" for jobs in options.jobs) + " | serial share |")
    print("|---|" + "---:|" * (len(options.jobs) + 1))
    if options.clock == "wall":
        floor = medians[("realistic", "floor", 1)]
        ceiling = [
            f"{seconds:.2f} s ({jobs * floor / seconds:.2f}x)"
            for jobs in options.jobs
            for seconds in [medians[("realistic", "floor", jobs)]]
        ]
        print(f"| the machine: n floors at once | {' | '.join(ceiling)} | |")
    for output_format in options.cores_formats:
        if output_format not in options.formats:
            continue
        one = medians[("realistic", output_format, 1)]
        cells = []
        for jobs in options.jobs:
            key = ("realistic", output_format, jobs)
            seconds = medians[key]
            speed_up = f"{one / seconds:.2f}x"
            if jobs > 1:
                speed_up += "; " + spread(times[("realistic", output_format, 1)], times[key])
            cells.append(f"{seconds:.2f} s ({speed_up})")
        last = max(curve)
        ratio = medians[("realistic", output_format, last)] / one
        serial = (ratio - 1 / last) / (1 - 1 / last)
        print(f"| {output_format} | {' | '.join(cells)} | {serial:.0%} |")
        if _shares_timed(options):
            print_shares(output_format, times, medians, options.jobs)
    print_parent_share(medians, options)


def print_shares(
    output_format: str,
    times: Times,
    medians: dict[tuple[str, str, int], float],
    jobs_listed: Sequence[int],
) -> None:
    """The row under a format's: n djkh processes at once, each its nth of the files."""
    one_key = ("realistic", output_format, 1)
    one = medians[one_key]
    cells = []
    for jobs in jobs_listed:
        if jobs == 1:
            cells.append(f"{one:.2f} s (1.00x)")
            continue
        key = (SHARES, output_format, jobs)
        if key not in times:  # fewer files than shares
            cells.append("–")
            continue
        rounds = spread(times[one_key], times[key])
        cells.append(f"{medians[key]:.2f} s ({one / medians[key]:.2f}x; {rounds})")
    print(f"| {output_format}: n shares at once, nothing sent | {' | '.join(cells)} | |")


def print_parent_share(
    medians: dict[tuple[str, str, int], float], options: argparse.Namespace
) -> None:
    """The parent's CPU seconds outside the files it shares with its workers (start-up, the
    first files, ranking, writing) against one worker's whole run: the share no core can share."""
    curve = [jobs for jobs in options.jobs if jobs > 1]
    cores = PREDICTED_CORES
    print("\nthe parent's CPU seconds with n jobs outside the files shared with its workers,")
    print("their share of one worker's CPU seconds (s), and the speed-up that share predicts")
    print(f"on {cores} cores: 1 / (s + (1 - s) / {cores})\n")
    print("| format | one worker, CPU | " + " | ".join(f"parent, {n} jobs" for n in curve) + " |")
    print("|---|---:|" + "---:|" * len(curve))
    for output_format in options.cores_formats:
        if output_format not in options.formats:
            continue
        one = medians[("realistic", output_format, 0)]
        cells = []
        for jobs in curve:
            parent = medians[("realistic", output_format, -jobs)]
            share = parent / one
            predicted = 1 / (share + (1 - share) / cores)
            cells.append(f"{parent:.2f} s (s = {share:.1%}: {predicted:.1f}x)")
        print(f"| {output_format} | {one:.2f} s | {' | '.join(cells)} |")


def print_memory(work: Path, count: int) -> None:
    """Peak memory on `count` files, and per file over the peak on a handful (start-up's share)."""
    small = 10
    folders = {n: work / f"memory-{n}" for n in (small, count)}
    for n, folder in folders.items():
        generate(folder, n, "realistic")
    print(f"\npeak resident memory, {count:,} realistic files, --jobs 1\n")
    print(f"| format | peak, {small} files | peak, {count:,} files | per file |")
    print("|---|---:|---:|---:|")
    for output_format in ("json", "csv", "table", "html"):
        output = work / f"memory.{_suffix(output_format)}"
        peaks = {
            n: run(djkh_command(folder, output_format, output, 1), work / "stderr.txt").peak_kib
            for n, folder in folders.items()
        }
        per_file = (peaks[count] - peaks[small]) / (count - small)
        print(
            f"| {output_format} | {peaks[small] / 1024:,.0f} MiB | {peaks[count] / 1024:,.0f} MiB"
            f" | {per_file:.1f} KiB |"
        )


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=4_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--formats", type=lambda text: text.split(","), default=list(FORMATS))
    parser.add_argument("--jobs", type=_numbers, default=[1])
    parser.add_argument(
        "--cores-formats",
        type=lambda text: text.split(","),
        default=["csv", "json"],
        help="the formats timed with each of --jobs (of those --formats names)",
    )
    parser.add_argument("--memory", type=int, default=0, metavar="N")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall time as users wait (default), or CPU time, steadier on a busy machine",
    )
    parser.add_argument(
        "--force-pool",
        action="store_true",
        help="with --jobs, start the workers even where djkh measures that they would not pay "
        "(a busy machine): to measure the pool itself",
    )
    parser.add_argument(
        "--terminal",
        action="store_true",
        help="stderr on a pseudo-terminal 100 columns wide, where djkh draws its progress bar, "
        "as at a user's terminal (the floor writes nothing there): POSIX only",
    )
    options = parser.parse_args()
    global FORCE_POOL, TERMINAL
    FORCE_POOL, TERMINAL = options.force_pool, options.terminal
    if 1 not in options.jobs:
        options.jobs = [1, *options.jobs]
    # Byte-compiled first, as pip installs it: with PYTHONDONTWRITEBYTECODE set, every run would
    # compile djkh's sources again (about 50 ms) while the floor's libraries come compiled.
    compileall.compile_dir(REPO / "src", quiet=1)
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        if options.rounds:
            time_formats(work, options)
        if options.memory:
            print_memory(work, options.memory)


def time_formats(work: Path, options: argparse.Namespace) -> None:
    """The timing tables: each format against the floor, then the curve over --jobs."""
    folders = {}
    for kind in KINDS:
        folder = work / kind
        folders[kind] = (folder, generate(folder, options.files, kind))
    times = measure(work, folders, options)
    medians = {key: statistics.median(values) for key, values in times.items()}
    print_formats(medians, times, options)
    print_curve(medians, times, options)


if __name__ == "__main__":
    main()
