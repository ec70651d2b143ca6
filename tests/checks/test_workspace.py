"""The workspace: each file read once, each rubric checked once, findings checked against the
rubric they name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from djkh.checks.workspace import Workspace
from djkh.files.catalogue import RubricCatalogue
from djkh.model.kinds import FileKind
from tests.checks.documents import FINDINGS_HEAD, RUBRIC

ITEMS = "items:\n  study: {findings: {plan: true}}\n  life: {}\n  style: {}\n"


@dataclass(frozen=True)
class CountingCatalogue(RubricCatalogue):
    """A catalogue that records each rubric it is asked to look up."""

    asked: list[str] | None = None

    def locate(self, rubric_id: str, version: str) -> Path | None:
        assert self.asked is not None
        self.asked.append(f"{rubric_id}@{version}")
        return super().locate(rubric_id, version)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """rubrics/t/1.yaml, the small rubric, and f.yaml, findings against it."""
    (tmp_path / "rubrics" / "t").mkdir(parents=True)
    (tmp_path / "rubrics" / "t" / "1.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "f.yaml").write_text(FINDINGS_HEAD + ITEMS, encoding="utf-8")
    return tmp_path


def _workspace(folder: Path) -> Workspace:
    return Workspace(RubricCatalogue((folder / "rubrics",)))


def _shown(problems: object) -> list[str]:
    assert isinstance(problems, tuple)
    return [str(problem) for problem in problems]


def test_findings_are_checked_against_the_rubric_they_name(folder: Path) -> None:
    assessed = _workspace(folder).assessment(str(folder / "f.yaml"))
    assert assessed.problems == ()
    assert assessed.value is not None
    assert assessed.value.rubric.ref == "t@1"
    assert assessed.value.findings.unit == "示例局甲"
    assert list(assessed.value.findings.items) == ["study", "life", "style"]


def test_warnings_come_with_the_assessment(folder: Path) -> None:
    (folder / "f.yaml").write_text(FINDINGS_HEAD + "items:\n  life: {}\n", encoding="utf-8")
    assessed = _workspace(folder).assessment(str(folder / "f.yaml"))
    assert assessed.value is not None
    assert _shown(assessed.problems) == [
        f"{folder / 'f.yaml'}:5:1: warning: no entry for 2 items of t@1: study, style; add each "
        "(an empty '{}' when nothing was found) so none is forgotten [DJ503]"
    ]


def test_a_rubric_not_found_names_the_folders_searched_and_the_nearest(folder: Path) -> None:
    path = folder / "f.yaml"
    path.write_text((FINDINGS_HEAD + ITEMS).replace("t@1", "t@2"), encoding="utf-8")
    assessed = _workspace(folder).assessment(str(path))
    assert assessed.value is None
    assert _shown(assessed.problems) == [
        f"{path}:2:9: error: no rubric t@2 found (looked in {folder / 'rubrics'}); did you mean "
        "'t@1'? [DJ401]"
    ]


def test_findings_against_a_broken_rubric_point_to_its_problems(folder: Path) -> None:
    rubric = folder / "rubrics" / "t" / "1.yaml"
    rubric.write_text(RUBRIC.replace("total: 10", "total: 12"), encoding="utf-8")
    assessed = _workspace(folder).assessment(str(folder / "f.yaml"))
    assert assessed.value is None
    assert _shown(assessed.problems) == [
        f"{folder / 'f.yaml'}:2:9: error: rubric t@1 ({rubric}) has problems: fix those reported "
        "for it first [DJ402]",
        f"{rubric}:5:8: error: the sections add up to 10, not the total 12: correct a section's "
        "score or the total [DJ303]",
    ]


def test_a_pinned_rubric_must_be_the_one_named(folder: Path) -> None:
    other = folder / "other.yaml"
    other.write_text(RUBRIC.replace("id: t\n", "id: u\n", 1), encoding="utf-8")
    workspace = Workspace(RubricCatalogue((folder / "rubrics",)), pinned_rubric=other)
    assessed = workspace.assessment(str(folder / "f.yaml"))
    assert _shown(assessed.problems) == [
        f"{folder / 'f.yaml'}:2:9: error: the findings name rubric t@1, but {other} is u@1: name "
        "the right rubric in 'rubric:' or pass the matching --rubric file [DJ403]"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("unit: 甲\n", "1:1: error: missing 'kind': start the file with 'kind: rubric' or "),
        ("kind: rubirc\n", "1:7: error: unknown kind 'rubirc'; did you mean 'rubric'? [DJ204]"),
    ],
)
def test_the_kind_of_a_file(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    kind = Workspace(RubricCatalogue(())).kind_of(str(path))
    assert kind.value is None
    (problem,) = kind.problems
    assert str(problem).startswith(f"{path}:{expected}")


def test_a_file_is_read_once_until_it_is_forgotten(folder: Path) -> None:
    workspace, path = _workspace(folder), str(folder / "f.yaml")
    first = workspace.load(path)
    (folder / "f.yaml").write_text("kind: rubric\n", encoding="utf-8")
    assert workspace.load(path) is first
    assert workspace.kind_of(path).value is FileKind.FINDINGS
    workspace.forget(path)
    assert workspace.kind_of(path).value is FileKind.RUBRIC


def test_a_preloaded_text_stands_for_its_name(tmp_path: Path) -> None:
    workspace = Workspace(RubricCatalogue(()))
    workspace.preload("HEAD:r.yaml", RUBRIC)
    rubric = workspace.rubric("HEAD:r.yaml")
    assert rubric.problems == ()
    assert rubric.value is not None and rubric.value.ref == "t@1"


def test_a_rubric_is_checked_once_however_its_path_is_written(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    workspace = _workspace(folder)
    checked = workspace.rubric("rubrics/t/1.yaml")
    assert checked.value is not None
    assert workspace.rubric(str(folder / "rubrics" / "t" / "1.yaml")) is checked
    assert workspace.rubric("./rubrics/t/../t/1.yaml") is checked


def test_each_rubric_is_looked_up_once_per_catalogue(folder: Path) -> None:
    asked: list[str] = []
    workspace = Workspace(CountingCatalogue((folder / "rubrics",), asked=asked))
    assert workspace.locate("t@1") == folder / "rubrics" / "t" / "1.yaml"
    assert workspace.locate("t@1") == folder / "rubrics" / "t" / "1.yaml"
    assert workspace.locate("t@2") is None
    assert asked == ["t@1", "t@2"]
    workspace.catalogue = CountingCatalogue((folder,), asked=asked)  # another catalogue: afresh
    assert workspace.locate("t@1") is None
    assert asked == ["t@1", "t@2", "t@1"]
