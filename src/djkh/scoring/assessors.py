"""Several assessors of one unit: their cards combined as the rubric says (see docs/format.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext

from djkh.checks.assessor import other_assessors
from djkh.checks.consistency import same_unit
from djkh.decimals import EXACT, format_number
from djkh.files.loader import load_file
from djkh.i18n import _, ngettext
from djkh.model.rubric import Assessors, Combine, Item, PartItem, RoundAt, Rubric
from djkh.problems.codes import Code
from djkh.problems.problem import Problem
from djkh.scoring.engine import (
    PERIODS,
    ZERO,
    BonusItemScore,
    BonusScore,
    CardParts,
    ItemScore,
    Merged,
    PenaltyScore,
    Rating,
    ScoreCard,
    SectionScore,
    Veto,
    bonus_score,
    finish_card,
    item_with_hits,
    penalty_score,
    section_score,
)
from djkh.scoring.unscored import Unscored

MERGE_PLACES = 2  # a combined score's places when the rubric declares no rounding
Scored = tuple[str, ScoreCard]  # a findings file and its card


@dataclass(frozen=True)
class Combined:
    """The cards of a batch after combining each unit's assessors, and why some could not be."""

    cards: tuple[Scored, ...]
    problems: tuple[Problem, ...]
    files: dict[str, tuple[str, ...]]  # a combined card's path: the files combined

    def files_of(self, path: str) -> tuple[str, ...]:
        """The findings files behind a card's path: one, or the files combined into it."""
        return self.files.get(path, (path,))


def combine_assessors(cards: Sequence[Scored], unscored: Sequence[Unscored] = ()) -> Combined:
    """Each unit with several files whose rubric has `assessors`, combined into one card.

    Units whose rubric says nothing about assessors keep their files apart (the batch then
    refuses them as duplicates, DJ601). A unit with an `unscored` file (one that failed its own
    checks) is refused: its other files point to that file's errors, never scored without it.
    """
    groups: dict[tuple[str, int, str | None], list[Scored]] = {}
    for path, card in cards:
        key = (same_unit(card.unit), card.year, card.period)  # periods are combined after
        groups.setdefault(key, []).append((path, card))
    kept: list[Scored] = []
    problems: list[Problem] = []
    files: dict[str, tuple[str, ...]] = {}
    for group in groups.values():
        failed = _failed_of(group, unscored)
        if failed:
            problems += _not_combined(group, failed, Code.ASSESSORS)  # not a disagreement
            continue
        if not _combinable(group):
            kept += group
            continue
        merged, found = _combine(group)
        problems += found
        if merged is not None:
            kept.append(merged)
            files[merged[0]] = tuple(path for path, _card in group)
    return Combined(tuple(kept), tuple(problems), files)


def _failed_of(group: list[Scored], unscored: Sequence[Unscored]) -> set[str]:
    """The unscored files that may be this unit's assessors' (their period and assessor
    unknown where not plainly one of the rubric's)."""
    card = group[0][1]
    rubric = card.rubric
    if rubric.assessors is None or any(other.rubric.ref != rubric.ref for _p, other in group):
        return set()
    return {
        failed.path
        for failed in unscored
        if failed.records(card.unit, card.year, rubric.ref)
        and failed.may_record_period(rubric, card.period)
    }


def _combinable(group: list[Scored]) -> bool:
    rubric = group[0][1].rubric
    if rubric.assessors is None or any(card.rubric.ref != rubric.ref for _, card in group):
        return False
    return len(group) > 1 or _others_assess(group[0][1])


def _others_assess(card: ScoreCard) -> bool:
    """Whether the rubric names assessors besides this lone file's (owners, rater groups):
    then the unit is combined all the same, so that a missing owner's file is an error, not
    that owner's items at full marks (a file left out by --partial, or never sent)."""
    return bool(other_assessors(card.rubric, card.assessor))


def _combine(group: list[Scored]) -> tuple[Scored | None, list[Problem]]:
    setup = group[0][1].rubric.assessors
    assert setup is not None
    problems = _named(group, setup)
    merged = None
    if not problems:
        with localcontext(EXACT):
            card, problems = _merge(group, setup)
        merged = None if problems else (", ".join(path for path, _ in group), card)
    if problems:  # every file of the unit stays out of the ranking, each with an error
        problems += _not_combined(group, {problem.path for problem in problems})
    return merged, problems


