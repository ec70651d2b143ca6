"""`--format xlsx`: workbooks laid out like the paper forms, numbers as numbers, for filing."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from djkh.decimals import format_number
from djkh.escaping import starts_like_formula, xml_safe
from djkh.i18n import _
from djkh.model.rubric import Rubric
from djkh.render import RenderOptions, ooxml
from djkh.render.cell_lines import lines_shown, row_height, units_wide
from djkh.render.form import (
    Number,
    Role,
    card_banner,
    card_headings,
    card_rows,
    has_bars,
    heading_spans,
    left_out_headings,
    left_out_rows,
    left_out_title,
    loss_headings,
    loss_label,
    mismatch_note,
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
from djkh.render.zipping import HELPED_SHEETS
from djkh.scoring.batch import BatchResult, RubricRanking
from djkh.scoring.engine import ScoreCard
from djkh.scoring.pieces import WrittenCard

if TYPE_CHECKING:  # only with --previous
    from djkh.scoring.years import YearComparison

_EXCEL_DIGITS = 15
_WIDEST = 60  # columns wider than this wrap instead
_SELF_SCORE_COLUMN = 4
_BOLD_ROLES = (Role.SUBTOTAL, Role.BASE, Role.TOTAL, Role.WEIGHTED)
_GRID_FIRST_ROW = 3
_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\\t\n\r"})
Cell = str | Number
SheetMaker = Callable[[str], ooxml.Sheet | ooxml.LaidSheet]  # a sheet, made under the name given
_MARK = ooxml.MARK.encode("ascii")  # in a written unit's piece: after its cells, and its texts


def render_card(card: ScoreCard, options: RenderOptions) -> bytes:
    """One sheet: the unit's scoring form."""
    return ooxml.write_package([_("Scoring form")], [0], [lambda name: _card_sheet(name, card)])


def render_batch(result: BatchResult, options: RenderOptions) -> bytes:
    """A summary sheet per rubric (ranking, statistics, losses), then one sheet per unit.

    Each sheet is made as it is written, so that a big batch never holds every sheet's cells;
    a unit's sheet that a worker laid out waits as its XML (UTF-8, about 8 kB) until then."""
    names = SheetNames()
    plan: list[tuple[str, bool, SheetMaker]] = []  # name, printed like a 通报, what makes it
    for ranking in result.rankings:
        plan.append(
            (names.name(_("Summary")), True, functools.partial(_summary_sheet, ranking=ranking))
        )
    if result.left_out:
        plan.append(
            (names.name(_("Left out")), True, functools.partial(_left_out_sheet, result=result))
        )
    for comparison in result.years:
        maker = functools.partial(_years_sheet, comparison=comparison)
        plan.append((names.name(_("Year over year")), False, maker))
    for ranking in result.rankings:
        for ranked in ranking.units:
            form: SheetMaker = functools.partial(_unit_sheet, card=ranked.card)
            plan.append((names.name(ranked.card.unit), True, form))
    titled = [index for index, (_name, printed, _maker) in enumerate(plan) if printed]
    # The cores that scored the batch are free again: helpers forked for all but this one
    # deflate meanwhile.
    helpers = result.processes - 1 if len(plan) >= HELPED_SHEETS else 0
    sheets, makers = [name for name, _p, _m in plan], [m for _n, _p, m in plan]
    return ooxml.write_package(sheets, titled, makers, helpers)


def unit_piece(path: str, card: ScoreCard) -> str:
    """A unit's cells of its ranking after its rank (JSON), then its form's sheet with its texts
    marked (`ooxml.MARK`), as a worker writes them: the workbook numbers the texts."""
    row = unit_row(0, card, has_bars(card.rubric))[1:]
    cells = json.dumps([_plain_cell(value) for value in row], ensure_ascii=False)
    return cells + ooxml.MARK + _card_sheet("", card).marked_xml()  # the name is not in it


