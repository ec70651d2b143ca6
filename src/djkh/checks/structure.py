"""Validate a loaded document against a model; each error becomes a located Problem.

Well-formed data is built without pydantic (model/building.py); the rest goes to pydantic,
through the model's twin (model/twins.py), whose errors say what is wrong and where.
"""

from __future__ import annotations

import copy
import typing
from typing import TYPE_CHECKING, Any, TypeVar

from djkh.files.document import Document, Loc
from djkh.i18n import _
from djkh.model.base import FrozenModel
from djkh.model.building import Declined, build
from djkh.model.fields import NOT_FILLED
from djkh.problems.codes import Code
from djkh.problems.describe import describe
from djkh.problems.outcome import Outcome, failed, ok
from djkh.problems.problem import Problem, cell_name
from djkh.problems.suggest import did_you_mean

if TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic_core import ErrorDetails

ModelT = TypeVar("ModelT", bound=FrozenModel)


def validate_structure(doc: Document, model: type[ModelT]) -> Outcome[ModelT]:
    """The model built from the document, or every structural problem found in it."""
    try:
        return ok(build(model, doc.data))
    except Declined:
        pass
    from pydantic import ValidationError

    from djkh.model.twins import twin, validate_with_pydantic

    try:
        return ok(validate_with_pydantic(model, doc.data))
    except ValidationError as err:
        errors = err.errors(include_url=False)
        # An empty finding is reported by the findings check, which knows what its rule wants.
        found = (_problem(doc, twin(model), e) for e in errors if e["type"] != NOT_FILLED)
        return failed(problem for problem in found if problem is not None)


def model_set_aside(doc: Document, model: type[ModelT]) -> ModelT | None:
    """The model built with what the structural check refused set aside, or None.

    Set aside only where the other checks see the same: an unknown key is dropped, an unquoted
    version or a bad title or rule text is replaced. Anything else (a bad score, id or rule field)
    would change what they check, so then there is no model.
    """
    try:
        return build(model, doc.data)
    except Declined:
        pass
    from pydantic import ValidationError

    from djkh.model.twins import validate_with_pydantic

    try:
        return validate_with_pydantic(model, doc.data)
    except ValidationError as err:
        errors = err.errors(include_url=False)
    data = copy.deepcopy(doc.data)
    for error in errors:
        loc = tuple(part for part in error["loc"] if isinstance(part, (str, int)))
        if not loc or not _set_aside(data, loc, error):
            return None
    try:
        return validate_with_pydantic(model, data)
    except ValidationError:
        return None


_STAND_IN = "…"


def _set_aside(data: Any, loc: Loc, error: ErrorDetails) -> bool:
    """Drop or replace what `error` refused in `data`; False when that would mislead a check."""
    parent: Any = data
    for part in loc[:-1]:
        parent = parent[part]
    key = loc[-1]
    if error["type"] == "extra_forbidden" and isinstance(parent, dict):
        del parent[key]
    elif error["type"] == "version":
        parent[key] = str(error.get("input"))
    elif error["type"] in ("text", "empty") and key in ("title", "text"):
        parent[key] = _STAND_IN
    else:
        return False
    return True


def _problem(doc: Document, model: type[BaseModel], error: ErrorDetails) -> Problem | None:
    loc: Loc = tuple(part for part in error["loc"] if isinstance(part, (str, int)))
    kind = error["type"]
    if kind == "missing" and _is_finding(loc[:-1]):
        return _finding_without_value(doc, loc[:-1])
    loc = _in_document(doc, loc)
    if kind == "extra_forbidden":
        return _unknown_key(doc, model, loc)
    if kind == "missing":
        message = _("missing required key '{key}'").format(key=loc[-1])
        return doc.problem(loc[:-1], Code.MISSING_KEY, message, at_key=True)
    names = [part for part in loc if isinstance(part, str)]
    code = Code.BAD_KIND if names[-1:] == ["kind"] else Code.BAD_VALUE
    return doc.problem(loc, code, _named(doc, loc, names) + _message(error))


def _named(doc: Document, loc: Loc, names: list[str]) -> str:
    """What a message names first: the key (`self_score: `), or on a form the cell typed in."""
    if doc.sheet is not None:
        return _("cell {cell}: ").format(cell=cell_name(*doc.position(loc)))
    return f"{names[-1]}: " if names else ""


def _is_finding(loc: Loc) -> bool:
    """Whether `loc` is a finding written as a mapping: items.ITEM.findings.RULE."""
    return len(loc) == 4 and loc[0] == "items" and loc[2] == "findings"


