"""The content checks: a rubric's ids, sums, rule effects, grades and rule fields; findings
measured against their rubric."""

from __future__ import annotations

from decimal import Decimal

import pytest

from djkh.checks.findings import check_findings, value_problem, what_to_write
from djkh.checks.rubric import check_rubric
from djkh.model.rubric import Rule
from tests.checks.documents import edited, findings_document, rubric_document

BONUS = """\
bonus:
  cap: 2
  items:
  - id: award
    title: 表彰
    rules:
    - id: honour
      text: 获表彰加1分
      add: 1
"""
GRADES = "grades:\n- name: 合格\n  min: 6\n- name: 不合格\n  min: 0\n"


def _rubric_problems(*replacements: tuple[str, str]) -> list[str]:
    doc, rubric = rubric_document(edited(*replacements))
    return [str(problem) for problem in check_rubric(doc, rubric)]


def _findings_problems(items: str, *replacements: tuple[str, str]) -> list[str]:
    _doc, rubric = rubric_document(edited(*replacements))
    doc, _findings = findings_document(items)
    return [str(problem) for problem in check_findings(doc, rubric)]


# --- rubrics ------------------------------------------------------------------------------


def test_a_sound_rubric_has_no_problems() -> None:
    assert _rubric_problems() == []
    assert _rubric_problems(("sections:\n", BONUS + GRADES + "sections:\n")) == []


def test_a_section_id_used_twice_is_reported_where_it_is_repeated() -> None:
    assert _rubric_problems(("- id: s2", "- id: s1")) == [
        "r.yaml:32:7: error: section id 's1' is already used at line 7: ids must be unique [DJ301]"
    ]


def test_an_item_id_is_unique_across_sections_and_the_bonus() -> None:
    bonus = BONUS.replace("- id: award", "- id: study")
    problems = _rubric_problems(
        ("- id: style", "- id: life"), ("sections:\n", bonus + "sections:\n")
    )
    assert problems == [
        "r.yaml:45:9: error: item id 'life' is already used at line 33: ids must be unique "
        "across the rubric (findings name items by id) [DJ301]",
        "r.yaml:9:9: error: item id 'study' is already used at line 20: ids must be unique "
        "across the rubric (findings name items by id) [DJ301]",
    ]


def test_a_rule_id_is_unique_within_its_item_only() -> None:
    assert _rubric_problems(("- id: sessions", "- id: plan")) == [
        "r.yaml:18:11: error: rule id 'plan' is already used at line 15: ids must be unique [DJ301]"
    ]
    assert _rubric_problems(("- id: missed", "- id: plan")) == []  # another item's rule


def test_sums_that_do_not_add_up_name_both_numbers() -> None:
    assert _rubric_problems(("    score: 2\n", "    score: 1.5\n")) == [
        "r.yaml:9:10: error: the items of section 's1' add up to 5.5, not its score 6: correct "
        "an item's score or the section's score [DJ302]"
    ]
    assert _rubric_problems(("total: 10", "total: 12")) == [
        "r.yaml:5:8: error: the sections add up to 10, not the total 12: correct a section's "
        "score or the total [DJ303]"
    ]


@pytest.mark.parametrize(
    ("replacement", "expected"),
    [
        (
            (
                "      deduct: 2\n    - id: sessions",
                "      deduct: 2\n      veto: 不合格\n    - id: sessions",
            ),
            "r.yaml:23:7: error: rule 'plan' has 'deduct' and 'veto': give 'deduct: N' (points "
            "per hit), 'add: N' (points earned per hit) or 'veto: GRADE' (一票否决) [DJ306]",
        ),
        (
            ("      deduct: 2\n    - id: sessions", "    - id: sessions"),
            "r.yaml:20:7: error: rule 'plan' has none of them: give 'deduct: N' (points per hit), "
            "'add: N' (points earned per hit) or 'veto: GRADE' (一票否决) [DJ306]",
        ),
    ],
    ids=["deduct and veto", "neither"],
)
def test_a_rule_deducts_or_vetoes_exactly_once(replacement: tuple[str, str], expected: str) -> None:
    grades = ("sections:\n", GRADES + "sections:\n")  # so that a veto names a known grade
    assert _rubric_problems(replacement, grades) == [expected]


def test_a_rule_of_an_ordinary_item_may_earn_points() -> None:
    """得分制: 'add' on an ordinary item's rule is no longer a mistake."""
    assert (
        _rubric_problems(
            ("      deduct: 2\n    - id: sessions", "      add: 2\n    - id: sessions")
        )
        == []
    )


def test_a_bonus_rule_adds() -> None:
    bonus = BONUS.replace("add: 1", "deduct: 1")
    assert _rubric_problems(("sections:\n", bonus + "sections:\n")) == [
        "r.yaml:14:7: error: rule 'honour' has 'deduct': a rule of a bonus item adds points: "
        "give 'add: N' (and no 'deduct' or 'veto') [DJ306]"
    ]