def _locate(path: str, loc: tuple[str | int, ...], code: Code, message: str) -> Problem:
    document = load_file(path).value
    if document is None:
        return Problem(path, None, None, code, message)
    return document.problem(loc, code, message)


def _named(group: list[Scored], setup: Assessors) -> list[Problem]:
    """Every file names its assessor, each once (a rater group may have many files)."""
    problems = []
    seen: dict[str, str] = {}
    groups = {group.name for group in setup.groups}
    for path, card in group:
        if card.assessor is None:
            message = _(
                "{unit} is assessed by several files, so each names its assessor: add "
                "'assessor:' ({how})"
            ).format(unit=card.unit, how=_how_named(setup))
            problems.append(_locate(path, ("unit",), Code.ASSESSORS, message))
        elif setup.combine is Combine.WEIGHTED and card.assessor not in groups:
            message = _(
                "assessor '{assessor}' is not one of the rubric's rater groups ({groups}): "
                "name the group this file's raters belong to"
            ).format(assessor=card.assessor, groups=_listed(g.name for g in setup.groups))
            problems.append(_locate(path, ("assessor",), Code.ASSESSORS, message))
        elif setup.combine is not Combine.WEIGHTED and card.assessor in seen:
            message = _(
                "assessor '{assessor}' also assessed {unit} in {other}: one file per assessor "
                "and unit; merge the two files"
            ).format(assessor=card.assessor, unit=card.unit, other=seen[card.assessor])
            problems.append(_locate(path, ("assessor",), Code.ASSESSORS, message))
        else:
            seen.setdefault(card.assessor, path)
    if setup.combine is Combine.WEIGHTED and not problems:
        problems += _missing_groups(group, setup)
    problems += _other_classes(group)
    return problems


def _how_named(setup: Assessors) -> str:
    if setup.combine is Combine.WEIGHTED:
        return _("one of {groups}").format(groups=_listed(g.name for g in setup.groups))
    if setup.combine is Combine.OWNER:
        return _("the department named as the owner of its items")
    return _("who assessed")


def _missing_groups(group: list[Scored], setup: Assessors) -> list[Problem]:
    present = {card.assessor for _, card in group}
    missing = [g.name for g in setup.groups if g.name not in present]
    if not missing:
        return []
    path, card = group[0]
    message = ngettext(
        "{unit} has no file from rater group {groups}, which the rubric weighs in: add it",
        "{unit} has no files from rater groups {groups}, which the rubric weighs in: add them",
        len(missing),
    ).format(unit=card.unit, groups=_listed(missing))
    return [_locate(path, ("assessor",), Code.ASSESSORS, message)]


def _other_classes(group: list[Scored]) -> list[Problem]:
    first_path, first = group[0]
    problems = []
    for path, card in group[1:]:
        if card.unit_class != first.unit_class:
            message = _(
                "this file puts {unit} in another class than {other} does: the assessors of a "
                "unit agree on its class"
            ).format(unit=card.unit, other=first_path)
            problems.append(_locate(path, ("unit_class",), Code.ASSESSOR_CONFLICT, message))
    return problems


def _listed(names: Iterable[str | None]) -> str:
    return "、".join(str(name) for name in names)


def _not_combined(
    group: list[Scored], with_errors: set[str], code: Code = Code.ASSESSOR_CONFLICT
) -> list[Problem]:
    others = ", ".join(sorted(with_errors))
    message = _("{unit}'s assessors cannot be combined: see the errors in {files}").format(
        unit=group[0][1].unit, files=others
    )
    return [
        _locate(path, ("assessor",), code, message)
        for path, _card in group
        if path not in with_errors
    ]


# Combining: an item with an owner (考核责任单位) from its owner's file; any other item from the
# one file that records it (combine: owner) or from every file's score (mean, trimmed mean,
# weighted rater groups).


