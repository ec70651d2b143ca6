"""Judged ranges, levels, requirements, earned points, tiers, steps and scales, scored exactly."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from djkh.checks.workspace import Workspace
from djkh.files.catalogue import RubricCatalogue
from djkh.model.findings import Findings
from djkh.model.rubric import Rubric, Rule
from djkh.scoring.engine import rule_deduction, score_findings
from tests.conftest import REPO

D = Decimal
XIAN = REPO / "examples" / "findings-xian"


def _rule(**fields: object) -> Rule:
    return Rule.model_validate({"id": "r", "text": "规则", **fields})


LEVELS = [
    {"name": "好", "deduct": 0},
    {"name": "一般", "deduct": D("0.5")},
    {"name": "差", "deduct": 3},
]
BANDS = [{"below": 80, "deduct": 1}, {"below": 70, "deduct": 2}, {"below": 60, "deduct": 3}]


@pytest.mark.parametrize(
    ("fields", "value", "reference", "expected"),
    [
        # judged: the points chosen are the points
        ({"kind": "judged", "min": D("0.5"), "deduct": 2}, D("1.5"), None, D("1.5")),
        ({"kind": "judged", "min": D("0.5"), "deduct": 2}, 0, None, D(0)),
        # levels: the chosen level's points
        ({"kind": "levels", "levels": LEVELS}, "一般", None, D("0.5")),
        ({"kind": "levels", "levels": LEVELS}, "好", None, D(0)),
        # a requirement not met costs its points; met, nothing
        ({"kind": "requirement", "deduct": 1}, False, None, D(1)),
        ({"kind": "requirement", "deduct": 1}, True, None, D(0)),
        # a requirement that earns: met earns, not met earns nothing
        ({"kind": "requirement", "add": 5}, True, None, D(5)),
        ({"kind": "requirement", "add": 5}, False, None, D(0)),
        # 按完成比例得分: 10 points at 100%
        ({"kind": "proportion", "add": 10}, 75, None, D("7.5")),
        ({"kind": "proportion", "deduct": 10}, 75, None, D("2.5")),
        # 引用组织部考核得分（满分50分），按扣分比例折算: 46 of 50 loses 4/50 of 20
        ({"kind": "proportion", "of": 50, "deduct": 20}, 46, None, D("1.6")),
        ({"kind": "proportion", "of": 40, "add": 10}, 35, None, D("8.75")),
        # 每超过1人扣5分
        ({"kind": "excess", "above": 12, "deduct": 5}, 14, None, D(10)),
        ({"kind": "excess", "above": 12, "deduct": 5}, 11, None, D(0)),
        # 与上年相比，每增加1起扣2分: the unit's reference is the limit
        ({"kind": "excess", "reference": "上年数", "deduct": 2}, 7, D(5), D(4)),
        ({"kind": "excess", "reference": "上年数", "deduct": 2}, 3, D(5), D(0)),
        # 每下降5%扣0.5分: whole steps only; 88% is 12% short, two whole steps
        ({"kind": "shortfall", "required": 100, "step": 5, "deduct": D("0.5")}, 88, None, D(1)),
        ({"kind": "shortfall", "required": 100, "step": 5, "deduct": D("0.5")}, 96, None, D(0)),
        ({"kind": "shortfall", "required": 100, "step": 5, "deduct": D("0.5")}, 95, None, D("0.5")),
        # without a step a shortfall is what it always was
        ({"kind": "shortfall", "required": 6, "deduct": 2}, D("5.5"), None, D(1)),
        # bands: only the deepest band hit, unless cumulative
        ({"kind": "bands", "bands": BANDS}, 65, None, D(2)),
        ({"kind": "bands", "bands": BANDS}, 80, None, D(0)),
        ({"kind": "bands", "bands": BANDS}, 50, None, D(3)),
        ({"kind": "bands", "bands": BANDS, "cumulative": True}, 65, None, D(3)),
    ],
)
def test_rule_points(
    fields: dict[str, object], value: Any, reference: Decimal | None, expected: Decimal
) -> None:
    assert rule_deduction(_rule(**fields), value, reference) == expected


def _score(rules: list[dict[str, Any]], values: dict[str, Any], **item: Any) -> Any:
    rubric = Rubric.model_validate(
        {
            "kind": "rubric",
            "id": "tiny",
            "version": "1",
            "title": "细则",
            "total": 10,
            "sections": [
                {
                    "id": "s",
                    "title": "部分",
                    "score": 10,
                    "items": [{"id": "i", "title": "项", "score": 10, "rules": rules, **item}],
                }
            ],
        }
    )
    findings = Findings.model_validate(
        {
            "kind": "findings",
            "rubric": "tiny@1",
            "unit": "单位",
            "year": 2025,
            "items": {"i": {"findings": values}},
        }
    )
    return score_findings(findings, rubric).sections[0].items[0]


HONOURS = [
    {"id": "national", "text": "中央表彰加8分", "add": 8, "tier_group": "honours"},
    {"id": "provincial", "text": "省级表彰加6分", "add": 6, "tier_group": "honours"},
    {"id": "city", "text": "市级表彰加4分", "add": 4, "tier_group": "honours"},
]


def test_two_tiers_hit_count_only_the_highest() -> None:
    item = _score(HONOURS, {"provincial": True, "city": True}, start=0)
    assert item.score == D(6)
    assert [(d.rule.id, d.amount, d.counted) for d in item.deductions] == [
        ("provincial", D(6), True),
        ("city", D(4), False),
    ]


def test_tiers_of_other_groups_and_no_group_all_count() -> None:
    rules = [
        HONOURS[1],
        {"id": "media", "text": "报道加1分", "add": 1},
        {"id": "big", "text": "重大活动加2分", "add": 2, "tier_group": "events"},
        {"id": "small", "text": "一般活动加1分", "add": 1, "tier_group": "events"},
    ]
    item = _score(rules, {"provincial": True, "media": True, "big": True, "small": True}, start=0)
    assert [(d.rule.id, d.amount, d.counted) for d in item.deductions] == [
        ("provincial", D(6), True),
        ("media", D(1), True),
        ("big", D(2), True),
        ("small", D(1), False),
    ]
    assert item.score == D(9)
    alone = _score(rules, {"provincial": True, "media": True}, start=0)
    assert [d.counted for d in alone.deductions] == [True, True]
    assert len(alone.deductions[0]) == len(alone.deductions[0]._fields)


def test_earned_points_never_pass_the_item() -> None:
    """8 + 6 earned in a 10-point item that starts from 0: 10, and the rules' 14 on record."""
    rules = [{"id": "media", "text": "报道加6分", "add": 6}, HONOURS[0]]
    item = _score(rules, {"media": True, "national": True}, start=0)
    assert (item.score, item.deduction, item.raw) == (D(10), D(0), D(14))


