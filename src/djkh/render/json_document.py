"""`--format json`: the score card as a stable JSON document with exact numbers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any, TypeVar

from djkh.decimals import format_number
from djkh.escaping import SHOWN, UTF8
from djkh.model.rubric import Item, Rubric, Rule, Section
from djkh.render import RenderOptions
from djkh.scoring.engine import (
    PERIODS,
    BonusItemScore,
    BonusScore,
    Deduction,
    ItemScore,
    Merged,
    PenaltyScore,
    PeriodsScore,
    RelativePoints,
    ScoreCard,
    SectionScore,
    SurveyResult,
    Veto,
)


def render(card: ScoreCard, options: RenderOptions) -> str:
    """The JSON document documented in docs/format.md."""
    return dumps(card_document(card)) + "\n"


def _rubric(card: ScoreCard) -> dict[str, Any]:
    rubric = {"id": card.rubric.id, "version": card.rubric.version}
    if card.rubric.issuer is not None:
        rubric["issuer"] = card.rubric.issuer
    return rubric


def card_document(card: ScoreCard) -> dict[str, Any]:
    """The card as plain data, numbers kept as Decimal; keys for features the rubric uses."""
    document: dict[str, Any] = {
        "unit": card.unit,
        "year": card.year,
        "rubric": _rubric(card),
        "max": card.rubric.total,
        "score": card.score,
        "deduction": card.deduction,
        "self_score": card.self_score,
    }
    if card.assessor is not None:
        document["assessor"] = card.assessor
    if card.date is not None:
        document["date"] = card.date
    if card.unit_class is not None:
        unit_class = card.unit_class
        document["unit_class"] = {
            "id": unit_class.id,
            "title": unit_class.title,
            "group": unit_class.group,
        }
    document.update(_verdict(card))
    rubric = card.rubric
    if rubric.has_relative:
        document["provisional"] = card.provisional
    if card.bonus is not None or card.rescaled or card.penalties is not None:
        document["base"] = card.base
    if card.rescaled:
        available = sum((s.available for s in card.sections), Decimal(0))
        document["rescaled"] = {"available": available, "raw": card.raw_base}
    if card.assessors:
        document["assessors"] = list(dict.fromkeys(card.assessors))  # a rater group once
    if card.period is not None:
        document["period"] = card.period
    if card.periods is not None:
        document["periods"] = _periods(card.periods)
    if card.assessed is not None and rubric.self_assessment is not None:
        document["self_assessment"] = {
            "weight": rubric.self_assessment.weight,
            "self_score": card.self_score,
            "assessed": card.assessed,
        }
    if card.bonus is not None:
        document["bonus"] = _bonus(card.bonus)
    if card.penalties is not None:
        document["penalties"] = _penalties(card.penalties)
    document["sections"] = [_section(section) for section in card.sections]
    return document


def card_entry(card: ScoreCard, lead: dict[str, Any]) -> CardEntry:
    """`{**lead, **card_document(card)}`, or, for a card with nothing but its numbers and
    sections (most), what `_write` writes straight from the card as it would have that dict."""
    if _is_plain_card(card):
        return _PlainCard(card, lead)
    return {**lead, **card_document(card)}


def _is_plain_card(card: ScoreCard) -> bool:
    """Whether `card_document` would hold only the keys every card has."""
    return (
        card.assessor is None
        and card.date is None
        and card.unit_class is None
        and card.bonus is None
        and card.penalties is None
        and not card.rescaled
        and not card.assessors
        and card.period is None
        and card.periods is None
        and card.assessed is None
        and _is_plain_rubric(card.rubric)
    )


def _is_plain_rubric(rubric: Rubric) -> bool:
    """Whether the rubric adds no key of its own to its cards (grades, vetoes, relative rules)."""
    return not (
        rubric.grades or rubric.has_quotas or rubric.has_relative or any(rubric.vetoing.values())
    )


class _PlainCard:
    """A card with nothing but its numbers and sections, and what goes before them."""

    __slots__ = ("card", "lead")

    def __init__(self, card: ScoreCard, lead: dict[str, Any]) -> None:
        self.card, self.lead = card, lead


CardEntry = dict[str, Any] | _PlainCard  # a card's entry, for `dumps` (card_entry)


def _write_plain_card(entry: _PlainCard, indent: int, out: list[bytes]) -> None:
    """`_write({**entry.lead, **card_document(entry.card)}, indent, out)` for a plain card."""
    card = entry.card
    inner = "\n" + "  " * (indent + 1)
    separator = "{" + inner
    for key, value in entry.lead.items():
        out.append(f"{separator}{encode_basestring(key)}: ".encode())
        _write(value, indent + 1, out)
        separator = "," + inner
    self_score = card.self_score
    out.append(
        (
            f'{separator}"unit": {encode_basestring(card.unit)},{inner}'
            f'"year": {_LEAVES[type(card.year)](card.year)},{inner}"rubric": '
        ).encode()
    )
    out.append(_kept_start(card.rubric, indent + 1, _rubric_text))
    out.append(
        (
            f',{inner}"max": {_LEAVES[type(card.rubric.total)](card.rubric.total)},{inner}'
            f'"score": {_LEAVES[type(card.score)](card.score)},{inner}'
            f'"deduction": {_LEAVES[type(card.deduction)](card.deduction)},{inner}'
            f'"self_score": {_LEAVES[type(self_score)](self_score)},{inner}"sections": '
        ).encode()
    )
    sections = [_section(section) for section in card.sections]
    _write(sections, indent + 1, out)
    out.append(_closing(indent, "}"))


def _rubric_text(rubric: Rubric, inner: str) -> str:
    """`_rubric`'s dict as `_write` writes it, its keys starting at `inner`."""
    text = f'{{{inner}"id": {dumps(rubric.id)},{inner}"version": {dumps(rubric.version)}'
    if rubric.issuer is not None:
        text += f',{inner}"issuer": {dumps(rubric.issuer)}'
    return text + inner[:-2] + "}"


