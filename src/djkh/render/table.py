"""`--format table`: the score card laid out like the paper form, aligned for Chinese text.

The card is first laid out as rows of plain cells (`card_layout`); without colour (a file, a
pipe) card_plain writes its lines directly, exactly as rich would draw them, and card_rich draws
it with rich where there is colour or where card_plain declines a layout it does not copy.
"""

from __future__ import annotations

from decimal import Decimal

from djkh.decimals import format_number
from djkh.escaping import visible
from djkh.i18n import _
from djkh.render import RenderOptions
from djkh.render.card_cells import (
    CardLayout,
    Cell,
    Noted,
    Stacked,
    Styled,
    TableRow,
)
from djkh.render.card_plain import card_lines
from djkh.render.form import (
    Note,
    Role,
    bonus_rows,
    card_banner,
    card_headings,
    cell_text,
    item_goal,
    item_note_parts,
    mismatch_note,
    part_item_note_parts,
    penalty_rows,
    score_shown,
    section_heading,
    section_notes,
    total_notes,
    unit_line,
    weighted_row,
)
from djkh.scoring.engine import BonusItemScore, ItemScore, ScoreCard, SectionScore

MISMATCH = "*"


def render(card: ScoreCard, options: RenderOptions) -> str:
    """The scoring table with header, per-item deductions, subtotals and the total."""
    layout = card_layout(card)
    if not options.color:
        lines = card_lines(layout, options.width)
        if lines is not None:
            return "".join(line.rstrip(" ") + "\n" for line in lines)
    from djkh.render.card_rich import draw

    return draw(layout, options)


def shown(text: str = "", style: str = "") -> Styled:
    """Input text that can neither colour, move nor clear the terminal."""
    return Styled(visible(text, keep="\n"), style)


def card_layout(card: ScoreCard) -> CardLayout:
    """Every line and cell of the card, in order."""
    item, goal, *numbers, _notes = card_headings()
    rows: list[TableRow] = []
    for index, section in enumerate(card.sections):
        rows += _section_rows(index, section)
    if card.bonus is not None or card.rescaled or card.penalties is not None:
        rows += _bonus_rows(card)
    rows.append(
        TableRow(
            (
                shown(_("Total"), style="bold"),
                shown("\n".join(total_notes(card)), style="bold red"),
                format_number(card.rubric.total),
                _self_cell(card.self_score, card.score),
                format_number(card.deduction),
                shown(format_number(card.score), style="bold"),
            )
        )
    )
    headings: tuple[Cell, ...] = (shown(item), shown(goal), *numbers)
    return CardLayout((_header(card), *_banner(card)), headings, tuple(rows), _footnotes(card))


def _header(card: ScoreCard) -> Styled:
    lines = [card.rubric.title]
    if card.rubric.issuer is not None:
        lines.append(card.rubric.issuer)
    lines.append(unit_line(card))
    return shown("\n".join(lines), style="bold")


def _banner(card: ScoreCard) -> list[Styled]:
    """Vetoes in bold red, then the grade, above the table: no reader can miss them."""
    vetoes = len(card.vetoes)
    return [
        shown(line, style="bold red" if index < vetoes else "bold")
        for index, line in enumerate(card_banner(card))
    ]


def _section_rows(index: int, section: SectionScore) -> list[TableRow]:
    rows = []
    for number, item in enumerate(section.items, start=1):
        title = section_heading(index, section.section.title) if number == 1 else ""
        deduction = "" if item.not_applicable is not None else format_number(item.deduction)
        cells: tuple[Cell, ...] = (
            shown(title, style="bold"),
            _item_cell(number, item),
            format_number(item.item.score),
            _self_cell(item.self_score, item.score),
            deduction,
            _score_cell(item),
        )
        rows.append(TableRow(cells))
    weighted = section.section.weight is not None
    subtotal = (
        "",
        _noted(_("Subtotal"), section_notes(section)),
        format_number(section.section.score),
        _self_cell(section.self_score, section.score),
        format_number(section.deduction),
        shown(format_number(section.score), style="bold"),
    )
    rows.append(TableRow(subtotal, end_section=not weighted))
    if weighted:
        row = weighted_row(section)
        cells = (
            "",
            _noted(row.goal, row.notes),
            cell_text(row.max),
            "",
            cell_text(row.deduction),
            shown(cell_text(row.score), style="bold"),
        )
        rows.append(TableRow(cells, end_section=True))
    return rows


def _noted(goal: str, notes: tuple[str, ...]) -> Styled | Stacked:
    """A row's label in italics, with its notes (a cap, a weight) in yellow below."""
    label = shown(goal, style="italic")
    return Stacked((label, shown("\n".join(notes), style="yellow"))) if notes else label


def _score_cell(item: ItemScore) -> Styled:
    """The score; '不适用', or computed→overridden, where the number alone would mislead."""
    score = score_shown(item)
    if score is None:
        return shown(format_number(item.score))
    return shown(score, style="cyan" if item.not_applicable is not None else "magenta")


def _bonus_rows(card: ScoreCard) -> list[TableRow]:
    """基本分 (rescaled when items were not applicable), the bonus items, and what they add;
    then the penalty items (综合扣分) and what they deduct."""
    items = iter(
        [
            *(card.bonus.items if card.bonus else ()),
            *(card.penalties.items if card.penalties else ()),
        ]
    )
    rows = []
    for row in (*bonus_rows(card), *penalty_rows(card)):
        cell: Cell
        if row.role in (Role.BONUS, Role.PENALTY):
            cell = _additions_cell(row.goal, next(items), "+" if row.role is Role.BONUS else "-")
        else:
            cell = _noted(row.goal, row.notes)
        cells = (
            shown(row.section, style="bold"),
            cell,
            _part_max(row.role, row.max),
            cell_text(row.self_score),
            cell_text(row.deduction),
            shown(row.score_text, style="bold green" if row.role is Role.SUBTOTAL else ""),
        )
        rows.append(TableRow(cells, end_section=row.role in (Role.BASE, Role.SUBTOTAL)))
    return rows


def _part_max(role: Role, most: Decimal | None) -> str:
    if role is not Role.SUBTOTAL:
        return cell_text(most)
    return f"≤{cell_text(most)}" if most is not None else ""


def _additions_cell(goal: str, item: BonusItemScore, sign: str) -> Styled | Noted:
    return _with_notes(shown(goal), part_item_note_parts(item, sign))


def _item_cell(number: int, item: ItemScore) -> Styled | Noted:
    return _with_notes(shown(item_goal(number, item.item.title)), item_note_parts(item))


def _with_notes(title: Styled, notes: tuple[Note, ...]) -> Styled | Noted:
    """The cell's text, then its notes: points in a column of their own, each kind coloured."""
    if not notes:
        return title
    return Noted(title, notes)


def _self_cell(self_score: Decimal | None, score: Decimal) -> Styled:
    if self_score is None:
        return shown("")
    if self_score == score:
        return shown(format_number(self_score))
    return shown(f"{format_number(self_score)}{MISMATCH}", style="bold yellow")


def _footnotes(card: ScoreCard) -> tuple[Styled, ...]:
    items = [item for section in card.sections for item in section.items]
    differing = [i for i in items if i.self_score is not None and i.self_score != i.score]
    if not differing:
        return ()
    return (shown(f"{MISMATCH} {mismatch_note(len(differing))}", style="yellow"),)
