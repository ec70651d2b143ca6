"""The rubric and findings file formats as frozen pydantic models (see docs/format.md)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from enum import Enum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, model_validator
from pydantic_core import PydanticCustomError

from djkh.describe import describe
from djkh.i18n import _
from djkh.written import fix_for_text

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
# What a rubric may declare as its version: no spaces, '@' or path separators, so a findings
# file's `rubric: id@version` can never name a file outside the rubric folders.
VERSION = re.compile(r"[^\s@/\\]+")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
RUBRIC_REF = re.compile(rf"({SLUG.pattern})@({VERSION.pattern})")


def _fail(code: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(code, message)


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        message = _("expected a number, got {value}").format(value=describe(value))
        fix = fix_for_text(value) if isinstance(value, str) else None
        if fix is not None:
            message = _("{problem}: {fix}").format(problem=message, fix=fix)
        raise _fail("number", message)
    return Decimal(value)


def _positive(value: Any) -> Decimal:
    number = _number(value)
    if number <= 0:
        raise _fail("positive", _("must be more than 0, got {value}").format(value=describe(value)))
    return number


def _optional(check: Any) -> Any:
    return lambda value: None if value is None else check(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        message = _("expected text, got {value}: put it in quotes")
        raise _fail("text", message.format(value=describe(value)))
    if not value.strip():
        raise _fail("empty", _("must not be empty"))
    return value


def _slug(value: Any) -> str:
    text = _text(value)
    if not SLUG.fullmatch(text):
        raise _fail(
            "slug",
            _(
                "'{text}' is not a valid id: use lower-case letters a-z, digits and "
                "'-', starting with a letter or digit (e.g. political-study)"
            ).format(text=text),
        )
    return text


def _version(value: Any) -> str:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        raise _fail(
            "version",
            _(
                'must be quoted text: write version: "{value}" '
                "(unquoted, YAML reads it as a number, and 1.10 would become 1.1)"
            ).format(value=value),
        )
    text = _text(value)
    if not VERSION.fullmatch(text):
        message = _("'{text}' may not contain spaces, '@', '/' or '\\'")
        raise _fail("version", message.format(text=text))
    return text


def _rubric_ref(value: Any) -> str:
    text = _text(value)
    if not RUBRIC_REF.fullmatch(text):
        raise _fail(
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
        raise _fail("year", message.format(value=describe(value)))
    if not 1900 <= value <= 2999:
        message = _("{value} is not a plausible year: write it in full, e.g. 2007")
        raise _fail("year", message.format(value=value))
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
    raise _fail("date", message.format(value=describe(value)))


def _finding_value(value: Any) -> bool | int | Decimal | str:
    if isinstance(value, (bool, int, Decimal, str)):
        return value
    if value is None:
        raise _fail(NOT_FILLED, _("not filled in"))
    message = _("a finding is true/false or a number, got {value}")
    raise _fail("finding", message.format(value=describe(value)))


def _schema(**extra: Any) -> Any:
    """Constraints the JSON Schema states for editors; the validators above enforce them."""
    return Field(json_schema_extra=extra)


_SLUG_SCHEMA = _schema(pattern=f"^{SLUG.pattern}$")
_POSITIVE_SCHEMA = _schema(exclusiveMinimum=0)
_TEXT_SCHEMA = _schema(pattern=r"\S")

Number = Annotated[Decimal, PlainValidator(_number, json_schema_input_type=float)]
PositiveNumber = Annotated[
    Decimal, PlainValidator(_positive, json_schema_input_type=float), _POSITIVE_SCHEMA
]
OptionalNumber = Annotated[
    Decimal | None, PlainValidator(_optional(_number), json_schema_input_type=float | None)
]
OptionalPositive = Annotated[
    Decimal | None,
    PlainValidator(_optional(_positive), json_schema_input_type=float | None),
    _POSITIVE_SCHEMA,
]
Text = Annotated[str, PlainValidator(_text, json_schema_input_type=str), _TEXT_SCHEMA]
OptionalText = Annotated[
    str | None, PlainValidator(_optional(_text), json_schema_input_type=str | None), _TEXT_SCHEMA
]
Slug = Annotated[str, PlainValidator(_slug, json_schema_input_type=str), _SLUG_SCHEMA]
Version = Annotated[
    str,
    PlainValidator(_version, json_schema_input_type=str),
    _schema(pattern=r"^[^\s@/\\]+$"),
]
RubricRef = Annotated[
    str,
    PlainValidator(_rubric_ref, json_schema_input_type=str),
    _schema(pattern=f"^{RUBRIC_REF.pattern}$"),
]
Year = Annotated[
    int, PlainValidator(_year, json_schema_input_type=int), _schema(minimum=1900, maximum=2999)
]
OptionalDate = Annotated[
    str | None,
    PlainValidator(_optional(_date), json_schema_input_type=str | None),
    _schema(format="date"),
]
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
        message = _("unknown rule kind '{kind}': use one of {kinds}")
        raise _fail("rule_kind", message.format(kind=value, kinds=kinds)) from None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Model):
    """One deduction rule (评分说明)."""

    id: Slug = Field(description="Unique within its item; findings name the rule by it.")
    text: Text = Field(description="The rule as written in the original (评分说明).")
    kind: Annotated[
        RuleKind,
        PlainValidator(_rule_kind, json_schema_input_type=str),
        _schema(enum=[kind.value for kind in RuleKind]),
    ] = Field(
        RuleKind.FLAT,
        description=(
            "flat: deduct once when the finding is true; count: deduct per occurrence; "
            "shortfall: deduct per unit short of 'required'; threshold: deduct once when "
            "the value is under 'below' or over 'above'."
        ),
    )
    deduct: OptionalPositive = Field(None, description="Points deducted per hit (扣分).")
    add: OptionalPositive = Field(
        None, description="Bonus items only: points added per hit (加分), instead of deduct."
    )
    veto: OptionalText = Field(
        None,
        description="一票否决: a hit forces the unit's grade to this one (a name in 'grades'), "
        "instead of deducting.",
    )
    cap: OptionalPositive = Field(None, description="The most this rule deducts (or adds) in all.")
    required: OptionalPositive = Field(None, description="shortfall: the number to reach.")
    below: OptionalNumber = Field(None, description="threshold: deduct when under this.")
    above: OptionalNumber = Field(None, description="threshold: deduct when over this.")
    unit: OptionalText = Field(None, description="What is counted, e.g. 次 or 天.")

    @property
    def per_hit(self) -> Decimal:
        """Points per hit: deducted, or added in a bonus item; 1 for a veto (hit or not)."""
        return self.deduct or self.add or Decimal(1)


class Item(_Model):
    """One assessed item (目标) with its standard score (标准分)."""

    id: Slug = Field(description="Unique across the rubric; findings name the item by it.")
    title: Text = Field(description="The item's goal (目标).")
    score: PositiveNumber = Field(description="Standard score (标准分).")
    standards: list[Text] = Field(default_factory=list, description="考核内容及标准")
    methods: list[Text] = Field(default_factory=list, description="评分方法")
    rules: list[Rule] = Field(default_factory=list, description="Deduction rules (评分说明).")

    @cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        """The rules by id, worked out once: each unit's findings are looked up in it."""
        return {rule.id: rule for rule in self.rules}

    @cached_property
    def scored_rules(self) -> tuple[Rule, ...]:
        """The rules that deduct points."""
        return tuple(rule for rule in self.rules if rule.veto is None)

    @cached_property
    def veto_rules(self) -> tuple[Rule, ...]:
        """The rules that veto (一票否决) instead of deducting."""
        return tuple(rule for rule in self.rules if rule.veto is not None)