def _periods(result: PeriodsScore) -> dict[str, Any]:
    """平时考核: each period's score, their combination, the year-end's and the year's."""
    setup = result.periods
    return {
        "combine": setup.combine.value,
        "scores": [{"period": name, "score": score} for name, score in result.scores],
        "combined": result.shown_part,
        "weight": setup.weight,
        "year_end": None
        if setup.year_end is None
        else {
            "period": setup.year_end,
            "score": result.year_end,
        },
        "score": result.score,
        "sections_of": result.shown,
    }


def _verdict(card: ScoreCard) -> dict[str, Any]:
    """The grade, vetoes and bars, for the rubrics that have them."""
    rubric = card.rubric
    verdict: dict[str, Any] = {}
    if rubric.grades:
        verdict["grade"] = card.grade
    if rubric.has_quotas:
        verdict["grade_by_score"] = card.grade_by_score or card.grade
    vetoing = rubric.vetoing
    if vetoing["veto_rules"]:
        verdict["vetoes"] = [_veto(veto) for veto in card.vetoes]
    if vetoing["score_veto_rules"]:
        verdict["score_vetoes"] = [_score_veto(veto) for veto in card.score_vetoes]
        verdict["score_before_vetoes"] = card.before_vetoes
    if vetoing["bar_rules"]:
        verdict["bars"] = [_bar(veto) for veto in card.bars]
    return verdict


def _veto(veto: Veto) -> dict[str, Any]:
    return _hit(veto, "grade", veto.grade)


def _score_veto(veto: Veto) -> dict[str, Any]:
    return _hit(veto, "score", veto.limit)


def _bar(veto: Veto) -> dict[str, Any]:
    return _hit(veto, "bars", veto.bars)


def _hit(veto: Veto, key: str, value: object) -> dict[str, Any]:
    """A veto, score veto or bar: the rule that hit, what it does (`key`), and its evidence."""
    hit = veto.hit
    return {
        "item": veto.item.id,
        "rule": hit.rule.id,
        "text": hit.rule.text,
        key: value,
        "evidence": hit.evidence,
    }


def _bonus(bonus: BonusScore) -> dict[str, Any]:
    return {
        "max": bonus.bonus.cap,
        "earned": bonus.earned,
        "points": bonus.points,
        "items": [_part_item(item, "additions") for item in bonus.items],
    }


def _penalties(penalties: PenaltyScore) -> dict[str, Any]:
    return {
        "max": penalties.penalties.cap,
        "incurred": penalties.incurred,
        "points": penalties.points,
        "items": [_part_item(item, "deductions") for item in penalties.items],
    }


