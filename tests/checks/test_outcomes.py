"""What the structure check and the path expansion hand back: a value, its problems, or both."""

from __future__ import annotations

from pathlib import Path

from djkh.checks.structure import validate_structure
from djkh.checks.validation import expand_paths
from djkh.files.loader import load_text
from djkh.model.findings import Findings
from djkh.problems.codes import Code
from djkh.problems.problem import Problem
from tests.conftest import EXAMPLES


def test_validate_structure_gives_the_model_or_its_problems() -> None:
    good = load_text((EXAMPLES / "示例局甲.yaml").read_text(encoding="utf-8"), "f.yaml").value
    assert good is not None
    built = validate_structure(good, Findings)
    assert isinstance(built.value, Findings)
    assert built.problems == ()
    bad = load_text("kind: findings\nunit: 甲\nextra: 1\n", "f.yaml").value
    assert bad is not None
    refused = validate_structure(bad, Findings)
    assert refused.value is None
    assert Code.UNKNOWN_KEY in {p.code for p in refused.problems}


def test_expand_paths_gives_files_beside_unreachable_paths(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("kind: findings\n", encoding="utf-8")
    gone = tmp_path / "gone"
    found = expand_paths((tmp_path, gone))
    assert found.value == (str(tmp_path / "a.yaml"),)
    message = "no such file or folder: check the path"
    assert found.problems == (Problem(str(gone), None, None, Code.NO_FILE, message),)
