"""The scoring semantics, rule kind by rule kind, and the example units' exact totals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from djkh.checks.workspace import Workspace
from djkh.files.catalogue import RubricCatalogue
from djkh.model.findings import Finding, Findings, ItemFindings
from djkh.model.rubric import Item, Rubric, Rule, RuleKind
from djkh.scoring import engine
from djkh.scoring.engine import rule_deduction, score_findings
from tests.conftest import EXAMPLES, REPO

D = Decimal


def _rule(**fields: object) -> Rule:
    return Rule.model_validate({"id": "r", "text": "规则", **fields})


@pytest.mark.parametrize(
    ("fields", "value", "expected"),
    [
        ({"deduct": 2}, True, D(2)),
        ({"deduct": 2}, False, D(0)),
        ({"kind": "count", "deduct": 2}, 0, D(0)),
        ({"kind": "count", "deduct": D("1.5")}, 3, D("4.5")),
        ({"kind": "shortfall", "required": 6, "deduct": 2}, 5, D(2)),
        ({"kind": "shortfall", "required": 6, "deduct": 2}, 6, D(0)),
        ({"kind": "shortfall", "required": 6, "deduct": 2}, 9, D(0)),
        ({"kind": "shortfall", "required": 12, "deduct": 5}, D("10.5"), D("7.5")),
        ({"kind": "threshold", "below": 90, "deduct": 3}, D("89.9"), D(3)),
        ({"kind": "threshold", "below": 90, "deduct": 3}, 90, D(0)),
        ({"kind": "threshold", "above": 10, "deduct": 1}, D("10.01"), D(1)),
        ({"kind": "threshold", "above": 10, "deduct": 1}, 10, D(0)),
    ],
)
def test_rule_deduction(
    fields: dict[str, object], value: bool | int | Decimal, expected: Decimal
) -> None:
    assert rule_deduction(_rule(**fields), value) == expected


def test_every_rule_kind_has_its_arithmetic() -> None:
    assert set(engine._AMOUNTS) == set(RuleKind)


def _tiny_rubric(rules: list[dict[str, object]], item_score: int = 5) -> Rubric:
    return Rubric.model_validate(
        {
            "kind": "rubric",
            "id": "tiny",
            "version": "1",
            "title": "小",
            "total": item_score,
            "sections": [
                {
                    "id": "s",
                    "title": "节",
                    "score": item_score,
                    "items": [{"id": "i", "title": "项", "score": item_score, "rules": rules}],
                }
            ],
        }
    )


def _findings(values: dict[str, object], self_score: object = None) -> Findings:
    return Findings.model_validate(
        {
            "kind": "findings",
            "rubric": "tiny@1",
            "unit": "单位",
            "year": 2007,
            "items": {"i": {"self_score": self_score, "findings": values}},
        }
    )


@pytest.mark.parametrize(
    ("rules", "values", "score", "deduction", "amounts"),
    [
        # a cap limits one rule
        ([{"id": "a", "text": "t", "kind": "count", "deduct": 2, "cap": 3}], {"a": 4}, 2, 3, [3]),
        # the item never goes below zero (扣完为止), yet every rule's own amount is kept
        (
            [{"id": "a", "text": "t", "deduct": 4}, {"id": "b", "text": "t", "deduct": 3}],
            {"a": True, "b": True},
            0,
            5,
            [4, 3],
        ),
        # a finding that costs nothing is not listed as a deduction
        (
            [{"id": "a", "text": "t", "kind": "shortfall", "required": 2, "deduct": 1}],
            {"a": 2},
            5,
            0,
            [],
        ),
        # decimal amounts stay exact: 0.1 three times is 0.3, not 0.30000000000000004
        (
            [{"id": "a", "text": "t", "kind": "count", "deduct": D("0.1")}],
            {"a": 3},
            D("4.7"),
            D("0.3"),
            [D("0.3")],
        ),
    ],
)
def test_item_scores(
    rules: list[dict[str, object]],
    values: dict[str, object],
    score: object,
    deduction: object,
    amounts: list[object],
) -> None:
    card = score_findings(_findings(values), _tiny_rubric(rules))
    item = card.sections[0].items[0]
    assert (item.score, item.deduction) == (D(str(score)), D(str(deduction)))
    assert [d.amount for d in item.deductions] == [D(str(a)) for a in amounts]
    assert card.score == item.score and card.deduction == item.deduction


def test_capped_deduction_is_marked() -> None:
    rubric = _tiny_rubric([{"id": "a", "text": "t", "kind": "count", "deduct": 2, "cap": 3}])
    deduction = score_findings(_findings({"a": 4}), rubric).sections[0].items[0].deductions[0]
    assert deduction.capped and deduction.value == 4 and deduction.amount == 3


def test_self_score_total_needs_every_item() -> None:
    rubric = _tiny_rubric([])
    assert score_findings(_findings({}, self_score=D("4.5")), rubric).self_score == D("4.5")
    assert score_findings(_findings({}), rubric).self_score is None


@pytest.mark.parametrize(
    ("item", "rounding", "score", "deduction"),
    [
        ({"score": D("2.5")}, None, "2.5", "0.0"),  # the places of the item's score kept
        ({"score": D("2.5")}, {"places": 0, "at": "item"}, "2.5", "0.0"),  # not rounded past it
        ({"score": 5}, {"places": 2, "at": "item"}, "5.00", "0.00"),  # rounded at the item
        ({"score": 5, "start": 2}, None, "2", "3"),  # 得分制: from its start
    ],
)
def test_an_item_with_nothing_found(
    item: dict[str, object], rounding: dict[str, object] | None, score: str, deduction: str
) -> None:
    """An item with no findings is scored as the rules would score it: every field alike."""
    rubric = Rubric.model_validate(
        {
            "kind": "rubric",
            "id": "tiny",
            "version": "1",
            "title": "小",
            "total": item["score"],
            **({"rounding": rounding} if rounding else {}),
            "sections": [
                {
                    "id": "s",
                    "title": "节",
                    "score": item["score"],
                    "items": [{"id": "i", "title": "项", "rules": [], **item}],
                }
            ],
        }
    )
    scored = score_findings(_findings({}, self_score=D(1)), rubric).sections[0].items[0]
    assert (str(scored.score), str(scored.deduction), str(scored.computed)) == (
        score,
        deduction,
        str(D(score) if "start" in item else item["score"]),
    )
    assert scored[3:] == (D(1), (), None, scored.computed, None, None, None, None, None, ())
    assert len(scored) == len(engine.ItemScore._fields)


def test_finding_accepts_bare_value_or_value_with_evidence() -> None:
    assert Finding.model_validate(True) == Finding(value=True)
    assert Finding.model_validate({"value": 5, "evidence": "记录本"}).evidence == "记录本"


@pytest.mark.parametrize(
    ("unit", "score", "deduction", "self_score"),
    [("示例局甲", 83, 17, D("96.5")), ("示例委乙", 96, 4, 96), ("示例中心丙", 56, 44, None)],
)
def test_example_units(unit: str, score: int, deduction: int, self_score: object) -> None:
    workspace = Workspace(RubricCatalogue.default((REPO / "rubric",)))
    assessment = workspace.assessment(str(EXAMPLES / f"{unit}.yaml")).value
    assert assessment is not None
    card = score_findings(assessment.findings, assessment.rubric)
    assert (card.score, card.deduction, card.self_score) == (score, deduction, self_score)
    assert card.score + card.deduction == card.rubric.total == 100
    assert sum(s.score for s in card.sections) == card.score


def test_example_loses_more_than_an_item_is_worth() -> None:
    workspace = Workspace(RubricCatalogue.default((REPO / "rubric",)))
    assessment = workspace.assessment(str(EXAMPLES / "示例中心丙.yaml")).value
    assert assessment is not None
    card = score_findings(assessment.findings, assessment.rubric)
    item = next(i for s in card.sections for i in s.items if i.item.id == "ideological-work")
    assert (item.uncapped_deduction, item.deduction, item.score) == (30, 15, 0)


def test_examples_cover_every_rule_kind_evidence_and_disagreeing_self_scores() -> None:
    workspace = Workspace(RubricCatalogue.default((REPO / "rubric",)))
    kinds, evidence, disagreeing = set(), 0, 0
    for path in sorted(Path(EXAMPLES).glob("*.yaml")):
        assessment = workspace.assessment(str(path)).value
        assert assessment is not None, path
        card = score_findings(assessment.findings, assessment.rubric)
        for item in (i for s in card.sections for i in s.items):
            kinds.update(d.rule.kind.value for d in item.deductions)
            evidence += sum(1 for d in item.deductions if d.evidence)
            disagreeing += item.self_score is not None and item.self_score != item.score
    assert kinds == {"flat", "count", "shortfall", "threshold"}
    assert evidence >= 3 and disagreeing >= 2


def test_an_untouched_item_kept_scores_as_one_worked_out_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every example card alike, its numbers' places included, whether an untouched item's
    numbers were kept from an earlier card of its rubric, worked out afresh for each, or worked
    out by the rules as any other item's."""
    from tests.render.example_cards import example_cards

    engine._UNTOUCHED.clear()
    first = [repr(card.sections) for card in example_cards()]
    kept = len(engine._UNTOUCHED)
    engine._UNTOUCHED.clear()
    monkeypatch.setattr(engine, "_UNTOUCHED_KEPT", 1)  # cleared before each is kept
    afresh = [repr(card.sections) for card in example_cards()]
    assert len(engine._UNTOUCHED) == 1
    monkeypatch.setattr(engine, "_untouched", _untouched_by_the_rules)
    by_the_rules = [repr(card.sections) for card in example_cards()]
    assert first == afresh == by_the_rules
    assert kept > 20