def _part_item(item: BonusItemScore, key: str) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": item.item.id,
        "title": item.item.title,
        "points": item.points,
        key: [_deduction(a) for a in item.additions],
    }
    if item.merged is not None:
        document["combined"] = _merged(item.merged)
    if item.override is not None:
        document["override"] = {
            "computed": item.computed,
            "points": item.points,
            "reason": item.override.reason,
            "approved_by": item.override.approved_by,
        }
    return document


def _section(section: SectionScore) -> dict[str, Any] | _PlainSection:
    """A section's entry: written straight from its score where it has no cap and no weight
    (most sections), else as a dict."""
    part = section.section
    if part.cap is None and part.weight is None:
        return _PlainSection(section)
    return _section_document(section)


def _section_document(section: SectionScore) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": section.section.id,
        "title": section.section.title,
        "max": section.section.score,
        "score": section.score,
        "deduction": section.deduction,
    }
    if section.section.cap is not None:
        document["cap"] = {"max_loss": section.section.cap, "uncapped": section.uncapped}
    if section.section.weight is not None:
        document["weight"] = section.section.weight
        document["weighted"] = section.weighted
    document["items"] = [_entry(item) for item in section.items]
    return document


class _PlainSection:
    """A section with no cap and no weight: `_write` writes its entry straight from the score,
    as `_section_document` would have it, its fixed start laid out once."""

    __slots__ = ("score",)

    def __init__(self, score: SectionScore) -> None:
        self.score = score


def _write_plain_section(score: SectionScore, indent: int, out: list[bytes]) -> None:
    """`_write(_section_document(score), indent, out)` for a section with no cap and no weight."""
    inner = "\n" + "  " * (indent + 1)
    out.append(_kept_start(score.section, indent, _section_start_text))
    out.append(
        (
            f"{_LEAVES[type(score.score)](score.score)},{inner}"
            f'"deduction": {_LEAVES[type(score.deduction)](score.deduction)},{inner}"items": '
        ).encode()
    )
    # The items written here, not as `_write` of their list: the list made and walked again
    # cost 0.5 % of a json batch's instructions. A section has an item at least (its model).
    separator, following = _separators(indent + 1)
    for item in score.items:
        out.append(separator)
        if _is_plain(item):  # no _PlainItem made to be told apart again
            _write_plain_item(item, indent + 2, out)
        else:
            _write(_item(item), indent + 2, out)
        separator = following
    out.append(_closing(indent + 1, "]"))
    out.append(_closing(indent, "}"))


def _section_start_text(section: Section, inner: str) -> str:
    return (
        f'{{{inner}"id": {encode_basestring(section.id)},{inner}'
        f'"title": {encode_basestring(section.title)},{inner}'
        f'"max": {_LEAVES[type(section.score)](section.score)},{inner}"score": '
    )


class _PlainItem:
    """An item with nothing but its numbers and deductions (most items): `_write` writes its
    entry straight from the score, as `_item` would have it, without a dict made first."""

    __slots__ = ("score",)

    def __init__(self, score: ItemScore) -> None:
        self.score = score


def _entry(item: ItemScore) -> dict[str, Any] | _PlainItem:
    return _PlainItem(item) if _is_plain(item) else _item(item)


def _is_plain(item: ItemScore) -> bool:
    """Whether the item has nothing but its numbers and deductions."""
    return (
        item.not_applicable is None
        and item.survey is None
        and item.merged is None
        and item.override is None
        and item.item.deducts_only
    )


def _write_plain_item(score: ItemScore, indent: int, out: list[bytes]) -> None:
    """`_write(_item(score), indent, out)` for a plain item, its fixed start laid out once."""
    if score.deductions:
        _lay_plain_item(score, indent, out)
        return
    # Most units score most items alike (full marks, or the same self score): an item with no
    # deductions is the same text for each, made once. Equal numbers are written alike.
    key = (id(score.item), indent, score.score, score.deduction, score.self_score)
    kept = _UNTOUCHED.get(key)
    if kept is None or kept[0] is not score.item:
        if len(_UNTOUCHED) >= _UNTOUCHED_KEPT:
            _UNTOUCHED.clear()
        laid: list[bytes] = []
        _lay_plain_item(score, indent, laid)
        kept = _UNTOUCHED[key] = (score.item, b"".join(laid))
    out.append(kept[1])


