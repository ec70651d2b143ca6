"""How well `djkh import` drafts the Wenzhou rubric, and how long it takes.

    python benchmarks/import_quality.py [--runs N]

Builds the Wenzhou table as a Word document from the seed's text (tests/cli/tables.py), runs
`djkh import --simplified` on it N times as a fresh process, and compares the draft with the
hand-made rubric/wenzhou-jiguan/2007.yaml item by item (score, rule count, each rule's kind,
amount, required and limits). Needs the import extra: pip install '.[import]'.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.cli.tables import measure, wenzhou_docx  # noqa: E402 (the repository is on the path now)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        source = wenzhou_docx(Path(folder) / "细则.docx")
        command = [sys.executable, "-m", "djkh", "import", str(source), "--simplified"]
        command += ["--id", "wenzhou-jiguan", "--version", "2007"]
        times, draft = [], ""
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            times.append(time.perf_counter() - start)
            draft = done.stdout
    right, total, unmarked = measure(draft)
    print(f"rules right with no review mark: {right} of {total} ({100 * right / total:.0f} %)")
    print(f"wrong rules without a review mark: {len(unmarked)}")
    for text in unmarked:
        print(f"  {text}")
    print(f"djkh import, median of {runs} runs: {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
