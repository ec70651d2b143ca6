"""The rubric language end to end: what validate says of each construct's mistakes, and every
output of the example county."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

XIAN = REPO / "examples" / "findings-xian"
RUBRICS = REPO / "examples" / "rubric"
RUBRIC_FILE = RUBRICS / "example-xian" / "2025.yaml"
BASE: dict[str, Any] = yaml.safe_load((XIAN / "示例镇甲.yaml").read_text(encoding="utf-8"))


def _validate(djkh, tmp_path: Path, edit: Any, *, rubric: Any = None) -> tuple[int, str]:
    findings = copy.deepcopy(BASE)
    edit(findings["items"])
    path = tmp_path / "f.yaml"
    path.write_text(yaml.safe_dump(findings, allow_unicode=True), encoding="utf-8")
    folder = RUBRICS
    if rubric is not None:
        data = yaml.safe_load(RUBRIC_FILE.read_text(encoding="utf-8"))
        rubric(data)
        folder = tmp_path / "rubric"
        (folder / "example-xian").mkdir(parents=True)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / "example-xian" / "2025.yaml").write_text(text, encoding="utf-8")
    run = djkh("validate", "--rubric-dir", str(folder), str(path))
    errors = [
        line.split(": error: ", 1)[1] for line in run.stdout.splitlines() if ": error: " in line
    ]
    return run.code, "\n".join(errors)


def _set(item: str, rule: str, value: Any) -> Any:
    return lambda items: items[item]["findings"].__setitem__(rule, value)


FINDINGS_MISTAKES = [
    (
        "judged value outside its range",
        _set("river-setup", "work-plan", {"value": 3, "reason": "方案缺失"}),
        "rule 'work-plan' is judged from 0.5 to 2 points (or 0 when nothing is wrong), got 3: "
        "write a value in that range [DJ411]",
    ),
    (
        "judged value below its range",
        _set("river-setup", "work-plan", {"value": 0.25, "reason": "小问题"}),
        "rule 'work-plan' is judged from 0.5 to 2 points (or 0 when nothing is wrong), got 0.25: "
        "write a value in that range [DJ411]",
    ),
    (
        "judged points without a reason",
        _set("river-setup", "work-plan", 1.5),
        "rule 'work-plan' is judged: say why 1.5 points, {value: 1.5, reason: \"…\"} [DJ411]",
    ),
    (
        "no level chosen",
        lambda items: items["implementation"]["findings"].pop("implementation-level"),
        "no level is chosen for rule 'implementation-level': write implementation-level: and one "
        "of 好, 一般, 不好 [DJ412]",
    ),
    (
        "no level chosen, the item left out",
        lambda items: items.pop("overall"),
        "no level is chosen for rule 'overall-level': write overall-level: and one of 好, 较好, "
        "一般, 差 [DJ412]",
    ),
    (
        "two levels chosen",
        _set("implementation", "implementation-level", ["好", "一般"]),
        "rule 'implementation-level' takes one level, but 2 are chosen: choose one of 好, 一般, "
        "不好 [DJ412]",
    ),
    (
        "a level the rule does not have",
        _set("overall", "overall-level", "较差"),
        "rule 'overall-level' has no level '较差'; did you mean '差'? [DJ412]",
    ),
    (
        "a requirement answered with text",
        _set("river-setup", "leading-group", "是"),
        "rule 'leading-group' takes true if met, false if not, got text \"是\": "
        "write true, not 是 [DJ407]",
    ),
    (
        "a share over 100%",
        _set("case-solving", "solving-rate", 120),
        "rule 'solving-rate' takes the share achieved in %, 0 to 100, got the number 120 [DJ407]",
    ),
    (
        "a reference value missing",
        _set("water-quality", "illegal-cases", 7),
        "rule 'illegal-cases' compares with 上年案件数: give it as "
        "{value: N, reference: N} [DJ413]",
    ),
    (
        "a scale the rule does not have",
        _set("patrol", "unresolved", {"value": 2, "scale": "after-remind"}),
        "rule 'unresolved' has no scale 'after-remind'; did you mean 'after-reminder'? [DJ413]",
    ),
    (
        "extra units for a rule without them",
        _set("patrol", "unresolved", {"value": 2, "extra": 1}),
        "rule 'unresolved' has no use for 'extra': remove it [DJ413]",
    ),
]


@pytest.mark.parametrize(
    ("edit", "message"), [m[1:] for m in FINDINGS_MISTAKES], ids=[m[0] for m in FINDINGS_MISTAKES]
)
def test_findings_mistakes(djkh, tmp_path: Path, edit: Any, message: str) -> None:
    assert _validate(djkh, tmp_path, edit) == (1, message)


def _rule(item: str, rule: str, **fields: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        found = [
            r
            for s in data["sections"]
            for i in s["items"]
            if i["id"] == item
            for r in i["rules"]
            if r["id"] == rule
        ]
        for key, value in fields.items():
            if value is None:
                found[0].pop(key, None)
            else:
                found[0][key] = value

    return edit


def _item(item: str, **fields: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        found = [i for s in data["sections"] for i in s["items"] if i["id"] == item]
        found[0].update(fields)

    return edit


RUBRIC_MISTAKES = [
    (
        "judged min above its points",
        _rule("river-setup", "work-plan", min=3),
        "judged rule 'work-plan' has 'min' 3 above 'deduct' 2: 'min' is the fewest points a "
        "judgement gives, 'deduct' the most [DJ312]",
    ),
    (
        "a start beyond the item",
        _item("publicity", start=12),
        "item 'publicity' starts at 12, outside 0 to its score 10: 'start' is the points before "
        "its rules deduct or add (0 when every point is earned) [DJ312]",
    ),
    (
        "a level named twice",
        _rule(
            "overall", "overall-level", levels=[{"name": "好", "add": 15}, {"name": "好", "add": 0}]
        ),
        "level '好' of rule 'overall-level' is already named at line 205: each level needs its own "
        "name [DJ311]",
    ),
    (
        "a levels rule with one level",
        _rule("overall", "overall-level", levels=[{"name": "好", "add": 15}]),
        "levels rule 'overall-level' needs 'levels', two or more, each with what choosing it "
        "deducts or adds: levels: [{name: 好, deduct: 0}, {name: 差, deduct: 2}] [DJ305]",
    ),
    (
        "bands on both sides",
        _rule(
            "water-quality",
            "compliance-rate",
            bands=[{"below": 80, "deduct": 1}, {"above": 95, "deduct": 2}],
        ),
        "the bands of rule 'compliance-rate' mix 'below' and 'above', or 'deduct' and 'add': one "
        "rule's bands lie on one side of the value and all deduct or all add [DJ311]",
    ),
    (
        "a tier that adds and deducts",
        _rule("publicity", "city-honour", add=None, deduct=4),
        "rule 'city-honour' is in tier 'honours', whose other rules add: the rules of a tier all "
        "deduct or all add, and none vetoes [DJ311]",
    ),
    (
        "an excess rule with a limit and a reference",
        _rule("water-quality", "illegal-cases", above=3),
        "excess rule 'illegal-cases' has both 'above' and 'reference': give 'above: N' for one "
        "number for every unit, or 'reference: WHAT' for a number each unit's findings give "
        "[DJ305]",
    ),
    (
        "a step on a count rule",
        _rule("patrol", "unresolved", step=2),
        "'step' is for shortfall, excess rules, but rule 'unresolved' is count: remove 'step' or "
        "change 'kind' [DJ304]",
    ),
    (
        "points on a levels rule",
        _rule("overall", "overall-level", add=15),
        "rule 'overall-level' has 'add', but the points of a levels rule are in its levels: "
        "remove 'add' [DJ306]",
    ),
]


@pytest.mark.parametrize(
    ("edit", "message"), [m[1:] for m in RUBRIC_MISTAKES], ids=[m[0] for m in RUBRIC_MISTAKES]
)
def test_rubric_mistakes(djkh, tmp_path: Path, edit: Any, message: str) -> None:
    code, errors = _validate(djkh, tmp_path, lambda items: None, rubric=edit)
    assert code == 1
    assert errors.splitlines()[0] == message


@pytest.mark.usefixtures("chinese")
def test_the_form_says_what_each_construct_did(djkh) -> None:
    run = djkh(
        "score", "--rubric-dir", str(RUBRICS), str(XIAN / "示例镇甲.yaml"), "--format", "markdown"
    )
    assert run.code == 0
    for shown in (
        "-1 有贴挂标识牌的办公室（1分）；实地查看，没标牌不给分（未达到）",
        "-1 工作方案整体评价后予以赋分，存在不足的酌情扣0.5－2分（酌情，0.5至2分）<br>"
        "理由：工作方案未明确各级河长职责分工",
        "（档次：一般）",
        "（记录：65%）",
        "（记录：7起，上年案件数5起）",
        "（记录：88%，应为100%，计2个整档（每档5%））",
        "（记录：2件，经催办后仍未落实的加倍扣分）",
        "+9 按破案率得分（10分）（记录：90%）",
        "-1.5 发生重大案件未破的扣3分；当年破案的减半扣分（当年破案的减半扣分）",
        "+4 受到市级表彰的加4分（不计分：同组 'honours' 只按分值最高的一项计（就高，不重复计分））",
        "|  | 折算（占总分80%） | 24 |  | 4.4 | 19.6 | 24.5分（满分30）×80% = 19.6分 |",
        "| 四、乡镇分类指标 | 1、乡村振兴重点项目 | 100 |  | 10 | 90 | -10 重点项目未按期完成的，"
        "每个扣10分（记录：1个）<br>证据：污水管网项目延期至次年3月 |",
        "| 加分项（不封顶） | 1、创新工作 |  |  |  | 0 |  |",
        "| 综合扣分（最多扣10分） | 1、通报批评 |  |  |  | 0 |  |",
        "| 合计 |  | 100 |  | 23.2 | 76.8 |",
    ):
        assert shown in run.stdout


@pytest.mark.usefixtures("chinese")
def test_earned_points_beyond_the_item_are_shown_limited(djkh) -> None:
    run = djkh(
        "score", "--rubric-dir", str(RUBRICS), str(XIAN / "示例镇乙.yaml"), "--format", "csv"
    )
    assert run.code == 0
    assert "按评分说明合计为14分，以本项标准分10分为限" in run.stdout


def test_json_keeps_additions_apart_and_says_what_was_not_counted(djkh) -> None:
    run = djkh(
        "score", "--rubric-dir", str(RUBRICS), str(XIAN / "示例镇甲.yaml"), "--format", "json"
    )
    card = json.loads(run.stdout)
    items = {i["id"]: i for s in card["sections"] for i in s["items"]}
    publicity = items["publicity"]
    assert publicity["deductions"] == []
    assert [(a["rule"], a["amount"], a.get("counted", True)) for a in publicity["additions"]] == [
        ("media", 4, True),
        ("provincial-honour", 6, True),
        ("city-honour", 4, False),
    ]
    work_plan = items["river-setup"]["deductions"][1]
    assert (work_plan["value"], work_plan["reason"]) == (1, "工作方案未明确各级河长职责分工")
    cases = items["water-quality"]["deductions"][1]
    assert (cases["value"], cases["reference"], cases["amount"]) == (7, 5, 4)
    assert items["patrol"]["deductions"][1]["scale"] == "after-reminder"
    assert "additions" not in items["patrol"]


@pytest.mark.parametrize("output_format", ["table", "json", "csv", "markdown", "xlsx", "html"])
def test_every_format_ranks_the_example_county(djkh, tmp_path: Path, output_format: str) -> None:
    target = tmp_path / f"out.{'md' if output_format == 'markdown' else output_format}"
    run = djkh(
        "score",
        "--rubric-dir",
        str(RUBRICS),
        str(XIAN),
        "--format",
        output_format,
        "-o",
        str(target),
    )
    assert run.code == 0, run.stderr
    assert target.stat().st_size > 0
    if output_format == "json":
        ranking = json.loads(target.read_text(encoding="utf-8"))["rankings"][0]
        assert [(u["unit"], u["score"]) for u in ranking["units"]] == [
            ("示例镇乙", 95.4),
            ("示例镇甲", 76.8),
            ("示例街道丙", 41),
        ]


def test_init_says_what_to_write_for_each_construct(djkh) -> None:
    run = djkh(
        "init",
        "--rubric",
        "example-xian@2025",
        "--rubric-dir",
        str(RUBRICS),
        "--unit",
        "示例镇丁",
        "--year",
        "2025",
        "--class",
        "town",
    )
    assert run.code == 0
    for line in (
        "      # 成立河长制工作领导小组（2分） (requirement: true if met, false if not)",
        "      # 工作方案整体评价后予以赋分，存在不足的酌情扣0.5－2分 (judged: 0, or the points "
        'judged from 0.5 to 2 with the reason: {value: 2, reason: "…"})',
        "      # 贯彻落实好的不扣分，贯彻落实一般的扣0.5分，落实不好的不得分 "
        "(levels: one of 好, 一般, 不好)",
        "      # 河道违法案件与上年相比，每增加1起扣2分，最多扣6分 (excess: the number, and "
        "上年案件数: {value: N, reference: N})",
        "      #   {value: …, scale: after-reminder} when: 经催办后仍未落实的加倍扣分",
        "      #   {value: …, extra: N} for N more: 每多一年加扣1分",
        "  # 宣传报道与表彰 (standard score 10, starting from 0)",
        "      # 断面水质达标率低于80%、70%、60%的，分别扣1分、2分、3分 "
        "(bands: the measured value, under 80, 70, 60 counts)",
    ):
        assert line in run.stdout.splitlines()


def _second_version(tmp_path: Path) -> Path:
    """example-xian@2026: 一般 now costs 1, and 巡河率 is counted in steps of 4%."""
    data = yaml.safe_load(RUBRIC_FILE.read_text(encoding="utf-8"))
    data["version"] = "2026"
    _rule(
        "implementation",
        "implementation-level",
        levels=[
            {"name": "好", "deduct": 0},
            {"name": "一般", "deduct": 1},
            {"name": "不好", "deduct": 10},
        ],
    )(data)
    _rule("patrol", "patrol-rate", step=4)(data)
    path = tmp_path / "2026.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_diff_reads_a_change_of_levels_or_steps_as_a_score_change(djkh, tmp_path: Path) -> None:
    new = _second_version(tmp_path)
    run = djkh("diff", str(RUBRIC_FILE), str(new), "--format", "json")
    assert run.code == 1
    (diff,) = json.loads(run.stdout)["diffs"]
    changes = [(c["kind"], c["level"], c["old"], c["new"]) for c in diff["changes"]]
    assert changes == [
        ("levels", "score", "好 -0, 一般 -0.5, 不好 -10", "好 -0, 一般 -1, 不好 -10"),
        ("step", "score", 5, 4),
    ]


def test_rescore_scores_each_town_under_both_versions(djkh, tmp_path: Path) -> None:
    new = _second_version(tmp_path)
    run = djkh(
        "diff",
        str(RUBRIC_FILE),
        str(new),
        "--rescore",
        str(XIAN / "示例镇甲.yaml"),
        "--format",
        "json",
    )
    assert run.code == 1
    (unit,) = json.loads(run.stdout)["rescore"]["units"]
    # 一般 costs 0.5 more; 88% is 3 whole steps of 4% (1.5) instead of 2 of 5% (1): 1 point
    # of 河长制工作, which counts 80%
    assert (unit["old_score"], unit["new_score"], unit["change"]) == (76.8, 76, -0.8)


def test_rescore_reports_a_finding_the_new_version_cannot_use(djkh, tmp_path: Path) -> None:
    """over-quota now compares with last year's number, which the findings do not give."""
    data = yaml.safe_load(RUBRIC_FILE.read_text(encoding="utf-8"))
    data["version"] = "2026"
    _rule("staffing", "over-quota", above=None, reference="上年人数")(data)
    new = tmp_path / "2026.yaml"
    new.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run = djkh(
        "diff",
        str(RUBRIC_FILE),
        str(new),
        "--rescore",
        str(XIAN / "示例镇甲.yaml"),
        "--format",
        "json",
    )
    assert run.code == 1
    (unused,) = json.loads(run.stdout)["rescore"]["unused_new"]
    assert unused["message"] == (
        "rule 'over-quota' compares with 上年人数: give it as {value: N, reference: N} "
        "in example-xian@2026"
    )