def test_cards_share_equal_numbers_and_items_scored_alike() -> None:
    """A batch holds thousands of cards: two units that lost the same on an item hold one
    object for each number, and an item neither touched holds one ItemScore."""
    rubric = _two_item_rubric()
    first, second = (score_findings(_two_item_findings({"half": 2}), rubric) for _ in range(2))
    touched = [card.sections[0].items[0] for card in (first, second)]
    untouched = [card.sections[0].items[1] for card in (first, second)]
    assert touched[0] is not touched[1]  # its deductions hold the unit's own evidence
    assert (touched[0].score, touched[0].deduction) == (D(4), D(1))
    assert touched[0].score is touched[1].score
    assert touched[0].deduction is touched[1].deduction
    assert touched[0].deductions[0].amount is touched[1].deductions[0].amount
    assert untouched[0] is untouched[1]
    assert first.score is second.score and first.sections[0].score is second.sections[0].score


def test_findings_that_cost_nothing_score_as_an_untouched_item() -> None:
    """Findings that cost nothing (none of a counted lapse, a rule not hit) leave the item as
    if nothing were found: it holds the one ItemScore of an untouched item, every field alike."""
    rubric = _two_item_rubric()
    nothing, costless = (
        score_findings(_two_item_findings(values), rubric)
        for values in ({}, {"half": 0, "one": False})
    )
    item = costless.sections[0].items[0]
    assert item is nothing.sections[0].items[0]
    assert item == (rubric.sections[0].items[0], D(5), D(0), None, (), None, D(5), *[None] * 5, ())
    assert str(item.score) == "5" and costless.score is nothing.score


