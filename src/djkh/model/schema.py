"""JSON Schemas of the rubric and findings formats, generated from the models for editors."""

from __future__ import annotations

import json
from typing import Any

from djkh.model.base import FrozenModel
from djkh.model.findings import Findings
from djkh.model.kinds import FileKind
from djkh.model.rubric import Rubric
from djkh.model.twins import twin

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_KINDS = tuple(kind.value for kind in FileKind)
_MODELS: dict[FileKind, type[FrozenModel]] = {FileKind.RUBRIC: Rubric, FileKind.FINDINGS: Findings}
_FINDING_REF = "#/definitions/Finding"


def json_schema(kind: FileKind) -> dict[str, Any]:
    """The draft-07 schema of a `kind` file, as yaml-language-server and VS Code read it."""
    model = twin(_MODELS[FileKind(kind)])
    generated = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = generated.pop("$defs", {})
    schema: dict[str, Any] = {"$schema": DRAFT_07, **generated}
    if definitions:
        schema["definitions"] = definitions
    allowed: dict[str, Any] = _allow_bare_findings(schema)
    return allowed


def _allow_bare_findings(node: Any) -> Any:
    """A finding may be written as its bare value (`no-plan: true`), not only as a mapping."""
    if isinstance(node, dict):
        if node.get("$ref") == _FINDING_REF:
            bare = {"type": ["boolean", "number"]}
            return {"anyOf": [bare, {"$ref": _FINDING_REF}]}
        return {key: _allow_bare_findings(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_allow_bare_findings(value) for value in node]
    return node


def schema_text(kind: FileKind) -> str:
    """The schema as the committed schema/*.schema.json files hold it."""
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
