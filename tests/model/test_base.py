"""Frozen models without pydantic: fields from annotations, class variables left alone, frozen,
compared and pickled by their fields."""

from __future__ import annotations

import pickle
import typing
from collections import OrderedDict
from decimal import Decimal
from typing import ClassVar

import pytest

from djkh.model.base import Field, FrozenModel
from djkh.model.findings import Findings, ItemFindings
from djkh.model.rubric import Level, Rule


class _Sample(FrozenModel):
    name: str
    size: int = Field(1, description="How big.")
    kind: ClassVar[str] = "sample"
    spelled: typing.ClassVar[str] = "also a class variable"


def test_fields_come_from_annotations_and_class_variables_stay_on_the_class() -> None:
    assert list(_Sample.model_fields) == ["name", "size"]
    assert (_Sample.kind, _Sample.spelled) == ("sample", "also a class variable")
    sample = _Sample.model_construct(name="a")
    assert (sample.name, sample.size, sample.kind) == ("a", 1, "sample")


def test_a_model_is_frozen_and_compared_by_its_fields() -> None:
    rule = Rule.model_validate({"id": "r", "text": "规则", "deduct": 1})
    with pytest.raises(TypeError, match="frozen"):
        rule.id = "s"  # type: ignore[misc]
    same = Rule.model_validate({"id": "r", "text": "规则", "deduct": Decimal(1)})
    assert rule == same and rule != rule.model_copy(update={"id": "s"})
    level, again = (Level.model_validate({"name": "好", "deduct": 1}) for _ in range(2))
    assert level == again and hash(level) == hash(again)
    with pytest.raises(TypeError, match="unhashable"):  # its lists, as pydantic's models were
        hash(rule)


def test_a_pickled_model_carries_its_fields_not_what_was_worked_out_from_them() -> None:
    rule = Rule.model_validate({"id": "r", "text": "规则", "deduct": 2})
    assert rule.per_hit == Decimal(2)  # a cached property, now in the instance's __dict__
    copy = pickle.loads(pickle.dumps(rule))
    assert copy == rule and "per_hit" not in copy.__dict__ and copy.per_hit == Decimal(2)


def test_a_model_already_built_is_kept_unchecked_on_both_roads() -> None:
    """As pydantic kept an instance of the model given where one is expected."""
    unchecked = ItemFindings.model_construct(votes={"a": -1})
    for items in ({"i": unchecked}, OrderedDict(i=unchecked)):  # quick road, then pydantic's
        data = {"kind": "findings", "rubric": "a@1", "unit": "u", "year": 2007, "items": items}
        assert Findings.model_validate(data).items["i"] == unchecked