def _plain_cell(value: Cell | None) -> str | list[str] | None:
    """A cell's value as JSON holds it: a number as its text in a list, to be read back exact."""
    if value is None or isinstance(value, str):
        return value
    return [format_number(value)]


def _unit_sheet(name: str, card: ScoreCard) -> ooxml.Sheet | ooxml.LaidSheet:
    """The unit's form; a written card's as its worker laid it out."""
    if isinstance(card, WrittenCard):
        return ooxml.LaidSheet(card.piece.partition(_MARK)[2])
    return _card_sheet(name, card)


def _ranking_rows(ranking: RubricRanking) -> Iterator[Sequence[Cell | None]]:
    """`ranking_rows`, a written card's cells read back from its piece, after its rank."""
    bars = ranking_bars(ranking)
    for ranked in ranking.units:
        card = ranked.card
        if isinstance(card, WrittenCard):
            cells = json.loads(card.piece.partition(_MARK)[0])
            yield (ranked.rank, *(Decimal(c[0]) if isinstance(c, list) else c for c in cells))
        else:
            yield unit_row(ranked.rank, card, bars, ranking.class_part)


def render_rubric(rubric: Rubric, options: RenderOptions) -> bytes:
    """One sheet: the rubric as the familiar form (djkh show)."""
    return ooxml.write_package([_("Rubric")], [], [lambda name: _rubric_sheet(name, rubric)])


def _rubric_sheet(name: str, rubric: Rubric) -> ooxml.Sheet:
    sheet = ooxml.Sheet(name)
    headings = rubric_headings()
    _title(sheet, rubric.title, _issued(rubric.issuer, rubric_line(rubric.ref)), len(headings))
    rows = [
        (r.section, r.goal, r.standards, r.score, r.rules, r.methods) for r in rubric_rows(rubric)
    ]
    _grid(sheet, 3, headings, rows)
    _merge_sections(sheet, 4, [r[0] for r in rows])
    _fit(sheet)
    return sheet


def _card_sheet(name: str, card: ScoreCard) -> ooxml.Sheet:
    sheet = ooxml.Sheet(name)
    header = _issued(card.rubric.issuer, "　".join((unit_line(card, "　"), *card_banner(card))))
    headings = card_headings()
    _title(sheet, card.rubric.title, header, len(headings))
    form = list(card_rows(card))
    rows = [
        (r.section, r.goal, r.max, r.self_score, r.deduction, r.score, "\n".join(r.notes))
        for r in form
    ]
    # A 小计 or 合计 row in bold, its label too; a section's merged 项目 cell keeps its first
    # row's font.
    bold = {number for number, line in enumerate(form) if line.role in _BOLD_ROLES}
    end = _grid(sheet, _GRID_FIRST_ROW, headings, rows, bold=bold)
    _merge_sections(sheet, _GRID_FIRST_ROW + 1, [r[0] for r in rows])
    differing = 0
    for row, line in enumerate(form, start=_GRID_FIRST_ROW + 1):
        if line.self_score is not None and line.self_score != line.score:
            _mark(sheet, row, _SELF_SCORE_COLUMN)
            differing += line.role is Role.ITEM
    if differing:
        _put(sheet, end, 1, f"* {mismatch_note(differing)}")
    _fit(sheet)
    _print_setup(sheet, card.rubric.title, f"{card.year}　{card.rubric.ref}", card.rubric.issuer)
    return sheet


def _mark(sheet: ooxml.Sheet, row: int, column: int) -> None:
    """The self score printed with a `*` beside it: it differs from the score."""
    style = sheet.style_of(row, column)
    if style in ooxml.MARKED:
        sheet.restyle(row, column, ooxml.MARKED[style])


