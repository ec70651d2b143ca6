"""`--format json`: the score card as a stable JSON document with exact numbers."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from djkh.decimals import format_number
from djkh.renderers import RenderOptions
from djkh.scoring import Deduction, ItemScore, ScoreCard, SectionScore


def render(card: ScoreCard, options: RenderOptions) -> str:
    """The JSON document documented in docs/format.md."""
    return dumps(card_document(card)) + "\n"


def card_document(card: ScoreCard) -> dict[str, Any]:
    """The card as plain data, numbers kept as Decimal."""
    return {
        "unit": card.unit,
        "year": card.year,
        "rubric": {"id": card.rubric.id, "version": card.rubric.version},
        "max": card.rubric.total,
        "score": card.score,
        "deduction": card.deduction,
        "self_score": card.self_score,
        "sections": [_section(section) for section in card.sections],
    }


def _section(section: SectionScore) -> dict[str, Any]:
    return {
        "id": section.section.id,
        "title": section.section.title,
        "max": section.section.score,
        "score": section.score,
        "deduction": section.deduction,
        "items": [_item(item) for item in section.items],
    }


def _item(item: ItemScore) -> dict[str, Any]:
    return {
        "id": item.item.id,
        "title": item.item.title,
        "max": item.item.score,
        "score": item.score,
        "deduction": item.deduction,
        "self_score": item.self_score,
        "deductions": [_deduction(d) for d in item.deductions],
    }


def _deduction(deduction: Deduction) -> dict[str, Any]:
    return {
        "rule": deduction.rule.id,
        "text": deduction.rule.text,
        "value": deduction.value,
        "amount": deduction.amount,
        "evidence": deduction.evidence,
    }


def dumps(value: Any, indent: int = 0) -> str:
    """JSON with Decimals written exactly as numbers (the json module would need floats)."""
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        rows = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {dumps(v, indent + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(rows) + f"\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(f"{inner}{dumps(v, indent + 1)}" for v in value) + f"\n{pad}]"
    if isinstance(value, Decimal):
        return format_number(value)
    return json.dumps(value, ensure_ascii=False)
