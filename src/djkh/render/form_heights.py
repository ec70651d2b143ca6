"""Row heights of a fill-in form sheet: every wrapped line shown, merged cells' lines too."""

from __future__ import annotations

import math
from collections.abc import Iterable

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from djkh.render.cell_lines import lines_shown, row_height


def fit_rows(sheet: Worksheet, rows: range, columns: range) -> None:
    """Size `rows` so that every wrapped text in `columns` prints whole: a row for its own
    cells, then each merged cell (the smallest first) for its text, the missing height spread
    over the rows it spans (LibreOffice and Excel clip a merged cell at its last row)."""
    widths = {c: sheet.column_dimensions[get_column_letter(c)].width for c in columns}
    spans = [
        span
        for span in sheet.merged_cells.ranges
        if span.min_row >= rows.start and span.max_row < rows.stop
    ]
    merged = {cell for span in spans for cell in span.cells}
    heights = {
        row: row_height(max((_lines(sheet, row, c, widths[c]) for c in columns
                             if (row, c) not in merged), default=1))
        for row in rows
    }  # fmt: skip
    for span in sorted(spans, key=lambda span: (span.max_row - span.min_row, span.min_row)):
        room = sum(widths.get(column, 0) for column in range(span.min_col, span.max_col + 1))
        needed = row_height(_lines(sheet, span.min_row, span.min_col, room))
        _spread(heights, range(span.min_row, span.max_row + 1), needed)
    for row, height in heights.items():
        sheet.row_dimensions[row].height = height


def _lines(sheet: Worksheet, row: int, column: int, width: float) -> int:
    """Lines one cell prints: its wrapped text's, or one for a cell that does not wrap."""
    cell = sheet.cell(row, column)
    if cell.value is None or not cell.alignment.wrap_text:
        return 1
    return lines_shown(str(cell.value), width)


def _spread(heights: dict[int, float], rows: Iterable[int], needed: float) -> None:
    """Make `rows` together at least `needed` points tall, the missing points shared evenly
    (whole points: the first rows take what does not divide)."""
    spanned = list(rows)
    missing = math.ceil(needed - sum(heights[row] for row in spanned))
    if missing <= 0:
        return
    share, rest = divmod(missing, len(spanned))
    for number, row in enumerate(spanned):
        heights[row] += share + (number < rest)
