"""A committee's table turned into a draft rubric: sections, items, rules, and what to review."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from djkh.files.tables import Cell, Row, Table
from djkh.i18n import _
from djkh.model.wording import RuleDraft, read_wording, split_points
from djkh.problems.codes import Code
from djkh.problems.outcome import Outcome, failed, ok
from djkh.problems.problem import Problem

ROLES = ("section", "item", "standards", "score", "rules", "methods", "ignore")
# Each role's usual headers, Simplified and Traditional, matched with spaces and (…) removed.
HEADERS: dict[str, tuple[str, ...]] = {
    "score": ("标准分", "標準分", "分值", "分數", "分数", "满分", "滿分", "权重分"),
    "rules": ("评分说明", "評分說明", "评分细则", "評分細則", "扣分说明", "扣分标准", "评分标准"),
    "methods": ("评分方法", "評分方法", "考核方法", "考核办法", "考核辦法", "评分办法", "检查方法"),
    "standards": (
        "考核内容及标准",
        "考核內容及標準",
        "考核内容",
        "考核內容",
        "考核标准",
        "考核標準",
    ),
    "section": ("项目", "項目", "考核项目", "考核項目", "一级指标", "一級指標", "类别", "類別"),
    "item": ("目标", "目標", "考核目标", "考核目標", "二级指标", "二級指標", "指标", "指標"),
    "ignore": (
        "自查分",
        "扣分",
        "得分",
        "实得分",
        "實得分",
        "自评分",
        "備註",
        "备注",
        "序号",
        "序號",
    ),
}
SECTION_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十]+\s*[)）]|第[一二三四五六七八九十]+(?:部分|项|章))\s*"
)
ITEM_NUMBER = re.compile(r"^\s*(?:\d{1,2}\s*[、.．]|[（(]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[)）])\s*")
POINTS = re.compile(r"^[（(]?\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]?$")
TRAILING_POINTS = re.compile(r"\s*[（(]?\s*(\d+(?:\.\d+)?)\s*分\s*[)）]?\s*$")
PINYIN_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,8})\)")
LOST_CHARACTER = re.compile(r"\?([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,8})\)\?")
MAX_FRAGMENT = 3


@dataclass
class ItemDraft:
    """An item as drafted, with the comments a reviewer should read."""

    title: str
    score: Decimal | None
    where: str
    standards: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    rules: list[RuleDraft] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    cells: dict[str, list[str]] = field(default_factory=dict)
    id: str = ""


@dataclass
class SectionDraft:
    """A section (项目) as drafted."""

    title: str
    score: Decimal | None
    items: list[ItemDraft] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    id: str = ""


@dataclass
class Draft:
    """The whole draft rubric, and the sums that do not add up."""

    id: str
    version: str
    title: str
    total: Decimal
    sections: list[SectionDraft]
    notes: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    def rules(self) -> Iterable[RuleDraft]:
        """Every rule of the draft, in order."""
        for section in self.sections:
            for item in section.items:
                yield from item.rules


@dataclass(frozen=True)
class DraftOptions:
    """How to read the table: columns named by hand, Traditional to Simplified, ids."""

    columns: tuple[tuple[str, str], ...] = ()
    simplified: bool = False
    rubric_id: str | None = None
    version: str | None = None


class _Text:
    """The table's text cleaned: conversion debris removed (and noted), optionally Simplified."""

    def __init__(self, simplified: bool) -> None:
        self.convert: Callable[[str], str] = _converter() if simplified else (lambda text: text)

    def clean(self, text: str, notes: list[str], doubts: list[str]) -> str:
        for gloss in PINYIN_GLOSS.finditer(text):
            char = self.convert(text[gloss.start() - 1])
            notes.append(
                _("removed the pinyin gloss '({gloss})' after '{char}' (conversion debris)").format(
                    gloss=gloss.group(1), char=char
                )
            )
        text = PINYIN_GLOSS.sub("", text)
        for lost in LOST_CHARACTER.finditer(text):
            doubts.append(
                _(
                    "a character was lost in conversion ('{debris}', read {gloss}): write it for □"
                ).format(debris=lost.group(0), gloss=lost.group(1))
            )
        text = LOST_CHARACTER.sub("□", text)
        text = re.sub(r"[ \t]*\n[ \t]*", "\n", text).strip()
        text = re.sub(r"(?<=[^\x00-\x7f])[ \t\u3000]+|[ \t\u3000]+(?=[^\x00-\x7f])", "", text)
        return self.convert(text)