def _classes_rubric(folder: Path) -> None:
    level_rule = {
        "id": "quality",
        "text": "好、一般、差分别扣0、1、2分",
        "kind": "levels",
        "levels": [
            {"name": "好", "deduct": 0},
            {"name": "一般", "deduct": 1},
            {"name": "差", "deduct": 2},
        ],
    }
    rubric = {
        "kind": "rubric",
        "id": "classed",
        "version": "1",
        "title": "分类考核细则",
        "total": 10,
        "sections": [
            {
                "id": "common",
                "title": "共性指标",
                "score": 4,
                "items": [
                    {
                        "id": "plan",
                        "title": "计划",
                        "score": 4,
                        "rules": [{"id": "no-plan", "text": "无计划扣2分", "deduct": 2}],
                    }
                ],
            }
        ],
        "classes": [
            {
                "id": "town",
                "title": "乡镇",
                "sections": [
                    {
                        "id": "town-part",
                        "title": "乡镇指标",
                        "score": 6,
                        "items": [
                            {
                                "id": "roads",
                                "title": "道路",
                                "score": 6,
                                "rules": [copy.deepcopy(level_rule)],
                            }
                        ],
                    }
                ],
            },
            {
                "id": "office",
                "title": "部门",
                "sections": [
                    {
                        "id": "office-part",
                        "title": "部门指标",
                        "score": 6,
                        "items": [
                            {
                                "id": "service",
                                "title": "服务",
                                "score": 6,
                                "rules": [{**copy.deepcopy(level_rule), "id": "service-quality"}],
                            }
                        ],
                    }
                ],
            },
        ],
    }
    (folder / "classed").mkdir(parents=True)
    text = yaml.safe_dump(rubric, allow_unicode=True, sort_keys=False)
    (folder / "classed" / "1.yaml").write_text(text, encoding="utf-8")


