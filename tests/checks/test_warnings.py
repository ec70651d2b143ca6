"""Warnings: what is legal in a rubric or findings file but probably a mistake."""

from __future__ import annotations

from decimal import Decimal

import pytest

from djkh.checks.warnings import lint_findings, lint_rubric
from tests.checks.documents import edited, findings_document, rubric_document


def _rubric_warnings(*replacements: tuple[str, str]) -> list[str]:
    doc, rubric = rubric_document(edited(*replacements))
    return [str(problem) for problem in lint_rubric(doc, rubric)]


def _findings_warnings(items: str, *replacements: tuple[str, str]) -> list[str]:
    _doc, rubric = rubric_document(edited(*replacements))
    doc, findings = findings_document(items)
    assert findings is not None
    return [str(problem) for problem in lint_findings(doc, findings, rubric)]


def _plan_text(text: str, deduct: str = "2") -> list[str]:
    return _rubric_warnings(
        (
            "      text: 年初无计划扣2分\n      deduct: 2\n",
            f"      text: {text}\n      deduct: {deduct}\n",
        )
    )


def test_a_sound_rubric_has_no_warnings() -> None:
    assert _rubric_warnings() == []


def test_an_item_without_rules_can_never_lose_a_point() -> None:
    no_rules = (
        "    rules:\n    - id: missed\n      text: 每少一次扣1分\n"
        "      kind: count\n      deduct: 1\n",
        "    rules: []\n",
    )
    assert _rubric_warnings(no_rules) == [
        "r.yaml:24:9: warning: item 'life' has no rules, so no finding can cost it a point: add "
        "its deduction rules (评分说明) [DJ502]"
    ]


def test_one_hit_that_costs_more_than_the_item_is_worth() -> None:
    assert _plan_text("年初无计划扣5分", "5") == [
        "r.yaml:17:15: warning: one hit of rule 'plan' deducts 5, more than the 4 item 'study' "
        "is worth: check 'deduct' against the original [DJ501]"
    ]


@pytest.mark.parametrize(
    ("text", "deduct"),
    [
        ("年初无计划扣2分", "2"),
        ("年初无计划扣 0.5 分", "0.5"),
        ("年初无计划扣两分", "2"),
        ("年初无计划扣半分", "0.5"),
        ("视情况扣1-3分", "2"),
        ("视情况扣一至三分", "3"),
        ("每次扣1分，最多扣3分", "1"),  # 最多扣3分 is the cap, not the amount
        ("年初无计划的", "2"),  # no amount stated
    ],
)
def test_a_text_that_agrees_with_its_deduction_passes(text: str, deduct: str) -> None:
    assert _plan_text(text, deduct) == []


@pytest.mark.parametrize(
    ("text", "deduct", "said"),
    [
        ("年初无计划扣3分", "2", "扣3分"),
        ("年初无计划扣十二分", "2", "扣十二分"),
        ("视情况扣1-3分", "4", "扣1-3分"),
        ("未建档扣1分，未公示扣3分", "2", "扣1分', '扣3分"),
    ],
)
def test_a_text_that_states_another_amount_is_warned(text: str, deduct: str, said: str) -> None:
    assert _plan_text(text, deduct) == [
        f"r.yaml:17:15: warning: the text of rule 'plan' says '{said}', but 'deduct' is "
        f"{deduct}: correct the text or 'deduct' so they agree [DJ507]"
    ]


def test_rounding_that_cannot_show_a_score() -> None:
    rounding = ("sections:\n", "rounding: {places: 0, at: item}\nsections:\n")
    half = ("    score: 2\n", "    score: 1.5\n")
    rest = ("  score: 6\n", "  score: 5.5\n")
    total = ("total: 10", "total: 9.5")
    assert _rubric_warnings(rounding, half, rest, total) == [
        "r.yaml:27:12: warning: item 'life' is worth 1.5, with more decimal places than "
        "'rounding' keeps (0): rounding stops at 1.5 rather than pass it; change the score or "
        "'places' [DJ508]"
    ]
    at_total = ("sections:\n", "rounding: {places: 0, at: total}\nsections:\n")
    assert _rubric_warnings(at_total, half, rest, total) == [
        "r.yaml:5:8: warning: the total is worth 9.5, with more decimal places than 'rounding' "
        "keeps (0): rounding stops at 9.5 rather than pass it; change the score or 'places' "
        "[DJ508]"
    ]


# --- findings -------------------------------------------------------------------------------

ALL = "  study: {}\n  life: {}\n  style: {}\n"


def test_complete_findings_have_no_warnings() -> None:
    assert _findings_warnings(ALL) == []


def test_items_left_out_are_named() -> None:
    assert _findings_warnings("  life: {}\n") == [
        "f.yaml:5:1: warning: no entry for 2 items of t@1: study, style; add each (an empty "
        "'{}' when nothing was found) so none is forgotten [DJ503]"
    ]
    assert _findings_warnings("  life: {}\n  style: {}\n") == [
        "f.yaml:5:1: warning: no entry for 1 item of t@1: study; add each (an empty '{}' when "
        "nothing was found) so none is forgotten [DJ503]"
    ]


def test_a_self_score_given_for_some_items_but_not_others() -> None:
    items = "  study: {self_score: 4}\n  life: {self_score: 2}\n  style: {}\n"
    assert _findings_warnings(items) == [
        "f.yaml:8:3: warning: item 'style' has no self_score, but 2 items have one: add the "
        "unit's self score (自查分) [DJ504]"
    ]


def test_findings_of_an_item_not_applicable_are_ignored() -> None:
    rescale = ("sections:\n", "not_applicable: rescale\nsections:\n")
    items = "  study: {}\n  life: {not_applicable: 无, findings: {missed: 1}}\n  style: {}\n"
    assert _findings_warnings(items, rescale) == [
        "f.yaml:7:29: warning: item 'life' is marked not applicable, so its findings are "
        "ignored: remove them, or remove 'not_applicable' [DJ505]"
    ]


@pytest.mark.parametrize(
    ("value", "warned"),
    [(Decimal("0.86"), True), (Decimal("86"), False), (0, False), (1, False)],
)
def test_a_percentage_written_as_a_fraction(value: Decimal, warned: bool) -> None:
    items = f"  study: {{}}\n  life: {{}}\n  style: {{findings: {{rate: {value}}}}}\n"
    expected = [
        "f.yaml:8:28: warning: rule 'rate' is in % with the limit 90, but the value 0.86 looks "
        "like a fraction: write 86 if 86% was meant [DJ506]"
    ]
    assert _findings_warnings(items) == (expected if warned else [])


def test_fractions_in_two_items_are_warned_in_the_file_s_order() -> None:
    share = (
        "      kind: count\n      deduct: 1\n",
        "      kind: count\n      deduct: 1\n    - id: share\n      text: 参与率低于80%扣1分\n"
        "      kind: threshold\n      below: 80\n      unit: '%'\n      deduct: 1\n",
    )
    items = "  study: {}\n  style: {findings: {rate: 0.86}}\n  life: {findings: {share: 0.5}}\n"
    assert _findings_warnings(items, share) == [
        "f.yaml:7:28: warning: rule 'rate' is in % with the limit 90, but the value 0.86 looks "
        "like a fraction: write 86 if 86% was meant [DJ506]",
        "f.yaml:8:28: warning: rule 'share' is in % with the limit 80, but the value 0.5 looks "
        "like a fraction: write 50 if 50% was meant [DJ506]",
    ]
