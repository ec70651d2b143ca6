"""`--format html`: one self-contained page (no network), printable on A4, with a loss chart."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from html import escape as _escape_always
from types import MappingProxyType
from typing import TYPE_CHECKING

from djkh.decimals import format_number
from djkh.i18n import _, current_language
from djkh.model.rubric import Rubric, Section
from djkh.render import Piece, RenderOptions, as_text
from djkh.render.cells import display_width
from djkh.render.form import (
    NOTES_COLUMN,
    SELF_SCORE_COLUMN,
    CardRow,
    Number,
    Role,
    card_banner,
    card_headings,
    card_rows,
    cell_text,
    has_bars,
    heading_spans,
    item_label,
    left_out_headings,
    left_out_rows,
    left_out_title,
    loss_headings,
    loss_label,
    losses_title,
    mismatch_note,
    numerals_text,
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
from djkh.scoring.engine import ScoreCard, SectionScore
from djkh.scoring.pieces import WrittenCard

if TYPE_CHECKING:  # only with --previous
    from djkh.scoring.years import YearComparison

_STYLE = """
@page { size: A4 landscape; margin: 8mm 10mm 10mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       "SimSun", sans-serif; font-size: 10pt; color: #000; margin: 0 1em; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 .2em; }
h2 { font-size: 12pt; margin: .8em 0 .3em; }
h1, h2, p.meta, p.banner { break-after: avoid; }
p.meta { text-align: center; margin: 0 0 .5em; }
table { border-collapse: collapse; width: 100%; margin-bottom: .6em; }
thead { display: table-header-group; }
th, td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; }
th { background: #eee; white-space: nowrap; }
td.n { text-align: right; white-space: nowrap; }
tr.subtotal td, tr.total td, tr.base td { font-weight: bold; }
tr.subtotal, tr.total, tr.base, tr.weighted { break-before: avoid; }
td.notes { font-size: 8.5pt; }
.mismatch { font-weight: bold; text-decoration: underline; }
p.legend { font-size: 9pt; margin: 0 0 .6em; break-before: avoid; }
p.banner { text-align: center; font-size: 12pt; font-weight: bold; margin: .2em 0 .5em; }
p.banner:first-of-type { color: #b91c1c; }
.chart { break-inside: avoid; }
.chart text { font-size: 11px; }
.signature { display: flex; justify-content: flex-end; gap: 6em; margin: 1.2em 2em .4em;
             break-inside: avoid; break-before: avoid; }
.signature span { min-width: 12em; border-bottom: 1px solid #000; padding-bottom: 1.6em; }
section { break-after: page; }
section:last-child { break-after: auto; }
tr { break-inside: avoid; }
@media print {
  body { font-size: 9pt; line-height: 1.25; margin: 0; }
  h1 { font-size: 13pt; }
  h2 { font-size: 10pt; margin: .4em 0 .2em; }
  p.meta { margin: 0 0 .3em; }
  p.banner { font-size: 10.5pt; margin: 0 0 .3em; }
  p { margin: .3em 0; }
  table { margin-bottom: .3em; }
  th, td { padding: 0 3px; }
  td.notes { font-size: 8pt; }
  p.legend { font-size: 8pt; margin: 0 0 .2em; }
  .signature { margin: .4em 2em .2em; }
  .signature span { padding-bottom: 1em; }
  .chart text { font-size: 10px; }
}
"""
_BAR = 320  # chart bar area, in px, for the largest loss
_LABEL_MOST = 560  # the widest the label column grows, in px: 46 Chinese characters at 11px
_NOTES = frozenset({NOTES_COLUMN})
_HTML_LANG = {"zh": "zh-CN", "en": "en"}
_SPECIAL = re.compile("[&<>\"']").search


def escape(text: str) -> str:
    """Text made inert in HTML; most cells hold nothing to escape, and a search is quicker."""
    return _escape_always(text) if _SPECIAL(text) else text


def render_card(card: ScoreCard, options: RenderOptions) -> str:
    """The unit's scoring form and a chart of the points it lost on each item."""
    return _page(f"{card.unit} {card.rubric.title}", _card_section(card).decode("utf-8"))


def render_batch(result: BatchResult, options: RenderOptions) -> str:
    """Per rubric: ranking, statistics, the mean loss per item as a chart; then every unit."""
    return "".join(map(as_text, render_batch_pieces(result, options)))


def render_batch_pieces(result: BatchResult, options: RenderOptions) -> Iterator[Piece]:
    """`render_batch`'s page in pieces: each unit's section made as it is written, or as the
    UTF-8 its worker wrote (a batch's page is never one string of every card)."""
    title = result.rankings[0].title if result.rankings else "djkh"
    opening, closing = _page(title, _BODY).split(_BODY)
    yield opening
    yield from (_ranking_section(ranking) for ranking in result.rankings)
    if result.left_out:
        yield _left_out_section(result)
    yield from (_years_section(comparison) for comparison in result.years)
    yield from (_unit_section(r.card) for ranking in result.rankings for r in ranking.units)
    yield closing


_BODY = "<djkh-body>"  # where the page's body goes: markup djkh never writes


def render_rubric(rubric: Rubric, options: RenderOptions) -> str:
    """The rubric as the familiar form (djkh show)."""
    rows = list(rubric_rows(rubric))
    body = _table(
        rubric_headings(),
        [
            (r.role.value, (r.section, r.goal, r.standards, r.score, r.rules, r.methods))
            for r in rows
        ],
        numbers={3},
    )
    meta = rubric_line(rubric.ref)
    heading = f"{_issuer(rubric.issuer)}<h1>{escape(rubric.title)}</h1>{_meta(meta)}"
    return _page(rubric.title, f"<section>{heading}{body}</section>")


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{_HTML_LANG[current_language()]}">\n'
        '<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _meta(text: str) -> str:
    return f'<p class="meta">{escape(text)}</p>'


def _issuer(issuer: str | None) -> str:
    """The issuing body above the title, as on a 通报's letterhead; nothing without one."""
    return "" if issuer is None else _meta(issuer)


def _card_section(card: ScoreCard) -> bytes:
    """The unit's scoring form, its signature lines and its chart, as one `<section>`."""
    return b"".join(_card_section_parts(card))


def _card_section_parts(card: ScoreCard) -> list[bytes]:
    """The unit's `<section>` in parts of UTF-8, joined once: a batch writes thousands, and the
    parts every form repeats (its headings, most of its rows, its chart's frame) are encoded
    once, where text made of them would be encoded again for each form."""
    form = list(card_rows(card))
    mismatched = {
        index
        for index, r in enumerate(form)
        if r.self_score is not None and r.self_score != r.score
    }
    chart_title = _("Points deducted, item by item")
    out = [
        _card_heading(card.rubric.issuer, card.rubric.title),
        _meta(unit_line(card, "　")).encode(),
        *(f'<p class="banner">{escape(line)}</p>'.encode() for line in card_banner(card)),
    ]
    _write_card_table(form, mismatched, out)
    differing = sum(1 for index in mismatched if form[index].role is Role.ITEM)
    if differing:
        out.append(f'<p class="legend">* {escape(mismatch_note(differing))}</p>'.encode())
    out += (_signature_in(current_language()), _chart_heading(chart_title))
    labels = _labels(card.sections)
    losses = [item.deduction for section in card.sections for item in section.items]
    _write_chart(labels, losses, chart_title, out)
    out.append(b"</section>")
    return out


@lru_cache(maxsize=64)  # the same for every card of a rubric
def _card_heading(issuer: str | None, title: str) -> bytes:
    return f"<section>{_issuer(issuer)}<h1>{escape(title)}</h1>".encode()


@lru_cache(maxsize=64)
def _chart_heading(title: str) -> bytes:
    return f"<h2>{escape(title)}</h2>".encode()


def _labels(sections: tuple[SectionScore, ...]) -> tuple[str, ...]:
    """Each item's name by its place on the form: the same for every card of a rubric (or of a
    class), so made once per run, its sections and the numerals of the language."""
    parts = tuple(section.section for section in sections)
    numerals = numerals_text()
    key = (*map(id, parts), numerals)
    kept = _LABELS.get(key)
    if kept is None or kept[0] != parts:
        labels = tuple(
            _item_label(numerals, si, ii, item.title)
            for si, part in enumerate(parts)
            for ii, item in enumerate(part.items)
        )
        kept = _LABELS[key] = (parts, labels)
    return kept[1]


# By the ids of the sections (kept alive here) and the numerals.
_LABELS: dict[tuple[object, ...], tuple[tuple[Section, ...], tuple[str, ...]]] = {}


@lru_cache(maxsize=4096)  # keyed by the numerals too: they change with the language
def _item_label(numerals: str, section_index: int, item_index: int, title: str) -> str:
    return item_label(section_index, item_index, title)


def _write_card_table(form: Sequence[CardRow], mismatched: set[int], out: list[bytes]) -> None:
    """The scoring form's table, as `_table` writes it, a row at a time: its cells' places
    and classes are known, and a batch writes thousands of them."""
    spans = _card_spans(tuple(r.section for r in form))
    language = current_language()
    out.append(_card_head(language))
    for index, r in enumerate(form):
        span = spans.get(index)
        key = None
        if not r.notes:  # most items and subtotals: the same row on many units' forms
            key = (r, span, index in mismatched, language)
            kept = _ROWS.get(key)
            if kept is not None:
                out.append(kept)
                continue
        if span is None:
            first = ""
        elif span > 1:
            first = f'<td rowspan="{span}">{_fixed_cell(r.section)}</td>'
        else:
            first = f"<td>{_fixed_cell(r.section)}</td>"
        if index in mismatched:
            own = _td(r.self_score, "n", 1, True)
        else:
            own = f'<td class="n">{_number(r.self_score)}</td>'
        score = _number(r.score) if r.shown is None else _cell(r.shown)
        notes = _cell("\n".join(r.notes)) if r.notes else ""
        row = (
            f"{_ROW_OPENINGS[r.role]}{first}<td>{_fixed_cell(r.goal)}</td>"
            f'<td class="n">{_number(r.max)}</td>{own}<td class="n">{_number(r.deduction)}</td>'
            f'<td class="n">{score}</td><td class="notes">{notes}</td></tr>'
        ).encode()
        if key is not None:
            if len(_ROWS) >= _ROWS_KEPT:
                _ROWS.clear()
            _ROWS[key] = row
        out.append(row)
    out.append(b"</tbody></table>")


@lru_cache(maxsize=64)  # the same for every form of a rubric
def _card_spans(headings: tuple[str, ...]) -> Mapping[int, int]:
    return MappingProxyType(heading_spans(headings))


# A form's row with no notes, written: by the row, its heading's span, whether its self score
# is flagged, and the language (the flag's title is in it).
_ROWS: dict[tuple[CardRow, int | None, bool, str], bytes] = {}
_ROWS_KEPT = 4096  # a bound for a batch whose units all score differently


@lru_cache(maxsize=64)
def _head(headings: tuple[str, ...]) -> str:
    """A table's opening and its row of headings."""
    cells = "".join(f"<th>{escape(h)}</th>" for h in headings)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>"


@lru_cache(maxsize=8)
def _card_head(_language: str) -> bytes:
    """The scoring form's opening and headings, in the language."""
    return _head(card_headings()).encode()


_ROW_OPENINGS = {role: f'<tr class="{role.value}">' for role in Role}


@lru_cache(maxsize=4096)  # headings and goals: the same for every card of a rubric
def _fixed_cell(text: str) -> str:
    return _cell(text)


def _number(value: Number) -> str:
    """A number's text: nothing to escape and no lines."""
    return "" if value is None else format_number(value)


@lru_cache(maxsize=8)
def _signature_in(_language: str) -> bytes:
    """Room for what a paper 考核表 is signed with: the assessors and the date."""
    fields = (_("Signed for the assessment group:"), _("Date:"))
    spans = "".join(f"<span>{escape(f)}</span>" for f in fields)
    return f'<div class="signature">{spans}</div>'.encode()


def _ranking_section(ranking: RubricRanking) -> str:
    headings = ranking_headings(ranking)
    ranked = _ranking_rows(ranking)
    stats = "　".join(f"{name} {format_number(value)}" for name, value in statistics(ranking))
    losses = [("item", (loss_label(x), x.units_losing, x.mean_loss)) for x in ranking.losses]
    chart = [(loss_label(x), x.mean_loss) for x in ranking.losses]
    return (
        f"<section>{_issuer(ranking.issuer)}<h1>{escape(ranking.title)}</h1>"
        + _meta(ranking_line(ranking, "　"))
        + _table(headings, ranked, numbers=_ranking_numbers(len(headings)))
        + f"<p>{escape(stats)}</p><h2>{escape(losses_title())}</h2>"
        + _chart(chart, _("Average points lost, item by item"))
        + _table(loss_headings(), losses, numbers={1, 2})
        + "</section>"
    )


def _ranking_numbers(width: int) -> set[int]:
    """The ranking's columns set as numbers: all but the unit's name."""
    return {0, *range(2, width)}


class _Written(str):
    """A unit's row after its rank, written by a worker: `_table` writes it as it is."""

    __slots__ = ()


# Between a written unit's ranking row and its card's section: markup djkh never writes, and
# text never holds unescaped.
_SECTION = "<djkh-section>"
_SECTION_BYTES = _SECTION.encode("ascii")


def _ranking_rows(ranking: RubricRanking) -> list[tuple[str, Sequence[str | Number]]]:
    """Each unit's row, best first; a written card's is its rank and then its piece's cells."""
    bars = ranking_bars(ranking)
    rows: list[tuple[str, Sequence[str | Number]]] = []
    for ranked in ranking.units:
        card = ranked.card
        if isinstance(card, WrittenCard):
            cells = card.piece[: card.piece.index(_SECTION_BYTES)].decode("utf-8")
            rows.append(("unit", (ranked.rank, _Written(cells))))
        else:
            rows.append(("unit", unit_row(ranked.rank, card, bars, ranking.class_part)))
    return rows


def _unit_section(card: ScoreCard) -> bytes | memoryview:
    """The unit's card after the rankings; a written card's as its worker wrote it (UTF-8),
    not copied out of its piece."""
    if isinstance(card, WrittenCard):
        piece = card.piece
        return memoryview(piece)[piece.index(_SECTION_BYTES) + len(_SECTION_BYTES) :]
    return _card_section(card)


def unit_piece(path: str, card: ScoreCard) -> bytes:
    """A unit's cells of the ranking after its rank, then its card's section, as a worker
    writes them."""
    row = unit_row(0, card, has_bars(card.rubric))
    cells = "".join(
        f"{opening}{_cell(value)}</td>"
        for opening, value in zip(_unit_openings(len(row)), row[1:], strict=True)
    )
    return b"".join([cells.encode(), _SECTION_BYTES, *_card_section_parts(card)])


@lru_cache(maxsize=64)
def _unit_openings(width: int) -> tuple[str, ...]:
    """The openings of a ranking row's cells after the rank, for a row of `width` cells."""
    numbers = _ranking_numbers(width)
    return tuple(_opening(_classes(column, numbers, frozenset())) for column in range(1, width))


def _opening(name: str) -> str:
    return f'<td class="{name}">' if name else "<td>"


def _left_out_section(result: BatchResult) -> str:
    rows = [("left-out", row) for row in left_out_rows(result.left_out)]
    title = left_out_title(len(result.left_out))
    return (
        f'<section class="left-out"><h2>{escape(title)}</h2>'
        + _table(left_out_headings(), rows, numbers=set(), spanning=False)
        + "</section>"
    )


def _years_section(comparison: YearComparison) -> str:
    rows = [("years", row) for row in years_rows(comparison)]
    return (
        f'<section class="years"><h2>{escape(years_title(comparison))}</h2>'
        + _meta(years_line(comparison, "　"))
        + _table(years_headings(comparison), rows, numbers={1, 2, 3, 4, 5, 6}, spanning=False)
        + "</section>"
    )


def _table(
    headings: Sequence[str],
    rows: Sequence[tuple[str, Sequence[str | Number]]],
    numbers: set[int],
    mismatched: frozenset[int] | set[int] = frozenset(),
    small: frozenset[int] = frozenset(),
    spanning: bool = True,
) -> str:
    """A bordered table; a first-column cell spans the rows until the next one with text."""
    spans = heading_spans([values[0] for _role, values in rows])
    if not spanning:
        spans = {index: 1 for index in range(len(rows))}
    out = [_head(tuple(headings))]
    classes = [_classes(column, numbers, small) for column in range(len(headings))]
    opening = [_opening(name) for name in classes]
    for index, (role, values) in enumerate(rows):
        out.append(f'<tr class="{role}">')
        for column, value in enumerate(values):
            if type(value) is _Written:  # the rest of the row, as a worker wrote it
                out.append(value)
                break
            span = 1
            if column == 0:
                if index not in spans:
                    continue
                span = spans[index]
            flagged = column == SELF_SCORE_COLUMN and index in mismatched
            if span > 1 or flagged:
                out.append(_td(value, classes[column], span, flagged))
            else:  # the usual cell, without a call to build its attributes
                out += (opening[column], _cell(value), "</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _classes(column: int, numbers: set[int], small: frozenset[int]) -> str:
    return "n" if column in numbers else "notes" if column in small else ""


def _cell(value: str | Number) -> str:
    """A cell's text made inert, its lines kept."""
    if not isinstance(value, str):
        return cell_text(value)  # a number's text has nothing to escape and no lines
    text = escape(value)
    return text.replace("\n", "<br>") if "\n" in text else text


def _td(value: str | Number, classes: str, span: int, flagged: bool) -> str:
    if flagged:
        classes += " mismatch"
    attributes = (f' class="{classes}"' if classes else "") + (
        f' rowspan="{span}"' if span > 1 else ""
    )
    if flagged:
        attributes += f' title="{escape(_("self score differs from the score"))}"'
    text = _cell(value)
    if flagged:  # a mark that survives printing in black and white, as the terminal's
        text += "*"
    return f"<td{attributes}>{text}</td>"


def _chart(bars: Sequence[tuple[str, Decimal]], what: str) -> str:
    """A horizontal bar chart as inline SVG: one bar per item, scaled to the largest."""
    out: list[bytes] = []
    _write_chart(tuple(label for label, _v in bars), [value for _l, value in bars], what, out)
    return b"".join(out).decode("utf-8")


def _write_chart(
    labels: tuple[str, ...], values: Sequence[Decimal], what: str, out: list[bytes]
) -> None:
    """`_chart` of the bars `labels` and `values` name, written to `out` in UTF-8."""
    largest = max(values, default=Decimal(0))
    if largest <= 0:
        out.append(f'<p class="chart-empty">{escape(_("No item lost points."))}</p>'.encode())
        return
    opening, frames = _chart_frame(labels, what)
    out.append(opening)
    for (label_end, bar_end, value_at, value_end, no_bar), value in zip(
        frames, values, strict=True
    ):
        if not value:  # most items lost nothing: the same bar, of no length, on every form
            out.append(no_bar)
            continue
        length = int(_BAR * value / largest)
        shown = format_number(value).encode()
        out.append(
            b'%s%d%s%s</title></rect><text x="%d"%s%s</text>'
            % (label_end, length, bar_end, shown, value_at + length, value_end, shown)
        )
    out.append(b"</svg>")


# A bar's markup up to its length, up to its value, where its value's text starts, after that
# start, and the whole bar for an item that lost nothing; in UTF-8.
_Frame = tuple[bytes, bytes, int, bytes, bytes]


@lru_cache(maxsize=64)  # the same for every card of a rubric
def _chart_frame(labels: tuple[str, ...], what: str) -> tuple[bytes, tuple[_Frame, ...]]:
    """The chart's opening, and each bar's markup around its length and value: the labels, the
    places and sizes that do not depend on the points."""
    row = 15
    label_width = min(_LABEL_MOST, 12 + max(display_width(label) for label in labels) * 6)
    height = row * len(labels) + 10
    width = label_width + _BAR + 60
    opening = (
        f'<svg class="chart" role="img" aria-label="{escape(what)}" '
        f'xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
    )
    frames: list[_Frame] = []
    for index, label in enumerate(labels):
        y = 5 + index * row
        label_end = (
            f'<text x="{label_width - 6}" y="{y + 12}" text-anchor="end">'
            f'{_short_escaped(label)}</text><rect x="{label_width}" y="{y + 3}" width="'
        )
        bar_end = f'" height="{row - 5}" fill="#c0392b"><title>{escape(label)}：'
        value_end = f' y="{y + 12}">'
        no_bar = (
            f'{label_end}0{bar_end}0</title></rect><text x="{label_width + 4}"{value_end}0</text>'
        )
        frame = label_end.encode(), bar_end.encode(), label_width + 4, value_end.encode()
        frames.append((*frame, no_bar.encode()))
    return opening.encode(), tuple(frames)


@lru_cache(maxsize=4096)
def _short_escaped(label: str) -> str:
    return escape(_short(label))


def _short(label: str, limit: int = 46) -> str:
    """The label whole when it fits the chart's label column (11px text), else cut with …."""
    return label if len(label) <= limit else label[: limit - 1] + "…"
