"""The differ: every change between two matched rubrics, in the new rubric's order."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from djkh.diff import listing, values
from djkh.diff.kinds import Change, ChangeKind, Part, RubricDiff, Subject, Value, Version
from djkh.diff.matching import Entry, RuleKey, index_rubric, match_rubrics, match_texts
from djkh.files.document import Loc
from djkh.model.rubric import Item, Rubric, Rule, Section


def diff_rubrics(old: Version, new: Version) -> RubricDiff:
    """Match sections, items and rules by id, then by content, and list every change."""
    differ = _Differ(old, new)
    return RubricDiff(old, new, tuple(differ.changes()), differ.items, differ.rules)


_LIST_KINDS = {
    "standards": (
        ChangeKind.STANDARD_ADDED,
        ChangeKind.STANDARD_REMOVED,
        ChangeKind.STANDARD_REWORDED,
    ),
    "methods": (ChangeKind.METHOD_ADDED, ChangeKind.METHOD_REMOVED, ChangeKind.METHOD_REWORDED),
}
_RULE_FIELDS: tuple[tuple[str, ChangeKind, Callable[[Rule], Value]], ...] = (
    ("text", ChangeKind.TEXT, lambda rule: rule.text),
    ("kind", ChangeKind.KIND, lambda rule: rule.kind.value),
    ("deduct", ChangeKind.DEDUCT, lambda rule: rule.deduct),
    ("veto", ChangeKind.VETO, lambda rule: rule.veto),
    ("veto_score", ChangeKind.VETO, lambda rule: rule.veto_score),
    ("bars", ChangeKind.VETO, lambda rule: rule.bars),
    ("required", ChangeKind.REQUIRED, lambda rule: rule.required),
    ("below", ChangeKind.THRESHOLD, values.threshold),
    ("cap", ChangeKind.CAP, lambda rule: rule.cap),
    ("unit", ChangeKind.UNIT, lambda rule: rule.unit),
    ("add", ChangeKind.ADD, lambda rule: rule.add),
    ("min", ChangeKind.JUDGED_RANGE, lambda rule: rule.min),
    ("of", ChangeKind.CONVERTED_FROM, lambda rule: rule.of),
    ("levels", ChangeKind.LEVELS, listing.levels),
    ("bands", ChangeKind.BANDS, listing.bands),
    ("step", ChangeKind.STEP, lambda rule: rule.step),
    ("reference", ChangeKind.REFERENCE, lambda rule: rule.reference),
    ("tier_group", ChangeKind.TIER, lambda rule: rule.tier_group),
    ("scales", ChangeKind.SCALES, listing.scales),
    ("points", ChangeKind.RELATIVE, values.rank_points),
    ("to", ChangeKind.RELATIVE, lambda rule: rule.to.value if rule.to else None),
    ("ranks", ChangeKind.RELATIVE, values.relative_ranks),
    ("better", ChangeKind.RELATIVE, lambda rule: rule.better.value if rule.better else None),
)
_SETTINGS: tuple[tuple[str, ChangeKind, Callable[[Rubric], Value]], ...] = (
    ("issuer", ChangeKind.ISSUER, lambda rubric: rubric.issuer),
    ("bonus", ChangeKind.BONUS, values.bonus_cap),
    ("penalties", ChangeKind.PENALTIES, values.penalty_cap),
    ("class_ranking", ChangeKind.CLASSES, values.class_ranking),
    ("grades", ChangeKind.GRADES, values.grades),
    ("not_applicable", ChangeKind.NOT_APPLICABLE, values.not_applicable),
    ("rounding", ChangeKind.ROUNDING, values.rounding),
    ("assessors", ChangeKind.ASSESSORS, values.assessors),
    ("self_assessment", ChangeKind.SELF_WEIGHT, values.self_assessment),
    ("periods", ChangeKind.PERIODS, values.periods),
)


class _Differ:
    """Works out the changes between two indexed rubrics."""

    def __init__(self, old: Version, new: Version) -> None:
        self.old, self.new = old, new
        self.a, self.b = index_rubric(old.rubric), index_rubric(new.rubric)
        matches = match_rubrics(self.a, self.b)
        self.sections, self.items, self.rules = matches.sections, matches.items, matches.rules
        self.reverse_sections = {new: old for old, new in self.sections.items()}
        self.reverse_items = {new: old for old, new in self.items.items()}
        self.reverse_rules = {new: old for old, new in self.rules.items()}
        self._group_removed_rules()
        self._group_removed_items()

    def _group_removed_rules(self) -> None:
        """Old rules by item, and removed rules by the new item they are reported under."""
        self.old_rules_of: dict[str, list[tuple[RuleKey, Entry[Rule]]]] = {}
        self.removed_rules_under: dict[str, list[tuple[RuleKey, Entry[Rule]]]] = {}
        for key, entry in self.a.rules.items():
            self.old_rules_of.setdefault(key[0], []).append((key, entry))
            new_item = self.items.get(key[0])
            if key not in self.rules and new_item is not None:
                self.removed_rules_under.setdefault(new_item, []).append((key, entry))

    def _group_removed_items(self) -> None:
        """Removed items by their old section, and by the new section that section became."""
        self.removed_items_in_old: dict[str, list[tuple[str, Entry[Item]]]] = {}
        self.removed_items_in_new: dict[str, list[tuple[str, Entry[Item]]]] = {}
        for old_id, item in self.a.items.items():
            if old_id in self.items:
                continue
            self.removed_items_in_old.setdefault(item.parent, []).append((old_id, item))
            new_section = self.sections.get(item.parent)
            if new_section is not None:
                self.removed_items_in_new.setdefault(new_section, []).append((old_id, item))

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
        """The rubric's own changes, then each new section's, then the removed sections'."""
        yield from self._rubric_changes()
        for section_id, entry in self.b.sections.items():
            old_id = self.reverse_sections.get(section_id)
            if old_id is None:
                summary = values.section_summary(entry.value)
                yield self._added(Subject(Part.SECTION, section_id), entry.loc, summary)
            else:
                yield from self._section_changes(old_id, section_id)
            for item in entry.value.items:
                yield from self._item_and_rule_changes(item.id)
            yield from self._removed_items(self.removed_items_in_new.get(section_id, []))
        for old_id, entry in self.a.sections.items():
            if old_id not in self.sections:
                summary = values.section_summary(entry.value)
                yield self._removed(Subject(Part.SECTION, old_id), entry.loc, summary)
                yield from self._removed_items(self.removed_items_in_old.get(old_id, []))

    def _rubric_changes(self) -> Iterator[Change]:
        a, b = self.old.rubric, self.new.rubric
        subject = Subject(Part.RUBRIC)
        if a.title != b.title:
            yield self._change(ChangeKind.TITLE, subject, ("title",), ("title",), a.title, b.title)
        if a.total != b.total:
            yield self._change(ChangeKind.TOTAL, subject, ("total",), ("total",), a.total, b.total)
        for name, kind, shown in _SETTINGS:
            before, after = shown(a), shown(b)
            if before != after:
                yield self._change(kind, subject, _at(a, name), _at(b, name), before, after)
        yield from self._part_item_changes("bonus", values.bonus_items, ChangeKind.BONUS)
        yield from self._part_item_changes("penalties", values.penalty_items, ChangeKind.PENALTIES)
        yield from self._part_item_changes("classes", values.classes, ChangeKind.CLASSES)

    def _part_item_changes(
        self,
        part: str,
        items_of: Callable[[Rubric], dict[str, tuple[int, str]]],
        kind: ChangeKind,
    ) -> Iterator[Change]:
        """Bonus or penalty items matched by id: added, removed, or changed in any term."""
        before, after = items_of(self.old.rubric), items_of(self.new.rubric)
        what = _PARTS[part]
        for item_id, (index, summary) in after.items():
            loc: Loc = _part_loc(part, index)
            subject = Subject(what, item_id)
            if item_id not in before:
                yield self._added(subject, loc, summary)
            elif before[item_id][1] != summary:
                old_loc = _part_loc(part, before[item_id][0])
                old = before[item_id][1]
                yield self._change(kind, subject, old_loc, loc, old, summary)
        for item_id, (index, summary) in before.items():
            if item_id not in after:
                yield self._removed(Subject(what, item_id), _part_loc(part, index), summary)

    def _section_changes(self, old_id: str, new_id: str) -> Iterator[Change]:
        a, b = self.a.sections[old_id], self.b.sections[new_id]
        subject = Subject(Part.SECTION, new_id)
        if old_id != new_id:
            yield self._change(
                ChangeKind.RENAMED, subject, (*a.loc, "id"), (*b.loc, "id"), old_id, new_id
            )
        for name, kind in (("title", ChangeKind.TITLE), ("score", ChangeKind.SCORE)):
            before, after = getattr(a.value, name), getattr(b.value, name)
            if before != after:
                yield self._change(kind, subject, (*a.loc, name), (*b.loc, name), before, after)
        yield from self._section_part_changes(subject, a, b)

    def _section_part_changes(
        self, subject: Subject, a: Entry[Section], b: Entry[Section]
    ) -> Iterator[Change]:
        """A section's cap on its loss and its weight: both move scores."""
        fields: tuple[tuple[str, ChangeKind, Value, Value], ...] = (
            ("cap", ChangeKind.CAP, a.value.cap, b.value.cap),
            (
                "weight",
                ChangeKind.WEIGHT,
                values.section_weight(a.value),
                values.section_weight(b.value),
            ),
        )
        for name, kind, before, after in fields:
            if before != after:
                old_loc = (*a.loc, name) if before is not None else a.loc
                new_loc = (*b.loc, name) if after is not None else b.loc
                yield self._change(kind, subject, old_loc, new_loc, before, after)

    def _item_and_rule_changes(self, item_id: str) -> Iterator[Change]:
        entry = self.b.items[item_id]
        old_id = self.reverse_items.get(item_id)
        if old_id is None:
            summary = values.item_summary(entry.value)
            yield self._added(Subject(Part.ITEM, item_id), entry.loc, summary)
        else:
            yield from self._item_changes(old_id, item_id)
        for rule in entry.value.rules:
            key = (item_id, rule.id)
            old_key = self.reverse_rules.get(key)
            if old_key is None:
                subject = Subject(Part.RULE, rule.id, item_id)
                yield self._added(subject, self.b.rules[key].loc, values.rule_summary(rule))
            else:
                yield from self._rule_changes(old_key, key)
        for old_key, old_entry in self.removed_rules_under.get(item_id, ()):
            yield self._removed_rule(old_key, old_entry)

    def _removed_rule(self, old_key: RuleKey, entry: Entry[Rule]) -> Change:
        subject = Subject(Part.RULE, old_key[1], old_key[0])
        return self._removed(subject, entry.loc, values.rule_summary(entry.value))

    def _removed_items(self, removed: list[tuple[str, Entry[Item]]]) -> Iterator[Change]:
        """Each removed item, followed by its rules that did not move to another item."""
        for old_id, entry in removed:
            summary = values.item_summary(entry.value)
            yield self._removed(Subject(Part.ITEM, old_id), entry.loc, summary)
            for key, rule_entry in self.old_rules_of.get(old_id, ()):
                if key not in self.rules:
                    yield self._removed_rule(key, rule_entry)

    def _item_changes(self, old_id: str, new_id: str) -> Iterator[Change]:
        a, b = self.a.items[old_id], self.b.items[new_id]
        subject = Subject(Part.ITEM, new_id)
        if old_id != new_id:
            yield self._change(
                ChangeKind.RENAMED, subject, (*a.loc, "id"), (*b.loc, "id"), old_id, new_id
            )
        if self.sections.get(a.parent) != b.parent:
            yield self._change(ChangeKind.MOVED, subject, a.loc, b.loc, a.parent, b.parent)
        for name, kind in (
            ("title", ChangeKind.TITLE),
            ("score", ChangeKind.SCORE),
            ("start", ChangeKind.START),
        ):
            before, after = getattr(a.value, name), getattr(b.value, name)
            if before != after:
                yield self._change(kind, subject, (*a.loc, name), (*b.loc, name), before, after)
        for name, kind, shown in (
            ("owner", ChangeKind.OWNER, lambda item: item.owner),
            ("survey", ChangeKind.SURVEY, values.survey),
        ):
            before, after = shown(a.value), shown(b.value)
            if before != after:
                yield self._change(kind, subject, (*a.loc, name), (*b.loc, name), before, after)
        yield from self._list_changes(subject, a, b, "standards")
        yield from self._list_changes(subject, a, b, "methods")

    def _list_changes(
        self, subject: Subject, a: Entry[Item], b: Entry[Item], name: str
    ) -> Iterator[Change]:
        """Standards or methods: each new one added or reworded, then each old one removed."""
        added, removed, reworded = _LIST_KINDS[name]
        before: list[str] = getattr(a.value, name)
        after: list[str] = getattr(b.value, name)
        pairs = match_texts(before, after)
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

    def _rule_changes(self, old_key: RuleKey, new_key: RuleKey) -> Iterator[Change]:
        a, b = self.a.rules[old_key], self.b.rules[new_key]
        subject = Subject(Part.RULE, new_key[1], new_key[0])
        if old_key[1] != new_key[1]:
            yield self._change(
                ChangeKind.RENAMED, subject, (*a.loc, "id"), (*b.loc, "id"), old_key[1], new_key[1]
            )
        if self.items.get(old_key[0]) != new_key[0]:
            yield self._change(ChangeKind.MOVED, subject, a.loc, b.loc, old_key[0], new_key[0])
        for name, kind, shown in _RULE_FIELDS:
            before, after = shown(a.value), shown(b.value)
            if before != after:
                old_loc, new_loc = _field_loc(a, name), _field_loc(b, name)
                yield self._change(kind, subject, old_loc, new_loc, before, after)


_PARTS = {"bonus": Part.BONUS_ITEM, "penalties": Part.PENALTY_ITEM, "classes": Part.CLASS}


def _part_loc(part: str, index: int) -> Loc:
    """Where a bonus or penalty item, or a unit class, stands in its file."""
    return (part, index) if part == "classes" else (part, "items", index)


def _at(rubric: Rubric, name: str) -> Loc | None:
    """The setting's line, or none when this version does not have it."""
    if name == "class_ranking":  # it has a default: its line only where classes are
        return (name,) if rubric.classes else None
    return (name,) if getattr(rubric, name) else None


def _field_loc(entry: Entry[Rule], name: str) -> Loc:
    """The field's own line when the file has it, else the rule's first line."""
    if name == "below" and entry.value.above is not None:
        name = "above"
    if name == "scales" and not entry.value.scales:
        name = "extra"
    return (*entry.loc, name)
