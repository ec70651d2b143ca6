"""`djkh disagreements`: where a unit's assessors gave an item different scores, in each format."""

from __future__ import annotations

import os
from typing import Any

from djkh.decimals import format_number
from djkh.escaping import markdown_text, visible
from djkh.i18n import _, ngettext
from djkh.render import RenderOptions
from djkh.render.csv_export import csv_text
from djkh.render.form import item_label
from djkh.render.json_document import dumps
from djkh.render.plain_table import box_table
from djkh.scoring.assessors import Disagreement, DisagreementReport
from djkh.scoring.engine import Rating


def headings() -> tuple[str, ...]:
    """单位, 项目, 各考核人评分, 分差, 合成得分."""
    return (_("Unit"), _("Item"), _("Assessors' scores"), _("Spread"), _("Combined"))


def rows(report: DisagreementReport) -> list[tuple[str, ...]]:
    """One row per item the assessors disagree on."""
    return [
        (
            d.unit,
            _label(d),
            "、".join(
                f"{name} {format_number(r.score)}"
                for name, r in zip(rater_names(d.ratings), d.ratings, strict=True)
            ),
            format_number(d.spread),
            format_number(d.combined),
        )
        for d in report.disagreements
    ]


def rater_names(ratings: tuple[Rating, ...]) -> list[str]:
    """Each rating's assessor, and its file's name where raters of one group share the name."""
    names = [rating.assessor for rating in ratings]
    return [
        _("{assessor} ({file})").format(assessor=name, file=os.path.basename(rating.file))
        if rating.file is not None and names.count(name) > 1
        else name
        for name, rating in zip(names, ratings, strict=True)
    ]


def _label(disagreement: Disagreement) -> str:
    if disagreement.item_index < 0:
        return disagreement.title
    return item_label(disagreement.section_index, disagreement.item_index, disagreement.title)


def summary(report: DisagreementReport) -> str:
    """'2个单位由多个考核人评分，1个项目评分不一致'."""
    units = ngettext(
        "{n} unit scored by several assessors",
        "{n} units scored by several assessors",
        report.units,
    ).format(n=report.units)
    items = ngettext(
        "{n} item scored differently", "{n} items scored differently", len(report.disagreements)
    ).format(n=len(report.disagreements))
    return _("{units}: {items}").format(units=units, items=items)


def render_table(report: DisagreementReport, options: RenderOptions) -> str:
    """A box table, then the summary line."""
    if not report.disagreements:
        return summary(report) + "\n"
    shown = [tuple(visible(cell) for cell in row) for row in rows(report)]
    right = (False, False, False, True, True)
    lines = box_table(headings(), shown, right, 10**6, _("Where the assessors disagree"))
    assert lines is not None  # plain one-line cells in an unlimited width
    return "\n".join([line.rstrip() for line in lines] + [summary(report)]) + "\n"


def render_markdown(report: DisagreementReport, options: RenderOptions) -> str:
    """A Markdown table under a heading, then the summary line."""
    lines = ["## " + _("Where the assessors disagree"), ""]
    if report.disagreements:
        lines.append("| " + " | ".join(headings()) + " |")
        lines.append("|---|---|---|--:|--:|")
        lines += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in rows(report)]
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def render_csv(report: DisagreementReport, options: RenderOptions) -> str:
    """单位, 项目, 考核人, 评分 per assessor's score, with the spread and the combined score."""
    table: list[tuple[str | Any, ...]] = [
        (_("Unit"), _("Year"), _("Item"), _("Assessor"), _("Score"), _("Spread"), _("Combined"))
    ]
    for d in report.disagreements:
        for name, rating in zip(rater_names(d.ratings), d.ratings, strict=True):
            table.append((d.unit, d.year, _label(d), name, rating.score, d.spread, d.combined))
    return csv_text(table)


def _rating(rating: Rating) -> dict[str, Any]:
    """{assessor, score} and the rater's file, which tells the raters of one group apart."""
    entry: dict[str, Any] = {"assessor": rating.assessor, "score": rating.score}
    if rating.file is not None:
        entry["file"] = rating.file
    return entry


def render_json(report: DisagreementReport, options: RenderOptions) -> str:
    """{"units", "disagreements": [{unit, year, rubric, item, title, ratings, spread, …}]}."""
    document = {
        "units": report.units,
        "disagreements": [
            {
                "unit": d.unit,
                "year": d.year,
                "rubric": d.rubric,
                "item": d.item_id,
                "title": d.title,
                "ratings": [_rating(r) for r in d.ratings],
                "spread": d.spread,
                "combined": d.combined,
            }
            for d in report.disagreements
        ],
    }
    return dumps(document) + "\n"