def _merge(group: list[Scored], setup: Assessors) -> tuple[ScoreCard, list[Problem]]:
    if setup.combine is Combine.TRIMMED_MEAN and len(group) < 3 and _unowned(group[0][1]):
        path, card = group[0]
        message = ngettext(
            "a trimmed mean (去掉一个最高分和一个最低分) needs at least 3 assessors, but "
            "{unit} has {n}: add an assessor's file, or combine by mean in the rubric",
            "a trimmed mean (去掉一个最高分和一个最低分) needs at least 3 assessors, but "
            "{unit} has {n}: add an assessor's file, or combine by mean in the rubric",
            len(group),
        ).format(unit=card.unit, n=len(group))
        return card, [_locate(path, ("assessor",), Code.TRIMMED_MEAN, message)]
    merger = _Merger(group, setup)
    sections = merger.sections()
    first = group[0][1]
    bonus = penalties = None
    if first.bonus is not None:
        bonus = bonus_score(first.bonus.bonus, merger.parts(_bonus_items))
    if first.penalties is not None:
        penalties = penalty_score(first.penalties.penalties, merger.parts(_penalty_items))
    card = _finish(group, sections, bonus, penalties, merger.hits)
    return card, merger.problems


class _Merger:
    """One unit's assessors' cards merged item by item, remembering where each came from."""

    def __init__(self, group: list[Scored], setup: Assessors) -> None:
        self.group, self.setup = group, setup
        self.first = group[0][1]
        self.places = _places(self.first.rubric)
        self.problems: list[Problem] = []
        self.source: dict[str, ScoreCard | None] = {}  # None: every assessor's score counts
        self.rule_source: dict[tuple[str, str], ScoreCard] = {}

    def pick(self, item: Item | PartItem) -> ScoreCard | None:
        """The one card an item comes from (its owner's), or None if every score counts."""
        if item.owner is None and self.setup.combine is not Combine.OWNER:
            self.source[item.id] = None
            return None
        chosen, found = _owner_source(item, self.group)
        self.problems.extend(found)
        self.source[item.id] = chosen[1]
        return chosen[1]

    def sections(self) -> tuple[SectionScore, ...]:
        return tuple(
            section_score(section.section, tuple(self._items(si, section.items)))
            for si, section in enumerate(self.first.sections)
        )

    def _items(self, si: int, items: tuple[ItemScore, ...]) -> Iterator[ItemScore]:
        for ii, scored in enumerate(items):
            if any(rule.owner is not None for rule in scored.item.rules):
                item, found = _by_rule_owner(self.group, si, ii, self.rule_source)
                self.source[scored.item.id] = None
                self.problems += found
                yield item
                continue
            chosen = self.pick(scored.item)
            if chosen is not None:
                yield _owned(chosen.sections[si].items[ii])
                continue
            each = [(path, card.sections[si].items[ii]) for path, card in self.group]
            item, found = _combined_item(self.group, self.setup, each, self.places)
            self.problems += found
            yield item

    def parts(
        self, at: Callable[[ScoreCard], tuple[BonusItemScore, ...]]
    ) -> tuple[BonusItemScore, ...]:
        merged = []
        for index, scored in enumerate(at(self.first)):
            chosen = self.pick(scored.item)
            if chosen is not None:
                merged.append(_owned_part(at(chosen)[index]))
            else:
                merged.append(_combined_part(self.group, self.setup, at, index, self.places))
        return tuple(merged)

    def hits(self, kind: Callable[[ScoreCard], tuple[Veto, ...]]) -> tuple[Veto, ...]:
        found: dict[tuple[str, str], Veto] = {}
        for _path, card in self.group:  # a veto is a fact: any assessor of a shared item counts
            for veto in kind(card):
                key = (veto.item.id, veto.hit.rule.id)
                if self.rule_source.get(key, self.source.get(veto.item.id)) in (None, card):
                    found.setdefault(key, veto)
        return tuple(found.values())


