"""JSON Schemas for editors: committed copies match the models; shipped files pass them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from djkh.files.loader import load_file
from djkh.model.schema import SCHEMA_KINDS, json_schema
from tests.conftest import REPO

SHIPPED = {
    "rubric": sorted(
        [*(REPO / "rubric").rglob("*.yaml"), *(REPO / "examples" / "rubric").rglob("*.yaml")]
    ),
    "findings": sorted((REPO / "examples" / "findings").rglob("*.yaml")),
}


def _validator(kind: str) -> Draft7Validator:
    schema = json_schema(kind)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def _data(path: Path) -> dict[str, Any]:
    loaded = load_file(str(path))
    assert loaded.value is not None, loaded.problems
    return loaded.value.data


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_committed_schema_matches_the_models(djkh, kind: str) -> None:
    committed = REPO / "schema" / f"{kind}.schema.json"
    run = djkh("schema", kind)
    assert run.code == 0
    assert run.stdout == committed.read_text(encoding="utf-8"), (
        f"schema/{kind}.schema.json is out of date: run djkh schema {kind} > {committed.name}"
    )
    assert json.loads(run.stdout)["$schema"] == "http://json-schema.org/draft-07/schema#"


@pytest.mark.parametrize(
    ("kind", "path"),
    [(kind, path) for kind, paths in SHIPPED.items() for path in paths],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_shipped_files_pass_their_schema(kind: str, path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first_line.startswith(prefix)
    assert (path.parent / first_line[len(prefix) :]).resolve() == (
        REPO / "schema" / f"{kind}.schema.json"
    )
    errors = [error.message for error in _validator(kind).iter_errors(_data(path))]
    assert errors == []


FINDINGS = {"kind": "findings", "rubric": "wenzhou-jiguan@2007", "unit": "甲", "year": 2007}


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        ({}, True),
        ({"items": {"political-study": {"findings": {"no-annual-plan": True}}}}, True),
        ({"items": {"political-study": {"findings": {"study-days": {"value": 10}}}}}, True),
        ({"items": {"political-study": {}}}, True),
        ({"items": {"political-study": {"findings": {"no-annual-plan": "yes"}}}}, False),
        ({"items": {"political-study": {"self_scor": 4}}}, False),
        ({"rubric": "wenzhou-jiguan-2007"}, False),
        ({"year": "2007"}, False),
        ({"year": 207}, False),
        ({"unit": "  "}, False),
        ({"colour": "red"}, False),
    ],
)
def test_findings_schema_accepts_and_rejects(change: dict[str, Any], valid: bool) -> None:
    assert _validator("findings").is_valid({**FINDINGS, **change}) is valid


RUBRIC = {
    "kind": "rubric",
    "id": "tiny",
    "version": "1",
    "title": "T",
    "total": 10,
    "sections": [
        {
            "id": "s",
            "title": "S",
            "score": 10,
            "items": [
                {
                    "id": "i",
                    "title": "I",
                    "score": 10,
                    "rules": [{"id": "r", "text": "R", "kind": "count", "deduct": 2}],
                }
            ],
        }
    ],
}


@pytest.mark.parametrize(
    ("path", "value", "valid"),
    [
        ((), None, True),
        (("version",), 1, False),
        (("id",), "Tiny", False),
        (("total",), 0, False),
        (("sections",), [], False),
        (("sections", 0, "items", 0, "rules", 0, "kind"), "flatt", False),
        (("sections", 0, "items", 0, "rules", 0, "deduct"), -1, False),
        (("sections", 0, "items", 0, "rules", 0, "cap"), 4, True),
    ],
)
def test_rubric_schema_accepts_and_rejects(path: tuple[Any, ...], value: Any, valid: bool) -> None:
    rubric = json.loads(json.dumps(RUBRIC))
    if path:
        target = rubric
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    assert _validator("rubric").is_valid(rubric) is valid


def test_schema_rejects_an_unknown_kind(djkh) -> None:
    run = djkh("schema", "unit")
    assert run.code == 2
    assert (
        "Invalid value for '{rubric|findings}': 'unit' is not one of 'rubric', 'findings'."
        in run.stderr
    )
