"""A committee's 评分说明 read as rules: kind and amount recognised from the wording."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from djkh.i18n import _

NUMERALS: dict[str, int | Decimal] = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
}
NUMERALS |= {"八": 8, "九": 9, "十": 10, "半": Decimal("0.5")}
NUMBER = r"(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十半]+)"
UNITS = "次天例项起个篇件条人名家期"
DASH = r"\s*[-－—–~～至到]\s*"

# A numbered point: (1) （1） 1、 1. 1) ①, at the start or after punctuation or a space.
NUMBERING = re.compile(
    r"(?:^|(?<=[\s；;。，,]))(?:[（(]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[、.．)）]|[①-⑳])\s*"
)
SENTENCE_END = re.compile(r"[；;。\n]+")
AMOUNT = re.compile(rf"(?P<verb>扣除?|加|减)\s*(?P<low>{NUMBER})(?:{DASH}(?P<high>{NUMBER}))?\s*分")
NO_POINTS = re.compile(r"(?:该项|本项|此项)?不得分|(?:该项|本项|此项)?计0分")
NO_DEDUCTION = re.compile(r"不扣分")
CAP = re.compile(
    rf"(?:最多|最高|累计|合计|共计|此项|本项|该项)[^，,；;。]*?(?:扣|加)[^，,；;。\d]*?(?P<n>{NUMBER})\s*分(?:为限|封顶)?|不超过\s*(?P<m>{NUMBER})\s*分"
)
UNTIL_GONE = re.compile(r"扣完为止|扣完本项分值为止|扣至0分为止")
VETO = re.compile(r"一票否决")
JUDGED = re.compile(r"酌情|视情")
JUDGED_ANY = re.compile(r"(?:酌情|视情)扣分")
PER_UNIT = re.compile(
    rf"(?P<pre>缺|少)?(?:每|(?<![\d十])(?:一|1)(?!\d))(?P<unit>[{UNITS}])[^，,；;。扣加]{{0,3}}?(?:扣|加)"
)
PER_UNIT_LONG = re.compile(
    rf"每[^，,；;。扣加]{{1,12}}?(?:一|1)(?P<unit>[{UNITS}])[^，,；;。扣加]{{0,8}}?(?:扣|加)"
)
REQUIRED_CUE = re.compile(r"不少于|不低于|少于|未达到|达不到|至少|应达到|不足")
BELOW = re.compile(rf"(?:低于|不足|未达到|达不到|少于|不到)\s*(?P<n>{NUMBER})\s*[%％]")
ABOVE = re.compile(rf"(?:高于|超过|超出|大于)\s*(?P<n>{NUMBER})\s*[%％]")
STEP_DOWN = re.compile(rf"每(?:下降|降低|减少|低于|少)\s*(?P<n>{NUMBER})\s*(?:[%％]|个百分点)")
STEP_UP = re.compile(rf"每(?:超过|超出|增加|多)\s*(?P<n>{NUMBER})\s*(?P<unit>[{UNITS}])")
LIMIT = re.compile(rf"(?:不超过|不得超过|控制在)\s*(?P<n>{NUMBER})\s*(?P<unit>[{UNITS}])")
REQUIRED_PERCENT = re.compile(rf"(?:达到|不低于|应达)\s*(?P<n>{NUMBER})\s*[%％]")
BANDS = re.compile(r"分别(?:扣|加)")
LEVEL_WORD = re.compile(
    r"^[^，,；;]{0,12}?(较好|一般|较差|不好|很差|优秀|良好|不合格|合格|好|差|优|良|中)的?"
)
TIERS = re.compile(r"就高|不重复(?:加分|计分|扣分)|按(?:照)?分值高的")
POINTS_ONLY = re.compile(rf"[（(]\s*(?P<n>{NUMBER})\s*分\s*[)）]\s*$")


# The Traditional forms of the characters the wordings above are written with, folded one for
# one: a Traditional table is read alike, and each rule's text is still cut from the cell as
# written (the fold keeps every character's place).
FOLD = str.maketrans(
    "於過達別決為項個條應減較優計該複視級兩", "于过达别决为项个条应减较优计该复视级两"
)


@dataclass
class RuleDraft:
    """One rule as drafted: its text, its fields for the YAML, and what a person should check."""

    text: str
    fields: dict[str, object] = field(default_factory=dict)
    doubts: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """The rule's kind, `flat` when the fields do not say."""
        return str(self.fields.get("kind", "flat"))


@dataclass
class Wording:
    """What an item's 评分说明 gave: its rules, and the text that gave none."""

    rules: list[RuleDraft] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    tiers: bool = False


