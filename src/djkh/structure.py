"""Validate a loaded document against a pydantic model; each error becomes a located Problem."""

from __future__ import annotations

import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from djkh.codes import Code
from djkh.describe import describe
from djkh.document import Document, Loc
from djkh.i18n import _
from djkh.problem import Problem
from djkh.suggest import did_you_mean

ModelT = TypeVar("ModelT", bound=BaseModel)


def validate_structure(doc: Document, model: type[ModelT]) -> tuple[ModelT | None, list[Problem]]:
    """The model built from the document, or every structural problem found in it."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as err:
        return None, [_problem(doc, model, error) for error in err.errors(include_url=False)]


def _problem(doc: Document, model: type[BaseModel], error: ErrorDetails) -> Problem:
    loc: Loc = tuple(part for part in error["loc"] if isinstance(part, (str, int)))
    loc = _in_document(doc, loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        hint = did_you_mean(key, _fields_at(model, loc[:-1]))
        message = _("unknown key '{key}'").format(key=key) + hint
        return doc.problem(loc, Code.UNKNOWN_KEY, message, at_key=True)
    if kind == "missing":
        message = _("missing required key '{key}'").format(key=loc[-1])
        return doc.problem(loc[:-1], Code.MISSING_KEY, message, at_key=True)
    names = [part for part in loc if isinstance(part, str)]
    prefix = f"{names[-1]}: " if names else ""
    code = Code.BAD_KIND if names[-1:] == ["kind"] else Code.BAD_VALUE
    return doc.problem(loc, code, prefix + _message(error))


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
        return _("expected a mapping of 'key: value' lines, got {value}").format(value=got)
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
    return isinstance(value, type) and issubclass(value, BaseModel)
