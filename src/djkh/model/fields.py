"""Field types shared by the formats: ids, versions, numbers, texts, with their fixes.

No pydantic here: a field's check is a plain function (`Validator`), which model/twins.py hands
to pydantic and model/building.py calls itself.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any

from djkh.i18n import _
from djkh.model.base import Field as Field
from djkh.model.base import FrozenModel as FrozenModel
from djkh.model.base import empty_dict as empty_dict
from djkh.model.base import empty_list as empty_list
from djkh.model.written import fix_for_text
from djkh.problems.describe import describe

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
# What a rubric may declare as its version: no spaces, '@' or path separators, so a findings
# file's `rubric: id@version` can never name a file outside the rubric folders.
VERSION = re.compile(r"[^\s@/\\]+")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
RUBRIC_REF = re.compile(rf"({SLUG.pattern})@({VERSION.pattern})")


class FormatError(Exception):
    """A value a field's check refuses: `code` names the kind of problem, `message` says it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message


def format_error(code: str, message: str) -> FormatError:
    return FormatError(code, message)


class Validator:
    """A field's check: takes the value as read, returns it as the model holds it, or raises
    FormatError; `input_type` is what the JSON Schema says the file holds."""

    __slots__ = ("check", "input_type")

    def __init__(self, check: Any, input_type: Any) -> None:
        self.check = check
        self.input_type = input_type


class SchemaHint:
    """Constraints the JSON Schema states for editors; a field's Validator enforces them."""

    __slots__ = ("extra",)

    def __init__(self, **extra: Any) -> None:
        self.extra = extra


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        message = _("expected a number, got {value}").format(value=describe(value))
        fix = fix_for_text(value) if isinstance(value, str) else None
        if fix is not None:
            message = _("{problem}: {fix}").format(problem=message, fix=fix)
        raise format_error("number", message)
    return Decimal(value)


def _positive(value: Any) -> Decimal:
    number = _number(value)
    if number <= 0:
        raise format_error(
            "positive", _("must be more than 0, got {value}").format(value=describe(value))
        )
    return number


def _points(value: Any) -> Decimal:
    number = _number(value)
    if number < 0:
        raise format_error(
            "points", _("must be 0 or more, got {value}").format(value=describe(value))
        )
    return number


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        message = _("expected a whole number, 0 or more, got {value}")
        raise format_error("count", message.format(value=describe(value)))
    return value


def _optional(check: Any) -> Any:
    return lambda value: None if value is None else check(value)


def _optional_number(value: Any) -> Decimal | None:
    """`_optional(_number)` in one call: a findings file gives a self score per item."""
    if value is None:
        return None
    if type(value) is int:  # the usual: a whole self score, one of a few
        kept = _WHOLE.get(value)
        if kept is None:
            if len(_WHOLE) >= _WHOLE_KEPT:
                _WHOLE.clear()
            kept = _WHOLE[value] = Decimal(value)
        return kept
    if type(value) is Decimal:  # as _number makes it
        return Decimal(value)
    return _number(value)


# Whole numbers as Decimals, made once: a batch's cards share them, not hold thousands of 5s.
_WHOLE: dict[int, Decimal] = {}
_WHOLE_KEPT = 4096