def test_grades_need_their_own_names_and_minimums() -> None:
    grades = "grades:\n- name: 合格\n  min: 6\n- name: 合格\n  min: 6\n"
    assert _rubric_problems(("sections:\n", grades + "sections:\n")) == [
        "r.yaml:9:9: error: grade name 合格 is already used at line 7: each band needs its own "
        "name and minimum [DJ308]",
        "r.yaml:10:8: error: grade min 6 is already used at line 7: each band needs its own "
        "name and minimum [DJ308]",
    ]


def test_a_veto_names_a_grade_the_rubric_defines() -> None:
    veto = ("      deduct: 2\n    - id: sessions", "      veto: 不和格\n    - id: sessions")
    assert _rubric_problems(veto) == [
        "r.yaml:17:13: error: rule 'plan' vetoes to grade '不和格', which 'grades' does not "
        "define: add 'grades' to the rubric, with a band of this name [DJ307]"
    ]
    assert _rubric_problems(veto, ("sections:\n", GRADES + "sections:\n")) == [
        "r.yaml:22:13: error: rule 'plan' vetoes to grade '不和格', which 'grades' does not "
        "define; did you mean '不合格'? [DJ307]"
    ]


def test_fields_belong_to_their_rule_kind() -> None:
    assert _rubric_problems(("      deduct: 2\n", "      required: 3\n      deduct: 2\n")) == [
        "r.yaml:17:7: error: 'required' is for shortfall rules, but rule 'plan' is flat: remove "
        "'required' or change 'kind' [DJ304]"
    ]
    assert _rubric_problems(("      unit: '%'\n", "      unit: '%'\n      above: 5\n")) == [
        "r.yaml:40:7: error: threshold rule 'rate' has both 'below' and 'above': give exactly "
        "one, 'below: N' (deduct when the value is under N) or 'above: N' (deduct when it is "
        "over N) [DJ305]"
    ]
    assert _rubric_problems(("      below: 90\n", "")) == [
        "r.yaml:40:7: error: threshold rule 'rate' has neither 'below' nor 'above': give "
        "exactly one, 'below: N' (deduct when the value is under N) or 'above: N' (deduct when "
        "it is over N) [DJ305]"
    ]
    assert _rubric_problems(("      required: 6\n", "")) == [
        "r.yaml:18:7: error: shortfall rule 'sessions' needs 'required: N', the number a unit "
        "must reach [DJ305]"
    ]


# --- findings -------------------------------------------------------------------------------


def test_sound_findings_have_no_problems() -> None:
    items = "  study: {findings: {plan: true, sessions: 5}}\n  life: {findings: {missed: 0}}\n"
    assert _findings_problems(items + "  style: {findings: {rate: 85.5}}\n") == []


def test_an_unknown_item_is_named_with_what_was_meant() -> None:
    assert _findings_problems("  stduy: {}\n") == [
        "f.yaml:6:3: error: rubric t@1 has no item 'stduy'; did you mean 'study'? [DJ404]"
    ]
    assert _findings_problems("  plan: {}\n") == [
        "f.yaml:6:3: error: rubric t@1 has no item 'plan'; it is a rule of item 'study': write "
        "it under study: findings: [DJ404]"
    ]


def test_a_rule_under_the_wrong_item_or_an_item_key_under_findings() -> None:
    assert _findings_problems("  life:\n    findings:\n      plan: true\n") == [
        "f.yaml:8:7: error: item 'life' has no rule 'plan'; it is a rule of item 'study': write "
        "it under study: findings: [DJ405]"
    ]
    assert _findings_problems("  life:\n    findings:\n      note: 已整改\n") == [
        "f.yaml:8:7: error: 'note' belongs to the item, not under 'findings:': move it up a "
        "level, indented like 'findings:' [DJ405]"
    ]


def test_a_self_score_stays_within_the_item() -> None:
    assert _findings_problems("  study: {self_score: 4.5}\n") == [
        "f.yaml:6:23: error: self score 4.5 is outside 0 to 4, the standard score of item "
        "'study' [DJ406]"
    ]


def test_a_value_of_the_wrong_kind_is_reported_at_the_value() -> None:
    assert _findings_problems("  life:\n    findings:\n      missed: -1\n") == [
        "f.yaml:8:15: error: rule 'missed' counts occurrences: give a whole number, 0 or more, "
        "got the number -1 [DJ407]"
    ]


def test_one_empty_finding_says_what_to_write_all_empty_say_it_once() -> None:
    one = "  study:\n    findings:\n      plan: true\n      sessions:\n"
    assert _findings_problems(one) == [
        "f.yaml:9:7: error: rule 'sessions' is not filled in: write the number achieved, 6 "
        "required [DJ410]"
    ]
    every = "  study:\n    findings:\n      plan:\n      sessions:\n"
    assert _findings_problems(every) == [
        "f.yaml:5:1: error: this file is not filled in: all 2 findings are empty, as djkh init "
        "wrote them; write what was found for each rule, or where nothing was, the value that "
        "costs nothing, which its comment names (false, 0, the required number or the limit) "
        "[DJ410]"
    ]