def _summary_sheet(name: str, ranking: RubricRanking) -> ooxml.Sheet:
    sheet = ooxml.Sheet(name)
    headings = ranking_headings(ranking)
    issuer = ranking.issuer
    _title(sheet, ranking.title, _issued(issuer, ranking_line(ranking, "　")), len(headings))
    row = _grid(sheet, _GRID_FIRST_ROW, headings, list(_ranking_rows(ranking))) + 1
    # The statistics and losses start in the second column: their long labels would make the
    # 名次 column as wide as an item's title.
    row = _grid(sheet, row, (_("Statistic"), _("Value")), statistics(ranking), first_column=2) + 1
    losses = [(loss_label(loss), loss.units_losing, loss.mean_loss) for loss in ranking.losses]
    _grid(sheet, row, loss_headings(), losses, first_column=2)
    _fit(sheet)
    _print_setup(sheet, ranking.title, f"{ranking.year}　{ranking.ref}", issuer)
    return sheet


def _left_out_sheet(name: str, result: BatchResult) -> ooxml.Sheet:
    sheet = ooxml.Sheet(name)
    headings = left_out_headings()
    title = left_out_title(len(result.left_out))
    sheet.put(1, 1, ooxml.text_content(title), ooxml.TITLE_LEFT)  # djkh's words: never a formula
    sheet.merge(1, 1, 1, len(headings))
    lines = "　".join(ranking_line(ranking, "　") for ranking in result.rankings)
    if lines:
        _put(sheet, 2, 1, lines)
    _grid(sheet, _GRID_FIRST_ROW, headings, left_out_rows(result.left_out))
    _fit(sheet)
    _print_setup(sheet, title, lines)
    return sheet


def _years_sheet(name: str, comparison: YearComparison) -> ooxml.Sheet:
    sheet = ooxml.Sheet(name)
    headings = years_headings(comparison)
    _title(sheet, years_title(comparison), years_line(comparison, "　"), len(headings))
    _grid(sheet, 3, headings, years_rows(comparison))
    _fit(sheet)
    return sheet


def _issued(issuer: str | None, line: str) -> str:
    """The line under the title, the issuing body (发文单位) first when the rubric names one."""
    return line if issuer is None else f"{issuer}　{line}"


def _title(sheet: ooxml.Sheet, title: str, subtitle: str, columns: int) -> None:
    """The title over the table and the line under it, printed on A4 landscape, as wide as the
    page."""
    _put(sheet, 1, 1, title, ooxml.TITLE)
    _put(sheet, 2, 1, subtitle)
    for row in (1, 2):
        sheet.merge(row, 1, row, columns)
    sheet.landscape = True


def _grid(
    sheet: ooxml.Sheet,
    first: int,
    headings: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    first_column: int = 1,
    bold: Collection[int] = (),
) -> int:
    """Headings and rows from row `first`, bordered, the rows numbered in `bold` (from 0) in
    bold; returns the row after the last one."""
    for column, heading in enumerate(headings, start=first_column):
        _put(sheet, first, column, heading, ooxml.HEADING)
    row = first
    for number, values in enumerate(rows):
        row = first + 1 + number
        cells = sheet.row(row)
        style = ooxml.BOLD if number in bold else ooxml.BODY
        for column, value in enumerate(values, start=first_column):
            cells[column] = _table_cell(value, style)
    return row + 1


@functools.lru_cache(maxsize=16384)  # a batch's forms repeat the same titles and scores
def _table_cell(value: Cell, style: int) -> ooxml.Cell:
    """A table's cell holding `value`, as `_put` makes it."""
    sheet = ooxml.Sheet("")
    _put(sheet, 1, 1, value, style)
    return sheet.rows[1][1]


def _put(sheet: ooxml.Sheet, row: int, column: int, value: Cell, style: int = ooxml.PLAIN) -> None:
    """Set a cell: text is always a text cell, never a formula, even when it starts with `=`
    (with a quote prefix, so that Excel keeps it text when edited); an empty text is no value."""
    if isinstance(value, str):
        if not value:
            sheet.put(row, column, ooxml.EMPTY, style)
            return
        if starts_like_formula(value):
            style = ooxml.QUOTED[style]
        sheet.put(row, column, ooxml.text_content(value), style)
    elif value is None:
        sheet.put(row, column, ooxml.EMPTY, style)
    else:
        sheet.put(row, column, _number_content(value), style)


