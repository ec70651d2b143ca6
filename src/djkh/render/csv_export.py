"""`--format csv`: UTF-8 with a byte-order mark, so Excel on Windows reads the Chinese text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from djkh.escaping import spreadsheet_text
from djkh.i18n import _
from djkh.render import RenderOptions
from djkh.render.form import (
    Number,
    banner_fields,
    card_headings,
    card_rows,
    cell_text,
    has_bars,
    left_out_headings,
    left_out_rows,
    left_out_title,
    ranking_bars,
    ranking_headings,
    unit_fields,
    unit_row,
    years_headings,
    years_refs,
    years_rows,
    years_title,
)
from djkh.scoring.batch import BatchResult, RubricRanking
from djkh.scoring.engine import ScoreCard
from djkh.scoring.pieces import WrittenCard

BOM = "\ufeff"


def render_card(card: ScoreCard, options: RenderOptions) -> str:
    """The scoring form: one row per item, subtotal and total; deductions joined by lines."""
    rows: list[Sequence[str | Number]] = [
        *unit_fields(card),
        *banner_fields(card),
        (),
        card_headings(),
    ]
    for row in card_rows(card):
        rows.append(
            (
                row.section,
                row.goal,
                row.max,
                row.self_score,
                row.deduction,
                row.score,
                "\n".join(row.notes),
            )
        )
    return _csv(rows)


def render_batch(result: BatchResult, options: RenderOptions) -> str:
    """The ranking of each rubric under its own heading row, rubrics one blank row apart."""
    return "".join(render_batch_pieces(result, options))


def render_batch_pieces(result: BatchResult, options: RenderOptions) -> Iterator[str]:
    """`render_batch`'s text in pieces, the rows made as they are written."""
    return _csv_pieces(_batch_rows(result))


def _batch_rows(result: BatchResult) -> Iterator[Sequence[str | Number] | Written]:
    for index, ranking in enumerate(result.rankings):
        if index:
            yield ()
        yield (_("Year"), ranking.year)  # year, then rubric: as a card's csv has them
        yield (_("Rubric"), ranking.ref)
        yield ranking_headings(ranking)
        yield from _unit_rows(ranking)
    if result.left_out:
        yield from [(), (left_out_title(len(result.left_out)),), left_out_headings()]
        yield from left_out_rows(result.left_out)
    for comparison in result.years:
        yield from [(), (years_title(comparison),), (_("Rubric"), years_refs(comparison))]
        yield years_headings(comparison)
        yield from years_rows(comparison)


class Written(str):
    """A row's csv text already written (by a worker): `_csv` writes it as it is."""

    __slots__ = ()


def _unit_rows(ranking: RubricRanking) -> Iterator[Sequence[str | Number] | Written]:
    """Each unit's row, best first; a written card's row is its piece after its rank."""
    bars = ranking_bars(ranking)
    for ranked in ranking.units:
        card = ranked.card
        if isinstance(card, WrittenCard):
            yield Written(f"{ranked.rank},{card.piece.decode('utf-8')}")
        else:
            yield unit_row(ranked.rank, card, bars, ranking.class_part)


def unit_piece(path: str, card: ScoreCard) -> str:
    """A unit's row of the ranking after its rank and comma, as a worker writes it."""
    row = unit_row(0, card, has_bars(card.rubric))[1:]
    line: str = _LINE.writerow([_cell(cell) for cell in row])
    return line


class _Echo:
    """A file whose `write` gives back what it was given, so that a csv writer's `writerow`
    returns the row's line: no buffer made, read and emptied for each of thousands of units."""

    @staticmethod
    def write(line: str) -> str:
        return line


_LINE = csv.writer(_Echo(), lineterminator="\r\n")


def csv_text(rows: Iterable[Sequence[str | Number]]) -> str:
    """Rows as csv for Excel: a byte-order mark, CRLF, no text read as a formula."""
    return _csv(rows)


def _csv(rows: Iterable[Sequence[str | Number] | Written]) -> str:
    return "".join(_csv_pieces(rows))


_PIECE = 1 << 16  # characters gathered before a piece is handed on


def _csv_pieces(rows: Iterable[Sequence[str | Number] | Written]) -> Iterator[str]:
    yield BOM
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        if isinstance(row, Written):
            out.write(row)
        else:
            writer.writerow([_cell(cell) for cell in row])
        if out.tell() >= _PIECE:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def _cell(value: str | Number) -> str:
    """Numbers as they are; text never read as a formula (OWASP: a leading `'`)."""
    return spreadsheet_text(value) if isinstance(value, str) else cell_text(value)