class Section(_Model):
    """One section (项目) of the rubric."""

    id: Slug = Field(description="Unique within the rubric.")
    title: Text = Field(description="The section's heading (项目).")
    score: PositiveNumber = Field(description="The section's score: its items' scores added.")
    items: list[Item] = Field(min_length=1)


class BonusItem(_Model):
    """An item of the bonus part (加分项): its rules add points."""

    id: Slug = Field(description="Unique across the rubric; findings name the item by it.")
    title: Text = Field(description="What earns the bonus.")
    standards: list[Text] = Field(default_factory=list, description="考核内容及标准")
    methods: list[Text] = Field(default_factory=list, description="评分方法")
    rules: list[Rule] = Field(min_length=1, description="Bonus rules, each with 'add'.")

    @cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        """The rules by id, worked out once: each unit's findings are looked up in it."""
        return {rule.id: rule for rule in self.rules}


class Bonus(_Model):
    """The bonus part (加分项), added on top of the score up to its cap (封顶)."""

    title: Text = Field("加分项", description="The heading the forms show.")
    cap: PositiveNumber = Field(description="The most the bonus adds in all (加分最多不超过N分).")
    items: list[BonusItem] = Field(min_length=1)


class GradeCondition(str, Enum):
    """What bars a unit from a grade band however high its score."""

    VETO = "veto"
    ZERO_SECTION = "zero-section"