@functools.lru_cache(maxsize=4096)  # a batch's forms show the same few scores
def _number_content(value: Decimal | int) -> tuple[str, str]:
    """A number in plain notation (Decimal('1E+1') is written 10). Excel keeps 15 significant
    digits: a score with more (81.000000000000002, from findings at the edge of the exact range)
    is written as its text, exact, rather than rounded."""
    shown = format_number(value)
    if _kept_by_excel(shown):
        return ooxml.number_content(shown)
    return ooxml.text_content(shown)


def _kept_by_excel(shown: str) -> bool:
    """Whether a number's plain text has at most the 15 significant digits Excel keeps; counted
    on the text, not through Decimal.normalize, which rounds to the context's precision (28
    digits by default: 99.9999999999998000000000000001 would count 15)."""
    digits = shown.lstrip("-").replace(".", "").strip("0")
    return len(digits) <= _EXCEL_DIGITS


def cell_value(value: Cell) -> str | int | Decimal | None:
    """Numbers stay numbers, in plain notation (Decimal('1E+1') is written 10); text as XML
    can hold it (a control character pasted from Word is shown as `\x0b`).

    Excel keeps 15 significant digits: a score with more (81.000000000000002, from findings at
    the edge of the exact range) is written as its text, exact, rather than rounded."""
    if isinstance(value, Decimal):
        shown = format_number(value)
        return Decimal(shown) if _kept_by_excel(shown) else shown
    if isinstance(value, str):
        return xml_safe(value) if value != "" else None
    return value


def _merge_sections(sheet: ooxml.Sheet, first: int, headings: Sequence[Cell]) -> None:
    """Merge each section's 项目 cell down over its items and subtotal."""
    for start, span in heading_spans(headings).items():
        if span > 1:
            sheet.merge(first + start, 1, first + start + span - 1, 1)


def _fit(sheet: ooxml.Sheet) -> None:
    """Column widths from the widest line in each column, as wide as a Chinese character
    prints (2.2 units: `lines_shown` then finds it on one line)."""
    widths: dict[int, int] = {}
    for row, cells in sheet.rows.items():
        if row >= _GRID_FIRST_ROW:
            for column, (_content, _style, shown) in cells.items():
                if shown is not None:
                    width = _width(shown)
                    if width >= widths.get(column, 0):
                        widths[column] = width
    sheet.widths = {column: min(_WIDEST, width + 2) for column, width in widths.items()}
    _fit_heights(sheet)


def _fit_heights(sheet: ooxml.Sheet) -> None:
    """Rows tall enough to show every line of their wrapped cells, with a margin: Excel does
    not grow a row whose cells were written with line breaks, and LibreOffice prints what it
    shows, clipped at the row's border. A merged cell does not count (the cells it covers are
    blank)."""
    merged: dict[int, set[int]] = {}
    for top, left, _bottom, _right in sheet.merges:
        merged.setdefault(top, set()).add(left)
    widths = sheet.widths
    wrapped = ooxml.WRAPPED
    for row, cells in sheet.rows.items():
        if row < _GRID_FIRST_ROW:
            continue
        lines = 0
        skipped = merged.get(row, ())
        for column, (_content, style, shown) in cells.items():
            if shown is None or column in skipped:
                continue
            shown_lines = lines_shown(shown, widths[column]) if style in wrapped else 1
            if shown_lines > lines:
                lines = shown_lines
        if lines:
            sheet.heights[row] = row_height(lines)


@functools.lru_cache(maxsize=16384)  # a batch's sheets repeat the same titles and rules
def _width(text: str) -> int:
    """Column units the widest line of `text` needs."""
    return max(units_wide(line) for line in text.split("\n"))


