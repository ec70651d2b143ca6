"""`--format table`: the score card laid out like the paper form, aligned for Chinese text."""

from __future__ import annotations

import io
from decimal import Decimal

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from djkh.decimals import format_number
from djkh.i18n import _
from djkh.render import RenderOptions
from djkh.render.console import console_for, safe, shown, unpadded
from djkh.render.form import (
    Note,
    NoteKind,
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
    out = io.StringIO()
    console = console_for(out, options)
    parts: list[RenderableType] = [_header(card), *_banner(card), _table(card, options.width)]
    parts += _footnotes(card)
    console.print(Group(*parts))
    return out.getvalue() if options.color else unpadded(out.getvalue())


def _header(card: ScoreCard) -> Text:
    header = shown(card.rubric.title, style="bold")
    if card.rubric.issuer is not None:
        header.append("\n" + safe(card.rubric.issuer))
    header.append("\n" + safe(unit_line(card)))
    return header


def _banner(card: ScoreCard) -> list[Text]:
    """Vetoes in bold red, then the grade, above the table: no reader can miss them."""
    vetoes = len(card.vetoes)
    return [
        shown(line, style="bold red" if index < vetoes else "bold")
        for index, line in enumerate(card_banner(card))
    ]


def _table(card: ScoreCard, width: int) -> Table:
    table = Table(box=box.SQUARE, header_style="bold")
    item, goal, *numbers, _notes = card_headings()
    table.add_column(shown(item), max_width=max(8, width // 6), overflow="fold")
    table.add_column(shown(goal), overflow="fold")
    for heading in numbers:
        table.add_column(heading, justify="right", no_wrap=True)
    for index, section in enumerate(card.sections):
        _add_section(table, index, section)
    if card.bonus is not None or card.rescaled or card.penalties is not None:
        _add_bonus(table, card)
    total_self = card.self_score
    table.add_row(
        shown(_("Total"), style="bold"),
        shown("\n".join(total_notes(card)), style="bold red"),
        format_number(card.rubric.total),
        _self_cell(total_self, card.score),
        format_number(card.deduction),
        shown(format_number(card.score), style="bold"),
    )
    return table


def _add_section(table: Table, index: int, section: SectionScore) -> None:
    for number, item in enumerate(section.items, start=1):
        title = section_heading(index, section.section.title) if number == 1 else ""
        deduction = "" if item.not_applicable is not None else format_number(item.deduction)
        table.add_row(
            shown(title, style="bold"),
            _item_cell(number, item),
            format_number(item.item.score),
            _self_cell(item.self_score, item.score),
            deduction,
            _score_cell(item),
        )
    weighted = section.section.weight is not None
    table.add_row(
        "",
        _noted(_("Subtotal"), section_notes(section)),
        format_number(section.section.score),
        _self_cell(section.self_score, section.score),
        format_number(section.deduction),
        shown(format_number(section.score), style="bold"),
        end_section=not weighted,
    )
    if weighted:
        row = weighted_row(section)
        table.add_row(
            "",
            _noted(row.goal, row.notes),
            cell_text(row.max),
            "",
            cell_text(row.deduction),
            shown(cell_text(row.score), style="bold"),
            end_section=True,
        )


def _noted(goal: str, notes: tuple[str, ...]) -> RenderableType:
    """A row's label in italics, with its notes (a cap, a weight) in yellow below."""
    label = shown(goal, style="italic")
    return Group(label, shown("\n".join(notes), style="yellow")) if notes else label


def _score_cell(item: ItemScore) -> Text:
    """The score; '不适用', or computed→overridden, where the number alone would mislead."""
    score = score_shown(item)
    if score is None:
        return shown(format_number(item.score))
    return shown(score, style="cyan" if item.not_applicable is not None else "magenta")


def _add_bonus(table: Table, card: ScoreCard) -> None:
    """基本分 (rescaled when items were not applicable), the bonus items, and what they add;
    then the penalty items (综合扣分) and what they deduct."""
    items = iter(
        [
            *(card.bonus.items if card.bonus else ()),
            *(card.penalties.items if card.penalties else ()),
        ]
    )
    for row in (*bonus_rows(card), *penalty_rows(card)):
        if row.role in (Role.BONUS, Role.PENALTY):
            cell = _additions_cell(row.goal, next(items), "+" if row.role is Role.BONUS else "-")
        else:
            cell = _noted(row.goal, row.notes)
        table.add_row(
            shown(row.section, style="bold"),
            cell,
            _part_max(row.role, row.max),
            cell_text(row.self_score),
            cell_text(row.deduction),
            shown(row.score_text, style="bold green" if row.role is Role.SUBTOTAL else ""),
            end_section=row.role in (Role.BASE, Role.SUBTOTAL),
        )


def _part_max(role: Role, most: Decimal | None) -> str:
    if role is not Role.SUBTOTAL:
        return cell_text(most)
    return f"≤{cell_text(most)}" if most is not None else ""


def _additions_cell(goal: str, item: BonusItemScore, sign: str) -> RenderableType:
    return _with_notes(shown(goal), part_item_note_parts(item, sign))


def _item_cell(number: int, item: ItemScore) -> RenderableType:
    return _with_notes(shown(item_goal(number, item.item.title)), item_note_parts(item))


def _with_notes(title: Text, notes: tuple[Note, ...]) -> RenderableType:
    """The cell's text, then its notes: points in a column of their own, each kind coloured."""
    if not notes:
        return title
    return _NotedCell(_hanging(title, notes), _flowing(title, notes))


class _NotedCell:
    """Notes under their points where the column has room, else flowing under the title: a
    narrow terminal would leave one character a line beside the hanging points."""

    def __init__(self, hanging: RenderableType, flowing: RenderableType) -> None:
        self.hanging, self.flowing = hanging, flowing

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.hanging if options.max_width >= _HANGING_MIN else self.flowing

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.hanging)


_HANGING_MIN = 24  # cells: below this the points no longer hang beside their notes


def _flowing(title: Text, notes: tuple[Note, ...]) -> RenderableType:
    lines = [title]
    for note in notes:
        line = shown("  ")
        if note.amount:
            style = "green" if note.amount.startswith("+") else "red"
            line.append_text(shown(f"〔{note.amount}〕", style=style))
        line.append_text(shown(note.text, style=_NOTE_STYLE[note.kind]))
        lines.append(line)
    return Group(*lines)


def _hanging(title: Text, notes: tuple[Note, ...]) -> RenderableType:
    grid = Table.grid(padding=(0, 0))
    grid.add_column(width=2)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for note in notes:
        amount: Text | str = ""
        if note.amount:
            style = "green" if note.amount.startswith("+") else "red"
            amount = shown(f"〔{note.amount}〕", style=style)
        grid.add_row("", amount, shown(note.text, style=_NOTE_STYLE[note.kind]))
    return Group(title, grid)


_NOTE_STYLE = {
    NoteKind.NOT_APPLICABLE: "cyan",
    NoteKind.SOURCE: "",
    NoteKind.HIT: "dim",
    NoteKind.EVIDENCE: "dim italic",
    NoteKind.REASON: "dim italic",
    NoteKind.BOUND: "yellow",
    NoteKind.OVERRIDE: "magenta",
    NoteKind.NOTE: "dim",
}


def _self_cell(self_score: Decimal | None, score: Decimal) -> Text:
    if self_score is None:
        return shown("")
    if self_score == score:
        return shown(format_number(self_score))
    return shown(f"{format_number(self_score)}{MISMATCH}", style="bold yellow")


def _footnotes(card: ScoreCard) -> list[Text]:
    items = [item for section in card.sections for item in section.items]
    differing = [i for i in items if i.self_score is not None and i.self_score != i.score]
    if not differing:
        return []
    return [shown(f"{MISMATCH} {mismatch_note(len(differing))}", style="yellow")]