# An item with no deductions, written: by its item's id (kept alive here), indent and numbers.
_UNTOUCHED: dict[tuple[int, int, Decimal, Decimal, Decimal | None], tuple[Item, bytes]] = {}
_UNTOUCHED_KEPT = 4096  # a bound for a batch whose units all score differently


def _lay_plain_item(score: ItemScore, indent: int, out: list[bytes]) -> None:
    inner = "\n" + "  " * (indent + 1)
    out.append(_item_start(score.item, indent))
    self_score = score.self_score
    out.append(
        (
            f"{_LEAVES[type(score.score)](score.score)},{inner}"
            f'"deduction": {_LEAVES[type(score.deduction)](score.deduction)},{inner}'
            f'"self_score": {_LEAVES[type(self_score)](self_score)},{inner}"deductions": '
        ).encode()
    )
    _write_deductions([d for d in score.deductions if not d.adds], indent + 1, out)
    out.append(_closing(indent, "}"))


def _write_deductions(hits: list[Deduction], indent: int, out: list[bytes]) -> None:
    """`_write([_deduction(hit) for hit in hits], indent, out)`, the usual hit written straight."""
    if not hits:
        out.append(b"[]")
        return
    separator, following = _separators(indent)
    for hit in hits:
        out.append(separator)
        plain = hit.counted and hit.scale is None
        if plain and hit.reason is None and hit.reference is None and hit.extra is None:
            _write_plain_hit(hit, indent + 1, out)
        else:
            _write(_deduction(hit), indent + 1, out)
        separator = following
    out.append(_closing(indent, "]"))


def _write_plain_hit(hit: Deduction, indent: int, out: list[bytes]) -> None:
    """`_write(_deduction(hit), indent, out)` for a hit with no more than its rule, value,
    amount and evidence."""
    inner = "\n" + "  " * (indent + 1)
    out.append(_hit_start(hit.rule, indent))
    out.append(
        (
            f"{_LEAVES[type(hit.value)](hit.value)},{inner}"
            f'"amount": {_LEAVES[type(hit.amount)](hit.amount)},{inner}'
            f'"evidence": {_LEAVES[type(hit.evidence)](hit.evidence)}\n{"  " * indent}}}'
        ).encode()
    )


_Part = TypeVar("_Part", Item, Rule, Section, Rubric)


def _hit_start(rule: Rule, indent: int) -> bytes:
    """A hit's entry up to its value: its rule's id and text, at `indent`."""
    return _kept_start(rule, indent, _hit_start_text)


def _hit_start_text(rule: Rule, inner: str) -> str:
    return (
        f'{{{inner}"rule": {encode_basestring(rule.id)},{inner}'
        f'"text": {encode_basestring(rule.text)},{inner}"value": '
    )


def _item_start(item: Item, indent: int) -> bytes:
    """An item's entry up to its score: its id, title and standard score, at `indent`."""
    return _kept_start(item, indent, _item_start_text)


def _item_start_text(item: Item, inner: str) -> str:
    return (
        f'{{{inner}"id": {encode_basestring(item.id)},{inner}'
        f'"title": {encode_basestring(item.title)},{inner}'
        f'"max": {_LEAVES[type(item.score)](item.score)},{inner}"score": '
    )


def _kept_start(part: _Part, indent: int, make: Callable[[_Part, str], str]) -> bytes:
    """`make`'s text for a rubric part at `indent`, in UTF-8, made once per part and indent."""
    kept = _STARTS.get((id(part), indent))
    if kept is None or kept[0] is not part:
        text = make(part, "\n" + "  " * (indent + 1)).encode()
        kept = _STARTS[(id(part), indent)] = (part, text)
    return kept[1]


# By the id of the item, rule, section or rubric (kept alive by the entry) and the indent it
# starts at.
_STARTS: dict[tuple[int, int], tuple[object, bytes]] = {}