def _by_rule_owner(
    group: list[Scored], si: int, ii: int, rule_source: dict[tuple[str, str], ScoreCard]
) -> tuple[ItemScore, list[Problem]]:
    """An item whose rules have owners of their own (组织科4分、农村科3分): each rule's hits
    from its owner's file; the item's self score, note and override from the item's owner, or
    the first file that records the item."""
    item = group[0][1].sections[si].items[ii].item
    problems: list[Problem] = []
    hits = []
    for rule in item.rules:
        (_path, card), found = _rule_source(item, rule.id, rule.owner or item.owner, group)
        problems += found
        rule_source[(item.id, rule.id)] = card
        hits += [d for d in card.sections[si].items[ii].deductions if d.rule.id == rule.id]
    base = next((c for _p, c in group if c.assessor == item.owner), None)
    base = base or next((c for _p, c in group if item.id in c.recorded), group[0][1])
    owners = dict.fromkeys(rule.owner or item.owner for rule in item.rules)
    scored = item_with_hits(base.rubric, base.sections[si].items[ii], tuple(hits))
    owner = "、".join(name for name in owners if name is not None)
    return scored._replace(merged=Merged("owner", (), owner)), problems


def _rule_source(
    item: Item, rule_id: str, owner: str | None, group: list[Scored]
) -> tuple[Scored, list[Problem]]:
    """The file a rule's finding comes from: its owner's, or the one file that records it."""
    loc = ("items", item.id, "findings", rule_id)
    recorders = [(p, c) for p, c in group if (item.id, rule_id) in c.recorded_rules]
    if owner is None:
        if len(recorders) < 2:
            return (recorders or group)[0], []
        message = _(
            "rule '{rule}' of item '{item}' is recorded by {assessors}, and the rubric names no "
            "owner (考核责任单位) for it: give the rule an 'owner' in the rubric, or keep it in "
            "one file"
        ).format(rule=rule_id, item=item.id, assessors=_listed(c.assessor for _p, c in recorders))
        return recorders[0], [
            _locate(path, loc, Code.ASSESSOR_CONFLICT, message) for path, _c in recorders
        ]
    problems = []
    for path, card in recorders:
        if card.assessor != owner:
            message = _(
                "rule '{rule}' of item '{item}' is assessed by its owner {owner} (考核责任单位), "
                "not by {assessor}: move this finding to {owner}'s file"
            ).format(rule=rule_id, item=item.id, owner=owner, assessor=card.assessor)
            problems.append(_locate(path, loc, Code.ASSESSOR_CONFLICT, message))
    owners = [(path, card) for path, card in group if card.assessor == owner]
    if owners:
        return owners[0], problems
    path, card = group[0]
    message = _(
        "rule '{rule}' of item '{item}' is assessed by {owner} (考核责任单位), but no file for "
        "{unit} is by {owner}: add {owner}'s findings"
    ).format(rule=rule_id, item=item.id, owner=owner, unit=card.unit)
    return group[0], [*problems, _locate(path, ("assessor",), Code.ASSESSORS, message)]


def _unowned(card: ScoreCard) -> bool:
    """Whether any item has no owner, so that every assessor's score of it counts."""
    items = card.rubric.items_by_id.values()
    return any(item.owner is None and not _rule_owners(item) for item in items)


def _rule_owners(item: Item | PartItem) -> bool:
    return any(rule.owner is not None for rule in item.rules)


def _bonus_items(card: ScoreCard) -> tuple[BonusItemScore, ...]:
    return card.bonus.items if card.bonus else ()


def _penalty_items(card: ScoreCard) -> tuple[BonusItemScore, ...]:
    return card.penalties.items if card.penalties else ()


def _owned(chosen: ItemScore) -> ItemScore:
    owner = chosen.item.owner
    return chosen if owner is None else chosen._replace(merged=Merged("owner", (), owner))


def _owned_part(chosen: BonusItemScore) -> BonusItemScore:
    owner = chosen.item.owner
    return chosen if owner is None else chosen._replace(merged=Merged("owner", (), owner))