class Grade(_Model):
    """A grade band (等次): units scoring at least `min` get it, unless a condition bars them."""

    name: Text = Field(description="e.g. 优秀, 良好, 合格, 不合格.")
    min: Number = Field(description="The lowest score that earns this grade.")
    unless: list[GradeCondition] = Field(
        default_factory=list,
        description="veto: not when any veto rule hit; zero-section: not when a section scores 0.",
    )


class NotApplicable(str, Enum):
    """How an item a findings file marks not applicable (不适用) counts."""

    RESCALE = "rescale"
    FULL = "full"


class RoundAt(str, Enum):
    """Where rounding happens."""

    ITEM = "item"
    TOTAL = "total"


class Rounding(_Model):
    """Decimal places of the scores, rounded half up, per item or on the total."""

    places: Annotated[int, Field(ge=0, le=4)] = Field(description="Decimal places, 0 to 4.")
    at: RoundAt = Field(RoundAt.TOTAL, description="item: every item's score; total: the total.")


class Rubric(_Model):
    """A whole rubric version (考核细则)."""

    kind: Literal["rubric"]
    id: Slug = Field(description="The rubric's id; findings name it as id@version.")
    version: Version = Field(description='Quoted text, e.g. "2007".')
    title: Text
    total: PositiveNumber = Field(description="The full score: the sections' scores added.")
    sections: list[Section] = Field(min_length=1)
    bonus: Bonus | None = Field(None, description="加分项: points added on top, up to a cap.")
    grades: list[Grade] = Field(
        default_factory=list, description="Grade bands (等次), by minimum score."
    )
    not_applicable: NotApplicable | None = Field(
        None,
        description="How items marked not applicable (不适用) count: rescale (left out, the "
        "score scaled to the total) or full (full marks). Without it, no item may be marked.",
    )
    rounding: Rounding | None = Field(None, description="Rounding of scores, half up.")

    @property
    def ref(self) -> str:
        """`id@version`, as findings files name it."""
        return f"{self.id}@{self.version}"

    @cached_property
    def items_by_id(self) -> dict[str, Item | BonusItem]:
        """Every item, scored and bonus, by id, worked out once."""
        items: dict[str, Item | BonusItem] = {
            item.id: item for section in self.sections for item in section.items
        }
        items.update({item.id: item for item in (self.bonus.items if self.bonus else [])})
        return items


class Finding(_Model):
    """A recorded fact for one rule: a value and, optionally, the evidence for it."""

    value: FindingValue = Field(description="true/false for flat rules, else a number.")
    evidence: OptionalText = Field(None, description="Where the fact was found.")

    @model_validator(mode="before")
    @classmethod
    def _wrap_bare_value(cls, data: Any) -> Any:
        return data if isinstance(data, dict) else {"value": data}


class Override(_Model):
    """An item's score set by hand: the computed score stays on record beside it."""

    score: Number = Field(description="The score to use instead of the computed one.")
    reason: Text = Field(description="Why the computed score is wrong.")
    approved_by: Text = Field(description="Who approved the change.")


class ItemFindings(_Model):
    """What the assessor recorded for one item."""

    self_score: OptionalNumber = Field(None, description="The unit's own score (自查分).")
    findings: dict[str, Finding] = Field(
        default_factory=dict,
        description="Rule id: the finding, a bare value or {value, evidence}.",
    )
    note: OptionalText = Field(None, description="The assessor's remark.")
    not_applicable: OptionalText = Field(
        None, description="不适用: why the item does not apply to this unit."
    )
    override: Override | None = Field(None, description="The item's score set by hand.")


class Findings(_Model):
    """One unit's findings for one year."""

    kind: Literal["findings"]
    rubric: RubricRef = Field(description="The rubric scored against: id@version.")
    unit: Text = Field(description="The unit assessed (单位).")
    year: Year = Field(description="The assessment year, e.g. 2007.")
    assessor: OptionalText = Field(None, description="Who assessed the unit (考核人).")
    date: OptionalDate = Field(None, description="When it was assessed (考核日期): 2025-12-20.")
    items: dict[str, ItemFindings] = Field(default_factory=dict)
