"""Start-up benchmark: djkh's commands side by side with the cost of importing what they need.

    python benchmarks/startup.py [--runs N] [--clock cpu]

Each command runs N times as a fresh process (after one warm-up run); the table gives the
median wall time and the ratio to its floor. `--clock cpu` compares CPU time (user + system)
instead: steadier when other work shares the machine. The last row compares with a floor that also
defines one pydantic model: `import pydantic` alone is lazy and skips pydantic's internals,
which the first model definition loads. Aims: `djkh --version` within 1.2x of
`python -c "import click"`, `djkh score` within 1.8x of importing click, yaml, pydantic and rich.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "findings" / "示例局甲.yaml"


def _djkh() -> str:
    found = shutil.which("djkh", path=str(Path(sys.executable).parent)) or shutil.which("djkh")
    if found is None:
        sys.exit("djkh is not installed: run `pip install .` first")
    return found


def _compile_djkh() -> None:
    """The djkh that runs byte-compiled, as pip installs it: with PYTHONDONTWRITEBYTECODE set, an
    editable install would compile its sources at every run, and the floor's libraries are
    compiled already."""
    spec = importlib.util.find_spec("djkh")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def _timed(argv: list[str], clock: str) -> float:
    """Seconds of one run: wall time, or the process's CPU time (user + system)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed")
    if clock == "cpu":
        return usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start


def _medians(command: list[str], floor: list[str], runs: int, clock: str) -> tuple[float, float]:
    """Median seconds of each, timed alternately so that machine drift hits both alike."""
    for warm_up in (command, floor):
        _timed(warm_up, clock)
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for argv, samples in ((command, times[0]), (floor, times[1])):
            samples.append(_timed(argv, clock))
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    """Measure each pair and print a Markdown table, ready for the README."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    options = parser.parse_args()
    runs, clock = options.runs, options.clock
    djkh, python = _djkh(), sys.executable
    _compile_djkh()
    imports = "import click, yaml, pydantic, rich.table"
    one_model = imports + "\nclass M(pydantic.BaseModel):\n    x: int"
    score = [djkh, "score", str(EXAMPLE)]
    pairs = [
        ("djkh --version", [djkh, "--version"], "import click", 1.2),
        ("djkh score", score, imports, 1.8),
        ("djkh score --format json", [*score, "--format", "json"], imports, 1.8),
        ("djkh score", score, one_model, None),
    ]
    what = "CPU time" if clock == "cpu" else "wall time"
    print(f"median {what} of {runs} runs each, Python {sys.version.split()[0]}\n")
    print("| command | median | floor: `python -c ...` | floor median | ratio | aim |")
    print("|---|---:|---|---:|---:|---:|")
    for name, command, floor, aim in pairs:
        measured, base = _medians(command, [python, "-c", floor], runs, clock)
        ratio = measured / base
        verdict = "" if aim is None else f"≤ {aim}x " + ("ok" if ratio <= aim else "OVER")
        shown = floor.split("\n")[0] + (" + one pydantic model" if "\n" in floor else "")
        print(
            f"| `{name}` | {measured * 1000:.0f} ms | `{shown}` | {base * 1000:.0f} ms "
            f"| {ratio:.2f}x | {verdict} |"
        )


if __name__ == "__main__":
    main()
