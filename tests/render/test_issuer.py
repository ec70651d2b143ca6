"""The issuing body (发文单位) a rubric may name: above or under the title in every export."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import REPO

ISSUED = REPO / "tests" / "cases" / "issuer" / "inputs" / "rubric"
JIEDAO = REPO / "examples" / "findings-jiedao" / "2026"
ISSUER = "中共示例区委组织部（虚构）"


@pytest.mark.usefixtures("chinese")
def test_xlsx_names_the_issuer_under_the_title_and_in_the_page_header(djkh, tmp_path: Path) -> None:
    target = tmp_path / "通报.xlsx"
    run = djkh("score", str(JIEDAO), "--rubric-dir", str(ISSUED), "-o", str(target))
    assert run.code == 0, run.stderr
    book = load_workbook(target)
    summary, unit = book["汇总"], book["东湖街道"]
    assert summary["A2"].value == f"{ISSUER}　考核细则：example-jiedao@2026　年度：2026"
    assert str(unit["A2"].value).startswith(f"{ISSUER}　单位：东湖街道　年度：2026")
    assert summary.oddHeader.center.text == unit.oddHeader.center.text == ISSUER
    assert unit.oddHeader.right.text == "2026　example-jiedao@2026"


@pytest.mark.usefixtures("chinese")
def test_without_an_issuer_the_xlsx_is_as_before(djkh, tmp_path: Path) -> None:
    target = tmp_path / "通报.xlsx"
    examples = str(REPO / "examples" / "rubric")
    assert djkh("score", str(JIEDAO), "--rubric-dir", examples, "-o", str(target)).code == 0
    summary = load_workbook(target)["汇总"]
    assert summary["A2"].value == "考核细则：example-jiedao@2026　年度：2026"
    assert summary.oddHeader.center.text is None


@pytest.mark.usefixtures("chinese")
def test_show_xlsx_and_html_name_the_issuer(djkh, tmp_path: Path) -> None:
    book, page = tmp_path / "细则.xlsx", tmp_path / "细则.html"
    for target in (book, page):
        run = djkh("show", "example-jiedao@2026", "--rubric-dir", str(ISSUED), "-o", str(target))
        assert run.code == 0, run.stderr
    assert load_workbook(book).active["A2"].value == f"{ISSUER}　考核细则：example-jiedao@2026"
    html = page.read_text(encoding="utf-8")
    assert f'<section><p class="meta">{ISSUER}</p><h1>示例区街道' in html


def test_an_empty_issuer_is_refused(djkh, tmp_path: Path) -> None:
    rubric = (ISSUED / "example-jiedao" / "2026.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "example-jiedao"
    folder.mkdir()
    (folder / "2026.yaml").write_text(rubric.replace(ISSUER, '""'), encoding="utf-8")
    run = djkh("validate", str(folder / "2026.yaml"))
    assert run.code == 1
    assert run.stdout == (
        f"{folder / '2026.yaml'}:7:9: error: issuer: must not be empty [DJ203]\n"
        "checked 1 file: 1 error in 1 file\n"
    )