def _item(item: ItemScore) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": item.item.id,
        "title": item.item.title,
        "max": item.item.score,
        "score": item.score,
        "deduction": item.deduction,
        "self_score": item.self_score,
        "deductions": [_deduction(d) for d in item.deductions if not d.adds],
    }
    if item.item.start is not None or any(rule.adds for rule in item.item.rules):
        document["additions"] = [_deduction(d) for d in item.deductions if d.adds]
    if item.not_applicable is not None:
        document["not_applicable"] = {"reason": item.not_applicable, "counts": item.available}
    if item.survey is not None:
        document["survey"] = _survey(item.survey)
    if item.item.relative_rules:
        document["relative"] = [relative_entry(entry) for entry in item.relative]
    if item.merged is not None:
        document["combined"] = _merged(item.merged)
    if item.override is not None:
        document["override"] = {
            "computed": item.computed,
            "score": item.score,
            "reason": item.override.reason,
            "approved_by": item.override.approved_by,
        }
    return document


def relative_entry(entry: RelativePoints) -> dict[str, Any]:
    """A rank or relative rule's value and what the batch made of it (null while pending)."""
    basis = entry.basis
    batch = None
    if basis is not None:
        batch = {"units": basis.units, "rank": basis.rank, "best": basis.best, "mean": basis.mean}
    return {
        "rule": entry.rule.id,
        "value": entry.value,
        "batch": batch,
        "points": entry.amount,
    }


def _survey(survey: SurveyResult) -> dict[str, Any]:
    return {
        "votes": [{"level": name, "value": value, "votes": n} for name, value, n in survey.votes],
        "valid": survey.valid,
        "abstained": survey.abstained,
        "invalid": survey.invalid,
        "earned": survey.earned,
        "abstention_loss": survey.lost,
    }


def _merged(merged: Merged) -> dict[str, Any]:
    if merged.combine == PERIODS:  # 平时考核: each period's score of the item
        ratings = [{"period": r.assessor, "score": r.score} for r in merged.ratings]
        return {"by": merged.combine, "periods": ratings}
    return {
        "by": merged.combine,
        "owner": merged.owner,
        "ratings": [{"assessor": r.assessor, "score": r.score} for r in merged.ratings],
    }


def _deduction(deduction: Deduction) -> dict[str, Any]:
    document: dict[str, Any] = {
        "rule": deduction.rule.id,
        "text": deduction.rule.text,
        "value": deduction.value,
        "amount": deduction.amount,
        "evidence": deduction.evidence,
    }
    for key, value in (
        ("reason", deduction.reason),
        ("reference", deduction.reference),
        ("scale", deduction.scale.id if deduction.scale else None),
        ("extra", deduction.extra),
    ):
        if value is not None:
            document[key] = value
    if not deduction.counted:
        document["counted"] = False
    return document


_CONSTANTS = {True: "true", False: "false", None: "null"}


class Laid(tuple[bytes, ...]):
    """JSON text already laid out at its place's indent (a unit a worker wrote), as parts of
    UTF-8: a `Streamed` array gives them as they are (the first, a unit's rank, joined to the
    separator before it), so a batch's output never decodes a unit to encode it again, nor
    copies it to put its rank in front."""

    __slots__ = ()


class Streamed:
    """A JSON array whose elements are made one at a time as `dump_pieces` reaches it, so a
    document of thousands of cards never holds them all as text (nor as dicts) at once."""

    __slots__ = ("elements",)

    def __init__(self, elements: Iterable[Any]) -> None:
        self.elements = elements


def dump_pieces(value: Any, indent: int = 0) -> Iterator[str | bytes]:
    """The text `dumps` gives, in pieces: a `Streamed` array element by element, each element
    in UTF-8 (a `Laid` element as its parts); the brackets, keys and separators around them
    as text."""
    kind = type(value)
    if kind is Streamed:
        yield from _streamed_pieces(value, indent)
    elif (kind is dict or kind is list) and value:
        inner = "\n" + "  " * (indent + 1)
        yield "{" if kind is dict else "["
        separator = inner
        keyed = value.items() if kind is dict else (("", element) for element in value)
        for key, element in keyed:
            yield separator + (encode_basestring(key) + ": " if kind is dict else "")
            yield from dump_pieces(element, indent + 1)
            separator = "," + inner
        yield "\n" + "  " * indent + ("}" if kind is dict else "]")
    else:
        yield dump_bytes(value, indent)