def _converter() -> Callable[[str], str]:
    import opencc  # OpenCC, only when Traditional is converted

    convert: Callable[[str], str] = opencc.OpenCC("t2s.json").convert
    return convert


def draft_rubric(table: Table, path: str, options: DraftOptions) -> Outcome[Draft]:
    """The draft of the table's rubric, or the problem that prevents one (no header row)."""
    header = _find_header(table, options.columns)
    if header is None:
        message = _(
            "no header row names the columns: expected 标准分 and 评分说明 among 项目, 目标, "
            "考核内容及标准, 标准分, 评分说明, 评分方法; name unusual ones with --column "
            "rules=扣分办法 (roles: {roles})"
        ).format(roles=", ".join(ROLES))
        return failed([Problem(path, None, None, Code.NO_HEADER, message)])
    index, roles = header
    text = _Text(options.simplified)
    builder = _Builder(text, roles)
    for row in table.rows[index + 1 :]:
        builder.take(row, table.rows[index])
    total_cell = table.rows[index].cells[roles["score"]].text if "score" in roles else ""
    title = table.title or _title_above(table.rows[:index])
    draft_notes: list[str] = []
    title = text.clean(title, draft_notes, draft_notes) or _("(untitled)")
    sections = builder.finish()
    total = _total(total_cell, sections)
    rubric_id = options.rubric_id or slug(title, 4) or "imported"
    version = options.version or _version_in(title)
    draft = Draft(rubric_id, version, title, total, sections, draft_notes + builder.notes)
    _assign_ids(draft)
    draft.mismatches = _mismatches(draft)
    return ok(draft)


def _is_section(text: str) -> bool:
    """A section cell, not a stray fragment: numbered 一、 or with its points (20分)."""
    return bool(SECTION_NUMBER.match(text)) or (
        len(text) > MAX_FRAGMENT and TRAILING_POINTS.search(text) is not None
    )


def _normal(text: str) -> str:
    return re.sub(r"\s+|[（(][^)）]*[)）]", "", text)


def _find_header(
    table: Table, named: tuple[tuple[str, str], ...]
) -> tuple[int, dict[str, int]] | None:
    wanted = {_normal(header): role for role, header in named}
    for index, row in enumerate(table.rows[:20]):
        roles: dict[str, int] = {}
        for column, cell in enumerate(row.cells):
            if cell.merged_across:
                continue
            role = wanted.get(_normal(cell.text)) or _role_of(_normal(cell.text))
            if role is not None and role not in roles:
                roles[role] = column
        if "score" in roles and "rules" in roles and len(roles) >= 3:
            return index, roles
    return None


def _role_of(header: str) -> str | None:
    if not header:
        return None
    for role, names in HEADERS.items():
        if header in names:
            return role
    for role, names in HEADERS.items():
        if any(header.startswith(name) for name in names if len(name) > 2):
            return role
    return None


def _title_above(rows: Iterable[Row]) -> str:
    for row in rows:
        for cell in row.cells:
            if cell.text:
                return cell.text
    return ""


def _total(cell: str, sections: list[SectionDraft]) -> Decimal:
    found = re.search(r"(\d+(?:\.\d+)?)\s*分", cell)
    if found is not None:
        return Decimal(found.group(1))
    return sum((s.score or Decimal(0) for s in sections), Decimal(0))


def _version_in(title: str) -> str:
    year = re.search(r"(?:19|20)\d\d", title)
    return year.group(0) if year else "draft"


