"""The pydantic models that validate the formats and make their JSON Schemas, made from the plain
models' declarations (model/base.py): the only module of the model that imports pydantic.

A twin has its model's name, docstring, fields, defaults, descriptions and checks, so pydantic
reports problems and writes the schemas as it did when it made the models themselves; what it
builds is turned into the plain models.
"""

from __future__ import annotations

import functools
import operator
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, TypeVar, Union

from pydantic import BaseModel, ConfigDict, PlainValidator, create_model, model_validator
from pydantic import Field as PydanticField
from pydantic_core import PydanticCustomError

from djkh.model.base import REQUIRED, FieldSpec, FrozenModel
from djkh.model.fields import FormatError, SchemaHint, Validator

ModelT = TypeVar("ModelT", bound=FrozenModel)


class TwinModel(BaseModel):
    """Every twin: immutable, and no key beyond those it declares."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


_PLAIN: dict[type[BaseModel], type[FrozenModel]] = {}
_TWINS: dict[type[FrozenModel], type[BaseModel]] = {}


def twin(model: type[FrozenModel]) -> type[BaseModel]:
    """The pydantic model that validates `model`'s data and makes its schema, made once."""
    made = _TWINS.get(model)
    if made is None:
        made = _TWINS[model] = _made_twin(model)
        _PLAIN[made] = model
    return made


def _made_twin(model: type[FrozenModel]) -> type[BaseModel]:
    hints = typing.get_type_hints(model, include_extras=True)
    fields: dict[str, Any] = {
        name: (_pydantic_type(hints[name]), _field_info(spec))
        for name, spec in model.model_fields.items()
    }
    validators: dict[str, Any] = {}
    if model.bare_key is not None:
        validators["bare_value"] = model_validator(mode="before")(_bare(model.bare_key))
    made: type[BaseModel] = create_model(
        model.__name__,
        __base__=TwinModel,
        __doc__=model.__doc__,
        __module__=model.__module__,
        __validators__=validators,
        **fields,
    )
    return made


def validate_with_pydantic(model: type[ModelT], data: Any) -> ModelT:
    """The model from `data` by pydantic; its ValidationError where the data is wrong."""
    built = plain(twin(model).model_validate(as_data(data)))
    assert isinstance(built, model)
    return built


def plain(value: Any) -> Any:
    """What pydantic built, as the plain models hold it."""
    if isinstance(value, BaseModel):
        model = _PLAIN[type(value)]
        return model.model_construct(
            **{name: plain(getattr(value, name)) for name in model.model_fields}
        )
    return _through(value, plain)


def as_data(value: Any) -> Any:
    """`value` with any plain model in it as its twin, made without checks: a model already
    built is kept as it is on both roads (model/building.py keeps it too)."""
    if isinstance(value, FrozenModel):
        fields = {name: as_data(getattr(value, name)) for name in value.model_fields}
        return twin(type(value)).model_construct(**fields)
    return _through(value, as_data)


def _through(value: Any, convert: Callable[[Any], Any]) -> Any:
    """`value` with `convert` applied to each element of a list, each value of a mapping."""
    if isinstance(value, list):
        return [convert(item) for item in value]
    if isinstance(value, dict):
        return {key: convert(item) for key, item in value.items()}
    return value


def _bare(key: str) -> Any:
    """A value written on its own taken as the field `key` of a mapping."""
    return lambda data: data if isinstance(data, dict) else {key: data}


def _field_info(spec: FieldSpec) -> Any:
    options: dict[str, Any] = {"description": spec.description, **spec.constraints}
    if spec.default_factory is not None:
        return PydanticField(default_factory=spec.default_factory, **options)
    if spec.default is REQUIRED:
        return PydanticField(**options)
    return PydanticField(spec.default, **options)


def _pydantic_type(hint: Any) -> Any:
    """`hint` with plain models replaced by their twins and checks by pydantic's validators."""
    origin = typing.get_origin(hint)
    if origin is Annotated:
        base, *extras = typing.get_args(hint)
        return Annotated[(_pydantic_type(base), *(_pydantic_extra(extra) for extra in extras))]
    if isinstance(hint, type) and issubclass(hint, FrozenModel):
        return twin(hint)
    if origin in (Union, types.UnionType):
        kinds = (_pydantic_type(arg) for arg in typing.get_args(hint))
        return functools.reduce(operator.or_, kinds)
    if origin is list:
        (item,) = typing.get_args(hint)
        return list[_pydantic_type(item)]  # type: ignore[misc]
    if origin is dict:
        key, item = typing.get_args(hint)
        return dict[_pydantic_type(key), _pydantic_type(item)]  # type: ignore[misc]
    return hint


def _pydantic_extra(extra: Any) -> Any:
    if isinstance(extra, Validator):
        return PlainValidator(_raising_custom(extra.check), json_schema_input_type=extra.input_type)
    if isinstance(extra, SchemaHint):
        return PydanticField(json_schema_extra=extra.extra)
    if isinstance(extra, FieldSpec):
        return PydanticField(**extra.constraints)
    return extra


def _raising_custom(check: Any) -> Any:
    """`check`, its FormatError raised as the error pydantic reports with its code."""

    def checked(value: Any) -> Any:
        try:
            return check(value)
        except FormatError as error:
            raise PydanticCustomError(error.code, error.message) from None

    return checked
