"""The rubric and findings file formats as frozen pydantic models (see docs/format.md)."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, model_validator
from pydantic_core import PydanticCustomError

from djkh.describe import describe

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
RUBRIC_REF = re.compile(rf"({SLUG.pattern})@([^\s@]+)")


def _fail(code: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(code, message)


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise _fail("number", f"expected a number, got {describe(value)}")
    return Decimal(value)


def _positive(value: Any) -> Decimal:
    number = _number(value)
    if number <= 0:
        raise _fail("positive", f"must be more than 0, got {describe(value)}")
    return number


def _optional(check: Any) -> Any:
    return lambda value: None if value is None else check(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _fail("text", f"expected text, got {describe(value)}: put it in quotes")
    if not value.strip():
        raise _fail("empty", "must not be empty")
    return value


def _slug(value: Any) -> str:
    text = _text(value)
    if not SLUG.fullmatch(text):
        raise _fail(
            "slug",
            f"'{text}' is not a valid id: use lower-case letters a-z, digits and "
            "'-', starting with a letter or digit (e.g. political-study)",
        )
    return text


def _version(value: Any) -> str:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        raise _fail(
            "version",
            f'must be quoted text: write version: "{value}" '
            "(unquoted, YAML reads it as a number, and 1.10 would become 1.1)",
        )
    text = _text(value)
    if any(ch.isspace() or ch in "@/\\" for ch in text):
        raise _fail("version", f"'{text}' may not contain spaces, '@', '/' or '\\'")
    return text


def _rubric_ref(value: Any) -> str:
    text = _text(value)
    if not RUBRIC_REF.fullmatch(text):
        raise _fail(
            "rubric_ref",
            f"'{text}' is not a rubric reference: write it as id@version, e.g. wenzhou-jiguan@2007",
        )
    return text


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail("year", f"expected a year such as 2007, got {describe(value)}")
    if not 1900 <= value <= 2999:
        raise _fail("year", f"{value} is not a plausible year: write it in full, e.g. 2007")
    return value


def _finding_value(value: Any) -> bool | int | Decimal | str:
    if isinstance(value, (bool, int, Decimal, str)):
        return value
    raise _fail("finding", f"a finding is true/false or a number, got {describe(value)}")


Number = Annotated[Decimal, PlainValidator(_number, json_schema_input_type=float)]
PositiveNumber = Annotated[Decimal, PlainValidator(_positive, json_schema_input_type=float)]
OptionalNumber = Annotated[
    Decimal | None, PlainValidator(_optional(_number), json_schema_input_type=float | None)
]
OptionalPositive = Annotated[
    Decimal | None, PlainValidator(_optional(_positive), json_schema_input_type=float | None)
]
Text = Annotated[str, PlainValidator(_text, json_schema_input_type=str)]
OptionalText = Annotated[
    str | None, PlainValidator(_optional(_text), json_schema_input_type=str | None)
]
Slug = Annotated[str, PlainValidator(_slug, json_schema_input_type=str)]
Version = Annotated[str, PlainValidator(_version, json_schema_input_type=str)]
RubricRef = Annotated[str, PlainValidator(_rubric_ref, json_schema_input_type=str)]
Year = Annotated[int, PlainValidator(_year, json_schema_input_type=int)]
FindingValue = Annotated[
    bool | int | Decimal | str,
    PlainValidator(_finding_value, json_schema_input_type=bool | float),
]


class RuleKind(str, Enum):
    """How a rule turns a finding into a deduction."""

    FLAT = "flat"
    COUNT = "count"
    SHORTFALL = "shortfall"
    THRESHOLD = "threshold"


def _rule_kind(value: Any) -> RuleKind:
    try:
        return RuleKind(value)
    except ValueError:
        kinds = ", ".join(kind.value for kind in RuleKind)
        raise _fail("rule_kind", f"unknown rule kind '{value}': use one of {kinds}") from None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Model):
    """One deduction rule (评分说明)."""

    id: Slug
    text: Text
    kind: Annotated[RuleKind, PlainValidator(_rule_kind, json_schema_input_type=str)] = (
        RuleKind.FLAT
    )
    deduct: PositiveNumber
    cap: OptionalPositive = None
    required: OptionalPositive = None
    below: OptionalNumber = None
    above: OptionalNumber = None
    unit: OptionalText = None


class Item(_Model):
    """One assessed item (目标) with its standard score (标准分)."""

    id: Slug
    title: Text
    score: PositiveNumber
    standards: list[Text] = Field(default_factory=list)
    methods: list[Text] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)


class Section(_Model):
    """One section (项目) of the rubric."""

    id: Slug
    title: Text
    score: PositiveNumber
    items: list[Item] = Field(min_length=1)


class Rubric(_Model):
    """A whole rubric version (考核细则)."""

    kind: Literal["rubric"]
    id: Slug
    version: Version
    title: Text
    total: PositiveNumber
    sections: list[Section] = Field(min_length=1)

    @property
    def ref(self) -> str:
        """`id@version`, as findings files name it."""
        return f"{self.id}@{self.version}"


class Finding(_Model):
    """A recorded fact for one rule: a value and, optionally, the evidence for it."""

    value: FindingValue
    evidence: OptionalText = None

    @model_validator(mode="before")
    @classmethod
    def _wrap_bare_value(cls, data: Any) -> Any:
        return data if isinstance(data, dict) else {"value": data}


class ItemFindings(_Model):
    """What the assessor recorded for one item."""

    self_score: OptionalNumber = None
    findings: dict[str, Finding] = Field(default_factory=dict)
    note: OptionalText = None


class Findings(_Model):
    """One unit's findings for one year."""

    kind: Literal["findings"]
    rubric: RubricRef
    unit: Text
    year: Year
    items: dict[str, ItemFindings] = Field(default_factory=dict)
