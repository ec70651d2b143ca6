"""The quick road builds a model only where pydantic builds the same one, value for value."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from djkh.files.loader import load_file
from djkh.model.base import FrozenModel
from djkh.model.building import Declined, build
from djkh.model.findings import Findings, ItemFindings
from djkh.model.rubric import Rubric, Rule
from djkh.model.twins import plain, twin

REPO = Path(__file__).resolve().parents[2]
FOLDERS = (REPO / "examples", REPO / "tests" / "cases", REPO / "rubric")
MODELS: dict[str, type[FrozenModel]] = {"rubric": Rubric, "findings": Findings}
# What a mutation puts in place of a value: each type a YAML file can give, and near misses.
VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    5,
    1900,
    Decimal("0.5"),
    Decimal("-2.5"),
    Decimal("1E+2"),
    "",
    " ",
    "x",
    "abc-1",
    "Abc",
    "flat",
    "2007",
    "2025-12-20",
    "2025-02-30",
    "a@b",
    "wenzhou-jiguan@2007",
    "好",
    "扣分：1",
    [],
    [1],
    ["x"],
    [{}],
    {},
    {"x": 1},
    {"value": True},
]


def _documents() -> list[tuple[Path, type[FrozenModel], Any]]:
    found = []
    for folder in FOLDERS:
        for path in sorted(folder.rglob("*.y*ml")):
            doc = load_file(str(path)).value
            if doc is not None and doc.data.get("kind") in MODELS:
                found.append((path, MODELS[doc.data["kind"]], doc.data))
    return found


def _shape(value: Any) -> Any:
    """`value` as comparable nested tuples that tell 1 from 1.0 and a list from a tuple."""
    if isinstance(value, FrozenModel):
        fields = ((name, _shape(getattr(value, name))) for name in value.model_fields)
        return (type(value).__name__, tuple(fields))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_shape(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple((key, _shape(item)) for key, item in value.items()))
    if isinstance(value, Enum):
        return (type(value).__name__, value.value)
    return (type(value).__name__, repr(value))


def _by_pydantic(model: type[FrozenModel], data: Any) -> Any:
    try:
        return plain(twin(model).model_validate(data))
    except ValidationError:
        return None


def _quickly(model: type[FrozenModel], data: Any) -> Any:
    try:
        return build(model, copy.deepcopy(data))
    except Declined:
        return None


def _paths(data: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*at, index))


def _mutated(data: Any, rng: random.Random) -> Any:
    """`data` with one value replaced, one key dropped, added or renamed, or a list emptied."""
    changed = copy.deepcopy(data)
    path = rng.choice(list(_paths(changed))[1:])
    parent = changed
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    action = rng.randrange(5)
    if action == 0 and isinstance(parent, dict):
        del parent[key]
    elif action == 1 and isinstance(parent, dict):
        parent[f"{key}x" if rng.random() < 0.5 else "unknown"] = parent.pop(key)
    elif action == 2 and isinstance(parent[key], dict):
        parent[key][rng.choice(["unknown", "value", "id", "title", "score"])] = rng.choice(VALUES)
    elif action == 3 and isinstance(parent[key], list):
        parent[key] = [] if rng.random() < 0.5 else parent[key] * 2
    else:
        parent[key] = copy.deepcopy(rng.choice(VALUES))
    return changed


def test_every_well_formed_file_is_built_quickly_as_pydantic_builds_it() -> None:
    built = 0
    for path, model, data in _documents():
        by_pydantic = _by_pydantic(model, data)
        if by_pydantic is None:
            assert _quickly(model, data) is None, path
            continue
        quick = _quickly(model, data)
        assert quick is not None, path  # the quick road takes every well-formed file
        assert _shape(quick) == _shape(by_pydantic), path
        built += 1
    assert built > 50


def test_a_mutated_file_is_built_quickly_only_as_pydantic_builds_it() -> None:
    rng = random.Random(2026)
    compared = quick_ones = refused = 0
    for path, model, data in _documents():
        for _ in range(40):
            changed = _mutated(data, rng)
            quick = _quickly(model, changed)
            by_pydantic = _by_pydantic(model, changed)
            refused += by_pydantic is None
            if quick is not None:
                assert by_pydantic is not None, (path, changed)
                assert _shape(quick) == _shape(by_pydantic), (path, changed)
                quick_ones += 1
            compared += 1
    assert compared > 2000 and quick_ones > 500 and refused > 1000


def test_models_made_in_code_are_checked_and_kept_as_pydantic_kept_them() -> None:
    rule = Rule(id="r", text="规则", deduct=1)  # type: ignore[arg-type]
    assert rule.deduct == Decimal(1) and type(rule.deduct) is Decimal
    assert ItemFindings(findings={"r": True}).findings["r"].value is True  # type: ignore[dict-item]
    kept = ItemFindings.model_validate({"findings": {}})
    data = {"kind": "findings", "rubric": "a@1", "unit": "u", "year": 2007, "items": {"i": kept}}
    assert Findings.model_validate(data).items["i"] is kept
    try:
        Rule(id="R", text="规则")
    except ValidationError as error:
        assert error.errors()[0]["type"] == "slug"
    else:
        raise AssertionError("an id in capitals was taken")