def _owner_source(item: Item | PartItem, group: list[Scored]) -> tuple[Scored, list[Problem]]:
    """The file an item's scores come from: its owner's, or the one file that records it."""
    recorders = [(path, card) for path, card in group if item.id in card.recorded]
    owner = item.owner
    if owner is None:
        if len(recorders) < 2:
            return (recorders or group)[0], []
        message = _(
            "item '{item}' is recorded by {assessors}, and the rubric names no owner "
            "(考核责任单位) for it: give the item an 'owner' in the rubric, or keep it in one "
            "file"
        ).format(item=item.id, assessors=_listed(card.assessor for _, card in recorders))
        return recorders[0], [
            _locate(path, ("items", item.id), Code.ASSESSOR_CONFLICT, message)
            for path, _card in recorders
        ]
    owners = [(path, card) for path, card in group if card.assessor == owner]
    problems = []
    for path, card in recorders:
        if card.assessor != owner:
            message = _(
                "item '{item}' is assessed by its owner {owner} (考核责任单位), not by "
                "{assessor}: move these findings to {owner}'s file"
            ).format(item=item.id, owner=owner, assessor=card.assessor)
            problems.append(_locate(path, ("items", item.id), Code.ASSESSOR_CONFLICT, message))
    if not owners:
        path, card = group[0]
        message = _(
            "item '{item}' is assessed by {owner} (考核责任单位), but no file for {unit} is by "
            "{owner}: add {owner}'s findings"
        ).format(item=item.id, owner=owner, unit=card.unit)
        problems.append(_locate(path, ("assessor",), Code.ASSESSORS, message))
        return group[0], problems
    return owners[0], problems


def _places(rubric: Rubric) -> int:
    rounding = rubric.rounding
    if rounding is not None and rounding.at is RoundAt.ITEM:
        return rounding.places
    return MERGE_PLACES


def _combined_item(
    group: list[Scored], setup: Assessors, each: list[tuple[str, ItemScore]], places: int
) -> tuple[ItemScore, list[Problem]]:
    first = each[0][1]
    marked = {scored.not_applicable is not None for _, scored in each}
    problems = _self_scores(first.item.id, [(p, s.self_score) for p, s in each])
    if len(marked) > 1:
        message = _(
            "item '{item}' is marked not applicable by some assessors of {unit} and not by "
            "others: agree whether it applies"
        ).format(item=first.item.id, unit=group[0][1].unit)
        problems += [
            _locate(path, ("items", first.item.id), Code.ASSESSOR_CONFLICT, message)
            for path, scored in each
            if scored.not_applicable is not None
        ]
    ratings = _ratings(group, [scored.score for _, scored in each])
    if first.not_applicable is not None:
        return first._replace(merged=_merged(setup, ratings)), problems
    score = _within(_combined(setup, ratings), places, first.available)
    merged = _merged(setup, ratings)
    self_score = next((s.self_score for _, s in each if s.self_score is not None), None)
    return ItemScore(
        first.item,
        score,
        first.available - score,
        self_score,
        (),
        None,
        score,
        merged=merged,
    ), problems


def _combined_part(
    group: list[Scored],
    setup: Assessors,
    at: Callable[[ScoreCard], tuple[BonusItemScore, ...]],
    index: int,
    places: int,
) -> BonusItemScore:
    ratings = _ratings(group, [at(card)[index].points for _, card in group])
    points = _round(_combined(setup, ratings), places)
    merged = _merged(setup, ratings)
    return BonusItemScore(at(group[0][1])[index].item, points, (), None, None, merged=merged)


def _merged(setup: Assessors, ratings: tuple[Rating, ...]) -> Merged:
    weights = tuple((group.name, group.weight) for group in setup.groups)
    return Merged(setup.combine.value, ratings, None, weights)


def _ratings(group: list[Scored], scores: list[Decimal]) -> tuple[Rating, ...]:
    return tuple(
        Rating(card.assessor or "", score, path)
        for (path, card), score in zip(group, scores, strict=True)
    )


def _self_scores(item: str, given: list[tuple[str, Decimal | None]]) -> list[Problem]:
    """The unit's own score of an item is one number, whichever assessor wrote it down."""
    scores = {score for _, score in given if score is not None}
    if len(scores) < 2:
        return []
    message = _(
        "the assessors of this unit write different self scores for item '{item}' ({scores}): "
        "the unit's self score is one number; correct it"
    ).format(item=item, scores=_listed(format_number(s) for s in sorted(scores)))
    return [
        _locate(path, ("items", item, "self_score"), Code.ASSESSOR_CONFLICT, message)
        for path, score in given
        if score is not None
    ]


