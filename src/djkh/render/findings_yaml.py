"""`djkh convert` to YAML: findings data written as one canonical findings file.

Keys in the format's order, items and rules in the rubric's order, texts plain where YAML reads
them back as the same text and double-quoted otherwise, numbers exactly as they were read: the
same data always gives the same file, so a workbook converted back and forth reviews cleanly in
git.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from djkh.model.rubric import Rubric

_TOP = ("kind", "rubric", "unit", "year", "unit_class", "assessor", "date", "period")
_ITEM = (
    "self_score", "not_applicable", "findings", "votes", "abstained", "invalid", "note", "override",
)  # fmt: skip
_OVERRIDE = ("score", "reason", "approved_by")
_FINDING = ("value", "evidence", "reason", "reference", "scale", "extra")
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`~=]([^:#\n\r\t]|:(?! )|#(?<! #))*")
_CONTROL = re.compile(r"[\x00-\x1f\\]")
# JSON leaves these as they are; YAML reads some as line breaks and refuses the rest.
_NOT_YAML_TEXT = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def findings_yaml(data: dict[str, Any], rubric: Rubric) -> str:
    """The YAML text of the findings `data` (as the loader or the workbook reader gives it)."""
    lines = [_pair("", key, data[key]) for key in _TOP if key in data]
    items = data.get("items") or {}
    lines.append("items:" if items else "items: {}")
    for item_id in _ordered(items, _item_order(rubric)):
        lines += _item_lines(item_id, items[item_id], rubric)
    return "".join(f"{line}\n" for line in lines)


def _item_order(rubric: Rubric) -> dict[str, list[str]]:
    """Each item's id (scored, bonus, penalty) with its rules' ids, in the rubric's order."""
    return {item_id: [r.id for r in item.rules] for item_id, item in rubric.items_by_id.items()}


def _level_order(rubric: Rubric, item_id: str) -> list[str]:
    """A survey item's levels, best first, as its votes are written."""
    item = rubric.items_by_id.get(item_id)
    survey = getattr(item, "survey", None)
    return [level.name for level in survey.levels] if survey is not None else []


def _ordered(mapping: dict[str, Any], order: Any) -> list[str]:
    known = [key for key in order if key in mapping]
    return known + [key for key in mapping if key not in known]


def _item_lines(item_id: str, item: Any, rubric: Rubric) -> list[str]:
    if not isinstance(item, dict):
        return [_pair("  ", item_id, item)]
    lines: list[str] = []
    for key in _ordered(item, _ITEM):
        value = item[key]
        if key == "findings" and isinstance(value, dict):
            if not value:
                continue
            lines.append("    findings:")
            rules = _item_order(rubric).get(item_id, [])
            lines += [_pair("      ", rule, value[rule]) for rule in _ordered(value, rules)]
        elif key == "votes" and isinstance(value, dict):
            levels = _ordered(value, _level_order(rubric, item_id))
            lines.append(_pair("    ", key, {name: value[name] for name in levels}))
        elif key == "override" and isinstance(value, dict):
            lines.append("    override:")
            lines += [_pair("      ", k, value[k]) for k in _ordered(value, _OVERRIDE)]
        else:
            lines.append(_pair("    ", key, value))
    return [f"  {_key(item_id)}:", *lines] if lines else [f"  {_key(item_id)}: {{}}"]


def _pair(indent: str, key: str, value: Any) -> str:
    """`key: value`, or `key:` alone for an empty value, as djkh init writes it."""
    shown = _finding(value)
    return f"{indent}{_key(key)}: {shown}" if shown else f"{indent}{_key(key)}:"


def _finding(value: Any) -> str:
    if isinstance(value, dict):
        keys = _ordered(value, _FINDING)
        inner = ", ".join(f"{_key(k)}: {scalar(value[k], flow=True)}" for k in keys)
        return f"{{{inner}}}"
    return scalar(value)


def _key(key: str) -> str:
    return scalar(key)


def scalar(value: Any, *, flow: bool = False) -> str:
    """One value as YAML reads it back: true/false, a number, plain or quoted text, or empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value)
    if _plain_is_safe(text, flow=flow):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_YAML_TEXT.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def _plain_is_safe(text: str, *, flow: bool) -> bool:
    """Whether `text` written plain reads back as this same text."""
    from djkh.files.loader import resolve_plain

    if not text or text != text.strip() or not _PLAIN.fullmatch(text):
        return False
    if _CONTROL.search(text) or _NOT_YAML_TEXT.search(text):
        return False
    if flow and any(mark in text for mark in ",[]{}"):
        return False
    try:
        return resolve_plain(text) == text and isinstance(resolve_plain(text), str)
    except ValueError:
        return False