def number_of(text: str) -> Decimal | None:
    """A number written in digits or Chinese numerals up to 99 (两, 十二, 半)."""
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    if text == "半":
        return Decimal("0.5")
    if not text or any(char not in NUMERALS or char == "半" for char in text):
        return None
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        high = NUMERALS[tens] if tens else 1
        low = NUMERALS[ones] if ones else 0
        return Decimal(int(high) * 10 + int(low))
    if len(text) != 1:
        return None
    return Decimal(NUMERALS[text])


def split_points(text: str) -> list[str]:
    """A cell's points, numbered (1)…(2)… or a line each, without numbers and trailing ；/;."""
    parts = [piece for part in NUMBERING.split(text) for piece in part.split("\n")]
    points = [part.strip().rstrip("；;，, ").strip() for part in parts]
    return [point for point in points if point]


def read_wording(cell: str, item_score: Decimal) -> Wording:
    """The rules an item's 评分说明 states, one per amount, with doubts where unsure."""
    wording = Wording()
    folded = cell.translate(FOLD)
    for point in split_points(folded):
        for sentence in SENTENCE_END.split(point):
            sentence = sentence.strip(" ，,")
            if sentence:
                _read_sentence(sentence, item_score, wording)
    if wording.tiers:
        _group_tiers(wording)
    _unfold(wording, cell, folded)
    return wording


def _unfold(wording: Wording, cell: str, folded: str) -> None:
    """Each text as the cell writes it (the fold changed only characters, never places)."""
    cursor = 0
    for rule in wording.rules:
        at = folded.find(rule.text, cursor)
        if at >= 0:
            rule.text, cursor = cell[at : at + len(rule.text)], at + 1
    for index, text in enumerate(wording.unused):
        at = folded.find(text)
        if at >= 0:
            wording.unused[index] = cell[at : at + len(text)]


def _read_sentence(sentence: str, item_score: Decimal, wording: Wording) -> None:
    if TIERS.search(sentence) and not AMOUNT.search(sentence):
        wording.tiers = True
        return
    levels = _levels(sentence, item_score)
    if levels is not None:
        wording.rules.append(levels)
        return
    segments = _segments(sentence)
    if not segments:
        wording.unused.append(sentence)
        return
    began: int | None = None  # where the sentence's last rule began
    for start, segment in segments:
        context = sentence[: start + len(segment)]
        if _is_cap_only(segment) and wording.rules:
            last = wording.rules[-1]
            if began is not None:
                last.text = sentence[began : start + len(segment)].strip(" ，,")
            else:
                last.text = f"{last.text}，{segment}"
            _apply_cap(last, segment)
            continue
        rule = _rule(segment, context, item_score)
        if rule is None:
            wording.unused.append(segment)
        else:
            wording.rules.append(rule)
            began = start


def _segments(sentence: str) -> list[tuple[int, str]]:
    """The sentence cut after each amount: one piece per deduction, addition or veto."""
    ends = [m.end() for m in AMOUNT.finditer(sentence)]
    ends += [m.end() for m in NO_POINTS.finditer(sentence)]
    ends += [m.end() for m in VETO.finditer(sentence)]
    ends += [m.end() for m in JUDGED_ANY.finditer(sentence)]
    ends += [m.end() for m in POINTS_ONLY.finditer(sentence)]
    if BANDS.search(sentence) or not ends:
        return [(0, sentence)] if ends else []
    ends = sorted(set(ends))
    pieces: list[tuple[int, str]] = []
    start = 0
    for end in ends:
        tail = sentence[end:]
        more = re.match(r"[^，,；;。]*", tail)
        end += len(more.group(0)) if more and not _starts_new(more.group(0)) else 0
        piece = sentence[start:end].strip(" ，,")
        if piece:
            pieces.append((sentence.index(piece, start), piece))
        start = end
    rest = sentence[start:].strip(" ，,")
    if rest and pieces:
        if _is_cap_only(rest) or UNTIL_GONE.search(rest):
            pieces.append((sentence.index(rest, start), rest))
        else:
            first = pieces[-1][0]
            pieces[-1] = (first, sentence[first:].strip(" ，,"))
    return pieces


def _starts_new(tail: str) -> bool:
    return bool(AMOUNT.search(tail) or NO_POINTS.search(tail))


def _is_cap_only(segment: str) -> bool:
    """A clause that only limits the rule before it: 最多扣6分, 扣完为止."""
    stripped = CAP.sub("", segment)
    stripped = UNTIL_GONE.sub("", stripped)
    return (bool(CAP.search(segment)) or bool(UNTIL_GONE.search(segment))) and not re.search(
        r"[\u4e00-\u9fff]{3,}", re.sub(r"此项|本项|该项|累计|合计|最多|最高", "", stripped)
    )


