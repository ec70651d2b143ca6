"""The xlsx writer's shortcuts for styles and merged sections make the workbook openpyxl's own
assignments make, byte for byte."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from openpyxl.worksheet.worksheet import Worksheet

from djkh.render import RenderOptions, xlsx
from djkh.scoring.batch import score_paths
from tests.conftest import EXAMPLES

TIMES = "docProps/core.xml"  # when the book was made


def _plain_style(cell: Any, *, font: Any = None, border: Any = None, alignment: Any = None) -> None:
    if font is not None:
        cell.font = font
    if border is not None:
        cell.border = border
    if alignment is not None:
        cell.alignment = alignment


def _plain_merge(sheet: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)


def _parts(book: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != TIMES}


@pytest.mark.parametrize("folder", ["findings", "findings-xian", "findings-qiye"])
def test_the_batch_workbook_is_the_one_openpyxl_makes(
    folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = score_paths((EXAMPLES.parent / folder,), (EXAMPLES.parent / "rubric",), jobs=1)
    assert result.rankings
    quick = _parts(xlsx.render_batch(result, RenderOptions()))
    monkeypatch.setattr(xlsx, "_style", _plain_style)
    monkeypatch.setattr(xlsx, "_merge", _plain_merge)
    plain = _parts(xlsx.render_batch(result, RenderOptions()))
    assert quick.keys() == plain.keys()
    assert [name for name in quick if quick[name] != plain[name]] == []
    assert any(b"<mergeCell " in part for part in quick.values())
