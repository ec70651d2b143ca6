"""The models' list and dict defaults: a new one for every instance, never one shared."""

from __future__ import annotations

import importlib
import inspect

from djkh.model.base import FrozenModel
from djkh.model.findings import Findings, ItemFindings

MODULES = ("djkh.model.rubric", "djkh.model.findings", "djkh.model.fields", "djkh.model.written")


def _models() -> list[type[FrozenModel]]:
    found: dict[str, type[FrozenModel]] = {}
    for name in MODULES:
        for _name, value in inspect.getmembers(importlib.import_module(name), inspect.isclass):
            if issubclass(value, FrozenModel) and value.__module__.startswith("djkh."):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return list(found.values())


def test_every_factory_default_is_a_new_empty_list_or_dict() -> None:
    factories = 0
    for model in _models():
        for name, field in model.model_fields.items():
            assert not isinstance(field.default, list | dict | set), (model, name)
            if field.default_factory is None:
                continue
            first, second = field.value(), field.value()
            assert first in ([], {}) and first == second and first is not second, (model, name)
            factories += 1
    assert factories >= 15  # the rubric's and the findings' lists and mappings


def test_two_instances_share_no_default() -> None:
    first, second = ItemFindings(), ItemFindings()
    assert (first.findings, first.votes) == ({}, {})
    assert first.findings is not second.findings and first.votes is not second.votes
    assert Findings.model_fields["items"].value() == {}
