"""Start-up benchmark: djkh's commands side by side with the cost of importing what they need.

    python benchmarks/startup.py [--runs N]

Each command runs N times as a fresh process (after one warm-up run); the table gives the
median wall time and the ratio to its floor. The last row compares with a floor that also
defines one pydantic model: `import pydantic` alone is lazy and skips pydantic's internals,
which the first model definition loads. Aims: `djkh --version` within 1.3x of
`python -c "import click"`, `djkh score` within 2x of importing click, yaml, pydantic and rich.
"""

from __future__ import annotations

import argparse
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


def _medians(command: list[str], floor: list[str], runs: int) -> tuple[float, float]:
    """Median seconds of each, timed alternately so that machine drift hits both alike."""
    for warm_up in (command, floor):
        subprocess.run(warm_up, check=True, capture_output=True)
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for argv, samples in ((command, times[0]), (floor, times[1])):
            start = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True)
            samples.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    """Measure each pair and print a Markdown table, ready for the README."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    djkh, python = _djkh(), sys.executable
    imports = "import click, yaml, pydantic, rich.table"
    one_model = imports + "\nclass M(pydantic.BaseModel):\n    x: int"
    score = [djkh, "score", str(EXAMPLE)]
    pairs = [
        ("djkh --version", [djkh, "--version"], "import click", 1.3),
        ("djkh score", score, imports, 2.0),
        ("djkh score --format json", [*score, "--format", "json"], imports, 2.0),
        ("djkh score", score, one_model, None),
    ]
    print(f"median of {runs} runs each, Python {sys.version.split()[0]}\n")
    print("| command | median | floor: `python -c ...` | floor median | ratio | aim |")
    print("|---|---:|---|---:|---:|---:|")
    for name, command, floor, aim in pairs:
        measured, base = _medians(command, [python, "-c", floor], runs)
        ratio = measured / base
        verdict = "" if aim is None else f"≤ {aim}x " + ("ok" if ratio <= aim else "OVER")
        shown = floor.split("\n")[0] + (" + one pydantic model" if "\n" in floor else "")
        print(
            f"| `{name}` | {measured * 1000:.0f} ms | `{shown}` | {base * 1000:.0f} ms "
            f"| {ratio:.2f}x | {verdict} |"
        )


if __name__ == "__main__":
    main()