def _print_setup(sheet: ooxml.Sheet, title: str, which: str, issuer: str | None = None) -> None:
    """Printed like a 通报: the headings on every page, the title, year and rubric in the
    header (the issuing body in its middle), page numbers in the footer, the headings frozen."""
    sheet.frozen_rows = _GRID_FIRST_ROW
    sheet.header = _header_parts(title, issuer, which)
    sheet.footer = (None, _("Page &P of &N"), None)


_HEADER_PART = 100  # a part of the page header at most: one short line


def _header_parts(
    left: str, center: str | None, right: str
) -> tuple[str | None, str | None, str | None]:
    """Texts as a page header shows them, each at most _HEADER_PART long, the longest cut
    further while the whole header is longer than Excel allows; a cut never halves a `&&`."""
    texts = [_flat(left), None if center is None else _flat(center), _flat(right)]
    parts = [None if text is None else _header_code(text, _HEADER_PART) for text in texts]
    while len(ooxml.header_code((parts[0], parts[1], parts[2]))) > ooxml.HEADER_UNITS:
        longest = max((len(part), -n) for n, part in enumerate(parts) if part is not None)
        number = -longest[1]
        parts[number] = _header_code(texts[number] or "", longest[0] - 1)
    return parts[0], parts[1], parts[2]


def _flat(text: str) -> str:
    """Text on one line, as XML can hold it."""
    return _ONE_LINE.sub(" ", xml_safe(text))


_ONE_LINE = re.compile("\r\n|[\t\n\r]")


def _header_code(text: str, most: int) -> str:
    """`text` in header codes (`&` doubled: a lone one starts a code), at most `most` long
    as Excel reads it."""
    text = text[:most]  # a text is never shorter in header codes
    coded = text.replace("&", "&&")
    while len(ooxml.header_code((coded, None, None))) - 2 > most:
        text = text[: max(0, len(text) - 1)]
        coded = text.replace("&", "&&")
    return coded


class SheetNames:
    """Names Excel accepts, unique in the book: at most 31 characters (UTF-16 units), none of
    []:*?/\\ nor a control character (nor `_x000D_`, Excel's escape of one), no apostrophe
    first or last, not `History`, compared regardless of case and of full or half width (Ａ镇
    and A镇: djkh tells them apart no more than it does units)."""

    def __init__(self) -> None:
        self.taken = {_RESERVED_SHEET}
        self.last_number: dict[str, int] = {}  # so a thousand alike names take no quadratic time

    def name(self, wanted: str) -> str:
        """A new name for a sheet meant to be called `wanted`."""
        base = _NOT_AN_ESCAPE.sub("-", xml_safe(wanted).translate(_FORBIDDEN)) or _("Unit")
        name = _fitted(base, "")
        compared = _compared(name)
        number = self.last_number.get(base, 1)
        while compared in self.taken:
            number += 1
            name = _fitted(base, f"({number})")
            compared = _compared(name)
        self.last_number[base] = number
        self.taken.add(compared)
        return name


# Excel reads `_x000D_` in a sheet's name as the character it numbers (a carriage return, which
# no sheet name may hold); the `_` that starts such a sequence becomes `-`.
_NOT_AN_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


def _compared(name: str) -> str:
    """A sheet's name as names are compared: the case and the width of its letters folded."""
    return unicodedata.normalize("NFKC", name).casefold()


_RESERVED_SHEET = "history"  # Excel keeps this name for its change history
_SHEET_NAME_UNITS = 31


def _fitted(base: str, suffix: str) -> str:
    """`base` cut so that it and `suffix` fit a sheet name, with no apostrophe at either end."""
    room = _SHEET_NAME_UNITS - len(suffix)
    if len(base) <= room and (not base or max(base) <= "\uffff"):  # most names: kept whole
        name = base + suffix
    else:
        kept = []
        for char in base:
            room -= 2 if ord(char) > 0xFFFF else 1  # Excel counts UTF-16 units
            if room < 0:
                break
            kept.append(char)
        name = "".join(kept) + suffix
    if name.startswith("'"):
        name = "_" + name[1:]
    return name[:-1] + "_" if name.endswith("'") else name