class _Builder:
    """Walks the rows below the header: sections, items, continued rows, fragments."""

    def __init__(self, text: _Text, roles: dict[str, int]) -> None:
        self.text, self.roles = text, roles
        self.sections: list[SectionDraft] = []
        self.notes: list[str] = []
        self.section_raw: str | None = None
        self.item_raw: str | None = None

    def take(self, row: Row, header: Row) -> None:
        texts = {role: row.cells[col] for role, col in self.roles.items() if col < len(row.cells)}
        own = [c.text for c in row.cells if c.text and not c.merged_across and not c.merged_down]
        if not own and not any(c.text for c in row.cells if c.merged_across is False):
            return
        if [c.text for c in row.cells] == [c.text for c in header.cells]:
            return  # the header repeated on a new page
        if self._full_width_section(row):
            return
        section, item = texts.get("section"), texts.get("item")
        content = [
            role
            for role in ("standards", "rules", "methods", "score")
            if role in texts and texts[role].text and not texts[role].merged_down
        ]
        starts_item = (
            item is not None
            and bool(item.text)
            and not item.merged_down
            and item.text != self.item_raw
            and (bool(content) or len(item.text) > MAX_FRAGMENT)
        )
        if self._starts_section(section, starts_item):
            assert section is not None
            self._start_section(section.text, row)
        if starts_item and item is not None:
            self._start_item(item.text, row)
        elif not content:
            self._fragment(own, row)
            return
        elif self._item() is None:
            self.notes.append(
                _("{where}: cells before the first item were not used: {text}").format(
                    where=row.where, text=" / ".join(own)
                )
            )
            return
        self._add_cells(texts, row)

    def _starts_section(self, section: Cell | None, starts_item: bool) -> bool:
        if section is None or not section.text or section.merged_down:
            return False
        return section.text != self.section_raw and (_is_section(section.text) or starts_item)

    def _full_width_section(self, row: Row) -> bool:
        distinct = {c.text for c in row.cells if c.text}
        if len(distinct) != 1:
            return False
        text = distinct.pop()
        if not SECTION_NUMBER.match(text) or not any(c.merged_across for c in row.cells):
            return False
        self._start_section(text, row)
        return True

    def _start_section(self, raw: str, row: Row) -> None:
        self.section_raw, self.item_raw = raw, None
        notes: list[str] = []
        doubts: list[str] = []
        title = SECTION_NUMBER.sub("", self.text.clean(raw, notes, doubts))
        points = TRAILING_POINTS.search(title)
        score = Decimal(points.group(1)) if points else None
        title = TRAILING_POINTS.sub("", title).strip() if points else title
        if score is None:
            doubts.append(
                _("{where}: no points in '{text}': the sum of its items is used").format(
                    where=row.where, text=raw
                )
            )
        self.sections.append(SectionDraft(title, score, notes=notes, doubts=doubts))

    def _item(self) -> ItemDraft | None:
        if not self.sections or not self.sections[-1].items:
            return None
        return self.sections[-1].items[-1]

    def _start_item(self, raw: str, row: Row) -> None:
        self.item_raw = raw
        if not self.sections:
            self.sections.append(
                SectionDraft(
                    _("(section)"),
                    None,
                    doubts=[_("the table names no section: one section holds every item")],
                )
            )
        notes: list[str] = []
        doubts: list[str] = []
        title = ITEM_NUMBER.sub("", self.text.clean(raw, notes, doubts))
        points = TRAILING_POINTS.search(title)
        item = ItemDraft(
            TRAILING_POINTS.sub("", title).strip() if points else title,
            Decimal(points.group(1)) if points else None,
            row.where,
            notes=notes,
            doubts=doubts,
        )
        self.sections[-1].items.append(item)

    def _add_cells(self, texts: dict[str, Cell], row: Row) -> None:
        item = self._item()
        assert item is not None
        for role, cell in texts.items():
            if role not in ("section", "item") and cell.text and not cell.merged_down:
                item.cells.setdefault(role, []).append(cell.text)
        used = set(self.roles.values())
        for column, cell in enumerate(row.cells):
            if column not in used and cell.text and not cell.merged_across and not cell.merged_down:
                item.notes.append(
                    _(
                        "{where}, column {col}: a cell under no known header was not used: {text}"
                    ).format(where=row.where, col=column + 1, text=cell.text)
                )

    def _fragment(self, own: list[str], row: Row) -> None:
        joined = " ".join(own)
        item = self._item()
        target = item.notes if item is not None else self.notes
        if len(joined) <= MAX_FRAGMENT:
            target.append(
                _("{where}: removed '{text}', a stray page fragment").format(
                    where=row.where, text=joined
                )
            )
        else:
            (item.doubts if item is not None else self.notes).append(
                _("{where}: a row without an item was not used: {text}").format(
                    where=row.where, text=joined
                )
            )

    def finish(self) -> list[SectionDraft]:
        for section in self.sections:
            for item in section.items:
                self._finish_item(item)
            if section.score is None:
                section.score = sum((i.score or Decimal(0) for i in section.items), Decimal(0))
        return self.sections

    def _finish_item(self, item: ItemDraft) -> None:
        cells = {role: "\n".join(texts) for role, texts in item.cells.items()}
        if cells.get("ignore"):
            message = _(
                "a filled-in cell of a column not read (自查分, 得分…) was not used: {text}"
            )
            item.notes.append(message.format(text=cells["ignore"]))
        score_text = cells.get("score", "")
        if score_text:
            found = POINTS.match(re.sub(r"\s+", "", score_text))
            if found is None:
                item.doubts.append(
                    _("{where}: the points '{text}' could not be read").format(
                        where=item.where, text=score_text
                    )
                )
            else:
                item.score = Decimal(found.group(1))
        if item.score is None:
            item.doubts.append(
                _("{where}: the item has no points: write its score").format(where=item.where)
            )
        item.standards = [
            self.text.clean(p, item.notes, item.doubts)
            for p in split_points(cells.get("standards", ""))
        ]
        item.methods = [
            self.text.clean(p, item.notes, item.doubts)
            for p in split_points(cells.get("methods", ""))
        ]
        rules_text = self.text.clean(cells.get("rules", ""), item.notes, item.doubts)
        wording = read_wording(rules_text, item.score or Decimal(0))
        item.rules = wording.rules
        for unused in wording.unused:
            item.doubts.append(
                _("text in 评分说明 with no amount, not made a rule: {text}").format(text=unused)
            )


