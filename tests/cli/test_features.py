"""Bonus, veto, grades, not applicable, overrides and rounding: scores and problems, exactly."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLES, REPO

D = Decimal
QIYE = REPO / "examples" / "findings-qiye"
EXAMPLE_RUBRICS = str(REPO / "examples" / "rubric")

RUBRIC: dict[str, Any] = {
    "kind": "rubric",
    "id": "mini",
    "version": "1",
    "title": "小型细则",
    "total": 20,
    "not_applicable": "rescale",
    "grades": [
        {"name": "优秀", "min": 18, "unless": ["veto", "zero-section"]},
        {"name": "合格", "min": 10},
        {"name": "不合格", "min": 0},
    ],
    "sections": [
        {
            "id": "s1",
            "title": "第一部分",
            "score": 10,
            "items": [
                {
                    "id": "a",
                    "title": "甲项",
                    "score": 6,
                    "rules": [
                        {"id": "miss", "text": "每缺一次扣1.5分", "kind": "count", "deduct": 1.5},
                        {"id": "case", "text": "发生案件的一票否决", "veto": "不合格"},
                    ],
                },
                {
                    "id": "b",
                    "title": "乙项",
                    "score": 4,
                    "rules": [{"id": "none", "text": "无计划扣4分", "deduct": 4}],
                },
            ],
        },
        {
            "id": "s2",
            "title": "第二部分",
            "score": 10,
            "items": [
                {
                    "id": "c",
                    "title": "丙项",
                    "score": 10,
                    "rules": [{"id": "bad", "text": "每例扣5分", "kind": "count", "deduct": 5}],
                }
            ],
        },
    ],
    "bonus": {
        "cap": 3,
        "items": [
            {
                "id": "honour",
                "title": "表彰",
                "rules": [
                    {
                        "id": "award",
                        "text": "每项加1分，最多2分",
                        "kind": "count",
                        "add": 1,
                        "cap": 2,
                    },
                    {"id": "model", "text": "典型经验加2分", "add": 2},
                ],
            }
        ],
    },
}


def _write(tmp_path: Path, items: dict[str, Any], **rubric_changes: Any) -> Path:
    rubric = copy.deepcopy(RUBRIC)
    for key, value in rubric_changes.items():
        if value is None:
            rubric.pop(key, None)
        else:
            rubric[key] = value
    (tmp_path / "rubric.yaml").write_text(yaml.safe_dump(rubric, allow_unicode=True), "utf-8")
    findings = {"kind": "findings", "rubric": "mini@1", "unit": "单位", "year": 2026}
    findings["items"] = {"a": {}, "b": {}, "c": {}, **items}
    path = tmp_path / "f.yaml"
    path.write_text(yaml.safe_dump(findings, allow_unicode=True), "utf-8")
    return path


def _score(djkh, tmp_path: Path, items: dict[str, Any], **changes: Any) -> dict[str, Any]:
    path = _write(tmp_path, items, **changes)
    run = djkh("score", str(path), "--rubric", str(tmp_path / "rubric.yaml"), "--format", "json")
    assert run.code == 0, run.stderr
    return json.loads(run.stdout, parse_float=Decimal)


SCORES = [
    ("full marks", {}, {}, D(20), "优秀"),
    ("bonus within its cap", {"honour": {"findings": {"award": 1}}}, {}, D(21), "优秀"),
    (
        "bonus beyond the overall cap",
        {"honour": {"findings": {"award": 5, "model": True}}},  # 2 (rule cap) + 2 = 4 > 3
        {},
        D(23),
        "优秀",
    ),
    ("veto with a high score", {"a": {"findings": {"case": True}}}, {}, D(20), "不合格"),
    ("veto not hit", {"a": {"findings": {"case": False}}}, {}, D(20), "优秀"),
    (
        "a section at zero bars 优秀 however high the score",
        {"c": {"findings": {"bad": 2}}, "honour": {"findings": {"award": 2, "model": True}}},
        {
            "grades": [
                {"name": "优秀", "min": 9, "unless": ["zero-section"]},
                {"name": "合格", "min": 1},
                {"name": "不合格", "min": 0},
            ]
        },
        D(13),
        "合格",
    ),
    (
        "not applicable, rescaled to the total",
        {"b": {"not_applicable": "无此业务"}, "a": {"findings": {"miss": 1}}},
        {},
        D("18.13"),  # 14.5 of 16 applicable, x 20/16 = 18.125, half up
        "优秀",
    ),
    (
        "not applicable, as full marks",
        {"b": {"not_applicable": "无此业务"}, "a": {"findings": {"miss": 1}}},
        {"not_applicable": "full"},
        D("18.5"),
        "优秀",
    ),
    (
        "override within the item's score",
        {
            "c": {
                "findings": {"bad": 1},
                "override": {"score": 8, "reason": "复核", "approved_by": "王"},
            }
        },
        {},
        D(18),
        "优秀",
    ),
    (
        "rounding per item, half up",
        {"a": {"findings": {"miss": 1}}},  # 4.5 rounds to 5
        {"rounding": {"places": 0, "at": "item"}},
        D(19),
        "优秀",
    ),
    (
        "rounding on the total",
        {"b": {"not_applicable": "无"}, "a": {"findings": {"miss": 1}}},
        {"rounding": {"places": 0, "at": "total"}},
        D(18),  # 18.125 → rescale rounds to 0 places: 18
        "优秀",
    ),
    ("no grades: no grade key", {}, {"grades": None, "sections": None}, None, None),
]


@pytest.mark.parametrize(
    ("name", "items", "changes", "score", "grade"), SCORES, ids=[case[0] for case in SCORES]
)
def test_scores_and_grades(
    djkh, tmp_path: Path, name: str, items: dict, changes: dict, score: Any, grade: Any
) -> None:
    if score is None:  # grades removed: the vetoing rule must go too
        rubric = copy.deepcopy(RUBRIC)
        rubric["sections"][0]["items"][0]["rules"].pop(1)
        changes = {"grades": None, "sections": rubric["sections"]}
    document = _score(djkh, tmp_path, items, **changes)
    if score is None:
        assert "grade" not in document and "vetoes" not in document
        return
    assert (document["score"], document["grade"]) == (score, grade)


def test_bonus_is_reported_apart_from_deductions(djkh, tmp_path: Path) -> None:
    document = _score(djkh, tmp_path, {"honour": {"findings": {"award": 5, "model": True}}})
    assert document["base"] == 20 and document["deduction"] == 0
    bonus = document["bonus"]
    assert (bonus["max"], bonus["earned"], bonus["points"]) == (3, 4, 3)
    (item,) = bonus["items"]
    assert [(a["rule"], a["amount"]) for a in item["additions"]] == [("award", 2), ("model", 2)]


@pytest.mark.usefixtures("chinese")
def test_veto_is_shown_above_the_table(djkh, tmp_path: Path) -> None:
    path = _write(tmp_path, {"a": {"findings": {"case": {"value": True, "evidence": "通报"}}}})
    run = djkh("score", str(path), "--rubric", str(tmp_path / "rubric.yaml"))
    lines = run.stdout.splitlines()
    assert lines[2:4] == ["一票否决（等次：不合格）：甲项——发生案件的一票否决", "等次：不合格"]


def test_override_keeps_the_computed_score(djkh, tmp_path: Path) -> None:
    override = {"score": 8, "reason": "复核", "approved_by": "王"}
    document = _score(djkh, tmp_path, {"c": {"findings": {"bad": 1}, "override": override}})
    item = document["sections"][1]["items"][0]
    assert item["override"] == {"computed": 5, "score": 8, "reason": "复核", "approved_by": "王"}
    assert (item["score"], item["deduction"]) == (8, 2)


PROBLEMS = [
    (
        "override above the item's score",
        {"b": {"override": {"score": 5, "reason": "r", "approved_by": "p"}}},
        {},
        "override score 5 is outside 0 to 4, the standard score of item 'b' [DJ409]",
    ),
    (
        "override beside not applicable",
        {"b": {"not_applicable": "x", "override": {"score": 2, "reason": "r", "approved_by": "p"}}},
        {},
        "item 'b' is marked not applicable: remove the override or the mark [DJ409]",
    ),
    (
        "override without approver",
        {"b": {"override": {"score": 2, "reason": "r"}}},
        {},
        "error: missing required key 'approved_by' [DJ202]",
    ),
    (
        "override on a bonus item beyond the bonus cap",
        {"honour": {"override": {"score": 5, "reason": "r", "approved_by": "p"}}},
        {},
        "override score 5 is outside 0 to 3, the cap of the part of item 'honour' [DJ409]",
    ),
    (
        "all items not applicable",
        {k: {"not_applicable": "无"} for k in "abc"},
        {},
        "every item is marked not applicable, so there is nothing to score",
    ),
    (
        "not applicable where the rubric has no policy",
        {"b": {"not_applicable": "无"}},
        {"not_applicable": None},
        "rubric mini@1 does not say how a not-applicable item counts",
    ),
    (
        "not applicable on a bonus item",
        {"honour": {"not_applicable": "无"}},
        {},
        "a bonus item cannot be not applicable",
    ),
]


@pytest.mark.parametrize(
    ("name", "items", "changes", "message"), PROBLEMS, ids=[case[0] for case in PROBLEMS]
)
def test_findings_problems(
    djkh, tmp_path: Path, name: str, items: dict, changes: dict, message: str
) -> None:
    path = _write(tmp_path, items, **changes)
    run = djkh("score", str(path), "--rubric", str(tmp_path / "rubric.yaml"))
    assert (run.code, run.stdout) == (1, "")
    assert message in run.stderr
    assert run.stderr.startswith(f"{path}:")


def test_findings_of_a_not_applicable_item_are_ignored_with_a_warning(djkh, tmp_path) -> None:
    path = _write(tmp_path, {"b": {"not_applicable": "无", "findings": {"none": True}}})
    run = djkh("validate", str(path), str(tmp_path / "rubric.yaml"))
    assert run.code == 0
    assert (
        f"{path}:4:5: warning: item 'b' is marked not applicable, so its findings are ignored: "
        "remove them, or remove 'not_applicable' [DJ505]"
    ) in run.stdout


def _rule_edit(rubric: dict[str, Any], **fields: Any) -> dict[str, Any]:
    rule = rubric["sections"][0]["items"][1]["rules"][0]
    rule.update(fields)
    return rubric


RUBRIC_PROBLEMS = [
    (
        "deduct and veto",
        lambda r: _rule_edit(r, veto="不合格"),
        "rule 'none' has 'deduct' and 'veto': give 'deduct: N' (points per hit), 'add: N' "
        "(points earned per hit) or 'veto: GRADE' (一票否决) [DJ306]",
    ),
    (
        "deduct in a bonus item",
        lambda r: r["bonus"]["items"][0]["rules"][1].update(deduct=1) or r,
        "rule 'model' has 'deduct' and 'add': a rule of a bonus item adds points",
    ),
    (
        "veto to an unknown grade",
        lambda r: r["sections"][0]["items"][0]["rules"][1].update(veto="差") or r,
        "rule 'case' vetoes to grade '差', which 'grades' does not define; expected one of: "
        "不合格, 优秀, 合格 [DJ307]",
    ),
    (
        "two bands with one minimum",
        lambda r: r["grades"].append({"name": "良好", "min": 10}) or r,
        "grade min 10 is already used at line",
    ),
]


@pytest.mark.parametrize(
    ("name", "edit", "message"), RUBRIC_PROBLEMS, ids=[case[0] for case in RUBRIC_PROBLEMS]
)
def test_rubric_problems(djkh, tmp_path: Path, name: str, edit: Any, message: str) -> None:
    rubric = edit(copy.deepcopy(RUBRIC))
    for rule in (r for s in rubric["sections"] for i in s["items"] for r in i["rules"]):
        if rule.get("deduct") is None:
            rule.pop("deduct", None)
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(rubric, allow_unicode=True), "utf-8")
    run = djkh("validate", str(path))
    assert run.code == 1
    assert message in run.stdout


@pytest.mark.parametrize(
    ("file", "score", "grade"),
    [("示例公司甲", 100, "优秀"), ("示例公司乙", 102, "不合格"), ("示例公司丙", D("82.5"), "良好")],
)
def test_the_example_enterprises(djkh, file: str, score: Any, grade: str) -> None:
    path = str(QIYE / f"{file}.yaml")
    run = djkh("score", path, "--rubric-dir", EXAMPLE_RUBRICS, "--format", "json")
    document = json.loads(run.stdout, parse_float=Decimal)
    assert (run.code, document["score"], document["grade"]) == (0, score, grade)


def test_the_wenzhou_scores_and_json_are_unchanged(djkh) -> None:
    for unit, score in (("示例局甲", 83), ("示例委乙", 96), ("示例中心丙", 56)):
        run = djkh("score", str(EXAMPLES / f"{unit}.yaml"), "--format", "json")
        document = json.loads(run.stdout)
        assert document["score"] == score
        assert list(document) == [
            "unit",
            "year",
            "rubric",
            "max",
            "score",
            "deduction",
            "self_score",
            "sections",
        ]


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("output_format", ["table", "json", "csv", "markdown", "xlsx", "html"])
@pytest.mark.parametrize("target", ["示例公司甲.yaml", "示例公司丙.yaml", ""])
def test_every_format_shows_grade_and_bonus(
    djkh, tmp_path: Path, output_format: str, target: str
) -> None:
    out = tmp_path / f"out.{output_format}"
    path = str(QIYE / target) if target else str(QIYE)
    run = djkh(
        "score", path, "--rubric-dir", EXAMPLE_RUBRICS, "--format", output_format, "-o", str(out)
    )
    assert run.code == 0, run.stderr
    if output_format == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(out)
        text = "\n".join(
            str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
        )
    else:
        text = out.read_text(encoding="utf-8-sig")
    grade = "良好" if target == "示例公司丙.yaml" else "优秀"
    assert grade in text
    if target != "示例公司丙.yaml":
        assert "加分" in text or '"bonus"' in text


def test_a_year_the_single_file_is_not_for_is_refused(djkh, tmp_path: Path) -> None:
    jia = EXAMPLES / "示例局甲.yaml"
    out = tmp_path / "card.json"
    run = djkh("score", str(jia), "--year", "2006", "--format", "json", "-o", str(out))
    message = f"djkh: nothing to score for --year 2006: {jia} is for 2007; nothing written\n"
    assert (run.code, run.stdout, run.stderr) == (1, "", message)
    assert not out.exists()


def test_the_year_the_single_file_is_for_is_scored(djkh) -> None:
    run = djkh("score", str(EXAMPLES / "示例局甲.yaml"), "--year", "2007", "--format", "json")
    assert (run.code, json.loads(run.stdout)["year"], run.stderr) == (0, 2007, "")


NOTHING_RECORDED = (
    "error: this file records none of the 13 items of wenzhou-jiguan@2007, so it would score "
    "full marks: fill in the findings (djkh init writes every item), or write 'findings: {}' "
    "under each item the unit passed cleanly [DJ417]"
)


@pytest.mark.parametrize(
    ("items", "at"), [("items: {}\n", "5:1"), ("", "1:1")], ids=["empty", "no-items-key"]
)
def test_a_file_that_records_no_item_is_refused(djkh, tmp_path: Path, items: str, at: str) -> None:
    empty = tmp_path / "empty.yaml"
    head = "kind: findings\nrubric: wenzhou-jiguan@2007\nunit: 空\nyear: 2007\n"
    empty.write_text(head + items, encoding="utf-8")
    run = djkh("score", str(empty))
    report = f"{empty}:{at}: {NOTHING_RECORDED}\nchecked 1 file: 1 error in 1 file\n"
    assert (run.code, run.stdout, run.stderr) == (1, "", report)
    batch = djkh("score", str(empty), str(EXAMPLES / "示例局甲.yaml"))
    assert (batch.code, batch.stdout) == (1, "")
    assert batch.stderr.startswith(f"{empty}:{at}: {NOTHING_RECORDED}\n")
