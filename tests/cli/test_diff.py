"""djkh diff on the command line: exit codes, the json summary, id@version, trouble."""

from __future__ import annotations

import json

import pytest

from djkh.diff.kinds import ChangeKind
from tests.conftest import REPO

OLD = str(REPO / "rubric" / "wenzhou-jiguan" / "2007.yaml")
NEW = str(REPO / "examples" / "rubric" / "wenzhou-jiguan" / "2008.yaml")


def test_exit_0_when_the_same(djkh) -> None:
    run = djkh("diff", OLD, OLD)
    assert run.code == 0
    assert run.stdout.endswith("no differences\n\n")


def test_exit_1_and_json_summary(djkh) -> None:
    run = djkh("diff", OLD, NEW, "--format", "json")
    assert run.code == 1
    (diff,) = json.loads(run.stdout)["diffs"]
    assert diff["summary"] == {
        "changes": 36,
        "score": 18,
        "wording": 18,
        "total": {"old": 100, "new": 105},
    }
    kinds = {change["kind"] for change in diff["changes"]}
    # the example shows every kind of the Wenzhou rubric's fields (the others: tests above)
    assert kinds == {kind.name.lower() for kind in ChangeKind} - {
        "veto",
        "bonus",
        "penalties",
        "weight",
        "classes",
        "grades",
        "not_applicable",
        "rounding",
        "add",
        "judged_range",
        "levels",
        "bands",
        "step",
        "reference",
        "tier",
        "scales",
        "start",
        "assessors",
        "self_weight",
        "owner",
        "survey",
        "converted_from",
        "periods",
        "relative",
        "issuer",
    }


def test_id_at_version_is_found_like_score_finds_rubrics(djkh) -> None:
    run = djkh(
        "diff",
        "wenzhou-jiguan@2007",
        "wenzhou-jiguan@2008",
        "--rubric-dir",
        str(REPO / "examples" / "rubric"),
    )
    assert run.code == 1
    assert "36 changes: 18 affect scores, 18 wording only" in run.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["wenzhou-jiguan@2099", OLD], 2, "no rubric wenzhou-jiguan@2099 found"),
        (["nowhere.yaml", OLD], 2, "nowhere.yaml: error: no such file: check the path [DJ001]"),
        (
            [str(REPO / "examples" / "findings" / "示例局甲.yaml"), OLD],
            2,
            "a rubric file is needed here [DJ204]",
        ),
        ([OLD], 2, "give OLD and NEW rubrics, or one folder of rubric versions"),
        ([str(REPO / "rubric"), "--rescore", "x"], 2, "--rescore needs two versions"),
        ([str(REPO / "rubric" / "wenzhou-jiguan")], 2, "found 1 rubric version(s) here"),
    ],
)
def test_trouble_exits_2(djkh, args: list[str], code: int, message: str) -> None:
    run = djkh("diff", *args)
    assert run.code == code
    assert message in run.stderr
    assert run.stdout == ""


def test_a_windows_path_is_a_file_not_a_revision(djkh) -> None:
    run = djkh("show", "C:/djkh-missing/2007.yaml")
    assert run.code == 1
    assert "[DJ006]" not in run.stderr
    assert run.stderr.startswith("C:/djkh-missing/2007.yaml: error: ")


def test_a_folder_of_rubric_folders_names_them(djkh) -> None:
    run = djkh("diff", str(REPO / "rubric"))
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.startswith(
        f"{REPO / 'rubric'}: error: found 0 rubric version(s) here; a changelog needs two or "
        "more <version>.yaml files, or compare two files: djkh diff OLD NEW; its subfolders hold "
        f"versions: did you mean {REPO / 'rubric' / 'wenzhou-jiguan'}? [DJ007]\n"
    )