def test_numbers_shared_keep_their_places() -> None:
    """4.0 and 4 are equal but kept apart, as are self scores of 5 and 5.0: every card holds
    the very numbers it would hold on its own."""
    rubric = _two_item_rubric()
    halves = score_findings(_two_item_findings({"half": 2}), rubric)
    whole = score_findings(_two_item_findings({"one": True}, "5.0"), rubric)
    assert str(halves.sections[0].items[0].score) == "4.0"
    assert str(whole.sections[0].items[0].score) == "4"
    assert str(halves.sections[0].items[1].self_score) == "5"
    assert str(whole.sections[0].items[1].self_score) == "5.0"
    assert str(engine._shared(D("-0"))) == "-0" and str(engine._shared(D(0))) == "0"


def test_untouched_items_share_only_what_they_hold_alike() -> None:
    """An untouched item's note, and whether it has a self score, are its unit's own: units
    that differ in them hold ItemScores of their own."""
    rubric = _two_item_rubric()
    cards = [
        score_findings(_two_item_findings({}, note=note, self_score=own), rubric)
        for note, own in (("甲", "5"), ("乙", "5"), (None, "5"), (None, None))
    ]
    untouched = [card.sections[0].items[1] for card in cards]
    assert [(item.note, item.self_score) for item in untouched] == [
        ("甲", D(5)),
        ("乙", D(5)),
        (None, D(5)),
        (None, None),
    ]
    assert len({id(item) for item in untouched}) == 4


def test_numbers_shared_within_a_bound_read_as_numbers_kept_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every example card alike, places included, whether the numbers it holds were kept from
    earlier cards or, the bound reached before each, made afresh."""
    from tests.render.example_cards import example_cards

    engine._NUMBERS.clear()
    kept = [repr(card) for card in example_cards()]
    assert len(engine._NUMBERS) > 20
    engine._NUMBERS.clear()
    engine._UNTOUCHED.clear()
    monkeypatch.setattr(engine, "_NUMBERS_KEPT", 1)  # cleared before each is kept
    afresh = [repr(card) for card in example_cards()]
    assert len(engine._NUMBERS) == 1
    assert kept == afresh


def _two_item_rubric() -> Rubric:
    rules = [
        {"id": "half", "text": "每次扣0.5分", "kind": "count", "deduct": D("0.5")},
        {"id": "one", "text": "扣1分", "deduct": 1},
    ]
    items = [
        {"id": "i", "title": "项", "score": 5, "rules": rules},
        {"id": "j", "title": "项二", "score": 5, "rules": []},
    ]
    return Rubric.model_validate(
        {
            "kind": "rubric",
            "id": "tiny",
            "version": "1",
            "title": "小",
            "total": 10,
            "sections": [{"id": "s", "title": "节", "score": 10, "items": items}],
        }
    )


def _two_item_findings(
    values: dict[str, object], self_score: str | None = "5", note: str | None = None
) -> Findings:
    return Findings.model_validate(
        {
            "kind": "findings",
            "rubric": "tiny@1",
            "unit": "单位",
            "year": 2007,
            "items": {
                "i": {"findings": values},
                "j": {
                    "self_score": None if self_score is None else D(self_score),
                    "note": note,
                    "findings": {},
                },
            },
        }
    )


def _untouched_by_the_rules(
    item: Item, recorded: ItemFindings, places: int | None
) -> engine.ItemScore:
    """An item with nothing found, scored as every other item is."""
    computed = engine._item_points(item, engine._deductions(item.scored_rules, {}))
    score = computed if places is None else engine._round_within(computed, places, item.score)
    return engine.ItemScore(
        item, score, item.score - score, recorded.self_score, (), recorded.note, computed
    )
