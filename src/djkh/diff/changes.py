"""What changed between two rubric versions: sections, items and rules matched by meaning."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Generic, TypeVar

from djkh.decimals import format_number
from djkh.diff.listing import rule_effect
from djkh.diff.textdiff import similarity
from djkh.files.document import Document, Loc
from djkh.i18n import N_, _
from djkh.model.rubric import Item, Rubric, Rule, Section

# Content at least this alike, under another id, is reported as renamed, not removed and added.
RENAME_SIMILARITY = 0.8
# At most this many texts are compared in one search for renames: when more removed and added
# things are left, each removed one is compared with the added ones near its place in the file
# (renames mostly keep their place), and identical texts are paired wherever they stand.
MAX_COMPARISONS = 20_000

T = TypeVar("T")


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
    GRADES = N_("grades changed")
    NOT_APPLICABLE = N_("not-applicable rule changed")
    ROUNDING = N_("rounding changed")

    @property
    def phrase(self) -> str:
        """The kind as the reader sees it, in the current language."""
        return _(self.value)

    @property
    def level(self) -> Level:
        """Score-affecting kinds; every other kind is wording only."""
        return Level.SCORE if self in _SCORE_KINDS else Level.WORDING


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
    ChangeKind.GRADES,
    ChangeKind.NOT_APPLICABLE,
    ChangeKind.ROUNDING,
}


@dataclass(frozen=True)
class Subject:
    """What changed: the rubric itself, a section, an item, or a rule of an item."""

    what: str
    id: str = ""
    item: str = ""

    def __str__(self) -> str:
        if self.what == "rule":
            return _("rule {id}").format(id=f"{self.item}/{self.id}")
        return _(_SUBJECTS[self.what]).format(id=self.id)


Value = Decimal | str | None
_SUBJECTS = {
    "rubric": N_("rubric"),
    "section": N_("section {id}"),
    "item": N_("item {id}"),
    "bonus item": N_("bonus item {id}"),
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


@dataclass(frozen=True)
class _Entry(Generic[T]):
    value: T
    loc: Loc
    parent: str = ""


@dataclass
class _Index:
    sections: dict[str, _Entry[Section]] = field(default_factory=dict)
    items: dict[str, _Entry[Item]] = field(default_factory=dict)
    rules: dict[tuple[str, str], _Entry[Rule]] = field(default_factory=dict)


def _index(rubric: Rubric) -> _Index:
    index = _Index()
    for si, section in enumerate(rubric.sections):
        index.sections[section.id] = _Entry(section, ("sections", si))
        for ii, item in enumerate(section.items):
            item_loc: Loc = ("sections", si, "items", ii)
            index.items[item.id] = _Entry(item, item_loc, section.id)
            for ri, rule in enumerate(item.rules):
                index.rules[(item.id, rule.id)] = _Entry(rule, (*item_loc, "rules", ri), item.id)
    return index


def _pair_by_similarity(
    removed: Sequence[T],
    added: Sequence[T],
    alike: Callable[[T, T], float],
    texts: tuple[Callable[[T], str], Callable[[T], str]] | None = None,
) -> list[tuple[T, T]]:
    """Greedy best pairs of removed and added things at least RENAME_SIMILARITY alike.

    `texts`, when given, are what `alike` compares (of a removed thing, of an added one):
    identical texts pair first, so a search cut short by MAX_COMPARISONS still finds every
    rename of unchanged content.
    """
    identical = _identical_pairs(removed, added, texts) if texts is not None else {}
    taken = set(identical.values())
    left_old = [i for i in range(len(removed)) if i not in identical]
    left_new = [j for j in range(len(added)) if j not in taken]
    scored = []
    for i, j in comparisons(len(left_old), len(left_new)):
        score = alike(removed[left_old[i]], added[left_new[j]])
        if score >= RENAME_SIMILARITY:
            scored.append((score, left_old[i], left_new[j]))
    scored.sort(key=lambda triple: (-triple[0], triple[1], triple[2]))
    pairs = [(removed[i], added[j]) for i, j in identical.items()]
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _score, i, j in scored:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((removed[i], added[j]))
    return pairs


def _identical_pairs(
    removed: Sequence[T], added: Sequence[T], texts: tuple[Callable[[T], str], Callable[[T], str]]
) -> dict[int, int]:
    """Each removed thing's index paired with the first unpaired added one of the same text."""
    old_text, new_text = texts
    waiting: dict[str, list[int]] = {}
    for j in reversed(range(len(added))):
        waiting.setdefault(new_text(added[j]), []).append(j)
    pairs: dict[int, int] = {}
    for i, old in enumerate(removed):
        same = waiting.get(old_text(old))
        if same:
            pairs[i] = same.pop()
    return pairs


