"""A findings file's assessor: one the rubric names, recording only the items it assesses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.test_sources import _findings, _rubric, _write
from tests.conftest import REPO

ZHEN = REPO / "examples" / "findings-zhen"
RUBRICS = str(REPO / "examples" / "rubric")
INIT = ("init", "--rubric", "example-zhen@2026", "--unit", "示例镇甲", "--year", "2026")
UNNAMED = (
    "error: rubric example-zhen@2026 names no assessor '宣传股' (考核责任单位); did you mean "
    "'宣传科'? [DJ603]"
)


@pytest.fixture
def zhen(tmp_path: Path) -> Path:
    """A copy of examples/findings-zhen to change."""
    folder = tmp_path / "zhen"
    shutil.copytree(ZHEN, folder)
    return folder


def test_init_refuses_a_misspelt_assessor_as_a_usage_error(djkh) -> None:
    run = djkh(*INIT, "--assessor", "宣传股", "--rubric-dir", RUBRICS)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--assessor': rubric example-zhen@2026 names no assessor "
        "'宣传股' (考核责任单位); did you mean '宣传科'? (choices: 组织科, 宣传科)"
    )
    assert "checked" not in run.stderr and "DJ603" not in run.stderr


def test_init_takes_another_rater_where_some_item_has_no_owner(djkh) -> None:
    # example-zhen averages overall-work over every assessor: 纪检组 may score it
    run = djkh(*INIT, "--assessor", "纪检组", "--rubric-dir", RUBRICS)
    assert run.code == 0
    assert "  overall-work:" in run.stdout.splitlines()
    assert "  branch-life:" not in run.stdout.splitlines()


def test_a_misspelt_assessor_is_an_error_at_its_value(djkh, zhen: Path) -> None:
    path = zhen / "示例镇甲-宣传科.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("assessor: 宣传科", "assessor: 宣传股"), "utf-8"
    )
    run = djkh("validate", "--rubric-dir", RUBRICS, str(path))
    assert run.code == 1
    assert run.stdout.splitlines() == [
        f"{path}:6:11: {UNNAMED}",
        "checked 1 file: 1 error in 1 file",
    ]
    run = djkh("score", "--rubric-dir", RUBRICS, str(zhen))
    assert run.code == 1
    assert run.stderr.splitlines()[:2] == [
        f"{path}:6:11: {UNNAMED}",
        f"{zhen / '示例镇甲-组织科.yaml'}:6:11: error: 示例镇甲's assessors cannot be combined: "
        f"see the errors in {path} [DJ603]",  # not that 宣传科's file is missing
    ]
    assert "DJ604" not in run.stderr


def test_an_assessor_not_a_rater_group_is_an_error_with_the_group_meant(
    djkh, tmp_path: Path
) -> None:
    groups = [{"name": "分管领导", "weight": 0.5}, {"name": "干部职工", "weight": 0.5}]
    paths = _write(
        tmp_path, _rubric({"combine": "weighted", "groups": groups}), _findings("干部员工", 1)
    )
    run = djkh("validate", "--rubric-dir", str(tmp_path / "rubric"), paths[0])
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        f"{paths[0]}:1:11: error: rubric multi@1 has no rater group '干部员工'; did you mean "
        "'干部职工'? [DJ603]"
    )


def test_where_every_item_has_an_owner_only_the_owners_assess(djkh, tmp_path: Path) -> None:
    rubric = _rubric({"combine": "owner"})
    for item, owner in zip(rubric["sections"][0]["items"], ("组织科", "宣传科"), strict=True):
        item["owner"] = owner
    findings = _findings("纪检组", 1)
    paths = _write(tmp_path, rubric, findings)
    run = djkh("init", "--rubric", "multi@1", "--unit", "甲", "--year", "2026",
               "--rubric-dir", str(tmp_path / "rubric"), "--assessor", "纪检组")  # fmt: skip
    assert run.code == 2
    message = (
        "rubric multi@1 names no assessor '纪检组' (考核责任单位); expected one of: 组织科, 宣传科"
    )
    assert run.stderr.splitlines()[-1] == f"Error: Invalid value for '--assessor': {message}"
    message = f"error: {message} [DJ603]"  # the rubric's order, not the characters' codes
    run = djkh("validate", "--rubric-dir", str(tmp_path / "rubric"), paths[0])
    assert run.code == 1
    assert run.stdout.splitlines()[0] == f"{paths[0]}:1:11: {message}"


def test_validate_reports_another_assessors_item_as_score_does(djkh, zhen: Path) -> None:
    path = zhen / "示例镇甲-宣传科.yaml"
    with path.open("a", encoding="utf-8") as file:
        file.write("  branch-life:\n    self_score: 20\n    findings:\n      no-meetings: 0\n")
    error = (
        f"{path}:21:3: error: item 'branch-life' is assessed by its owner 组织科 (考核责任单位), "
        "not by 宣传科: move these findings to 组织科's file [DJ604]"
    )
    run = djkh("validate", "--rubric-dir", RUBRICS, str(zhen))
    assert run.code == 1
    assert run.stdout.splitlines() == [error, "checked 2 files: 1 error in 1 file"]
    run = djkh("score", "--rubric-dir", RUBRICS, str(zhen))
    assert run.code == 1
    assert run.stderr.splitlines()[0] == error


def test_validate_reports_a_rule_finding_in_another_than_its_owners_file(
    djkh, tmp_path: Path
) -> None:
    rubric = _rubric({"combine": "owner"})
    rubric["sections"][0]["items"][0]["rules"][0]["owner"] = "组织科"
    paths = _write(tmp_path, rubric, _findings("宣传科", 1))
    run = djkh("validate", "--rubric-dir", str(tmp_path / "rubric"), paths[0])
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        f"{paths[0]}:10:7: error: rule 'judgement' of item 'work' is assessed by its owner 组织科 "
        "(考核责任单位), not by 宣传科: move this finding to 组织科's file [DJ604]"
    )
