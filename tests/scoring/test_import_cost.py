"""Importing the scoring engine does no validation work a command may not need."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_engine_builds_no_findings_validator() -> None:
    code = (
        "import djkh.scoring.engine\n"
        "from djkh.model.findings import ItemFindings\n"
        "print(ItemFindings.__pydantic_complete__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"
