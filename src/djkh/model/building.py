"""Models built straight from well-formed data, as pydantic would build them, without pydantic.

Each model's fields are planned once from its declarations: the checks of model/fields.py, the
nested models, lists, mappings, enums, literals and bounds. Data the plan cannot vouch for (a
missing or unknown key, a value a check refuses, a type it does not expect) is declined, and
pydantic builds it instead through model/twins.py, which reports every problem. A test builds
every example and test file both ways, with mutations, and compares.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, Literal, TypeVar, Union

from djkh.model.base import REQUIRED, FieldSpec, FrozenModel
from djkh.model.fields import FormatError, Validator

ModelT = TypeVar("ModelT", bound=FrozenModel)
Build = Callable[[Any], Any]  # a value as read to a value as the model holds it, or Declined


class Declined(Exception):
    """The plan cannot vouch for this data: pydantic must build (or refuse) it."""


_MAKERS: dict[type[FrozenModel], Build] = {}


def validated(model: type[ModelT], data: Any) -> ModelT:
    """The model from `data`; pydantic's ValidationError where the data is wrong."""
    try:
        return build(model, data)
    except Declined:
        from djkh.model.twins import validate_with_pydantic

        return validate_with_pydantic(model, data)


def build(model: type[ModelT], data: Any) -> ModelT:
    """The model from well-formed `data`; Declined when the plan cannot vouch for it."""
    try:
        built: ModelT = _maker(model)(data)
    except (FormatError, ValueError, AssertionError):  # what pydantic reports as a problem
        raise Declined from None
    return built


def _maker(model: type[FrozenModel]) -> Build:
    """The function that builds `model` from a mapping, planned once (the formats nest no model
    in itself)."""
    maker = _MAKERS.get(model)
    if maker is None:
        maker = _MAKERS[model] = _plan(model)
    return maker


def _plan(model: type[FrozenModel]) -> Build:
    hints = typing.get_type_hints(model, include_extras=True)
    fields = model.model_fields
    builders = {name: _builder(hints[name], spec.constraints) for name, spec in fields.items()}
    # The fields in their order, whatever the file's; a default made anew each time comes later.
    defaults = {
        name: None if spec.default is REQUIRED else spec.default for name, spec in fields.items()
    }
    factories = tuple(
        (name, spec.default_factory)
        for name, spec in fields.items()
        if spec.default_factory is not None
    )
    required = frozenset(name for name, spec in fields.items() if spec.required)
    bare = model.bare_key if model.bare_key is not None and required <= {model.bare_key} else None
    make_bare: Build = (builders[bare] if bare is not None else None) or (lambda value: value)
    new = object.__new__
    set_fields = object.__setattr__

    def make(data: Any) -> Any:
        if type(data) is dict:
            if not required <= data.keys():
                raise Declined
            values = defaults.copy()
            for name, value in data.items():
                try:
                    builder = builders[name]
                except (KeyError, TypeError):  # an unknown key, or one that is no text
                    raise Declined from None
                values[name] = value if builder is None else builder(value)
            for name, factory in factories:
                if name not in data:
                    values[name] = factory()
        elif isinstance(data, model):  # a model already built is kept, as pydantic keeps it
            return data
        elif bare is not None:  # a value written on its own: the bare key's
            values = defaults.copy()
            values[bare] = make_bare(data)
            for name, factory in factories:
                values[name] = factory()
        else:
            raise Declined
        built = new(model)
        set_fields(built, "__dict__", values)
        return built

    return make


def _builder(hint: Any, constraints: dict[str, Any]) -> Build | None:
    """How to build a field of type `hint` from what a file holds; None: taken as it is."""
    origin = typing.get_origin(hint)
    if origin is Annotated:
        base, *extras = typing.get_args(hint)
        for extra in extras:
            if isinstance(extra, FieldSpec):
                constraints = {**constraints, **extra.constraints}
        check = next((extra for extra in extras if isinstance(extra, Validator)), None)
        if check is None:
            return _builder(base, constraints)
        return _bounded(check.check, constraints)  # its FormatError declines, in build()
    if isinstance(hint, type) and issubclass(hint, FrozenModel):
        return _bounded(_maker(hint), constraints)
    if origin in (Union, types.UnionType):
        return _optional(hint, constraints)
    if origin is list:
        (item,) = typing.get_args(hint)
        return _bounded(_list_of(_builder(item, {})), constraints)
    if origin is dict:
        key, item = typing.get_args(hint)
        if key is not str:
            return _declined
        return _bounded(_dict_of(_builder(item, {})), constraints)
    if origin is Literal:
        return _literal(typing.get_args(hint))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum(hint)
    if hint is bool:
        return _exactly(bool)
    if hint is int:
        return _bounded(_exactly(int), constraints)
    return _declined


def _declined(_value: Any) -> Any:
    raise Declined


def _bounded(make: Build, constraints: dict[str, Any]) -> Build:
    """`make`, then the bounds pydantic checks after it: min_length, ge, le."""
    if not constraints:
        return make
    least, low, high = (constraints.get(key) for key in ("min_length", "ge", "le"))
    if set(constraints) - {"min_length", "ge", "le"}:
        return _declined

    def bounded(value: Any) -> Any:
        made = make(value)
        if least is not None and len(made) < least:
            raise Declined
        if (low is not None and made < low) or (high is not None and made > high):
            raise Declined
        return made

    return bounded


def _optional(hint: Any, constraints: dict[str, Any]) -> Build:
    kinds = [kind for kind in typing.get_args(hint) if kind is not type(None)]
    if len(kinds) != 1 or len(typing.get_args(hint)) != 2:
        return _declined
    make = _builder(kinds[0], constraints) or (lambda value: value)
    return lambda value: None if value is None else make(value)


def _list_of(make: Build | None) -> Build:
    def listed(value: Any) -> list[Any]:
        if type(value) is not list:
            raise Declined
        return list(value) if make is None else [make(item) for item in value]

    return listed


def _dict_of(make: Build | None) -> Build:
    def mapped(value: Any) -> dict[str, Any]:
        if type(value) is not dict or not set(map(type, value)) <= _TEXT:
            raise Declined
        if make is None:
            return dict(value)
        return {key: make(item) for key, item in value.items()}

    return mapped


_TEXT = {str}


def _literal(allowed: tuple[Any, ...]) -> Build:
    def literal(value: Any) -> Any:
        if not any(type(value) is type(choice) and value == choice for choice in allowed):
            raise Declined
        return value

    return literal


def _enum(kind: type[Enum]) -> Build:
    members = {member.value: member for member in kind}

    def member(value: Any) -> Enum:
        if type(value) is not str or value not in members:
            raise Declined
        return members[value]

    return member


def _exactly(kind: type) -> Build:
    def exact(value: Any) -> Any:
        if type(value) is not kind:
            raise Declined
        return value

    return exact
