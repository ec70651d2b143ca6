"""Parts of a rubric: section caps, uncapped and committee bonus, penalties, veto variants and
weighted sections, scored exactly and refused with located messages."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_features import RUBRIC, _score, _write

D = Decimal

PENALTIES = {
    "cap": 6,
    "items": [
        {
            "id": "criticism",
            "title": "通报批评",
            "rules": [
                {"id": "prov", "text": "省通报批评扣5分", "kind": "count", "deduct": 5},
                {"id": "city", "text": "市通报批评扣3分", "kind": "count", "deduct": 3},
            ],
        }
    ],
}


def _sections(**changes: Any) -> list[dict[str, Any]]:
    """The mini rubric's sections with fields set on the first (s1) or second (s2)."""
    sections = copy.deepcopy(RUBRIC["sections"])
    for key, value in changes.items():
        section, field = key.split("_", 1)
        sections[int(section[1]) - 1][field] = value
    return sections


def test_a_section_cap_limits_what_its_items_lose(djkh, tmp_path: Path) -> None:
    items = {"a": {"findings": {"miss": 4}}, "b": {"findings": {"none": True}}}  # 6 + 4
    document = _score(djkh, tmp_path, items, sections=_sections(s1_cap=5))
    (first, _second) = document["sections"]
    assert (first["score"], first["deduction"], first["cap"]) == (
        5,
        5,
        {"max_loss": 5, "uncapped": 10},
    )
    assert document["score"] == 15


def test_a_section_cap_not_reached_changes_nothing(djkh, tmp_path: Path) -> None:
    items = {"b": {"findings": {"none": True}}}
    document = _score(djkh, tmp_path, items, sections=_sections(s1_cap=5))
    assert document["sections"][0]["cap"] == {"max_loss": 5, "uncapped": None}
    assert document["score"] == 16


def test_a_bonus_without_a_cap_passes_the_total(djkh, tmp_path: Path) -> None:
    bonus = copy.deepcopy(RUBRIC["bonus"])
    del bonus["cap"]
    items = {"honour": {"findings": {"award": 5, "model": True}}}
    document = _score(djkh, tmp_path, items, bonus=bonus)
    assert (document["bonus"]["max"], document["bonus"]["points"], document["score"]) == (
        None,
        4,
        24,
    )


def test_a_committee_sets_a_bonus_with_reason_and_approver(djkh, tmp_path: Path) -> None:
    override = {"score": 2.5, "reason": "考核委员会认定", "approved_by": "考核委员会"}
    items = {"honour": {"findings": {"award": 1}, "override": override}}
    document = _score(djkh, tmp_path, items)
    (item,) = document["bonus"]["items"]
    assert item["override"] == {
        "computed": 1,
        "points": D("2.5"),
        "reason": "考核委员会认定",
        "approved_by": "考核委员会",
    }
    assert document["score"] == D("22.5")


@pytest.mark.usefixtures("chinese")
def test_a_committee_bonus_is_shown_on_the_form(djkh, tmp_path: Path) -> None:
    override = {"score": 3, "reason": "考核委员会认定", "approved_by": "考核委员会"}
    path = _write(tmp_path, {"honour": {"findings": {"award": 1}, "override": override}})
    run = djkh("score", str(path), "--rubric", str(tmp_path / "rubric.yaml"), "--format", "csv")
    assert run.code == 0
    assert (
        "加分项（最多加3分）,1、表彰,,,,3,"
        "\"'+1 每项加1分，最多2分（记录：1）\n"
        '人工调整：计算得分1，调整为3；理由：考核委员会认定；批准：考核委员会"'
    ) in run.stdout


def test_penalties_deduct_from_the_final_score(djkh, tmp_path: Path) -> None:
    items = {"criticism": {"findings": {"city": 1}}}
    document = _score(djkh, tmp_path, items, penalties=PENALTIES)
    assert document["penalties"]["points"] == 3
    assert (document["base"], document["score"]) == (20, 17)


def test_a_penalty_beyond_its_cap_deducts_the_cap(djkh, tmp_path: Path) -> None:
    items = {"criticism": {"findings": {"prov": 1, "city": 2}}}  # 5 + 6 = 11 > 6
    document = _score(djkh, tmp_path, items, penalties=PENALTIES)
    penalties = document["penalties"]
    assert (penalties["max"], penalties["incurred"], penalties["points"]) == (6, 11, 6)
    assert document["score"] == 14


def test_penalties_never_take_the_score_below_zero(djkh, tmp_path: Path) -> None:
    uncapped = {**PENALTIES, "cap": None}
    items = {"criticism": {"findings": {"prov": 5}}}
    document = _score(djkh, tmp_path, items, penalties={k: v for k, v in uncapped.items() if v})
    assert (document["penalties"]["points"], document["score"]) == (25, 0)


def _veto_rubric(**rule: Any) -> list[dict[str, Any]]:
    sections = _sections()
    sections[0]["items"][0]["rules"].append({"id": "v", "text": "发生重大事故的", **rule})
    return sections


def test_a_score_veto_sets_the_score_to_zero(djkh, tmp_path: Path) -> None:
    items = {"a": {"findings": {"v": {"value": True, "evidence": "事故通报"}}}}
    document = _score(djkh, tmp_path, items, sections=_veto_rubric(veto_score=0))
    assert (document["score"], document["score_before_vetoes"], document["grade"]) == (
        0,
        20,
        "不合格",
    )
    assert document["score_vetoes"][0]["score"] == 0


