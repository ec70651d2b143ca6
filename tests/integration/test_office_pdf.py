"""The xlsx export and the init form printed by LibreOffice: page count, and every line shown.

Skipped where LibreOffice or pdftotext is not installed, unless DJKH_REQUIRE_OFFICE=1 (set by
.ci/run, which installs Debian's `libreoffice-calc` and `poppler-utils`), where that fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from djkh.cli import main
from tests.conftest import EXAMPLES


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("DJKH_REQUIRE_OFFICE") == "1":
        pytest.fail(f"{name} is not installed: apt-get install {package}")
    pytest.skip(f"{name} is not installed")


def _printed(book: Path) -> list[str]:
    """The workbook printed to PDF by LibreOffice, as the text of each page."""
    soffice = _tool("soffice", "libreoffice-calc")
    pdftotext = _tool("pdftotext", "poppler-utils")
    profile = book.parent / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(book.parent), str(book)],
        capture_output=True, check=True, timeout=180,
    )  # fmt: skip
    pdf = book.with_suffix(".pdf")
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    return [page for page in text.split("\f") if page.strip()]


def _djkh(*args: str) -> None:
    result = CliRunner().invoke(main, ["--lang", "zh", *args])
    assert result.exit_code == 0, result.output


def test_a_scoring_form_prints_every_line_of_its_notes(tmp_path: Path) -> None:
    book = tmp_path / "甲.xlsx"
    _djkh("score", str(EXAMPLES / "示例局甲.yaml"), "-o", str(book))
    pages = _printed(book)
    assert len(pages) == 1
    text = "".join(pages[0].split())
    for line in ("中心组学习年初无计划，扣2分", "证据：3月12日学习会出席率75%（签到表）",
                 "备注：年终总结已补交", "19.5*", "*自查分与考核得分不一致（4项）"):  # fmt: skip
        assert line in text, line
    assert "2007wenzhou-jiguan@2007" in text  # the year and the rubric in the page header


def test_a_fill_in_form_prints_without_its_hidden_columns(tmp_path: Path) -> None:
    book = tmp_path / "丁.xlsx"
    _djkh("init", "--rubric", "wenzhou-jiguan@2007", "--unit", "示例局丁", "--year", "2007",
          "-o", str(book))  # fmt: skip
    pages = _printed(book)
    assert len(pages) == 4  # two before its rows showed every line of 考核内容及标准
    text = "".join("".join(pages).split())
    assert "中心组全年集中学习不少于6次，缺一次扣2分" in text
    assert "rule" not in text and "djkh-findings" not in text and "----" not in text
    assert "第1页，共4页" in text and "第4页，共4页" in text


def test_a_form_saved_again_by_libreoffice_reads_back_the_same(tmp_path: Path) -> None:
    soffice = _tool("soffice", "libreoffice-calc")
    book, again = tmp_path / "甲.xlsx", tmp_path / "again"
    _djkh("convert", str(EXAMPLES / "示例局甲.yaml"), "-o", str(book))
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(again), str(book)],
        capture_output=True, check=True, timeout=180,
    )  # fmt: skip
    saved = CliRunner().invoke(main, ["score", str(again / "甲.xlsx"), "--format", "json"])
    original = CliRunner().invoke(main, ["score", str(book), "--format", "json"])
    assert saved.exit_code == original.exit_code == 0, saved.output
    assert saved.stdout == original.stdout
