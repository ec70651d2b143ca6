"""Outcome, the one result type for a value or its problems, and each code's severity."""

from __future__ import annotations

import pytest

from djkh.problems.codes import Code, Severity
from djkh.problems.outcome import Outcome, failed, ok, unless_errors
from djkh.problems.problem import Problem

WARNED = Problem("a.yaml", 1, 1, Code.ITEM_NOT_RECORDED, "no entry for 1 item")
WRONG = Problem("a.yaml", 2, 3, Code.SYNTAX, "bad")


def test_ok_keeps_the_value_and_its_warnings() -> None:
    assert ok(5) == Outcome(5, ())
    assert ok("x", [WARNED]) == Outcome("x", (WARNED,))


def test_failed_has_no_value() -> None:
    assert failed([WRONG, WARNED]) == Outcome(None, (WRONG, WARNED))


def test_unless_errors_drops_the_value_only_for_an_error() -> None:
    assert unless_errors(5, [WARNED]) == Outcome(5, (WARNED,))
    assert unless_errors(5, [WARNED, WRONG]) == Outcome(None, (WARNED, WRONG))


def test_then_chains_values_and_gathers_problems() -> None:
    first: Outcome[int] = ok(2, [WARNED])
    assert first.then(lambda n: ok(n * 3, [WRONG])) == Outcome(6, (WARNED, WRONG))
    assert first.then(lambda n: failed([WRONG])) == Outcome(None, (WARNED, WRONG))
    stopped: Outcome[int] = failed([WRONG])
    assert stopped.then(lambda n: ok(n * 3)) == Outcome(None, (WRONG,))


def test_outcome_is_frozen() -> None:
    with pytest.raises(AttributeError):
        ok(1).value = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del ok(1).problems  # type: ignore[misc]


def test_outcomes_of_the_same_value_are_equal_even_where_it_is_not_equal_to_itself() -> None:
    nan = float("nan")
    assert ok(nan) == ok(nan)  # as a tuple of them compares: the same object first
    assert ok(nan) != ok(float("nan"))


def test_every_code_states_its_severity() -> None:
    warnings = [code.value for code in Code if code.level is Severity.WARNING]
    assert warnings == [f"DJ50{n}" for n in range(1, 10)]
    assert all(isinstance(code.level, Severity) for code in Code)
    assert Code.RULE_EXCEEDS_ITEM.level is Severity.WARNING
    assert Code.DUPLICATE_UNIT.level is Severity.ERROR


def test_a_severity_reads_as_its_word() -> None:
    assert (str(Severity.ERROR), f"{Severity.WARNING}") == ("error", "warning")
    assert WARNED.level is Severity.WARNING
    assert str(WARNED) == "a.yaml:1:1: warning: no entry for 1 item [DJ503]"
