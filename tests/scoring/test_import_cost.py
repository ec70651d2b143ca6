"""Scoring well-formed files loads no pydantic: it validates only what the quick road declines."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLES, REPO, imported_after


def _pydantic_loaded(*args: str) -> str:
    found = imported_after(list(args), ("pydantic", "pydantic_core"), REPO)
    return f"{'pydantic' in found} {'pydantic_core' in found}"


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


def test_a_batch_loads_last_years_comparison_only_with_previous(tmp_path: Path) -> None:
    folder = str(EXAMPLES)
    for output_format in ("json", "html", "xlsx", "table"):
        out = str(tmp_path / f"out.{output_format}")
        args = ["score", folder, "--format", output_format, "--jobs", "1", "-o", out]
        assert imported_after(args, ("djkh.scoring.years",), REPO) == [], output_format