def _apply_cap(rule: RuleDraft, segment: str) -> None:
    cap = CAP.search(segment)
    if cap is None:
        return  # 扣完为止: an item never goes below 0 anyway
    amount = number_of(cap.group("n") or cap.group("m"))
    if amount is not None and amount > 0:
        rule.fields["cap"] = amount


def _rule(segment: str, context: str, item_score: Decimal) -> RuleDraft | None:
    rule = RuleDraft(segment)
    if VETO.search(segment):
        rule.fields["veto"] = "不合格"
        rule.doubts.append(_("一票否决: the draft vetoes to the grade 不合格; check the grade"))
        return rule
    amount = AMOUNT.search(segment)
    bands = _bands(segment, amount)
    if bands is not None:
        return bands
    if amount is None:
        return _without_amount(rule, segment, item_score)
    verb = "add" if amount.group("verb") == "加" else "deduct"
    low, high = number_of(amount.group("low")), number_of(amount.group("high") or "")
    if low is None or low <= 0:
        rule.doubts.append(_("the amount could not be read"))
        return None
    if amount.group("high"):
        return _judged(rule, verb, low, high)
    rule.fields[verb] = low
    if JUDGED.search(segment):
        rule.fields["kind"] = "judged"
        return rule
    _recognise_kind(rule, segment, context, amount.start())
    cap = CAP.search(segment[amount.end() :])
    if cap is not None:
        number = number_of(cap.group("n") or cap.group("m"))
        if number is not None and number > 0:
            rule.fields["cap"] = number
    return rule


def _without_amount(rule: RuleDraft, segment: str, item_score: Decimal) -> RuleDraft | None:
    points = POINTS_ONLY.search(segment)
    if points is not None:
        number = number_of(points.group("n"))
        if number is None or number <= 0:
            return None
        rule.fields |= {"kind": "requirement", "deduct": number}
        return rule
    if NO_POINTS.search(segment):
        rule.fields["deduct"] = item_score
        return rule
    if JUDGED_ANY.search(segment) and item_score > 0:
        rule.fields |= {"kind": "judged", "deduct": item_score}
        message = _("酌情扣分 without a range: up to the item's {score} points")
        rule.doubts.append(message.format(score=item_score))
        return rule
    return None


def _judged(rule: RuleDraft, verb: str, low: Decimal, high: Decimal | None) -> RuleDraft:
    if high is None or high <= low:
        rule.fields[verb] = low
        rule.doubts.append(_("a range of points that could not be read"))
        return rule
    rule.fields |= {"kind": "judged", "min": low, verb: high}
    if not JUDGED.search(rule.text):
        rule.doubts.append(_("a range of points without 酌情: read as the assessor's judgement"))
    return rule


def _recognise_kind(rule: RuleDraft, segment: str, context: str, amount_at: int) -> None:
    """count, shortfall, threshold, steps and excess, from the words before the amount."""
    head = segment[:amount_at]
    step_down = STEP_DOWN.search(head)
    if step_down is not None:
        _step_shortfall(rule, context, step_down)
        return
    step_up = STEP_UP.search(head)
    if step_up is not None:
        _excess(rule, context, step_up)
        return
    per_unit = PER_UNIT.search(segment[: amount_at + 1]) or PER_UNIT_LONG.search(
        segment[: amount_at + 1]
    )
    if per_unit is not None:
        _per_unit(rule, context, per_unit.group("unit"), per_unit)
        return
    below, above = BELOW.search(context), ABOVE.search(context)
    if below is not None or above is not None:
        _threshold(rule, segment, below, above)


def _per_unit(rule: RuleDraft, context: str, unit: str, found: re.Match[str]) -> None:
    before = context[: context.rfind(found.group(0))] if found.group(0) in context else context
    pattern = rf"({NUMBER})\s*{unit}(?![^，,；;。]{{0,3}}?[扣加])"
    required = [m for m in re.finditer(pattern, before) if number_of(m.group(1))]
    missing = "pre" in found.groupdict() and found.group("pre") is not None
    if required:
        number = number_of(required[-1].group(1))
        rule.fields |= {"kind": "shortfall", "required": number, "unit": unit}
        if not (missing or REQUIRED_CUE.search(before)):
            rule.doubts.append(
                _("read as short of {n}{unit}; check it is not a count").format(n=number, unit=unit)
            )
        return
    rule.fields |= {"kind": "count", "unit": unit}
    if missing:
        rule.doubts.append(_("缺/少 without the number required: read as a count"))