def _streamed_pieces(streamed: Streamed, indent: int) -> Iterator[bytes]:
    separator, following = _separators(indent)
    for element in streamed.elements:
        if type(element) is Laid:  # its first part joined to the separator: one piece fewer
            yield separator + element[0]
            yield from element[1:]
        else:
            yield separator
            yield dump_bytes(element, indent + 1)
        separator = following
    yield b"[]" if separator is not following else _closing(indent, "]")


def dumps(value: Any, indent: int = 0) -> str:
    """JSON with Decimals written exactly as numbers (the json module would need floats).

    Laid out as `json.dumps(value, ensure_ascii=False, indent=2)` would; the common types are
    dispatched on their exact type, and text is escaped by the json module's C function.
    """
    return dump_bytes(value, indent).decode("utf-8")


def dump_bytes(value: Any, indent: int = 0) -> bytes:
    """`dumps`'s text in UTF-8, as a batch writes it.

    Written in UTF-8 from the start: the parts every card repeats (an item's id and title, a
    rule's text, an item that lost nothing) are encoded once, where text made of them would be
    encoded again for each card (3 % of a json batch's instructions). The pieces are joined
    once, so a large document is not copied once per level of nesting.
    """
    pieces: list[bytes] = []
    _write(value, indent, pieces)
    return b"".join(pieces)


def _write(value: Any, indent: int, out: list[bytes]) -> None:
    # Values reach the document here, a file's path among them: one the system gave in bytes
    # that are not UTF-8 is written as the escape of its character (escaping.SHOWN). What the
    # plain writers write comes from checked files and rubrics, which hold no such character.
    kind = type(value)
    leaf = _LEAVES.get(kind)
    if leaf is not None:
        out.append(leaf(value).encode(UTF8, SHOWN))
    elif kind is _PlainItem:
        _write_plain_item(value.score, indent, out)
    elif kind is _PlainSection:
        _write_plain_section(value.score, indent, out)
    elif kind is _PlainCard:
        _write_plain_card(value, indent, out)
    elif kind is dict or kind is list:
        if not value:
            out.append(b"{}" if kind is dict else b"[]")
            return
        inner = "\n" + "  " * (indent + 1)
        out.append(b"{" if kind is dict else b"[")
        separator = inner
        # Most elements are text or numbers: written here, without a call of this function each.
        if kind is dict:
            for key, element in value.items():
                leaf = _LEAVES.get(type(element))
                if leaf is not None:
                    out.append(
                        f"{separator}{encode_basestring(key)}: {leaf(element)}".encode(UTF8, SHOWN)
                    )
                else:
                    out.append(f"{separator}{encode_basestring(key)}: ".encode(UTF8, SHOWN))
                    _write(element, indent + 1, out)
                separator = "," + inner
        else:
            for element in value:
                element_kind = type(element)
                leaf = _LEAVES.get(element_kind)
                if leaf is not None:
                    out.append((separator + leaf(element)).encode(UTF8, SHOWN))
                elif element_kind is _PlainItem:  # a section's items: most are plain
                    out.append(separator.encode())
                    _write_plain_item(element.score, indent + 1, out)
                elif element_kind is _PlainSection:  # a card's sections: most are plain
                    out.append(separator.encode())
                    _write_plain_section(element.score, indent + 1, out)
                else:
                    out.append(separator.encode())
                    _write(element, indent + 1, out)
                separator = "," + inner
        out.append(_closing(indent, "}" if kind is dict else "]"))
    else:
        out.append(json.dumps(value, ensure_ascii=False).encode(UTF8, SHOWN))


@lru_cache(maxsize=64)
def _separators(indent: int) -> tuple[bytes, bytes]:
    """What goes before the first and before each later element of an array at `indent`."""
    inner = "\n" + "  " * (indent + 1)
    return f"[{inner}".encode(), f",{inner}".encode()


@lru_cache(maxsize=128)
def _closing(indent: int, bracket: str) -> bytes:
    """The line that closes an object or array at `indent`."""
    return ("\n" + "  " * indent + bracket).encode()


# The text of a plain value, by its exact type: a subclass (an enum of text) goes to json.
_LEAVES: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    Decimal: format_number,
    int: int.__repr__,
    bool: _CONSTANTS.__getitem__,
    type(None): _CONSTANTS.__getitem__,
}
