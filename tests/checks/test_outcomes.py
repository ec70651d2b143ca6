"""What the checks hand back: the structure, the paths found, the kind of file, as Outcomes."""

from __future__ import annotations

from pathlib import Path

from djkh.checks.structure import validate_structure
from djkh.checks.validation import expand_paths
from djkh.checks.workspace import Workspace
from djkh.files.catalogue import RubricCatalogue
from djkh.files.loader import load_text
from djkh.model.findings import Findings
from djkh.model.kinds import FileKind
from djkh.problems.codes import Code
from djkh.problems.outcome import failed, ok
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


def test_kind_of_reads_the_kind_as_a_file_kind(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text("kind: rubric\n", encoding="utf-8")
    workspace = Workspace(RubricCatalogue.default(()))
    assert workspace.kind_of(str(tmp_path / "r.yaml")) == ok(FileKind.RUBRIC)
    assert workspace.kind_of(str(EXAMPLES / "示例局甲.yaml")).value is FileKind.FINDINGS


def test_a_file_of_the_wrong_kind_is_named_by_its_kind(tmp_path: Path) -> None:
    path = str(tmp_path / "r.yaml")
    (tmp_path / "r.yaml").write_text("kind: rubric\n", encoding="utf-8")
    message = "this is a rubric file, but a findings file is needed here"
    workspace = Workspace(RubricCatalogue.default(()))
    assert workspace.assessment(path) == failed([Problem(path, 1, 7, Code.BAD_KIND, message)])
