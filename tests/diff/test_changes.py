"""The differ: every change kind, renames and moves, levels, lines into each file."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from djkh.checks.workspace import Workspace
from djkh.diff.kinds import ChangeKind, Level, RubricDiff
from djkh.diff.sources import compare
from djkh.files.catalogue import RubricCatalogue

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


def _penalties(rubric: dict[str, Any]) -> None:
    rule = {"id": "criticism", "text": "被通报批评每次扣2分", "kind": "count", "deduct": 2}
    rubric["penalties"] = {"cap": 4, "items": [{"id": "p1", "title": "通报批评", "rules": [rule]}]}


def _weights(rubric: dict[str, Any]) -> None:
    rubric["sections"][0]["weight"] = 0.5
    rubric["sections"][1]["weight"] = 1.75  # 6 × 0.5 + 4 × 1.75 = 10
    rubric["sections"][0]["cap"] = 3


def _veto_variants(rubric: dict[str, Any]) -> None:
    _set("i1", "r1", deduct=None, veto_score=0)(rubric)
    _set("i3", "r5", deduct=None, bars="评先评优资格")(rubric)


def _classes(rubric: dict[str, Any]) -> None:
    part = rubric["sections"].pop(1)  # s2 becomes the part of class "town"
    rubric["classes"] = [{"id": "town", "title": "乡镇", "group": "一般", "sections": [part]}]
    rubric["class_ranking"] = "by-group"


def _start(rubric: dict[str, Any]) -> None:
    rubric["sections"][0]["items"][0]["start"] = 2


def _settings(rubric: dict[str, Any]) -> None:
    rubric["not_applicable"] = "rescale"
    rubric["rounding"] = {"places": 1, "at": "item"}


D = Decimal


def _assessors(rubric: dict[str, Any]) -> None:
    rubric["assessors"] = {"combine": "owner"}
    rubric["self_assessment"] = {"weight": 0.3}
    rubric["sections"][0]["items"][0]["owner"] = "组织科"


def _survey(rubric: dict[str, Any]) -> None:
    rubric["sections"][1]["items"][0]["rules"] = []
    rubric["sections"][1]["items"][0]["survey"] = {
        "text": "民主测评",
        "levels": [{"name": "好", "value": 1}, {"name": "差", "value": 0.6}],
        "abstain_deduct": 0.2,
    }


CASES: list[tuple[str, Edit, list[tuple[ChangeKind, str, Any, Any]]]] = [
    ("nothing", lambda r: None, []),
    (
        "issuing body named",
        lambda r: r.update(issuer="中共温州市直属机关工作委员会"),
        [(ChangeKind.ISSUER, "rubric", None, "中共温州市直属机关工作委员会")],
    ),
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
        "grade quotas",
        lambda r: r.update(
            grades=[
                {"name": "优秀", "min": 9, "max_count": 1},
                {"name": "良好", "min": 8, "max_share": 20},
                {"name": "合格", "min": 0},
            ]
        ),
        [
            (
                ChangeKind.GRADES,
                "rubric",
                None,
                "优秀 ≥ 9, at most 1 unit, 良好 ≥ 8, at most 20% of the units, 合格 ≥ 0",
            )
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
        "penalties",
        _penalties,
        [
            (ChangeKind.PENALTIES, "rubric", None, "cap 4"),
            (ChangeKind.ADDED, "penalty item p1", None, "通报批评 [〔-2〕被通报批评每次扣2分]"),
        ],
    ),
    (
        "section weights and cap",
        _weights,
        [
            (ChangeKind.CAP, "section s1", None, D(3)),
            (ChangeKind.WEIGHT, "section s1", None, "50%"),
            (ChangeKind.WEIGHT, "section s2", None, "175%"),
        ],
    ),
    (
        "veto variants",
        _veto_variants,
        [
            (ChangeKind.DEDUCT, "rule i1/r1", D(2), None),
            (ChangeKind.VETO, "rule i1/r1", None, D(0)),
            (ChangeKind.DEDUCT, "rule i3/r5", D(2), None),
            (ChangeKind.VETO, "rule i3/r5", None, "评先评优资格"),
        ],
    ),
    (
        "unit classes",
        _classes,
        [
            (ChangeKind.CLASSES, "rubric", None, "by-group"),
            (
                ChangeKind.ADDED,
                "class town",
                None,
                "乡镇 [一般]: 第二部分 (4): 党员管理 (4) [〔-2〕发展党员未公示扣2分]",
            ),
            (ChangeKind.REMOVED, "section s2", "第二部分 (4)", None),
            (ChangeKind.REMOVED, "item i3", "党员管理 (4)", None),
            (ChangeKind.REMOVED, "rule i3/r5", "〔-2〕发展党员未公示扣2分", None),
        ],
    ),
    (
        "points earned",
        _set("i1", "r1", deduct=None, add=1),
        [(ChangeKind.DEDUCT, "rule i1/r1", D(2), None), (ChangeKind.ADD, "rule i1/r1", None, D(1))],
    ),
    (
        "judged range",
        _set("i1", "r1", kind="judged", min=0.5),
        [
            (ChangeKind.KIND, "rule i1/r1", "flat", "judged"),
            (ChangeKind.JUDGED_RANGE, "rule i1/r1", None, D("0.5")),
        ],
    ),
    (
        "converted from",
        _set("i1", "r1", kind="proportion", of=50),
        [
            (ChangeKind.KIND, "rule i1/r1", "flat", "proportion"),
            (ChangeKind.CONVERTED_FROM, "rule i1/r1", None, D(50)),
        ],
    ),
    (
        "rank points",
        _set("i1", "r1", kind="rank", deduct=None, points=[5, 3], better="lower"),
        [
            (ChangeKind.KIND, "rule i1/r1", "flat", "rank"),
            (ChangeKind.DEDUCT, "rule i1/r1", D(2), None),
            (ChangeKind.RELATIVE, "rule i1/r1", None, "5, 3"),
            (ChangeKind.RELATIVE, "rule i1/r1", None, "lower"),
        ],
    ),
    (
        "relative to the mean",
        _set("i1", "r1", kind="relative", to="mean", add=1),
        [
            (ChangeKind.KIND, "rule i1/r1", "flat", "relative"),
            (ChangeKind.ADD, "rule i1/r1", None, D(1)),
            (ChangeKind.RELATIVE, "rule i1/r1", None, "mean"),
        ],
    ),
    (
        "levels",
        _set(
            "i1",
            "r1",
            kind="levels",
            deduct=None,
            levels=[{"name": "好", "deduct": 0}, {"name": "差", "deduct": 2}],
        ),
        [
            (ChangeKind.KIND, "rule i1/r1", "flat", "levels"),
            (ChangeKind.DEDUCT, "rule i1/r1", D(2), None),
            (ChangeKind.LEVELS, "rule i1/r1", None, "好 -0, 差 -2"),
        ],
    ),
    (
        "bands",
        _set(
            "i1",
            "r3",
            kind="bands",
            below=None,
            deduct=None,
            bands=[{"below": 80, "deduct": 1}, {"below": 70, "deduct": 2}],
        ),
        [
            (ChangeKind.KIND, "rule i1/r3", "threshold", "bands"),
            (ChangeKind.DEDUCT, "rule i1/r3", D(2), None),
            (ChangeKind.THRESHOLD, "rule i1/r3", "below 80", None),
            (ChangeKind.BANDS, "rule i1/r3", None, "below 80 -1, below 70 -2"),
        ],
    ),
    ("step", _set("i1", "r2", step=2), [(ChangeKind.STEP, "rule i1/r2", None, D(2))]),
    (
        "reference",
        _set("i1", "r2", required=None, reference="上年数"),
        [
            (ChangeKind.REQUIRED, "rule i1/r2", D(6), None),
            (ChangeKind.REFERENCE, "rule i1/r2", None, "上年数"),
        ],
    ),
    (
        "tier group",
        _set("i1", "r1", tier_group="honours"),
        [(ChangeKind.TIER, "rule i1/r1", None, "honours")],
    ),
    (
        "scales",
        _set("i1", "r1", scales=[{"id": "half", "text": "减半扣分", "factor": 0.5}]),
        [(ChangeKind.SCALES, "rule i1/r1", None, "减半扣分 ×0.5")],
    ),
    ("start", _start, [(ChangeKind.START, "item i1", None, D(2))]),
    (
        "settings",
        _settings,
        [
            (ChangeKind.NOT_APPLICABLE, "rubric", None, "rescale"),
            (ChangeKind.ROUNDING, "rubric", None, "1 places, per item"),
        ],
    ),
    (
        "assessors",
        _assessors,
        [
            (ChangeKind.ASSESSORS, "rubric", None, "owner"),
            (ChangeKind.SELF_WEIGHT, "rubric", None, "30%"),
            (ChangeKind.OWNER, "item i1", None, "组织科"),
        ],
    ),
    (
        "survey",
        _survey,
        [
            (ChangeKind.SURVEY, "item i3", None, "好 1, 差 0.6; abstention -0.2"),
            (ChangeKind.REMOVED, "rule i3/r5", "〔-2〕发展党员未公示扣2分", None),
        ],
    ),
    (
        "periods",
        lambda r: r.update(
            periods={
                "names": ["上半年", "下半年"],
                "combine": "weighted",
                "weights": [0.4, 0.6],
                "year_end": "年终考评",
                "weight": 0.3,
            }
        ),
        [
            (
                ChangeKind.PERIODS,
                "rubric",
                None,
                "上半年、下半年: weighted (40%, 60%) × 30% + 年终考评 × 70%",
            )
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
        "PENALTIES",
        "WEIGHT",
        "CLASSES",
        "GRADES",
        "NOT_APPLICABLE",
        "ROUNDING",
        "ADD",
        "JUDGED_RANGE",
        "LEVELS",
        "BANDS",
        "STEP",
        "REFERENCE",
        "TIER",
        "SCALES",
        "START",
        "ASSESSORS",
        "SELF_WEIGHT",
        "OWNER",
        "SURVEY",
        "CONVERTED_FROM",
        "PERIODS",
        "RELATIVE",
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