def _combined(setup: Assessors, ratings: Sequence[Rating]) -> Decimal:
    """The mean, trimmed mean or weighted mean of the ratings, unrounded (called in EXACT)."""
    scores = sorted(rating.score for rating in ratings)
    if setup.combine is Combine.TRIMMED_MEAN:
        scores = scores[1:-1]
    if setup.combine is not Combine.WEIGHTED:
        return sum(scores, ZERO) / len(scores)
    total = ZERO
    for rater_group in setup.groups:
        own = [r.score for r in ratings if r.assessor == rater_group.name]
        total += rater_group.weight * sum(own, ZERO) / len(own)
    return total


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _within(value: Decimal, places: int, top: Decimal) -> Decimal:
    return min(max(_round(value, places), ZERO), top)


def _finish(
    group: list[Scored],
    sections: tuple[SectionScore, ...],
    bonus: BonusScore | None,
    penalties: PenaltyScore | None,
    hits: Callable[[Callable[[ScoreCard], tuple[Veto, ...]]], tuple[Veto, ...]],
) -> ScoreCard:
    first = group[0][1]
    names = tuple(card.assessor or "" for _, card in group)
    dates = [card.date for _, card in group if card.date is not None]
    parts = CardParts(
        first.unit,
        first.year,
        first.rubric,
        sections,
        bonus,
        penalties,
        hits(lambda card: card.vetoes),
        hits(lambda card: card.score_vetoes),
        hits(lambda card: card.bars),
        "、".join(dict.fromkeys(names)),  # a rater group once, however many raters it has
        max(dates) if dates else None,
        first.unit_class,
    )
    recorded = frozenset().union(*(card.recorded for _, card in group))
    card = finish_card(parts)
    return replace(card, recorded=recorded, assessors=names, period=first.period)


@dataclass(frozen=True)
class Disagreement:
    """An item whose assessors gave different scores: what a committee reviews first."""

    unit: str
    year: int
    rubric: str
    section_index: int
    item_index: int  # in its section; -1 for a bonus or penalty item
    item_id: str
    title: str
    ratings: tuple[Rating, ...]
    combined: Decimal

    @property
    def spread(self) -> Decimal:
        """The highest score less the lowest."""
        scores = [rating.score for rating in self.ratings]
        return max(scores) - min(scores)


def find_disagreements(cards: Iterable[ScoreCard]) -> tuple[Disagreement, ...]:
    """Every combined item whose assessors disagree, unit by unit, widest spread first."""
    found = []
    for card in cards:
        for si, section in enumerate(card.sections):
            for ii, item in enumerate(section.items):
                if _disagree(item.merged):
                    assert item.merged is not None
                    found.append(_disagreement(card, si, ii, item.item, item.merged, item.score))
        parts = [*_bonus_items(card), *_penalty_items(card)]
        for part in parts:
            if _disagree(part.merged):
                assert part.merged is not None
                found.append(_disagreement(card, -1, -1, part.item, part.merged, part.points))
    return tuple(sorted(found, key=lambda d: (d.unit, d.year, -d.spread)))


def _disagree(merged: Merged | None) -> bool:
    if merged is None or merged.combine == PERIODS:  # periods differ; assessors disagree
        return False
    return len({rating.score for rating in merged.ratings}) > 1


def _disagreement(
    card: ScoreCard, si: int, ii: int, item: Item | PartItem, merged: Merged, score: Decimal
) -> Disagreement:
    return Disagreement(
        card.unit, card.year, card.rubric.ref, si, ii, item.id, item.title, merged.ratings, score
    )


@dataclass(frozen=True)
class DisagreementReport:
    """The units combined from several assessors, and the items they disagree on."""

    units: int
    disagreements: tuple[Disagreement, ...]


def disagreement_report(cards: Sequence[ScoreCard]) -> DisagreementReport:
    """The report a committee reviews before publishing: where the assessors differ."""
    combined = [card for card in cards if len(card.assessors) > 1]
    return DisagreementReport(len(combined), find_disagreements(combined))
