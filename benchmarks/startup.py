"""Start-up benchmark: djkh's commands side by side with the cost of importing what they need.

    python benchmarks/startup.py [--runs N]

Each command runs N times as a fresh process (after one warm-up run); the table gives the
median wall time and the ratio to its floor. Aims: `djkh --version` within 1.3x of
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


def _median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Measure each pair and print a Markdown table, ready for the README."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    djkh, python = _djkh(), sys.executable
    pairs = [
        ("djkh --version", [djkh, "--version"],
         'python -c "import click"', [python, "-c", "import click"], 1.3),
        ("djkh score (table)", [djkh, "score", str(EXAMPLE)],
         'python -c "import click, yaml, pydantic, rich.table"',
         [python, "-c", "import click, yaml, pydantic, rich.table"], 2.0),
        ("djkh score --format json", [djkh, "score", str(EXAMPLE), "--format", "json"],
         'python -c "import click, yaml, pydantic, rich.table"',
         [python, "-c", "import click, yaml, pydantic, rich.table"], 2.0),
    ]
    print(f"median of {runs} runs each, Python {sys.version.split()[0]}\n")
    print("| command | median | floor | floor median | ratio | aim |")
    print("|---|---:|---|---:|---:|---:|")
    for name, command, floor_name, floor, aim in pairs:
        measured, base = _median_seconds(command, runs), _median_seconds(floor, runs)
        ratio = measured / base
        verdict = "ok" if ratio <= aim else "OVER"
        print(f"| `{name}` | {measured * 1000:.0f} ms | `{floor_name}` | {base * 1000:.0f} ms "
              f"| {ratio:.2f}x | ≤ {aim}x {verdict} |")


if __name__ == "__main__":
    main()