def comparisons(removed: int, added: int) -> Iterator[tuple[int, int]]:
    """The (removed, added) index pairs a rename search compares: all of them, or at most
    MAX_COMPARISONS, each removed one against the added ones around its place."""
    if removed * added <= MAX_COMPARISONS:
        yield from ((i, j) for i in range(removed) for j in range(added))
        return
    width = max(1, MAX_COMPARISONS // removed)
    for i in range(removed):
        first = min(max(0, i * added // removed - width // 2), max(0, added - width))
        yield from ((i, j) for j in range(first, min(added, first + width)))


def _match(
    old_keys: Sequence[T],
    new_keys: Sequence[T],
    alike: Callable[[T, T], float],
    texts: tuple[Callable[[T], str], Callable[[T], str]] | None = None,
) -> dict[T, T]:
    """New key for each old key that survives: the same key, else a rename by content."""
    new_set = set(new_keys)
    matched = {key: key for key in old_keys if key in new_set}
    removed = [key for key in old_keys if key not in matched]
    added = [key for key in new_keys if key not in matched]
    matched.update(_pair_by_similarity(removed, added, alike, texts))
    return matched


def _item_text(item: Item) -> str:
    return "\n".join([item.title, *item.standards])


def diff_rubrics(old: Version, new: Version) -> RubricDiff:
    """Match sections, items and rules by id, then by content, and list every change."""
    differ = _Differ(old, new)
    return RubricDiff(old, new, tuple(differ.changes()), differ.items, differ.rules)


class _Differ:
    """Works out the changes between two indexed rubrics."""

    def __init__(self, old: Version, new: Version) -> None:
        self.old, self.new = old, new
        self.a, self.b = _index(old.rubric), _index(new.rubric)
        old_texts = {key: _item_text(entry.value) for key, entry in self.a.items.items()}
        new_texts = {key: _item_text(entry.value) for key, entry in self.b.items.items()}
        self.items = _match(
            list(self.a.items),
            list(self.b.items),
            lambda x, y: similarity(old_texts[x], new_texts[y]),
            (old_texts.__getitem__, new_texts.__getitem__),
        )
        self.sections = _match(list(self.a.sections), list(self.b.sections), self._section_alike)
        self.rules = self._match_rules()
        self.reverse_sections = {new: old for old, new in self.sections.items()}
        self.reverse_items = {new: old for old, new in self.items.items()}
        self.reverse_rules = {new: old for old, new in self.rules.items()}
        self._group_removed()

    def _group_removed(self) -> None:
        """Removed items and rules by where they are reported, in the old file's order."""
        self.old_rules_of: dict[str, list[tuple[tuple[str, str], _Entry[Rule]]]] = {}
        self.removed_rules_under: dict[str, list[tuple[tuple[str, str], _Entry[Rule]]]] = {}
        for key, entry in self.a.rules.items():
            self.old_rules_of.setdefault(key[0], []).append((key, entry))
            new_item = self.items.get(key[0])
            if key not in self.rules and new_item is not None:
                self.removed_rules_under.setdefault(new_item, []).append((key, entry))
        self.removed_items_in_old: dict[str, list[tuple[str, _Entry[Item]]]] = {}
        self.removed_items_in_new: dict[str, list[tuple[str, _Entry[Item]]]] = {}
        for old_id, item in self.a.items.items():
            if old_id in self.items:
                continue
            self.removed_items_in_old.setdefault(item.parent, []).append((old_id, item))
            new_section = self.sections.get(item.parent)
            if new_section is not None:
                self.removed_items_in_new.setdefault(new_section, []).append((old_id, item))

    def _section_alike(self, old_id: str, new_id: str) -> float:
        """Alike by title, or by holding the same items (a section's title is short)."""
        a, b = self.a.sections[old_id].value, self.b.sections[new_id].value
        old_items = {self.items.get(item.id) for item in a.items} - {None}
        new_items = {item.id for item in b.items}
        shared = len(old_items & new_items) / max(len(a.items), len(b.items))
        return max(similarity(a.title, b.title), shared)

    def _match_rules(self) -> dict[tuple[str, str], tuple[str, str]]:
        """Same rule id in the (matched) same item; else the same id elsewhere; else by text."""
        translated = {
            key: (self.items.get(key[0], ""), key[1]) for key in self.a.rules
        }  # old keys as they would read under the new item ids
        matched = {key: moved for key, moved in translated.items() if moved in self.b.rules}
        left_old = [key for key in self.a.rules if key not in matched]
        taken = set(matched.values())
        left_new = [key for key in self.b.rules if key not in taken]
        by_id_old = _unique_by_rule_id(left_old)
        by_id_new = _unique_by_rule_id(left_new)
        for rule_id, key in by_id_old.items():
            if rule_id in by_id_new:
                matched[key] = by_id_new[rule_id]
        left_old = [key for key in left_old if key not in matched]
        taken = set(matched.values())
        left_new = [key for key in left_new if key not in taken]
        matched.update(
            _pair_by_similarity(
                left_old,
                left_new,
                lambda x, y: similarity(self.a.rules[x].value.text, self.b.rules[y].value.text),
                (
                    lambda key: self.a.rules[key].value.text,
                    lambda key: self.b.rules[key].value.text,
                ),
            )
        )
        return matched

    def _line(self, version: Version, loc: Loc) -> int:
        return version.document.position(loc)[0]

    def _change(
        self,
        kind: ChangeKind,
        subject: Subject,
        old_loc: Loc | None,
        new_loc: Loc | None,
        old: Value = None,
        new: Value = None,
        number: int | None = None,
    ) -> Change:
        return Change(
            kind,
            subject,
            old,
            new,
            None if old_loc is None else self._line(self.old, old_loc),
            None if new_loc is None else self._line(self.new, new_loc),
            number,
        )

    def _added(self, subject: Subject, loc: Loc, summary: str) -> Change:
        return self._change(ChangeKind.ADDED, subject, None, loc, new=summary)

    def _removed(self, subject: Subject, loc: Loc, summary: str) -> Change:
        return self._change(ChangeKind.REMOVED, subject, loc, None, old=summary)

    def changes(self) -> Iterator[Change]:
        yield from self._rubric_changes()
        for section_id, entry in self.b.sections.items():
            old_id = self.reverse_sections.get(section_id)
            if old_id is None:
                summary = _section_summary(entry.value)
                yield self._added(Subject("section", section_id), entry.loc, summary)
            else:
                yield from self._section_changes(old_id, section_id)
            for item in entry.value.items:
                yield from self._item_and_rule_changes(item.id)
            yield from self._removed_items_under(section_id)
        for old_id, entry in self.a.sections.items():
            if old_id not in self.sections:
                summary = _section_summary(entry.value)
                yield self._removed(Subject("section", old_id), entry.loc, summary)
                yield from self._removed_items_under(None, old_section=old_id)

    def _rubric_changes(self) -> Iterator[Change]:
        a, b = self.old.rubric, self.new.rubric
        subject = Subject("rubric")
        if a.title != b.title:
            yield self._change(ChangeKind.TITLE, subject, ("title",), ("title",), a.title, b.title)
        if a.total != b.total:
            yield self._change(ChangeKind.TOTAL, subject, ("total",), ("total",), a.total, b.total)
        for name, kind, shown in _SETTINGS:
            before, after = shown(a), shown(b)
            if before != after:
                yield self._change(kind, subject, _at(a, name), _at(b, name), before, after)
        yield from self._bonus_item_changes()

    def _bonus_item_changes(self) -> Iterator[Change]:
        """Bonus items matched by id: added, removed, or changed in any of their terms."""
        before = _bonus_items(self.old.rubric)
        after = _bonus_items(self.new.rubric)
        for item_id, (index, summary) in after.items():
            loc: Loc = ("bonus", "items", index)
            subject = Subject("bonus item", item_id)
            if item_id not in before:
                yield self._added(subject, loc, summary)
            elif before[item_id][1] != summary:
                old_loc: Loc = ("bonus", "items", before[item_id][0])
                old = before[item_id][1]
                yield self._change(ChangeKind.BONUS, subject, old_loc, loc, old, summary)
        for item_id, (index, summary) in before.items():
            if item_id not in after:
                yield self._removed(
                    Subject("bonus item", item_id), ("bonus", "items", index), summary
                )

    def _section_changes(self, old_id: str, new_id: str) -> Iterator[Change]:
        a, b = self.a.sections[old_id], self.b.sections[new_id]
        subject = Subject("section", new_id)
        if old_id != new_id:
            yield self._change(
                ChangeKind.RENAMED, subject, (*a.loc, "id"), (*b.loc, "id"), old_id, new_id
            )
        if a.value.title != b.value.title:
            yield self._change(
                ChangeKind.TITLE,
                subject,
                (*a.loc, "title"),
                (*b.loc, "title"),
                a.value.title,
                b.value.title,
            )
        if a.value.score != b.value.score:
            yield self._change(
                ChangeKind.SCORE,
                subject,
                (*a.loc, "score"),
                (*b.loc, "score"),
                a.value.score,
                b.value.score,
            )

    def _item_and_rule_changes(self, item_id: str) -> Iterator[Change]:
        entry = self.b.items[item_id]
        old_id = self.reverse_items.get(item_id)
        if old_id is None:
            yield self._added(Subject("item", item_id), entry.loc, _item_summary(entry.value))
        else:
            yield from self._item_changes(old_id, item_id)
        for rule in entry.value.rules:
            key = (item_id, rule.id)
            old_key = self.reverse_rules.get(key)
            rule_entry = self.b.rules[key]
            if old_key is None:
                subject = Subject("rule", rule.id, item_id)
                yield self._added(subject, rule_entry.loc, _rule_summary(rule))
            else:
                yield from self._rule_changes(old_key, key)
        for old_key, old_entry in self.removed_rules_under.get(item_id, ()):
            yield self._removed_rule(old_key, old_entry)

    def _removed_rule(self, old_key: tuple[str, str], entry: _Entry[Rule]) -> Change:
        subject = Subject("rule", old_key[1], old_key[0])
        return self._change(
            ChangeKind.REMOVED, subject, entry.loc, None, old=_rule_summary(entry.value)
        )

    def _removed_items_under(
        self, new_section: str | None, old_section: str | None = None
    ) -> Iterator[Change]:
        """Removed items whose old section maps to `new_section` (or was `old_section`)."""
        if new_section is not None:
            removed = self.removed_items_in_new.get(new_section, [])
        else:
            assert old_section is not None
            removed = self.removed_items_in_old.get(old_section, [])
        for old_id, entry in removed:
            yield self._removed(Subject("item", old_id), entry.loc, _item_summary(entry.value))
            for key, rule_entry in self.old_rules_of.get(old_id, ()):
                if key not in self.rules:
                    yield self._removed_rule(key, rule_entry)

    def _item_changes(self, old_id: str, new_id: str) -> Iterator[Change]:
        a, b = self.a.items[old_id], self.b.items[new_id]
        subject = Subject("item", new_id)
        if old_id != new_id:
            yield self._change(
                ChangeKind.RENAMED, subject, (*a.loc, "id"), (*b.loc, "id"), old_id, new_id
            )
        if self.sections.get(a.parent) != b.parent:
            yield self._change(ChangeKind.MOVED, subject, a.loc, b.loc, a.parent, b.parent)
        for name, kind in (("title", ChangeKind.TITLE), ("score", ChangeKind.SCORE)):
            before, after = getattr(a.value, name), getattr(b.value, name)
            if before != after:
                yield self._change(kind, subject, (*a.loc, name), (*b.loc, name), before, after)
        yield from self._list_changes(subject, a, b, "standards")
        yield from self._list_changes(subject, a, b, "methods")

    def _list_changes(
        self, subject: Subject, a: _Entry[Item], b: _Entry[Item], name: str
    ) -> Iterator[Change]:
        added, removed, reworded = _LIST_KINDS[name]
        before: list[str] = getattr(a.value, name)
        after: list[str] = getattr(b.value, name)
        pairs = _exact_pairs(before, after)
        paired = set(pairs.values())
        left_old = [i for i in range(len(before)) if i not in pairs]
        left_new = [j for j in range(len(after)) if j not in paired]
        pairs.update(
            _pair_by_similarity(
                left_old,
                left_new,
                lambda i, j: similarity(before[i], after[j]),
                (before.__getitem__, after.__getitem__),
            )
        )
        reverse = {j: i for i, j in pairs.items()}
        for j, text in enumerate(after):
            i = reverse.get(j)
            new_loc: Loc = (*b.loc, name, j)
            if i is None:
                yield self._change(added, subject, None, new_loc, new=text, number=j + 1)
            elif before[i] != text:
                old_loc: Loc = (*a.loc, name, i)
                yield self._change(reworded, subject, old_loc, new_loc, before[i], text, j + 1)
        for i, text in enumerate(before):
            if i not in pairs:
                yield self._change(
                    removed, subject, (*a.loc, name, i), None, old=text, number=i + 1
                )

    def _rule_changes(self, old_key: tuple[str, str], new_key: tuple[str, str]) -> Iterator[Change]:
        a, b = self.a.rules[old_key], self.b.rules[new_key]
        subject = Subject("rule", new_key[1], new_key[0])
        if old_key[1] != new_key[1]:
            yield self._change(
                ChangeKind.RENAMED, subject, (*a.loc, "id"), (*b.loc, "id"), old_key[1], new_key[1]
            )
        if self.items.get(old_key[0]) != new_key[0]:
            yield self._change(ChangeKind.MOVED, subject, a.loc, b.loc, old_key[0], new_key[0])
        for name, kind, shown in _RULE_FIELDS:
            before, after = shown(a.value), shown(b.value)
            if before != after:
                old_loc = _field_loc(a, name)
                new_loc = _field_loc(b, name)
                yield self._change(kind, subject, old_loc, new_loc, before, after)


_LIST_KINDS = {
    "standards": (
        ChangeKind.STANDARD_ADDED,
        ChangeKind.STANDARD_REMOVED,
        ChangeKind.STANDARD_REWORDED,
    ),
    "methods": (ChangeKind.METHOD_ADDED, ChangeKind.METHOD_REMOVED, ChangeKind.METHOD_REWORDED),
}


def _exact_pairs(before: list[str], after: list[str]) -> dict[int, int]:
    """Each old text's index paired with the first unpaired new index of the same text."""
    waiting: dict[str, list[int]] = {}
    for j in reversed(range(len(after))):
        waiting.setdefault(after[j], []).append(j)
    pairs: dict[int, int] = {}
    for i, text in enumerate(before):
        same = waiting.get(text)
        if same:
            pairs[i] = same.pop()
    return pairs


def _threshold(rule: Rule) -> str | None:
    if rule.below is not None:
        return _("below {n}").format(n=format_number(rule.below))
    if rule.above is not None:
        return _("above {n}").format(n=format_number(rule.above))
    return None


_RULE_FIELDS: tuple[tuple[str, ChangeKind, Callable[[Rule], Value]], ...] = (
    ("text", ChangeKind.TEXT, lambda rule: rule.text),
    ("kind", ChangeKind.KIND, lambda rule: rule.kind.value),
    ("deduct", ChangeKind.DEDUCT, lambda rule: rule.deduct),
    ("veto", ChangeKind.VETO, lambda rule: rule.veto),
    ("required", ChangeKind.REQUIRED, lambda rule: rule.required),
    ("below", ChangeKind.THRESHOLD, _threshold),
    ("cap", ChangeKind.CAP, lambda rule: rule.cap),
    ("unit", ChangeKind.UNIT, lambda rule: rule.unit),
)


def _bonus_cap(rubric: Rubric) -> Value:
    return None if rubric.bonus is None else _("cap {n}").format(n=format_number(rubric.bonus.cap))


def _grades(rubric: Rubric) -> Value:
    bands = []
    for grade in sorted(rubric.grades, key=lambda g: g.min, reverse=True):
        band = f"{grade.name} ≥ {format_number(grade.min)}"
        if grade.unless:
            conditions = "/".join(c.value for c in grade.unless)
            band = _("{band} unless {conditions}").format(band=band, conditions=conditions)
        bands.append(band)
    return _(", ").join(bands) or None


def _rounding(rubric: Rubric) -> Value:
    rounding = rubric.rounding
    if rounding is None:
        return None
    return _("{places} places, per {at}").format(places=rounding.places, at=rounding.at.value)


_SETTINGS: tuple[tuple[str, ChangeKind, Callable[[Rubric], Value]], ...] = (
    ("bonus", ChangeKind.BONUS, _bonus_cap),
    ("grades", ChangeKind.GRADES, _grades),
    (
        "not_applicable",
        ChangeKind.NOT_APPLICABLE,
        lambda r: r.not_applicable and r.not_applicable.value,
    ),
    ("rounding", ChangeKind.ROUNDING, _rounding),
)


def _at(rubric: Rubric, name: str) -> Loc | None:
    """The setting's line, or none when this version does not have it."""
    return (name,) if getattr(rubric, name) else None


def _bonus_items(rubric: Rubric) -> dict[str, tuple[int, str]]:
    """Each bonus item's index and its terms in one line: title, and each rule's effect."""
    items = rubric.bonus.items if rubric.bonus else []
    return {
        item.id: (
            index,
            f"{item.title} [" + "; ".join(_bonus_rule_summary(r) for r in item.rules) + "]",
        )
        for index, item in enumerate(items)
    }


def _field_loc(entry: _Entry[Rule], name: str) -> Loc:
    """The field's own line when the file has it, else the rule's first line."""
    if name == "below" and entry.value.above is not None:
        name = "above"
    return (*entry.loc, name)


def _unique_by_rule_id(keys: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    counts: dict[str, int] = {}
    for _item, rule_id in keys:
        counts[rule_id] = counts.get(rule_id, 0) + 1
    return {rule_id: (item, rule_id) for item, rule_id in keys if counts[rule_id] == 1}


def _section_summary(section: Section) -> str:
    return f"{section.title} ({format_number(section.score)})"


def _item_summary(item: Item) -> str:
    return f"{item.title} ({format_number(item.score)})"


def _rule_summary(rule: Rule) -> str:
    return f"〔{rule_effect(rule)}〕{rule.text}"


def _bonus_rule_summary(rule: Rule) -> str:
    effect = rule_effect(rule)
    if rule.cap is not None:
        effect = _("{effect}, cap {n}").format(effect=effect, n=format_number(rule.cap))
    return f"〔{effect}〕{rule.text}"


REWORDINGS = {
    ChangeKind.TITLE,
    ChangeKind.TEXT,
    ChangeKind.STANDARD_REWORDED,
    ChangeKind.METHOD_REWORDED,
}
_LISTED = {
    ChangeKind.STANDARD_ADDED,
    ChangeKind.STANDARD_REMOVED,
    ChangeKind.METHOD_ADDED,
    ChangeKind.METHOD_REMOVED,
}


def headline(change: Change) -> str:
    """The change in one line; a rewording's texts are shown apart, as a character diff."""
    what = _("{subject}: {change}").format(subject=change.subject, change=change.kind.phrase)
    if change.number is not None:
        what += f" ({change.number})"
    if change.kind in REWORDINGS:
        return what
    if change.kind is ChangeKind.MOVED:
        if change.subject.what == "item":
            moved = _("{what} from section {old} to {new}")
        else:
            moved = _("{what} from item {old} to {new}")
        return moved.format(what=what, old=change.old, new=change.new)
    if change.kind in _LISTED or change.kind in (ChangeKind.ADDED, ChangeKind.REMOVED):
        value = change.new if change.old is None else change.old
        return _("{what}: {value}").format(what=what, value=value)
    return _("{what}: {old} → {new}").format(
        what=what, old=_shown(change.old), new=_shown(change.new)
    )


def _shown(value: Value) -> str:
    if value is None:
        return _("none")
    return format_number(value) if isinstance(value, Decimal) else value
