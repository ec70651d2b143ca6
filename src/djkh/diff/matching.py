"""Which section, item and rule of the old rubric became which of the new: by id, then content."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from djkh.diff.textdiff import similarity
from djkh.files.document import Loc
from djkh.model.rubric import Item, Rubric, Rule, Section

# Content at least this alike, under another id, is reported as renamed, not removed and added.
RENAME_SIMILARITY = 0.8
# At most this many texts are compared in one search for renames: when more removed and added
# things are left, each removed one is compared with the added ones near its place in the file
# (renames mostly keep their place), and identical texts are paired wherever they stand.
MAX_COMPARISONS = 20_000

T = TypeVar("T")
RuleKey = tuple[str, str]  # (item id, rule id)
Texts = tuple[Callable[[T], str], Callable[[T], str]]


@dataclass(frozen=True)
class Entry(Generic[T]):
    """A section, item or rule, where it stands in the file, and the id of what holds it."""

    value: T
    loc: Loc
    parent: str = ""


@dataclass
class Index:
    """A rubric's sections, items and rules by id, in the file's order."""

    sections: dict[str, Entry[Section]] = field(default_factory=dict)
    items: dict[str, Entry[Item]] = field(default_factory=dict)
    rules: dict[RuleKey, Entry[Rule]] = field(default_factory=dict)


def index_rubric(rubric: Rubric) -> Index:
    """Every section, item and rule of `rubric` by id, with its place in the file."""
    index = Index()
    for si, section in enumerate(rubric.sections):
        index.sections[section.id] = Entry(section, ("sections", si))
        for ii, item in enumerate(section.items):
            item_loc: Loc = ("sections", si, "items", ii)
            index.items[item.id] = Entry(item, item_loc, section.id)
            for ri, rule in enumerate(item.rules):
                index.rules[(item.id, rule.id)] = Entry(rule, (*item_loc, "rules", ri), item.id)
    return index


@dataclass(frozen=True)
class Matches:
    """New id for each old section, item and rule that survived, renamed or not."""

    sections: dict[str, str]
    items: dict[str, str]
    rules: dict[RuleKey, RuleKey]


def match_rubrics(a: Index, b: Index) -> Matches:
    """Items first (by id, else by title and standards), then sections and rules."""
    old_texts = {key: _item_text(entry.value) for key, entry in a.items.items()}
    new_texts = {key: _item_text(entry.value) for key, entry in b.items.items()}
    items = _match(
        list(a.items),
        list(b.items),
        lambda x, y: similarity(old_texts[x], new_texts[y]),
        (old_texts.__getitem__, new_texts.__getitem__),
    )

    def section_alike(old_id: str, new_id: str) -> float:
        """Alike by title, or by holding the same items (a section's title is short)."""
        old, new = a.sections[old_id].value, b.sections[new_id].value
        old_items = {items.get(item.id) for item in old.items} - {None}
        new_items = {item.id for item in new.items}
        shared = len(old_items & new_items) / max(len(old.items), len(new.items))
        return max(similarity(old.title, new.title), shared)

    sections = _match(list(a.sections), list(b.sections), section_alike)
    return Matches(sections, items, _match_rules(a, b, items))


def match_texts(before: Sequence[str], after: Sequence[str]) -> dict[int, int]:
    """New index for each old text of a list that survived, the same or reworded."""
    return dict(
        pair_by_similarity(
            list(range(len(before))),
            list(range(len(after))),
            lambda i, j: similarity(before[i], after[j]),
            (before.__getitem__, after.__getitem__),
        )
    )


def _item_text(item: Item) -> str:
    return "\n".join([item.title, *item.standards])


def _match_rules(a: Index, b: Index, items: dict[str, str]) -> dict[RuleKey, RuleKey]:
    """Same rule id in the (matched) same item; else the same id elsewhere; else by text."""
    translated = {
        key: (items.get(key[0], ""), key[1]) for key in a.rules
    }  # old keys as they would read under the new item ids
    matched = {key: moved for key, moved in translated.items() if moved in b.rules}
    left_old = [key for key in a.rules if key not in matched]
    taken = set(matched.values())
    left_new = [key for key in b.rules if key not in taken]
    by_id_new = _unique_by_rule_id(left_new)
    for rule_id, key in _unique_by_rule_id(left_old).items():
        if rule_id in by_id_new:
            matched[key] = by_id_new[rule_id]
    left_old = [key for key in left_old if key not in matched]
    taken = set(matched.values())
    left_new = [key for key in left_new if key not in taken]
    matched.update(
        pair_by_similarity(
            left_old,
            left_new,
            lambda x, y: similarity(a.rules[x].value.text, b.rules[y].value.text),
            (lambda key: a.rules[key].value.text, lambda key: b.rules[key].value.text),
        )
    )
    return matched


def _unique_by_rule_id(keys: list[RuleKey]) -> dict[str, RuleKey]:
    counts: dict[str, int] = {}
    for _item, rule_id in keys:
        counts[rule_id] = counts.get(rule_id, 0) + 1
    return {rule_id: (item, rule_id) for item, rule_id in keys if counts[rule_id] == 1}


def _match(
    old_keys: Sequence[T],
    new_keys: Sequence[T],
    alike: Callable[[T, T], float],
    texts: Texts[T] | None = None,
) -> dict[T, T]:
    """New key for each old key that survives: the same key, else a rename by content."""
    new_set = set(new_keys)
    matched = {key: key for key in old_keys if key in new_set}
    removed = [key for key in old_keys if key not in matched]
    added = [key for key in new_keys if key not in matched]
    matched.update(pair_by_similarity(removed, added, alike, texts))
    return matched


def pair_by_similarity(
    removed: Sequence[T],
    added: Sequence[T],
    alike: Callable[[T, T], float],
    texts: Texts[T] | None = None,
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


def _identical_pairs(removed: Sequence[T], added: Sequence[T], texts: Texts[T]) -> dict[int, int]:
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
