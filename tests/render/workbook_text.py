"""A workbook as openpyxl reads it, written out as text: every cell's value, type and style,
merges, widths, heights and print setup, for comparing what two writers made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.xml.functions import tostring


def _xml(part: Any) -> str:
    return "" if part is None else tostring(part.to_tree()).decode()


def workbook_text(path: Path) -> str:
    """What a spreadsheet shows of the workbook at `path`, one fact a line."""
    book = load_workbook(path)
    lines = [f"sheets: {book.sheetnames!r}"]
    lines += [
        f"defined: {name} {value.value}" for name, value in sorted(book.defined_names.items())
    ]
    for sheet in book.worksheets:
        lines += _sheet_lines(sheet)
    return "\n".join(lines) + "\n"


def _sheet_lines(sheet: Any) -> list[str]:
    lines = [
        f"== {sheet.title!r}",
        f"dimensions: {sheet.dimensions}",
        f"properties: {_xml(sheet.sheet_properties)}",
        f"views: {_xml(sheet.views)}",
        f"format: {_xml(sheet.sheet_format)}",
        f"frozen: {sheet.freeze_panes}",
        f"printed on every page: {sheet.print_title_rows} {sheet.print_title_cols}",
        f"print area: {sheet.print_area}",
        f"page setup: {_xml(sheet.page_setup)}",
        f"margins: {_xml(sheet.page_margins)}",
        f"print options: {_xml(sheet.print_options)}",
        f"header and footer: {_xml(sheet.HeaderFooter)!r}",
        f"breaks: {_xml(sheet.row_breaks)} {_xml(sheet.col_breaks)}",
        f"merged: {' '.join(sorted(str(span) for span in sheet.merged_cells.ranges))}",
        "columns: "
        + " ".join(f"{k}={_xml(v)}" for k, v in sorted(sheet.column_dimensions.items())),
        "rows: "
        + " ".join(
            f"{k}={v.ht}{'' if v.customHeight else '?'}"
            for k, v in sorted(sheet.row_dimensions.items())
        ),
    ]
    styles: dict[tuple[Any, ...], int] = {}
    cells = []
    for (_row, _column), cell in sorted(sheet._cells.items()):
        style = (
            _xml(cell.font),
            _xml(cell.border),
            _xml(cell.fill),
            cell.number_format,
            _xml(cell.alignment),
            _xml(cell.protection),
            f"quotePrefix={cell.quotePrefix}",
        )
        number = styles.setdefault(style, len(styles))
        kind = type(cell).__name__
        cells.append(f"{cell.coordinate} {kind} {cell.data_type} s{number} {cell.value!r}")
    lines += [f"style s{number}: {' | '.join(style)}" for style, number in styles.items()]
    return lines + cells