def test_only_the_units_own_class_needs_its_levels_chosen(djkh, tmp_path: Path) -> None:
    """A town chooses the level of its own part's rule, never the office part's."""
    _classes_rubric(tmp_path / "rubric")
    findings = {
        "kind": "findings",
        "rubric": "classed@1",
        "unit": "示例镇",
        "year": 2025,
        "unit_class": "town",
        "items": {"plan": {"findings": {"no-plan": False}}, "roads": {"findings": {}}},
    }
    path = tmp_path / "f.yaml"
    path.write_text(yaml.safe_dump(findings, allow_unicode=True), encoding="utf-8")
    run = djkh("validate", "--rubric-dir", str(tmp_path / "rubric"), str(path))
    assert run.code == 1
    errors = [
        line.split(": error: ", 1)[1] for line in run.stdout.splitlines() if ": error: " in line
    ]
    assert errors == [
        "no level is chosen for rule 'quality': write quality: and one of 好, 一般, 差 [DJ412]"
    ]
    findings["items"]["roads"] = {"findings": {"quality": "一般"}}
    path.write_text(yaml.safe_dump(findings, allow_unicode=True), encoding="utf-8")
    run = djkh("score", "--rubric-dir", str(tmp_path / "rubric"), str(path), "--format", "json")
    assert (run.code, json.loads(run.stdout)["score"]) == (0, 9)