def test_not_applicable_needs_the_rubric_to_say_how_it_counts() -> None:
    assert _findings_problems("  study: {not_applicable: 未设中心组}\n") == [
        "f.yaml:6:11: error: rubric t@1 does not say how a not-applicable item counts: remove "
        "'not_applicable', or add 'not_applicable: rescale' (or full) to the rubric [DJ408]"
    ]
    rescale = ("sections:\n", "not_applicable: rescale\nsections:\n")
    every = "".join(f"  {i}: {{not_applicable: 无}}\n" for i in ("study", "life", "style"))
    assert _findings_problems(every, rescale) == [
        "f.yaml:5:1: error: every item is marked not applicable, so there is nothing to score: "
        "an item that applies must be assessed [DJ408]"
    ]


def test_an_override_stays_within_the_item() -> None:
    override = "  life:\n    override: {score: 3, reason: 复核, approved_by: 考核组}\n"
    assert _findings_problems(override) == [
        "f.yaml:7:23: error: override score 3 is outside 0 to 2, the standard score of item "
        "'life' [DJ409]"
    ]


# --- values, in words ----------------------------------------------------------------------


def _rule(**fields: object) -> Rule:
    return Rule.model_validate({"id": "r", "text": "规则", "deduct": 1, **fields})


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({}, "true if it happened, false if not"),
        ({"kind": "count"}, "how many times, 0 if never"),
        ({"kind": "shortfall", "required": 6}, "the number achieved, 6 required"),
        ({"kind": "threshold", "below": Decimal("92.5")}, "the measured value, under 92.5 deducts"),
        ({"kind": "threshold", "above": 3}, "the measured value, over 3 deducts"),
    ],
)
def test_what_to_write_for_each_rule_kind(fields: dict[str, object], words: str) -> None:
    assert what_to_write(_rule(**fields)) == words


@pytest.mark.parametrize(
    ("fields", "value", "problem"),
    [
        ({}, True, None),
        (
            {},
            "yes",
            "rule 'r' takes true or false, got text \"yes\": write true or false (djkh reads "
            "yes/no/on/off as text)",
        ),
        ({"kind": "count"}, 0, None),
        (
            {"kind": "count"},
            True,
            "rule 'r' counts occurrences: give a whole number, 0 or more, got true",
        ),
        ({"kind": "shortfall", "required": 6}, Decimal("5.5"), None),
        (
            {"kind": "shortfall", "required": 6},
            -1,
            "rule 'r' takes the number achieved (required: 6), 0 or more, got the number -1",
        ),
        ({"kind": "threshold", "below": 90}, -3, None),
        (
            {"kind": "threshold", "below": 90},
            "八十",
            "rule 'r' takes the measured value, a number, got text \"八十\"",
        ),
    ],
)
def test_value_problem(fields: dict[str, object], value: object, problem: str | None) -> None:
    assert value_problem(_rule(**fields), value) == problem


def test_a_grade_quota_is_a_share_or_a_number_and_not_on_the_lowest_grade() -> None:
    grades = (
        "grades:\n- name: 合格\n  min: 6\n  max_share: 120\n"
        "- name: 基本合格\n  min: 3\n  max_count: 0\n- name: 不合格\n  min: 0\n  max_count: 1\n"
    )
    assert _rubric_problems(("sections:\n", grades + "sections:\n")) == [
        "r.yaml:9:14: error: grade '合格' has max_share 120: a share is a percentage, more "
        "than 0 and at most 100 [DJ320]",
        "r.yaml:12:14: error: grade '基本合格' has max_count 0: give at least 1, or remove the "
        "grade [DJ320]",
        "r.yaml:15:14: error: the lowest grade '不合格' has a quota, but the units it leaves out "
        "have no lower grade to go to: remove 'max_count' [DJ320]",
    ]


def test_a_score_taken_from_elsewhere_is_within_its_full_score() -> None:
    rule = _rule(kind="proportion", of=50, deduct=20)
    assert what_to_write(rule) == "the score taken from elsewhere, 0 to 50"
    assert value_problem(rule, 50) is None
    assert value_problem(rule, Decimal(51)) == (
        "rule 'r' takes the score taken from elsewhere, 0 to 50, got the number 51"
    )
    misplaced = (
        "      deduct: 2\n    - id: sessions",
        "      deduct: 2\n      of: 50\n    - id: sessions",
    )
    assert _rubric_problems(misplaced) == [
        "r.yaml:18:7: error: 'of' is for proportion rules, but rule 'plan' is flat: remove 'of' "
        "or change 'kind' [DJ304]"
    ]


def test_a_rule_id_two_items_share_is_named_with_its_item() -> None:
    shared = ("    - id: missed\n", "    - id: plan\n")
    items = "  study:\n    findings:\n      plan:\n  life:\n    findings:\n      plan: 1.5\n"
    assert _findings_problems(items, shared) == [
        "f.yaml:8:7: error: rule 'study/plan' is not filled in: write true if it happened, false "
        "if not [DJ410]",
        "f.yaml:11:13: error: rule 'life/plan' counts occurrences: give a whole number, 0 or more, "
        "got the number 1.5 [DJ407]",
    ]
