"""djkh diff: every change kind, renames and moves, sources (file, id@version, REV:path), git."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from djkh.checks.workspace import Workspace
from djkh.diff.kinds import ChangeKind, Level, RubricDiff
from djkh.diff.sources import compare
from djkh.diff.textdiff import SpanKind, text_spans
from djkh.files.catalogue import RubricCatalogue
from djkh.scoring.ranking import competition_ranks
from tests.conftest import REPO

BASE: dict[str, Any] = {
    "kind": "rubric",
    "id": "tiny",
    "version": "1",
    "title": "小型细则",
    "total": 10,
    "sections": [
        {
            "id": "s1",
            "title": "第一部分",
            "score": 6,
            "items": [
                {
                    "id": "i1",
                    "title": "学习制度",
                    "score": 4,
                    "standards": ["年初有计划", "年终有总结"],
                    "methods": ["查阅档案"],
                    "rules": [
                        {"id": "r1", "text": "中心组学习年初无计划扣2分", "deduct": 2},
                        {
                            "id": "r2",
                            "text": "全年学习不少于6次，缺一次扣1分",
                            "kind": "shortfall",
                            "required": 6,
                            "unit": "次",
                            "deduct": 1,
                        },
                        {
                            "id": "r3",
                            "text": "出席率低于80%扣2分",
                            "kind": "threshold",
                            "below": 80,
                            "deduct": 2,
                        },
                    ],
                },
                {
                    "id": "i2",
                    "title": "组织生活",
                    "score": 2,
                    "rules": [
                        {
                            "id": "r4",
                            "text": "组织生活会每少一次扣1分",
                            "kind": "count",
                            "unit": "次",
                            "deduct": 1,
                            "cap": 2,
                        }
                    ],
                },
            ],
        },
        {
            "id": "s2",
            "title": "第二部分",
            "score": 4,
            "items": [
                {
                    "id": "i3",
                    "title": "党员管理",
                    "score": 4,
                    "rules": [{"id": "r5", "text": "发展党员未公示扣2分", "deduct": 2}],
                }
            ],
        },
    ],
}

Edit = Callable[[dict[str, Any]], None]


def _item(rubric: dict[str, Any], item_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        i for s in rubric["sections"] for i in s["items"] if i["id"] == item_id
    )
    return found


def _rule(rubric: dict[str, Any], item_id: str, rule_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in _item(rubric, item_id)["rules"] if r["id"] == rule_id)
    return found


def _set(item_id: str, rule_id: str, **fields: Any) -> Edit:
    def edit(rubric: dict[str, Any]) -> None:
        rule = _rule(rubric, item_id, rule_id)
        for name, value in fields.items():
            if value is None:
                rule.pop(name, None)
            else:
                rule[name] = value

    return edit


def _move_item(rubric: dict[str, Any]) -> None:
    s1, s2 = rubric["sections"]
    s2["items"].append(s1["items"].pop(1))
    s1["score"], s2["score"] = 4, 6


def _move_rule(rubric: dict[str, Any]) -> None:
    rule = _item(rubric, "i1")["rules"].pop(0)
    _item(rubric, "i3")["rules"].append(rule)


def _rename_and_move_rule(rubric: dict[str, Any]) -> None:
    _move_rule(rubric)
    _rule(rubric, "i3", "r1")["id"] = "plan"


def _add_section(rubric: dict[str, Any]) -> None:
    rubric["total"] = 12
    rubric["sections"].append(
        {
            "id": "s3",
            "title": "第三部分",
            "score": 2,
            "items": [
                {
                    "id": "i4",
                    "title": "群团工作",
                    "score": 2,
                    "rules": [{"id": "r6", "text": "工会不健全扣2分", "deduct": 2}],
                }
            ],
        }
    )


def _remove_item(rubric: dict[str, Any]) -> None:
    s1 = rubric["sections"][0]
    s1["items"].pop(1)
    s1["score"], rubric["total"] = 4, 8


def _veto(rubric: dict[str, Any]) -> None:
    rubric["grades"] = [{"name": "合格", "min": 6}, {"name": "不合格", "min": 0}]
    _set("i1", "r1", deduct=None, veto="不合格")(rubric)


def _bonus(rubric: dict[str, Any]) -> None:
    rule = {"id": "award", "text": "获表彰每次加1分", "kind": "count", "add": 1, "cap": 2}
    rubric["bonus"] = {"cap": 3, "items": [{"id": "b1", "title": "表彰", "rules": [rule]}]}


def _settings(rubric: dict[str, Any]) -> None:
    rubric["not_applicable"] = "rescale"
    rubric["rounding"] = {"places": 1, "at": "item"}


D = Decimal
CASES: list[tuple[str, Edit, list[tuple[ChangeKind, str, Any, Any]]]] = [
    ("nothing", lambda r: None, []),
    (
        "rubric title",
        lambda r: r.update(title="小型细则（修订）"),
        [(ChangeKind.TITLE, "rubric", "小型细则", "小型细则（修订）")],
    ),
    (
        "section title",
        lambda r: r["sections"][1].update(title="第二部分 党员"),
        [(ChangeKind.TITLE, "section s2", "第二部分", "第二部分 党员")],
    ),
    (
        "section renamed",
        lambda r: r["sections"][1].update(id="members"),
        [(ChangeKind.RENAMED, "section members", "s2", "members")],
    ),
    (
        "section added, total changed",
        _add_section,
        [
            (ChangeKind.TOTAL, "rubric", D(10), D(12)),
            (ChangeKind.ADDED, "section s3", None, "第三部分 (2)"),
            (ChangeKind.ADDED, "item i4", None, "群团工作 (2)"),
            (ChangeKind.ADDED, "rule i4/r6", None, "〔-2〕工会不健全扣2分"),
        ],
    ),
    (
        "item removed with its rules",
        _remove_item,
        [
            (ChangeKind.TOTAL, "rubric", D(10), D(8)),
            (ChangeKind.SCORE, "section s1", D(6), D(4)),
            (ChangeKind.REMOVED, "item i2", "组织生活 (2)", None),
            (ChangeKind.REMOVED, "rule i2/r4", "〔-1〕组织生活会每少一次扣1分", None),
        ],
    ),
    (
        "item moved",
        _move_item,
        [
            (ChangeKind.SCORE, "section s1", D(6), D(4)),
            (ChangeKind.SCORE, "section s2", D(4), D(6)),
            (ChangeKind.MOVED, "item i2", "s1", "s2"),
        ],
    ),
    (
        "item renamed, its rules follow",
        lambda r: _item(r, "i3").update(id="members"),
        [(ChangeKind.RENAMED, "item members", "i3", "members")],
    ),
    (
        "item title",
        lambda r: _item(r, "i2").update(title="严格组织生活"),
        [(ChangeKind.TITLE, "item i2", "组织生活", "严格组织生活")],
    ),
    (
        "standards and methods",
        lambda r: _item(r, "i1").update(
            standards=["年初有学习计划", "有考勤记录"], methods=["查阅学习档案", "座谈"]
        ),
        [
            (ChangeKind.STANDARD_REWORDED, "item i1", "年初有计划", "年初有学习计划"),
            (ChangeKind.STANDARD_ADDED, "item i1", None, "有考勤记录"),
            (ChangeKind.STANDARD_REMOVED, "item i1", "年终有总结", None),
            (ChangeKind.METHOD_REWORDED, "item i1", "查阅档案", "查阅学习档案"),
            (ChangeKind.METHOD_ADDED, "item i1", None, "座谈"),
        ],
    ),
    (
        "method removed",
        lambda r: _item(r, "i1").update(methods=[]),
        [(ChangeKind.METHOD_REMOVED, "item i1", "查阅档案", None)],
    ),
    (
        "rule text",
        _set("i1", "r1", text="中心组学习年初无学习计划扣2分"),
        [
            (
                ChangeKind.TEXT,
                "rule i1/r1",
                "中心组学习年初无计划扣2分",
                "中心组学习年初无学习计划扣2分",
            )
        ],
    ),
    ("deduction", _set("i1", "r1", deduct=3), [(ChangeKind.DEDUCT, "rule i1/r1", D(2), D(3))]),
    ("required", _set("i1", "r2", required=8), [(ChangeKind.REQUIRED, "rule i1/r2", D(6), D(8))]),
    (
        "threshold limit",
        _set("i1", "r3", below=90),
        [(ChangeKind.THRESHOLD, "rule i1/r3", "below 80", "below 90")],
    ),
    (
        "threshold direction",
        _set("i1", "r3", below=None, above=5),
        [(ChangeKind.THRESHOLD, "rule i1/r3", "below 80", "above 5")],
    ),
    ("cap", _set("i2", "r4", cap=None), [(ChangeKind.CAP, "rule i2/r4", D(2), None)]),
    (
        "kind and unit",
        _set("i2", "r4", kind="flat", unit=None),
        [
            (ChangeKind.KIND, "rule i2/r4", "count", "flat"),
            (ChangeKind.UNIT, "rule i2/r4", "次", None),
        ],
    ),
    (
        "rule renamed",
        _set("i1", "r1", id="no-plan"),
        [(ChangeKind.RENAMED, "rule i1/no-plan", "r1", "no-plan")],
    ),
    (
        "rule renamed and reworded a little",
        _set("i1", "r1", id="no-plan", text="中心组学习年初无计划的扣2分"),
        [
            (ChangeKind.RENAMED, "rule i1/no-plan", "r1", "no-plan"),
            (
                ChangeKind.TEXT,
                "rule i1/no-plan",
                "中心组学习年初无计划扣2分",
                "中心组学习年初无计划的扣2分",
            ),
        ],
    ),
    (
        "rule reworded beyond recognition is removed and added",
        _set("i1", "r1", id="no-plan", text="未建立台账扣2分"),
        [
            (ChangeKind.ADDED, "rule i1/no-plan", None, "〔-2〕未建立台账扣2分"),
            (ChangeKind.REMOVED, "rule i1/r1", "〔-2〕中心组学习年初无计划扣2分", None),
        ],
    ),
    ("rule moved", _move_rule, [(ChangeKind.MOVED, "rule i3/r1", "i1", "i3")]),
    (
        "rule renamed and moved",
        _rename_and_move_rule,
        [
            (ChangeKind.RENAMED, "rule i3/plan", "r1", "plan"),
            (ChangeKind.MOVED, "rule i3/plan", "i1", "i3"),
        ],
    ),
    (
        "rule added",
        lambda r: _item(r, "i3")["rules"].append({"id": "r9", "text": "新规则扣1分", "deduct": 1}),
        [(ChangeKind.ADDED, "rule i3/r9", None, "〔-1〕新规则扣1分")],
    ),
    (
        "rule removed",
        lambda r: _item(r, "i1")["rules"].pop(2),
        [(ChangeKind.REMOVED, "rule i1/r3", "〔-2〕出席率低于80%扣2分", None)],
    ),
    (
        "veto",
        _veto,
        [
            (ChangeKind.GRADES, "rubric", None, "合格 ≥ 6, 不合格 ≥ 0"),
            (ChangeKind.DEDUCT, "rule i1/r1", D(2), None),
            (ChangeKind.VETO, "rule i1/r1", None, "不合格"),
        ],
    ),
    (
        "bonus",
        _bonus,
        [
            (ChangeKind.BONUS, "rubric", None, "cap 3"),
            (ChangeKind.ADDED, "bonus item b1", None, "表彰 [〔+1, cap 2〕获表彰每次加1分]"),
        ],
    ),
    (
        "settings",
        _settings,
        [
            (ChangeKind.NOT_APPLICABLE, "rubric", None, "rescale"),
            (ChangeKind.ROUNDING, "rubric", None, "1 places, per item"),
        ],
    ),
]


def _diff(tmp_path: Path, edit: Edit) -> RubricDiff:
    new = copy.deepcopy(BASE)
    edit(new)
    new["version"] = "2"
    for name, data in (("1.yaml", BASE), ("2.yaml", new)):
        (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    outcome = compare(
        Workspace(RubricCatalogue.default()), str(tmp_path / "1.yaml"), str(tmp_path / "2.yaml")
    )
    assert outcome.value is not None, outcome.problems
    (diff,) = outcome.value.diffs
    return diff


@pytest.mark.parametrize(("name", "edit", "expected"), CASES, ids=[case[0] for case in CASES])
def test_change_kinds(tmp_path: Path, name: str, edit: Edit, expected: list[Any]) -> None:
    diff = _diff(tmp_path, edit)
    assert [(c.kind, str(c.subject), c.old, c.new) for c in diff.changes] == expected


def test_every_change_kind_is_covered() -> None:
    covered = {kind for _, _, expected in CASES for kind, *_ in expected}
    assert covered == set(ChangeKind)


def test_levels() -> None:
    score = {kind for kind in ChangeKind if kind.level is Level.SCORE}
    assert {kind.name for kind in score} == {
        "ADDED",
        "REMOVED",
        "MOVED",
        "TOTAL",
        "SCORE",
        "KIND",
        "DEDUCT",
        "REQUIRED",
        "THRESHOLD",
        "CAP",
        "VETO",
        "BONUS",
        "GRADES",
        "NOT_APPLICABLE",
        "ROUNDING",
    }


def test_lines_point_into_each_file(tmp_path: Path) -> None:
    diff = _diff(tmp_path, _set("i1", "r2", required=8))
    (change,) = diff.changes
    old_lines = (tmp_path / "1.yaml").read_text(encoding="utf-8").splitlines()
    new_lines = (tmp_path / "2.yaml").read_text(encoding="utf-8").splitlines()
    assert change.old_line is not None and change.new_line is not None
    assert old_lines[change.old_line - 1].strip() == "required: 6"
    assert new_lines[change.new_line - 1].strip() == "required: 8"


def test_removed_rule_follows_its_renamed_item_in_the_mapping(tmp_path: Path) -> None:
    diff = _diff(tmp_path, lambda r: _item(r, "i3").update(id="members"))
    assert diff.item_ids["i3"] == "members"
    assert diff.rule_ids[("i3", "r5")] == ("members", "r5")


@pytest.mark.parametrize(
    ("old", "new", "spans"),
    [
        ("abc", "abc", [("equal", "abc")]),
        (
            "年初无计划",
            "年初无学习计划",
            [("equal", "年初无"), ("insert", "学习"), ("equal", "计划")],
        ),
        (
            "低于90%",
            "低于95%",
            [("equal", "低于9"), ("delete", "0"), ("insert", "5"), ("equal", "%")],
        ),
        ("", "新", [("insert", "新")]),
    ],
)
def test_text_spans(old: str, new: str, spans: list[tuple[str, str]]) -> None:
    assert [(kind.value, text) for kind, text in text_spans(old, new)] == spans
    assert "".join(t for k, t in text_spans(old, new) if k is not SpanKind.INSERT) == old


@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        ([], []),
        ([90], [1]),
        ([90, 85, 85, 80], [1, 2, 2, 4]),
        ([80, 90, 90, 90], [4, 1, 1, 1]),
        ([D("85.5"), D("85.50"), 85], [1, 1, 3]),
    ],
)
def test_competition_ranks(scores: list[Any], ranks: list[int]) -> None:
    assert competition_ranks([D(s) for s in scores]) == ranks


# --- the command line ---------------------------------------------------------------------

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
        "grades",
        "not_applicable",
        "rounding",
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


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding the 2007 rubric, committed, then edited in the work tree."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "test@example.org")
    _git(tmp_path, "config", "user.name", "test")
    target = tmp_path / "rubric" / "wenzhou-jiguan" / "2007.yaml"
    target.parent.mkdir(parents=True)
    shutil.copy(OLD, target)
    shutil.copy(REPO / ".gitattributes", tmp_path / ".gitattributes")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "2007")
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("deduct: 5\n", "deduct: 6\n", 1), encoding="utf-8")
    return tmp_path


def test_rev_path_is_read_from_git(djkh, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    path = "rubric/wenzhou-jiguan/2007.yaml"
    run = djkh("diff", f"HEAD:{path}", path, "--format", "markdown")
    assert run.code == 1
    assert (
        "| 130 | 130 | score | rule work-style-example/bottom-five: deduction changed: 5 → 6 |"
        in run.stdout
    )
    missing = djkh("diff", f"HEAD~3:{path}", path)
    assert missing.code == 2
    assert missing.stderr.startswith(
        f"HEAD~3:{path}: error: git knows no commit 'HEAD~3': name a branch, a tag or a "
        "commit (HEAD~1), then :path [DJ006]\n"
    )
    absent = djkh("diff", "HEAD:rubric/none.yaml", path)
    assert absent.code == 2
    assert "HEAD:rubric/none.yaml: error: git cannot show it (path 'rubric/none.yaml' " in (
        absent.stderr
    )


@pytest.mark.parametrize(
    "args",
    [
        ("diff", "--", "--output=pwned:x", "rubric/wenzhou-jiguan/2007.yaml"),
        ("show", "--", "--output=pwned:x"),
        ("init", "--rubric=--output=pwned:x", "--unit", "u", "--year", "2007"),
    ],
)
def test_a_spec_starting_with_a_dash_never_reaches_git_as_an_option(
    djkh, repo: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.chdir(repo)
    run = djkh(*args)
    assert not (repo / "pwned").exists()
    assert run.code == (2 if args[0] == "diff" else 1)
    assert run.stderr.startswith(
        "--output=pwned:x: error: '--output=pwned' is not a revision (a revision never starts "
        "with '-'): to name a file, write ./--output=pwned:x [DJ006]\n"
    )


def test_a_revision_is_checked_before_git_reads_it(
    djkh, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    run = djkh("show", "HEAD^{tree}:rubric/wenzhou-jiguan/2007.yaml")
    assert run.code == 1
    assert "git knows no commit 'HEAD^{tree}'" in run.stderr


def test_a_windows_path_is_a_file_not_a_revision(djkh) -> None:
    run = djkh("show", "C:/djkh-missing/2007.yaml")
    assert run.code == 1
    assert "[DJ006]" not in run.stderr
    assert run.stderr.startswith("C:/djkh-missing/2007.yaml: error: ")


def test_plain_git_diff_and_log_show_the_semantic_diff(repo: Path) -> None:
    djkh_command = f"{sys.executable} -m djkh"
    _git(repo, "config", "diff.djkh.command", f"{djkh_command} git-diff")
    _git(repo, "config", "diff.djkh.textconv", f"{djkh_command} git-textconv")
    shown = _git(repo, "diff")
    assert shown.startswith(
        "djkh diff a/rubric/wenzhou-jiguan/2007.yaml b/rubric/wenzhou-jiguan/2007.yaml\n"
    )
    assert "rule work-style-example/bottom-five: deduction changed: 5 → 6" in shown
    _git(repo, "commit", "-qam", "heavier")
    log = _git(repo, "log", "-p", "-1")
    assert "-    rule work-style-example/bottom-five [flat, -5]: " in log
    assert "+    rule work-style-example/bottom-five [flat, -6]: " in log