def test_a_score_veto_above_the_score_changes_nothing(djkh, tmp_path: Path) -> None:
    items = {"a": {"findings": {"v": True}}, "c": {"findings": {"bad": 2}}}
    document = _score(djkh, tmp_path, items, sections=_veto_rubric(veto_score=12))
    assert (document["score"], document["score_before_vetoes"]) == (10, None)


@pytest.mark.usefixtures("chinese")
def test_a_bar_keeps_score_and_grade_and_is_shown(djkh, tmp_path: Path) -> None:
    path = _write(
        tmp_path, {"a": {"findings": {"v": True}}}, sections=_veto_rubric(bars="评先评优资格")
    )
    run = djkh("score", str(path), "--rubric", str(tmp_path / "rubric.yaml"))
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert lines[2:4] == ["取消评先评优资格：甲项——发生重大事故的", "等次：优秀"]


def test_weighted_sections_count_score_times_weight(djkh, tmp_path: Path) -> None:
    sections = _sections(s1_score=100, s1_weight=0.8, s2_score=100, s2_weight=0.2)
    sections[0]["items"][1]["score"] = 94  # 6 + 94 = 100
    sections[1]["items"][0]["score"] = 100
    items = {"a": {"findings": {"miss": 2}}, "c": {"findings": {"bad": 1}}}  # 97 and 95
    document = _score(djkh, tmp_path, items, sections=sections, total=100)
    first, second = document["sections"]
    assert (first["score"], first["weighted"], second["score"], second["weighted"]) == (
        97,
        D("77.6"),
        95,
        19,
    )
    assert document["score"] == D("96.6")


def test_a_weighted_part_at_zero_counts_zero(djkh, tmp_path: Path) -> None:
    sections = _sections(s1_weight=0.5, s2_weight=1.5)  # 10×0.5 + 10×1.5 = 20
    items = {"c": {"findings": {"bad": 2}}}
    document = _score(djkh, tmp_path, items, sections=sections)
    second = document["sections"][1]
    assert (second["score"], second["weighted"], document["score"]) == (0, 0, 5)
    assert document["grade"] == "不合格"


@pytest.mark.parametrize(
    ("name", "changes", "message"),
    [
        (
            "a section without a weight",
            {"sections": _sections(s1_weight=0.5)},
            "rubric.yaml:52:3: error: section 's2' has no weight, but other sections have one: "
            "give every section a 'weight' (0.2 for 占20%), or none [DJ309]",
        ),
        (
            "weights that miss the total",
            {"sections": _sections(s1_weight=0.5, s2_weight=0.5)},
            "rubric.yaml:66:8: error: the sections' scores times their weights add up to 10, not "
            "the total 20: correct a weight, a section's score or the total [DJ303]",
        ),
        (
            "a penalty rule that adds",
            {
                "penalties": {
                    "items": [
                        {
                            "id": "p",
                            "title": "通报",
                            "rules": [{"id": "x", "text": "加1分", "add": 1}],
                        }
                    ]
                }
            },
            "rubric.yaml:32:7: error: rule 'x' has 'add': a rule of a penalty item deducts from "
            "the final score: give 'deduct: N' alone [DJ306]",
        ),
        (
            "a score veto beyond the total",
            {"sections": _veto_rubric(veto_score=30)},
            "rubric.yaml:42:19: error: rule 'v' has veto_score 30, outside 0 to the total 20: "
            "write the score a hit limits the unit to, 0 for 总分计0分 [DJ310]",
        ),
        (
            "a bar that also deducts",
            {"sections": _veto_rubric(bars="评先资格", deduct=2)},
            "rubric.yaml:40:7: error: rule 'v' has 'deduct' and 'bars': a rule has one effect: "
            "'deduct', 'veto' (a grade), 'veto_score' (the score) or 'bars' (an eligibility); "
            "split it into two rules [DJ306]",
        ),
        (
            "a misspelt section weight",
            {"sections": [{**_sections()[0], "wieght": 1}, _sections()[1]]},
            "rubric.yaml:51:3: error: unknown key 'wieght'; did you mean 'weight'? [DJ201]",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else "",
)
def test_rubric_problems_are_located(
    djkh, tmp_path: Path, name: str, changes: dict[str, Any], message: str
) -> None:
    _write(tmp_path, {}, **changes)
    run = djkh("validate", str(tmp_path / "rubric.yaml"))
    assert run.code == 1
    assert message in run.stdout.replace(str(tmp_path) + "/", "")


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (
            {"criticism": {"override": {"score": 7, "reason": "r", "approved_by": "p"}}},
            "override score 7 is outside 0 to 6, the cap of the part of item 'criticism' [DJ409]",
        ),
        (
            {"criticism": {"not_applicable": "无"}},
            "a penalty item cannot be not applicable: leave it out when nothing was found [DJ408]",
        ),
        (
            {"criticism": {"self_score": 8}},
            "self score 8 is outside 0 to 6, the penalty cap of item 'criticism' [DJ406]",
        ),
    ],
)
def test_penalty_findings_problems(djkh, tmp_path: Path, items: dict, message: str) -> None:
    path = _write(tmp_path, items, penalties=PENALTIES)
    run = djkh("score", str(path), "--rubric", str(tmp_path / "rubric.yaml"))
    assert (run.code, run.stdout) == (1, "")
    assert message in run.stderr
