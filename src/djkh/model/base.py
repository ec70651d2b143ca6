"""Frozen models without pydantic: what a rubric or findings file becomes once checked.

A scoring run needs only their attributes. Validating them (model/building.py for well-formed
data, pydantic through model/twins.py for the rest and for the messages) and their JSON Schemas
are made from the same declarations, so a run that reads only well-formed files never loads
pydantic (about 50 ms of every start).
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:
    from typing_extensions import Self, dataclass_transform
else:

    def dataclass_transform(**_options: Any) -> Callable[[type], type]:
        return lambda cls: cls


ModelT = TypeVar("ModelT", bound="FrozenModel")
REQUIRED: Any = object()  # a field's default when it has none


class FieldSpec:
    """A field's default and what its JSON Schema says: `Field(...)` in a model's body."""

    __slots__ = ("constraints", "default", "default_factory", "description")

    def __init__(
        self,
        default: Any,
        default_factory: Callable[[], Any] | None,
        description: str | None,
        constraints: dict[str, Any],
    ) -> None:
        self.default = default
        self.default_factory = default_factory
        self.description = description
        self.constraints = constraints  # min_length, ge, le: checked as pydantic checks them

    @property
    def required(self) -> bool:
        return self.default is REQUIRED and self.default_factory is None

    def value(self) -> Any:
        """The default, a new one from its factory where it has one."""
        return self.default if self.default_factory is None else self.default_factory()


def Field(  # named as pydantic names it: the models read as they always did
    default: Any = REQUIRED,
    *,
    default_factory: Callable[[], Any] | None = None,
    description: str | None = None,
    **constraints: Any,
) -> Any:
    """A field's default, description and constraints (min_length, ge, le)."""
    return FieldSpec(default, default_factory, description, constraints)


def empty_list() -> list[Any]:
    """A field's default: a new empty list.

    Not `default_factory=list`: pydantic reads each factory's signature when it builds a
    validator, and a builtin's is parsed from its text, about 0.25 ms a field at every run.
    """
    return []


def empty_dict() -> dict[str, Any]:
    """A field's default: a new empty mapping (not `dict`, for the reason `empty_list` gives)."""
    return {}


def _is_class_variable(annotation: Any) -> bool:
    """Whether an annotation, as written (text, with `from __future__ import annotations`) or
    evaluated, declares a class variable rather than a field."""
    if isinstance(annotation, str):
        return annotation.split("[", 1)[0].strip().rpartition(".")[2] == "ClassVar"
    return annotation is ClassVar or typing.get_origin(annotation) is ClassVar


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(Field,))
class FrozenModel:
    """Every part of both formats: immutable, and no key beyond those it declares.

    Made by `model_validate` (checked, as pydantic checked them) or by `model_construct` (not
    checked: from parts already checked). Cached properties keep their values in the instance's
    `__dict__` beside the fields.
    """

    model_fields: ClassVar[dict[str, FieldSpec]] = {}
    # The field that a value written on its own, not as a mapping, stands for; None: no such.
    bare_key: ClassVar[str | None] = None

    def __init_subclass__(cls, **options: Any) -> None:
        super().__init_subclass__(**options)
        fields: dict[str, FieldSpec] = {}
        for base in reversed(cls.__mro__[1:]):
            if issubclass(base, FrozenModel):
                fields.update(base.model_fields)
        for name, annotation in inspect.get_annotations(cls).items():
            if name.startswith("_") or _is_class_variable(annotation):
                continue
            declared = cls.__dict__.get(name, REQUIRED)
            if isinstance(declared, FieldSpec):
                fields[name] = declared
            else:
                fields[name] = FieldSpec(declared, None, None, {})
            if name in cls.__dict__:
                delattr(cls, name)  # the instance's own value is the only one
        cls.model_fields = fields

    def __init__(self, **values: Any) -> None:
        """Checked, as `model_validate` checks a mapping."""
        from djkh.model.building import validated

        object.__setattr__(self, "__dict__", validated(type(self), values).__dict__)

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """The model from `data` as a file holds it; pydantic's ValidationError if it is wrong."""
        from djkh.model.building import validated

        return validated(cls, data)

    @classmethod
    def model_construct(cls, **values: Any) -> Self:
        """The model from values already checked; defaults for the fields not given."""
        model = object.__new__(cls)
        for name, spec in cls.model_fields.items():
            if name not in values:
                values[name] = spec.value()
        object.__setattr__(model, "__dict__", values)
        return model

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Self:
        """A copy with the fields in `update` changed (not checked)."""
        values = {name: self.__dict__[name] for name in self.model_fields}
        return self.model_construct(**{**values, **(update or {})})

    def __setattr__(self, name: str, value: Any) -> None:
        raise TypeError(f"{type(self).__name__} is frozen: its '{name}' cannot be set")

    def __delattr__(self, name: str) -> None:
        raise TypeError(f"{type(self).__name__} is frozen: its '{name}' cannot be deleted")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        mine, theirs = self.__dict__, other.__dict__
        return all(mine[name] == theirs[name] for name in self.model_fields)

    def __hash__(self) -> int:
        return hash((type(self), *(self.__dict__[name] for name in self.model_fields)))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={self.__dict__[name]!r}" for name in self.model_fields)
        return f"{type(self).__name__}({shown})"

    def __getstate__(self) -> dict[str, Any]:
        """Its fields, not what cached properties worked out: a worker sends the rubric once."""
        return {name: self.__dict__[name] for name in self.model_fields}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "__dict__", state)