def _optional_text(value: Any) -> str | None:
    """`_optional(_text)` in one call: a findings file gives evidence per finding."""
    if value is None:
        return None
    if type(value) is str and value.strip():  # the usual: as _text gives it
        return value
    return _text(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        message = _("expected text, got {value}: put it in quotes")
        raise format_error("text", message.format(value=describe(value)))
    if not value.strip():
        raise format_error("empty", _("must not be empty"))
    return value


def _slug(value: Any) -> str:
    text = _text(value)
    if not SLUG.fullmatch(text):
        raise format_error(
            "slug",
            _(
                "'{text}' is not a valid id: use lower-case letters a-z, digits and "
                "'-', starting with a letter or digit (e.g. political-study)"
            ).format(text=text),
        )
    return text


def _version(value: Any) -> str:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        raise format_error(
            "version",
            _(
                'must be quoted text: write version: "{value}" '
                "(unquoted, YAML reads it as a number, and 1.10 would become 1.1)"
            ).format(value=value),
        )
    text = _text(value)
    if not VERSION.fullmatch(text):
        message = _("'{text}' may not contain spaces, '@', '/' or '\\'")
        raise format_error("version", message.format(text=text))
    return text


def _rubric_ref(value: Any) -> str:
    text = _text(value)
    if not RUBRIC_REF.fullmatch(text):
        raise format_error(
            "rubric_ref",
            _(
                "'{text}' is not a rubric reference: write it as id@version, "
                "e.g. wenzhou-jiguan@2007"
            ).format(text=text),
        )
    return text


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        message = _("expected a year such as 2007, got {value}")
        raise format_error("year", message.format(value=describe(value)))
    if not 1900 <= value <= 2999:
        message = _("{value} is not a plausible year: write it in full, e.g. 2007")
        raise format_error("year", message.format(value=value))
    return value


# An empty finding (`rule-id:`, as djkh init writes it): reported by the findings check as not
# filled in, with what to write for the rule's kind.
NOT_FILLED = "not_filled"


def _date(value: Any) -> str:
    """A real day written as YYYY-MM-DD (YAML gives dates to djkh as text)."""
    text = value if isinstance(value, str) else None
    if text is not None and DATE.fullmatch(text):
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return text
    message = _("expected a date written as 2025-12-20, got {value}")
    raise format_error("date", message.format(value=describe(value)))


def _finding_value(value: Any) -> bool | int | Decimal | str:
    if isinstance(value, (bool, int, Decimal, str)):
        return value
    if value is None:
        raise format_error(NOT_FILLED, _("not filled in"))
    message = _("a finding is true/false or a number, got {value}")
    raise format_error("finding", message.format(value=describe(value)))


def schema_hint(**extra: Any) -> SchemaHint:
    """Constraints the JSON Schema states for editors; the validators above enforce them."""
    return SchemaHint(**extra)


_SLUG_SCHEMA = schema_hint(pattern=f"^{SLUG.pattern}$")
_POSITIVE_SCHEMA = schema_hint(exclusiveMinimum=0)
_TEXT_SCHEMA = schema_hint(pattern=r"\S")

Number = Annotated[Decimal, Validator(_number, float)]
PositiveNumber = Annotated[Decimal, Validator(_positive, float), _POSITIVE_SCHEMA]
OptionalNumber = Annotated[Decimal | None, Validator(_optional_number, float | None)]
OptionalPositive = Annotated[
    Decimal | None,
    Validator(_optional(_positive), float | None),
    _POSITIVE_SCHEMA,
]
Points = Annotated[Decimal, Validator(_points, float), schema_hint(minimum=0)]
OptionalPoints = Annotated[
    Decimal | None,
    Validator(_optional(_points), float | None),
    schema_hint(minimum=0),
]
Count = Annotated[int, Validator(_count, int), schema_hint(minimum=0)]
OptionalCount = Annotated[
    int | None,
    Validator(_optional(_count), int | None),
    schema_hint(minimum=0),
]
Text = Annotated[str, Validator(_text, str), _TEXT_SCHEMA]
OptionalText = Annotated[str | None, Validator(_optional_text, str | None), _TEXT_SCHEMA]
Slug = Annotated[str, Validator(_slug, str), _SLUG_SCHEMA]
OptionalSlug = Annotated[str | None, Validator(_optional(_slug), str | None), _SLUG_SCHEMA]
Version = Annotated[
    str,
    Validator(_version, str),
    schema_hint(pattern=r"^[^\s@/\\]+$"),
]
RubricRef = Annotated[
    str,
    Validator(_rubric_ref, str),
    schema_hint(pattern=f"^{RUBRIC_REF.pattern}$"),
]
Year = Annotated[int, Validator(_year, int), schema_hint(minimum=1900, maximum=2999)]
OptionalDate = Annotated[
    str | None,
    Validator(_optional(_date), str | None),
    schema_hint(format="date"),
]
FindingValue = Annotated[
    bool | int | Decimal | str,
    Validator(_finding_value, bool | float),
]
