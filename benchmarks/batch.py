"""Batch benchmark: files scored per second, next to the floor of just parsing them.

    python benchmarks/batch.py [--files N] [--rounds R]

Generates N findings files (copies of the three example units, default 10,000) in a temporary
folder, then times, in this process after a warm-up: the floor, reading and parsing every file
with PyYAML's CSafeLoader; djkh scoring them all with one worker; and with all cores. The three
take turns for R rounds (default 3) and each keeps its best time, so a busy moment of the machine
does not land on one of them alone. Aim: one worker at no less than 80 % of the floor's
throughput.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import yaml

from djkh.scoring.batch import score_paths

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "examples" / "findings").glob("*.yaml"))
AIM = 0.8


def _generate(folder: Path, count: int) -> None:
    texts = [path.read_text(encoding="utf-8") for path in EXAMPLES]
    for n in range(count):
        text = texts[n % len(texts)]
        unit = f"单位{n:05d}"
        lines = [
            f"unit: {unit}" if line.startswith("unit:") else line for line in text.splitlines()
        ]
        (folder / f"{unit}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _parse_all(folder: Path) -> int:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = sorted(folder.glob("*.yaml"))
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return len(files)


def _timed(run, *args) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = run(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    count = options.files
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        _generate(folder, count)
        _parse_all(folder)  # warm the file cache
        floor = one = every = float("inf")
        for _ in range(options.rounds):
            seconds, _parsed = _timed(_parse_all, folder)
            floor = min(floor, seconds)
            seconds, result = _timed(score_paths, (folder,), (), None, 1)
            assert not result.problems and len(result.rankings[0].units) == count  # type: ignore[attr-defined]
            one = min(one, seconds)
            del result
            every = min(every, _timed(score_paths, (folder,), (), None, cores)[0])
    rows = [
        ("floor: read + CSafeLoader parse", floor),
        ("djkh score, 1 worker", one),
        (f"djkh score, {cores} workers", every),
    ]
    print(f"{count} findings files, {cores} cores, best of {options.rounds} rounds\n")
    print("| run | seconds | files/s | share of floor |")
    print("|---|---:|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {count / seconds:,.0f} | {floor / seconds:.0%} |")
    verdict = "ok" if floor / one >= AIM else "below the aim"
    print(f"\naim: 1 worker at ≥ {AIM:.0%} of the floor's throughput: {verdict}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
