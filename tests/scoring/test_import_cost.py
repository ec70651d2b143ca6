"""Scoring well-formed files loads no pydantic: it validates only what the quick road declines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES, REPO


def _pydantic_loaded(*args: str) -> str:
    code = (
        "import sys\nfrom djkh.cli import main\n"
        f"try:\n    main({list(args)!r})\nexcept SystemExit:\n    pass\n"
        "print('pydantic' in sys.modules, 'pydantic_core' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    return run.stdout.splitlines()[-1]


def test_scoring_well_formed_files_loads_no_pydantic() -> None:
    one = str(EXAMPLES / "示例局甲.yaml")
    assert _pydantic_loaded("score", one, "--format", "csv") == "False False"
    folder = str(EXAMPLES)
    assert _pydantic_loaded("score", folder, "--format", "json", "--jobs", "1") == "False False"


def test_a_file_with_a_mistake_is_reported_by_pydantic(tmp_path: Path) -> None:
    text = (EXAMPLES / "示例局甲.yaml").read_text(encoding="utf-8")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(text.replace("year: ", "yeer: ", 1), encoding="utf-8")
    assert _pydantic_loaded("score", str(wrong)) == "True True"