def _finding_without_value(doc: Document, loc: Loc) -> Problem | None:
    """A `{evidence: …}` finding: name the missing `value`, unless it is there in Chinese."""
    given = _value_at(doc, loc)
    if isinstance(given, dict) and any(_ENGLISH_KEYS.get(str(key)) == "value" for key in given):
        return None  # the unknown-key problem already says to write `value`
    message = _(
        "the finding for '{rule}' has no 'value': write {rule}: {{value: …, evidence: …}}, "
        "with true/false or the number as the value"
    ).format(rule=loc[3])
    return doc.problem(loc, Code.MISSING_KEY, message, at_key=True)


# Keys written in Chinese, and the English key djkh needs instead.
_ENGLISH_KEYS = {
    "值": "value",
    "数值": "value",
    "结果": "value",
    "证据": "evidence",
    "依据": "evidence",
    "自查分": "self_score",
    "自评分": "self_score",
    "备注": "note",
    "说明": "note",
    "不适用": "not_applicable",
    "单位": "unit",
    "年度": "year",
    "年份": "year",
    "考核细则": "rubric",
    "细则": "rubric",
    "类型": "kind",
    "项目": "items",
}


def _unknown_key(doc: Document, model: type[BaseModel], loc: Loc) -> Problem:
    key = str(loc[-1])
    allowed = _fields_at(model, loc[:-1])
    english = _ENGLISH_KEYS.get(key.strip())
    if english in allowed:
        hint = _(": keys are written in English: write '{english}' for '{key}'").format(
            english=english, key=key.strip()
        )
    elif "\u3000" in key:
        hint = _(
            ": full-width spaces '\u3000' before it: indent with half-width spaces "
            "(switch the input method to 半角)"
        )
    elif _is_finding(loc[:-1]) and (_value_at(doc, loc) is None or not key.isascii()):
        hint = _(
            ": if it is part of the evidence, the ',' before it ended the text: "
            'put the text in quotes, evidence: "…"'
        )
    else:
        hint = did_you_mean(key, allowed)
    message = _("unknown key '{key}'").format(key=key) + hint
    return doc.problem(loc, Code.UNKNOWN_KEY, message, at_key=True)


def _value_at(doc: Document, loc: Loc) -> Any:
    value: Any = doc.data
    for part in loc:
        value = value[part]
    return value


def _in_document(doc: Document, loc: Loc) -> Loc:
    """Drop the `value` pydantic adds when it wraps a bare finding, so positions stay exact."""
    if loc and loc[-1] == "value" and loc not in doc.values:
        return loc[:-1]
    return loc


def _message(error: ErrorDetails) -> str:
    kind, got = error["type"], describe(error.get("input"))
    context = error.get("ctx", {})
    if kind == "list_type":
        return _("expected a list of '- ' entries, got {value}").format(value=got)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        message = _("expected a mapping of 'key: value' lines, got {value}").format(value=got)
        if isinstance(error.get("input"), str) and "：" in error["input"]:
            message += _(": the full-width colon '：' must be a half-width colon and a space, ': '")
        return message
    if kind == "too_short":
        return _("must have at least one entry")
    if kind in ("literal_error", "enum"):
        expected = context.get("expected", "")
        return _("must be {expected}, got {value}").format(expected=expected, value=got)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("expected a whole number, got {value}").format(value=got)
    if kind == "greater_than_equal":
        return _("must be {least} or more, got {value}").format(least=context["ge"], value=got)
    if kind == "less_than_equal":
        return _("must be {most} or less, got {value}").format(most=context["le"], value=got)
    return error["msg"]  # djkh's own validators' messages, already in the user's language


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed in the mapping at `loc`, found by walking the model's annotations."""
    current: Any = model
    expecting_key = False
    for part in loc:
        if expecting_key:
            expecting_key = False
            continue
        if isinstance(part, int) or not _is_model(current):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return []
        current, expecting_key = _element_model(field.annotation)
    return list(current.model_fields) if _is_model(current) else []


def _element_model(annotation: Any) -> tuple[Any, bool]:
    """The model a field holds (itself, in a list or as dict values); True when keys come first."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is dict:
        return _element_model(args[1])[0], True
    for arg in args:
        inner, _ = _element_model(arg)
        if _is_model(inner):
            return inner, False
    return annotation, False


def _is_model(value: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(value, type) and issubclass(value, BaseModel)