def slug(text: str, syllables: int) -> str:
    """A readable id: the pinyin of the text's first Chinese characters (or its ASCII words)."""
    from pypinyin import lazy_pinyin  # only when a table is imported

    core = re.sub(r"[^\u3400-\u9fffA-Za-z0-9]", "", text)
    words = [w.lower() for w in lazy_pinyin(core[:syllables])]
    if core[:1].isascii():
        words = re.findall(r"[a-z0-9]+", text.lower())[:syllables]
    return "-".join(re.sub(r"[^a-z0-9]", "", w) for w in words if re.sub(r"[^a-z0-9]", "", w))


def _rule_core(text: str) -> str:
    core = re.sub(
        r"[，,]?\s*(?:每|缺|少|一|1)?[^，,]{0,3}(?:扣|加)除?\s*[\d.一二两三四五六七八九十半]+\s*(?:[-－~至]\s*[\d.]+)?\s*分.*$",
        "",
        text,
    )
    core = re.sub(r"^(?:对|凡|被)", "", core)
    return core or text


def _unique(base: str, taken: Counter[str]) -> str:
    taken[base] += 1
    return base if taken[base] == 1 else f"{base}-{taken[base]}"


def _assign_ids(draft: Draft) -> None:
    sections: Counter[str] = Counter()
    items: Counter[str] = Counter()
    for section in draft.sections:
        section.id = _unique(slug(section.title, 4) or "section", sections)
        for item in section.items:
            item.id = _unique(slug(item.title, 4) or "item", items)
            rules: Counter[str] = Counter()
            for rule in item.rules:
                rule.fields = {
                    "id": _unique(slug(_rule_core(rule.text), 5) or "rule", rules),
                    **rule.fields,
                }


def _mismatches(draft: Draft) -> list[str]:
    found = []
    for section in draft.sections:
        items = sum((i.score or Decimal(0) for i in section.items), Decimal(0))
        if section.score is not None and items != section.score:
            found.append(
                _("section '{title}' is {score} points, but its items add up to {sum}").format(
                    title=section.title, score=section.score, sum=items
                )
            )
    sections = sum((s.score or Decimal(0) for s in draft.sections), Decimal(0))
    if sections != draft.total:
        found.append(
            _("the table's total is {total} points, but its sections add up to {sum}").format(
                total=draft.total, sum=sections
            )
        )
    return found