def test_an_item_adds_and_deducts_from_its_start() -> None:
    rules = [
        {"id": "above", "text": "高于平均加0.5分", "add": D("0.5")},
        {"id": "late", "text": "未完成扣1分", "deduct": 1},
    ]
    assert _score(rules, {"above": True, "late": False}, start=9).score == D("9.5")
    assert _score(rules, {"above": True, "late": True}, start=9).score == D("8.5")
    # from its full score, an addition cannot take the item past it
    assert _score(rules, {"above": True, "late": False}).score == D(10)


def test_an_item_never_goes_below_zero_from_its_start() -> None:
    rules = [{"id": "late", "text": "未完成扣3分", "deduct": 3}]
    item = _score(rules, {"late": True}, start=2)
    assert (item.score, item.raw) == (D(0), D(-1))


@pytest.mark.parametrize(
    ("finding", "amount"),
    [
        ({"value": True}, D(3)),
        ({"value": True, "scale": "half"}, D("1.5")),
        ({"value": True, "scale": "double"}, D(6)),
        ({"value": True, "extra": 2}, D(5)),
        ({"value": True, "scale": "half", "extra": 1}, D("2.5")),
        ({"value": False, "extra": 2}, None),
    ],
)
def test_scaled_deductions(finding: dict[str, Any], amount: Decimal | None) -> None:
    """减半, 加倍 and 每多一年加扣1分: the scale applies to the rule's points, then the extra."""
    rule = {
        "id": "case",
        "text": "重大案件扣3分",
        "deduct": 3,
        "scales": [
            {"id": "half", "text": "当年破案的减半扣分", "factor": D("0.5")},
            {"id": "double", "text": "经催办后仍未落实的加倍扣分", "factor": 2},
        ],
        "extra": {"text": "每多一年加扣1分", "points": 1, "unit": "年"},
    }
    item = _score([rule], {"case": finding})
    assert [d.amount for d in item.deductions] == ([] if amount is None else [amount])


def test_a_scaled_deduction_is_still_capped() -> None:
    rule = {
        "id": "open",
        "text": "每件扣2分，最多扣5分",
        "kind": "count",
        "deduct": 2,
        "cap": 5,
        "scales": [{"id": "double", "text": "加倍扣分", "factor": 2}],
    }
    item = _score([rule], {"open": {"value": 2, "scale": "double"}})
    assert [(d.amount, d.capped) for d in item.deductions] == [(D(5), True)]


@pytest.mark.parametrize(
    ("file", "score"),
    [("示例镇甲.yaml", D("76.8")), ("示例镇乙.yaml", D("95.4")), ("示例街道丙.yaml", D(41))],
)
def test_the_example_county_units(file: str, score: Decimal) -> None:
    workspace = Workspace(RubricCatalogue.default((REPO / "examples" / "rubric",)))
    assessment = workspace.assessment(str(XIAN / file))
    assert assessment.problems == ()
    assert assessment.value is not None
    card = score_findings(assessment.value.findings, assessment.value.rubric)
    assert card.score == score
