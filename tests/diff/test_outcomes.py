"""What git and the rescore hand back: a refused revision, findings of another rubric."""

from __future__ import annotations

from djkh.checks.workspace import Workspace
from djkh.diff import rescoring, sources
from djkh.files.catalogue import RubricCatalogue
from djkh.problems.codes import Code
from djkh.problems.outcome import failed
from djkh.problems.problem import Problem
from tests.conftest import EXAMPLES


def test_a_dash_revision_is_refused_as_an_outcome() -> None:
    message = (
        "'-x' is not a revision (a revision never starts with '-'): to name a file, write ./-x:a"
    )
    assert sources._git_commit("-x:a", "-x") == failed(
        [Problem("-x:a", None, None, Code.GIT, message)]
    )


def test_findings_of_another_rubric_are_refused_for_a_rescore() -> None:
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
