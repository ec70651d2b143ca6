"""`--format markdown`: the forms as GitHub-flavoured Markdown tables, for wikis and 通报 drafts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from djkh.decimals import format_number
from djkh.escaping import markdown_text
from djkh.i18n import current_language
from djkh.model.rubric import Rubric
from djkh.render import RenderOptions
from djkh.render.form import (
    Number,
    card_banner,
    card_headings,
    card_rows,
    cell_text,
    has_bars,
    left_out_headings,
    left_out_rows,
    left_out_title,
    loss_headings,
    loss_label,
    losses_title,
    ranking_bars,
    ranking_headings,
    ranking_line,
    rubric_headings,
    rubric_line,
    rubric_rows,
    statistics,
    unit_line,
    unit_row,
    years_headings,
    years_line,
    years_rows,
    years_title,
)
from djkh.scoring.batch import BatchResult, RubricRanking
from djkh.scoring.engine import ScoreCard
from djkh.scoring.pieces import WrittenCard

# Which columns hold numbers, so they are right-aligned.
_CARD_NUMBERS = {2, 3, 4, 5}
_RUBRIC_NUMBERS = {3}


def render_card(card: ScoreCard, options: RenderOptions) -> str:
    """The unit's heading line and its scoring form."""
    rows = [
        (r.section, r.goal, r.max, r.self_score, r.deduction, r.score_text, "\n".join(r.notes))
        for r in card_rows(card)
    ]
    banner = "".join(f"**{markdown_text(line)}**\n\n" for line in card_banner(card))
    return (
        _issuer(card.rubric.issuer) + f"# {markdown_text(card.rubric.title)}\n\n"
        f"{markdown_text(unit_line(card, _gap()))}\n\n"
        + banner
        + table(card_headings(), rows, _CARD_NUMBERS)
    )


def render_batch(result: BatchResult, options: RenderOptions) -> str:
    """Per rubric: the ranking, its statistics and each item's losses."""
    parts = []
    for ranking in result.rankings:
        headings = ranking_headings(ranking)
        numbers = set(range(2, len(headings))) | {0}
        losses = [(loss_label(loss), loss.units_losing, loss.mean_loss) for loss in ranking.losses]
        stats = _gap().join(f"{name} {format_number(value)}" for name, value in statistics(ranking))
        line = markdown_text(ranking_line(ranking, _gap()))
        parts.append(
            _issuer(ranking.issuer)
            + f"# {markdown_text(ranking.title)}\n\n{line}\n\n"
            + _ranking_table(ranking, headings, numbers)
            + f"\n{markdown_text(stats)}\n\n## {markdown_text(losses_title())}\n\n"
            + table(loss_headings(), losses, {1, 2})
        )
    if result.left_out:
        title = left_out_title(len(result.left_out))
        parts.append(
            f"## {markdown_text(title)}\n\n"
            + table(left_out_headings(), left_out_rows(result.left_out), set())
        )
    for comparison in result.years:
        parts.append(
            f"## {markdown_text(years_title(comparison))}\n\n"
            + f"{markdown_text(years_line(comparison, _gap()))}\n\n"
            + table(years_headings(comparison), years_rows(comparison), {1, 2, 3, 4, 5, 6})
        )
    return "\n".join(parts)


def render_rubric(rubric: Rubric, options: RenderOptions) -> str:
    """The rubric as the familiar form (djkh show)."""
    rows = [
        (r.section, r.goal, r.standards, r.score, r.rules, r.methods) for r in rubric_rows(rubric)
    ]
    heading = f"# {markdown_text(rubric.title)}\n\n{markdown_text(rubric_line(rubric.ref))}\n\n"
    return _issuer(rubric.issuer) + heading + table(rubric_headings(), rows, _RUBRIC_NUMBERS)


def _issuer(issuer: str | None) -> str:
    """The issuing body in bold above the title, as on a 通报's letterhead; nothing without one."""
    return "" if issuer is None else f"**{markdown_text(issuer)}**\n\n"


def table(
    headings: Sequence[str], rows: Iterable[Sequence[str | Number]], numbers: set[int]
) -> str:
    """A Markdown table; numeric columns right-aligned, line breaks as <br>."""
    lines = _head(headings, numbers)
    lines += [_line([_cell(value) for value in row]) for row in rows]
    return "\n".join(lines) + "\n"


def _head(headings: Sequence[str], numbers: set[int]) -> list[str]:
    align = ["---:" if i in numbers else "---" for i in range(len(headings))]
    return [_line([markdown_text(heading) for heading in headings]), _line(align)]


def _ranking_table(ranking: RubricRanking, headings: Sequence[str], numbers: set[int]) -> str:
    """The ranking's table; a written card's line is its piece after its rank."""
    lines = _head(headings, numbers)
    bars = ranking_bars(ranking)
    for ranked in ranking.units:
        card = ranked.card
        if isinstance(card, WrittenCard):
            lines.append(f"| {ranked.rank} | {card.piece.decode('utf-8')}")
        else:
            row = unit_row(ranked.rank, card, bars, ranking.class_part)
            lines.append(_line([_cell(value) for value in row]))
    return "\n".join(lines) + "\n"


def unit_piece(path: str, card: ScoreCard) -> str:
    """A unit's line of the ranking's table after its rank, as a worker writes it."""
    row = unit_row(0, card, has_bars(card.rubric))[1:]
    return " | ".join(_cell(value) for value in row) + " |"


def _line(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _cell(value: str | Number) -> str:
    """Text escaped for Markdown; a number's digits need no escaping."""
    return markdown_text(value) if isinstance(value, str) else cell_text(value)


def _gap() -> str:
    """Between fields on one line: an ideographic space in Chinese, plain spaces in English."""
    return "\u3000" if current_language() == "zh" else "    "
