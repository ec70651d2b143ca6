"""评分说明 read as rules: each wording's kind and amounts, and a doubt where unsure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from djkh.model.wording import number_of, read_wording, split_points

D = Decimal


def _read(cell: str, score: int = 10) -> list[tuple[str, dict[str, object], list[str]]]:
    return [(r.text, r.fields, r.doubts) for r in read_wording(cell, D(score)).rules]


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("未设学习秘书的扣2分", {"deduct": D(2)}),
        ("成员无中心发言的,1例扣2分", {"deduct": D(2), "kind": "count", "unit": "例"}),
        ("每发现一次违规操作扣2分", {"deduct": D(2), "kind": "count", "unit": "次"}),
        ("基层党组织延期一年以上的，每例扣2分", {"deduct": D(2), "kind": "count", "unit": "例"}),
        (
            "党课全年4次，少一次扣5分",
            {"deduct": D(5), "kind": "shortfall", "required": D(4), "unit": "次"},
        ),
        (
            "党组每年两次专题听取汇报，少一次扣2分",
            {"deduct": D(2), "kind": "shortfall", "required": D(2), "unit": "次"},
        ),
        (
            "全年集中学习未达到12天，一天扣5分",
            {"deduct": D(5), "kind": "shortfall", "required": D(12), "unit": "天"},
        ),
        (
            "在职党员到社区报到率未达到90%以上的扣3分",
            {"deduct": D(3), "kind": "threshold", "below": D(90), "unit": "%"},
        ),
        (
            "超标率高于5%的扣1分",
            {"deduct": D(1), "kind": "threshold", "above": D(5), "unit": "%"},
        ),
        ("受到省级表彰的加4分", {"add": D(4)}),
        ("工作方案存在不足的酌情扣0.5－2分", {"kind": "judged", "min": D("0.5"), "deduct": D(2)}),
        ("成立工作领导小组（2分）", {"kind": "requirement", "deduct": D(2)}),
        ("发生重大安全事故的，本项不得分", {"deduct": D(10)}),
        ("台账不全的扣两分", {"deduct": D(2)}),
        ("台账不全的扣半分", {"deduct": D("0.5")}),
    ],
)
def test_a_wording_gives_its_kind_and_amounts(text: str, fields: dict[str, object]) -> None:
    assert _read(text) == [(text, fields, [])]


def test_compound_clauses_become_one_rule_each() -> None:
    rules = _read("中心组全年集中学习不少于6次,12天,缺一次扣2分,缺一天扣2分")
    assert [(r[0], r[1]) for r in rules] == [
        (
            "中心组全年集中学习不少于6次,12天,缺一次扣2分",
            {"deduct": D(2), "kind": "shortfall", "required": D(6), "unit": "次"},
        ),
        ("缺一天扣2分", {"deduct": D(2), "kind": "shortfall", "required": D(12), "unit": "天"}),
    ]
    two = _read("党员中有发生违纪问题的,被查一例扣3分,自查一例扣1分")
    assert [r[1] for r in two] == [
        {"deduct": D(3), "kind": "count", "unit": "例"},
        {"deduct": D(1), "kind": "count", "unit": "例"},
    ]


def test_a_cap_joins_the_rule_before_it() -> None:
    rules = _read("每季度召开一次例会，全年不少于4次，少一次扣1分，最多扣3分")
    assert rules == [
        (
            "每季度召开一次例会，全年不少于4次，少一次扣1分，最多扣3分",
            {"deduct": D(1), "kind": "shortfall", "required": D(4), "unit": "次", "cap": D(3)},
            [],
        )
    ]
    until_gone = _read("每发现一次扣2分，扣完为止")
    assert until_gone == [
        ("每发现一次扣2分，扣完为止", {"deduct": D(2), "kind": "count", "unit": "次"}, [])
    ]


def test_levels_bands_steps_and_tiers() -> None:
    assert _read("贯彻落实好的不扣分，一般的扣1分，差的扣3分") == [
        (
            "贯彻落实好的不扣分，一般的扣1分，差的扣3分",
            {
                "kind": "levels",
                "levels": [
                    {"name": "好", "deduct": D(0)},
                    {"name": "一般", "deduct": D(1)},
                    {"name": "差", "deduct": D(3)},
                ],
            },
            [],
        )
    ]
    assert _read("满意率低于80%、70%、60%的，分别扣1分、2分、3分")[0][1] == {
        "kind": "bands",
        "unit": "%",
        "bands": [
            {"below": D(80), "deduct": D(1)},
            {"below": D(70), "deduct": D(2)},
            {"below": D(60), "deduct": D(3)},
        ],
    }
    assert _read("巡查率每下降5%扣0.5分") == [
        (
            "巡查率每下降5%扣0.5分",
            {
                "deduct": D("0.5"),
                "kind": "shortfall",
                "required": D(100),
                "unit": "%",
                "step": D(5),
            },
            ["steps below a target the text does not give: 100% assumed"],
        )
    ]
    tiers = _read("受到市级表彰的加2分；受到省级表彰的加4分；同一项目按照分值高的加分，不重复加分")
    assert [r[1] for r in tiers] == [
        {"add": D(2), "tier_group": "tier"},
        {"add": D(4), "tier_group": "tier"},
    ]


def test_unsure_readings_carry_a_doubt() -> None:
    assert _read("年出席率均低于80%或未上报公示情况的,扣2分") == [
        (
            "年出席率均低于80%或未上报公示情况的,扣2分",
            {"deduct": D(2)},
            ["a limit of 80% joined with another condition: kept as one deduction"],
        )
    ]
    veto = _read("发生重大违纪案件的，一票否决")
    assert veto[0][1:] == (
        {"veto": "不合格"},
        ["一票否决: the draft vetoes to the grade 不合格; check the grade"],
    )
    missing = _read("少一次扣2分")
    assert missing[0][1:] == (
        {"deduct": D(2), "kind": "count", "unit": "次"},
        ["缺/少 without the number required: read as a count"],
    )


def test_traditional_wording_reads_alike_and_stays_as_written() -> None:
    assert _read(
        "在職黨員到社區報到率未達到90%以上的扣3分；黨組每年兩次專題聽取匯報，少一次扣2分"
    ) == [
        (
            "在職黨員到社區報到率未達到90%以上的扣3分",
            {"deduct": D(3), "kind": "threshold", "below": D(90), "unit": "%"},
            [],
        ),
        (
            "黨組每年兩次專題聽取匯報，少一次扣2分",
            {"deduct": D(2), "kind": "shortfall", "required": D(2), "unit": "次"},
            [],
        ),
    ]
    assert _read("發生重大案件的，一票否決")[0][:2] == (
        "發生重大案件的，一票否決",
        {"veto": "不合格"},
    )


def test_judged_without_a_range_goes_up_to_the_item() -> None:
    assert _read("工作不到位的酌情扣分", 5) == [
        (
            "工作不到位的酌情扣分",
            {"kind": "judged", "deduct": D(5)},
            ["酌情扣分 without a range: up to the item's 5 points"],
        )
    ]


def test_text_without_an_amount_is_left_unused() -> None:
    wording = read_wording("（1）信访件办结及时；（2）台账不全的扣1分", D(5))
    assert wording.unused == ["信访件办结及时"]
    assert [rule.text for rule in wording.rules] == ["台账不全的扣1分"]


def test_numbered_points_and_numbers() -> None:
    assert split_points("(1)甲; （2）乙；3、丙 4)丁") == ["甲", "乙", "丙", "丁"]
    assert [number_of(t) for t in ("12", "两", "十二", "二十", "半", "0.5", "百")] == [
        D(12),
        D(2),
        D(12),
        D(20),
        D("0.5"),
        D("0.5"),
        None,
    ]