def _step_shortfall(rule: RuleDraft, context: str, step: re.Match[str]) -> None:
    size = number_of(step.group("n"))
    target = REQUIRED_PERCENT.search(context)
    required = number_of(target.group("n")) if target else Decimal(100)
    rule.fields |= {"kind": "shortfall", "required": required, "unit": "%"}
    if size is not None and size != 1:
        rule.fields["step"] = size
    if target is None:
        rule.doubts.append(_("steps below a target the text does not give: 100% assumed"))


def _excess(rule: RuleDraft, context: str, step: re.Match[str]) -> None:
    limit = LIMIT.search(context)
    size = number_of(step.group("n"))
    if limit is None:
        rule.fields |= {"kind": "excess", "reference": _("the limit"), "unit": step.group("unit")}
        rule.doubts.append(_("over a limit the text does not give: each unit's file gives it"))
    else:
        above = number_of(limit.group("n"))
        rule.fields |= {"kind": "excess", "above": above, "unit": step.group("unit")}
    if size is not None and size != 1:
        rule.fields["step"] = size


def _threshold(
    rule: RuleDraft, segment: str, below: re.Match[str] | None, above: re.Match[str] | None
) -> None:
    chosen = below or above
    assert chosen is not None
    limit = number_of(chosen.group("n"))
    if "或" in segment or "和" in segment.split("率")[0][-2:]:
        rule.doubts.append(
            _("a limit of {n}% joined with another condition: kept as one deduction").format(
                n=limit
            )
        )
        return
    side = "below" if below is not None else "above"
    rule.fields |= {"kind": "threshold", side: limit, "unit": "%"}


def _bands(segment: str, amount: re.Match[str] | None) -> RuleDraft | None:
    """低于80%、70%、60%的，分别扣1分、2分、3分: one band per limit."""
    if amount is None or not BANDS.search(segment):
        return None
    rule = RuleDraft(segment)
    limits = re.search(rf"(低于|高于|超过|不足)((?:{NUMBER}\s*[%％]?[、，,和及]?\s*)+)", segment)
    points = re.search(rf"分别(扣|加)((?:{NUMBER}\s*分?[、，,和及]?\s*)+)", segment)
    if limits is None or points is None:
        rule.fields["deduct"] = number_of(amount.group("low"))
        rule.doubts.append(_("分别…: the bands could not be read; kept as one deduction"))
        return rule
    numbers = [number_of(n) for n in re.findall(NUMBER, limits.group(2))]
    amounts = [number_of(n) for n in re.findall(NUMBER, points.group(2))]
    if len(numbers) != len(amounts) or None in numbers or None in amounts:
        rule.fields["deduct"] = number_of(amount.group("low"))
        rule.doubts.append(_("分别…: the limits and the points do not pair up"))
        return rule
    side = "below" if limits.group(1) in ("低于", "不足") else "above"
    verb = "add" if points.group(1) == "加" else "deduct"
    rule.fields |= {
        "kind": "bands",
        "unit": "%",
        "bands": [{side: n, verb: a} for n, a in zip(numbers, amounts, strict=True)],
    }
    return rule


def _levels(sentence: str, item_score: Decimal) -> RuleDraft | None:
    """好的不扣分，一般的扣1分，差的扣2分: one rule with a level per clause."""
    clauses = [c.strip() for c in re.split(r"[，,]", sentence) if c.strip()]
    levels: list[dict[str, object]] = []
    for clause in clauses:
        word = LEVEL_WORD.search(clause)
        amount = AMOUNT.search(clause)
        if word is None or not (amount or NO_POINTS.search(clause) or NO_DEDUCTION.search(clause)):
            continue
        if amount is not None and amount.group("high"):
            return None
        points = number_of(amount.group("low")) if amount else None
        if amount is None:
            points = Decimal(0) if NO_DEDUCTION.search(clause) else item_score
        verb = "add" if amount is not None and amount.group("verb") == "加" else "deduct"
        levels.append({"name": word.group(1), verb: points})
    names = [level["name"] for level in levels]
    if len(levels) < 2 or len(set(names)) != len(names):
        return None
    rule = RuleDraft(sentence, {"kind": "levels", "levels": levels})
    if not any(level.get("deduct") == 0 or "add" in level for level in levels):
        best = next(w for w in ("好", "优", "优秀", "较好") if w not in names)
        levels.insert(0, {"name": best, "deduct": Decimal(0)})
        rule.doubts.append(_("a level '{name}' that deducts nothing was added").format(name=best))
    return rule


def _group_tiers(wording: Wording) -> None:
    adding = [rule for rule in wording.rules if "add" in rule.fields]
    for rule in adding if len(adding) > 1 else []:
        rule.fields["tier_group"] = "tier"
