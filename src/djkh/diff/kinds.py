"""The change model: each kind of change (its value the phrase users read), changes, diffs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from djkh.files.document import Document
from djkh.i18n import N_, _
from djkh.model.rubric import Rubric


class Level(str, Enum):
    """Whether a change can move a unit's score, or only the wording."""

    SCORE = "score"
    WORDING = "wording"

    @property
    def label(self) -> str:
        """The level as the reader sees it."""
        return _("score") if self is Level.SCORE else _("wording")


class ChangeKind(Enum):
    """Each kind of change; its value is the phrase the reader sees."""

    ADDED = N_("added")
    REMOVED = N_("removed")
    MOVED = N_("moved")
    RENAMED = N_("renamed")
    TITLE = N_("title changed")
    ISSUER = N_("issuing body changed")
    TOTAL = N_("total changed")
    SCORE = N_("score changed")
    STANDARD_ADDED = N_("standard added")
    STANDARD_REMOVED = N_("standard removed")
    STANDARD_REWORDED = N_("standard reworded")
    METHOD_ADDED = N_("method added")
    METHOD_REMOVED = N_("method removed")
    METHOD_REWORDED = N_("method reworded")
    TEXT = N_("text reworded")
    KIND = N_("kind changed")
    DEDUCT = N_("deduction changed")
    REQUIRED = N_("required number changed")
    THRESHOLD = N_("threshold changed")
    CAP = N_("cap changed")
    UNIT = N_("unit changed")
    VETO = N_("veto changed")
    BONUS = N_("bonus changed")
    PENALTIES = N_("penalties changed")
    WEIGHT = N_("weight changed")
    CLASSES = N_("unit classes changed")
    GRADES = N_("grades changed")
    NOT_APPLICABLE = N_("not-applicable rule changed")
    ROUNDING = N_("rounding changed")
    ADD = N_("points added changed")
    JUDGED_RANGE = N_("judged range changed")
    LEVELS = N_("levels changed")
    BANDS = N_("bands changed")
    STEP = N_("step changed")
    REFERENCE = N_("reference changed")
    TIER = N_("tier group changed")
    SCALES = N_("scales changed")
    START = N_("start changed")
    ASSESSORS = N_("assessors' combination changed")
    SELF_WEIGHT = N_("self-assessment weight changed")
    OWNER = N_("owner changed")
    SURVEY = N_("survey changed")
    CONVERTED_FROM = N_("full score converted from changed")
    PERIODS = N_("periods changed")
    RELATIVE = N_("points relative to the batch changed")

    @property
    def phrase(self) -> str:
        """The kind as the reader sees it, in the current language."""
        return _(self.value)

    @property
    def level(self) -> Level:
        """Score-affecting kinds; every other kind is wording only."""
        return Level.SCORE if self in _SCORE_KINDS else Level.WORDING

    @property
    def is_rewording(self) -> bool:
        """Whether the change is a text said otherwise (shown as a character diff)."""
        return self in _REWORDINGS

    @property
    def is_listed(self) -> bool:
        """Whether the change adds or removes one thing: a standard, a method, a section..."""
        return self in _LISTED


_SCORE_KINDS = {
    ChangeKind.ADDED,
    ChangeKind.REMOVED,
    ChangeKind.MOVED,
    ChangeKind.TOTAL,
    ChangeKind.SCORE,
    ChangeKind.KIND,
    ChangeKind.DEDUCT,
    ChangeKind.REQUIRED,
    ChangeKind.THRESHOLD,
    ChangeKind.CAP,
    ChangeKind.VETO,
    ChangeKind.BONUS,
    ChangeKind.PENALTIES,
    ChangeKind.WEIGHT,
    ChangeKind.CLASSES,
    ChangeKind.GRADES,
    ChangeKind.NOT_APPLICABLE,
    ChangeKind.ROUNDING,
    ChangeKind.ADD,
    ChangeKind.JUDGED_RANGE,
    ChangeKind.LEVELS,
    ChangeKind.BANDS,
    ChangeKind.STEP,
    ChangeKind.REFERENCE,
    ChangeKind.TIER,
    ChangeKind.SCALES,
    ChangeKind.START,
    ChangeKind.ASSESSORS,
    ChangeKind.SELF_WEIGHT,
    ChangeKind.OWNER,
    ChangeKind.SURVEY,
    ChangeKind.CONVERTED_FROM,
    ChangeKind.PERIODS,
    ChangeKind.RELATIVE,
}
_REWORDINGS = {
    ChangeKind.TITLE,
    ChangeKind.TEXT,
    ChangeKind.STANDARD_REWORDED,
    ChangeKind.METHOD_REWORDED,
}
_LISTED = {
    ChangeKind.ADDED,
    ChangeKind.REMOVED,
    ChangeKind.STANDARD_ADDED,
    ChangeKind.STANDARD_REMOVED,
    ChangeKind.METHOD_ADDED,
    ChangeKind.METHOD_REMOVED,
}


class Part(str, Enum):
    """A part of a rubric that can change; its value is the `type` the JSON diff shows."""

    RUBRIC = "rubric"
    SECTION = "section"
    ITEM = "item"
    BONUS_ITEM = "bonus item"
    PENALTY_ITEM = "penalty item"
    CLASS = "class"
    RULE = "rule"


@dataclass(frozen=True)
class Subject:
    """What changed: the rubric itself, a section, an item, or a rule of an item."""

    what: Part
    id: str = ""
    item: str = ""

    def __str__(self) -> str:
        if self.what is Part.RULE:
            return _("rule {id}").format(id=f"{self.item}/{self.id}")
        return _(_SUBJECTS[self.what]).format(id=self.id)


Value = Decimal | str | None
_SUBJECTS = {
    Part.RUBRIC: N_("rubric"),
    Part.SECTION: N_("section {id}"),
    Part.ITEM: N_("item {id}"),
    Part.BONUS_ITEM: N_("bonus item {id}"),
    Part.PENALTY_ITEM: N_("penalty item {id}"),
    Part.CLASS: N_("class {id}"),
}


@dataclass(frozen=True)
class Change:
    """One change, with its old and new value and where it stands in each file."""

    kind: ChangeKind
    subject: Subject
    old: Value = None
    new: Value = None
    old_line: int | None = None
    new_line: int | None = None
    number: int | None = None  # which standard or method, 1-based, in the new list if there

    @property
    def level(self) -> Level:
        return self.kind.level

    @property
    def reworded(self) -> tuple[str, str] | None:
        """The old and new text of a rewording, which every format shows as a character diff."""
        if self.kind.is_rewording and isinstance(self.old, str) and isinstance(self.new, str):
            return self.old, self.new
        return None


@dataclass(frozen=True)
class Version:
    """One side of a diff: the rubric, its document (for line numbers) and what it was read as."""

    rubric: Rubric
    document: Document
    name: str


@dataclass(frozen=True)
class RubricDiff:
    """Every change from `old` to `new`, in the new rubric's order."""

    old: Version
    new: Version
    changes: tuple[Change, ...]
    # How ids carry over: old item id to new, and old (item, rule) to new, for what survived.
    item_ids: dict[str, str] = field(default_factory=dict)
    rule_ids: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    def count(self, level: Level) -> int:
        """How many changes are of this level."""
        return sum(1 for change in self.changes if change.level is level)

    @property
    def total_change(self) -> Change | None:
        """The change of the rubric's total, which every format shows first."""
        return next((c for c in self.changes if c.kind is ChangeKind.TOTAL), None)
