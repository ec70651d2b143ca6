"""Outcome, the one result type, and severities: what the readers and checks hand back."""

from __future__ import annotations

from pathlib import Path

import pytest

from djkh.checks.structure import validate_structure
from djkh.checks.validation import expand_paths
from djkh.checks.workspace import Workspace
from djkh.diff import rescoring, sources
from djkh.files.catalogue import RubricCatalogue
from djkh.files.loader import load_file, load_text
from djkh.files.reading import read_text
from djkh.model.findings import Findings
from djkh.problems.codes import Code, Severity
from djkh.problems.outcome import Outcome, failed, ok, unless_errors
from djkh.problems.problem import Problem
from djkh.scoring.batch import find_files
from tests.conftest import EXAMPLES

WARNED = Problem("a.yaml", 1, 1, Code.ITEM_NOT_RECORDED, "no entry for 1 item")
WRONG = Problem("a.yaml", 2, 3, Code.SYNTAX, "bad")


def test_ok_keeps_the_value_and_its_warnings() -> None:
    assert ok(5) == Outcome(5, ())
    assert ok("x", [WARNED]) == Outcome("x", (WARNED,))


def test_failed_has_no_value() -> None:
    assert failed([WRONG, WARNED]) == Outcome(None, (WRONG, WARNED))


def test_unless_errors_drops_the_value_only_for_an_error() -> None:
    assert unless_errors(5, [WARNED]) == Outcome(5, (WARNED,))
    assert unless_errors(5, [WARNED, WRONG]) == Outcome(None, (WARNED, WRONG))


def test_then_chains_values_and_gathers_problems() -> None:
    first: Outcome[int] = ok(2, [WARNED])
    assert first.then(lambda n: ok(n * 3, [WRONG])) == Outcome(6, (WARNED, WRONG))
    assert first.then(lambda n: failed([WRONG])) == Outcome(None, (WARNED, WRONG))
    stopped: Outcome[int] = failed([WRONG])
    assert stopped.then(lambda n: ok(n * 3)) == Outcome(None, (WRONG,))


def test_outcome_is_frozen() -> None:
    with pytest.raises(AttributeError):
        ok(1).value = 2  # type: ignore[misc]


def test_every_code_states_its_severity() -> None:
    warnings = [code.value for code in Code if code.level is Severity.WARNING]
    assert warnings == [f"DJ50{n}" for n in range(1, 9)]
    assert all(isinstance(code.level, Severity) for code in Code)
    assert Code.RULE_EXCEEDS_ITEM.level is Severity.WARNING
    assert Code.DUPLICATE_UNIT.level is Severity.ERROR


def test_a_severity_reads_as_its_word() -> None:
    assert (str(Severity.ERROR), f"{Severity.WARNING}") == ("error", "warning")
    assert WARNED.level is Severity.WARNING
    assert str(WARNED) == "a.yaml:1:1: warning: no entry for 1 item [DJ503]"


def test_read_text_gives_the_text_or_the_refusal(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("kind: rubric\n", encoding="utf-8")
    assert read_text(tmp_path / "a.yaml") == ok("kind: rubric\n")
    gone = str(tmp_path / "gone.yaml")
    message = "no such file: check the path"
    assert read_text(gone) == failed([Problem(gone, None, None, Code.NO_FILE, message)])
    (tmp_path / "u16.yaml").write_bytes(b"\xff\xfek\x00")
    (refused,) = read_text(tmp_path / "u16.yaml").problems
    assert (refused.code, refused.line, refused.col) == (Code.ENCODING, 1, 1)


def test_load_file_passes_a_refusal_on(tmp_path: Path) -> None:
    gone = str(tmp_path / "gone.yaml")
    assert load_file(gone) == read_text(gone)


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


def test_find_files_names_an_empty_folder(tmp_path: Path) -> None:
    message = "no *.yaml or *.yml files in this folder: name findings files or their folder"
    assert find_files((tmp_path,)) == ok(
        (), [Problem(str(tmp_path), None, None, Code.NO_FILE, message)]
    )


def test_a_dash_revision_is_refused_as_an_outcome() -> None:
    message = (
        "'-x' is not a revision (a revision never starts with '-'): to name a file, write ./-x:a"
    )
    assert sources._git_commit("-x:a", "-x") == failed(
        [Problem("-x:a", None, None, Code.GIT, message)]
    )


def test_findings_of_another_rubric_are_refused_for_a_rescore(tmp_path: Path) -> None:
    workspace = Workspace(RubricCatalogue.default(()))
    findings = EXAMPLES / "示例局甲.yaml"
    rubric = workspace.rubric(str(workspace.locate("wenzhou-jiguan@2007")))
    assert rubric.value is not None
    other = rubric.value.model_copy(update={"id": "other"})
    refused = rescoring._findings(workspace, str(findings), other)
    assert refused.value is None
    (problem,) = refused.problems
    assert problem.code is Code.RUBRIC_MISMATCH
    assert problem.message.endswith("rescore only the findings of the rubric being compared")


def test_a_rubric_file_is_no_unit_to_rescore() -> None:
    workspace = Workspace(RubricCatalogue.default(()))
    path = str(workspace.locate("wenzhou-jiguan@2007"))
    rubric = workspace.rubric(path)
    assert rubric.value is not None
    assert rescoring._findings(workspace, path, rubric.value) == failed(())
