"""A draft rubric as YAML text, with a comment on everything a person should review."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from djkh.decimals import format_number
from djkh.escaping import visible
from djkh.i18n import _
from djkh.model.drafting import Draft, ItemDraft
from djkh.model.wording import RuleDraft
from djkh.render.template import quoted

REVIEW = "待核"
# The order a person reads a rule in: what it says, its kind, what it compares, what it costs.
FIELD_ORDER = (
    "id", "text", "kind", "required", "below", "above", "reference", "unit", "step", "min",
    "levels", "bands", "deduct", "add", "cap", "veto", "tier_group",
)  # fmt: skip
# The usual 等次 at 90%, 80% and 60% of the total.
GRADES = (
    ("优秀", Decimal("0.9")),
    ("良好", Decimal("0.8")),
    ("合格", Decimal("0.6")),
    ("不合格", Decimal(0)),
)


def draft_yaml(draft: Draft, source: str) -> str:
    """The draft's YAML: djkh validates it as it is, and `# 待核` marks what to check."""
    lines = [
        _("# Draft rubric imported by djkh import from {source}").format(source=_one(source)),
        _(
            "# Every rule's text is the table's; check each line marked '# {mark}' and the sums."
        ).format(mark=REVIEW),
    ]
    lines += [f"# {_one(note)}" for note in draft.notes]
    lines += [f"# {REVIEW}: {_one(m)}" for m in draft.mismatches]
    lines += [
        "kind: rubric",
        f"id: {draft.id}",
        f"version: {quoted(draft.version)}",
        f"title: {quoted(draft.title)}",
        f"total: {format_number(draft.total)}",
    ]
    if any("veto" in rule.fields for rule in draft.rules()):
        lines += _grades(draft.total)
    lines.append("sections:")
    for section in draft.sections:
        lines += _comments("  ", section.notes, section.doubts)
        lines += [
            f"  - id: {section.id}",
            f"    title: {quoted(section.title)}",
            f"    score: {format_number(section.score or Decimal(0))}",
            "    items:",
        ]
        for item in section.items:
            lines += _item(item)
    return "\n".join(lines) + "\n"


def _one(text: str) -> str:
    """Text on one comment line: line breaks become spaces, controls are shown escaped."""
    return visible(" ".join(str(text).split()))


def _comments(indent: str, notes: list[str], doubts: list[str]) -> list[str]:
    """One line per note (a note repeated says how often), then one per doubt."""
    counted = Counter(notes)
    lines = [f"{indent}# {_one(n)}" + (f" (×{k})" if k > 1 else "") for n, k in counted.items()]
    return lines + [f"{indent}# {REVIEW}: {_one(d)}" for d in doubts]


def _grades(total: Decimal) -> list[str]:
    lines = [f"# {REVIEW}: " + _("一票否决 needs grades: these are the usual ones, check them")]
    lines.append("grades:")
    lines += [
        f"  - {{name: {quoted(name)}, min: {format_number(share * total)}}}"
        for name, share in GRADES
    ]
    return lines


def _item(item: ItemDraft) -> list[str]:
    lines = [f"      - id: {item.id}"]
    lines += _comments("        ", item.notes, item.doubts)
    lines += [
        f"        title: {quoted(item.title)}",
        f"        score: {format_number(item.score or Decimal(0))}",
    ]
    for key, texts in (("standards", item.standards), ("methods", item.methods)):
        if texts:
            lines.append(f"        {key}:")
            lines += [f"          - {quoted(text)}" for text in texts]
    if item.rules:
        lines.append("        rules:")
        for rule in item.rules:
            lines += _rule(rule)
    return lines


def _rule(rule: RuleDraft) -> list[str]:
    fields = {"text": rule.text, **rule.fields}
    ordered = sorted(fields, key=lambda key: FIELD_ORDER.index(key))
    lines: list[str] = []
    for index, key in enumerate(ordered):
        prefix = "          - " if index == 0 else "            "
        value = fields[key]
        plain = key in ("id", "kind", "tier_group")
        lines.append(f"{prefix}{key}: {value if plain else _value(value)}")
        if index == 0:
            lines += [f"            # {REVIEW}: {_one(doubt)}" for doubt in rule.doubts]
    return lines


def _value(value: object) -> str:
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(entry) for entry in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    return quoted(str(value))


def kinds_of(draft: Draft) -> Counter[str]:
    """How many rules of each kind (veto and add read as kinds of their own)."""
    return Counter("veto" if "veto" in rule.fields else _kind_label(rule) for rule in draft.rules())


def _kind_label(rule: RuleDraft) -> str:
    if "add" not in rule.fields:
        return rule.kind
    return "add" if rule.kind == "flat" else f"{rule.kind} (add)"
