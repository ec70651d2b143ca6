"""The html export in headless Chromium: it renders, the chart is drawn, Chinese is typeset.

Skipped where no Chromium is installed, unless DJKH_REQUIRE_BROWSER=1 (set by .ci/run, which
installs Debian's `chromium` and `fonts-noto-cjk`), where a missing browser fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("DJKH_REQUIRE_BROWSER") == "1":
        pytest.fail("Chromium is not installed: apt-get install chromium fonts-noto-cjk")
    pytest.skip("Chromium is not installed")


def _run_chromium(*args: str) -> subprocess.CompletedProcess[bytes]:
    command = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", *args]
    return subprocess.run(command, capture_output=True, timeout=120, check=True)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from djkh.cli import main

    target = tmp_path_factory.mktemp("html") / "通报.html"
    result = CliRunner().invoke(
        main, ["score", str(EXAMPLES), "--format", "html", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    return target


def test_chromium_renders_the_tables_and_the_chart(page: Path) -> None:
    dom = _run_chromium("--dump-dom", page.as_uri()).stdout.decode("utf-8")
    assert "<td>示例局甲</td>" in dom
    assert len(re.findall(r"<svg class=\"chart\"", dom)) == 4
    # 13 items in each chart: the batch's mean losses and each unit's deductions
    assert len(re.findall(r"<rect ", dom)) == 4 * 13


def test_chromium_prints_it_with_a_chinese_font(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "通报.pdf"
    _run_chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    fonts = set(re.findall(rb"/FontName /[A-Z]{6}\+([\w-]+)", data))
    assert any(b"CJK" in font for font in fonts), fonts  # Chinese set in a CJK face, not tofu
    assert len(re.findall(rb"/Type /Page\b", data)) >= 4  # the summary, then each unit


def _pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found:
        return found
    if os.environ.get("DJKH_REQUIRE_BROWSER") == "1":
        pytest.fail("pdftotext is not installed: apt-get install poppler-utils")
    pytest.skip("pdftotext is not installed")


def test_it_prints_like_a_tongbao(tmp_path: Path) -> None:
    """Page numbers, the signature block, the mismatch legend, and no 合计 alone at a page top."""
    from click.testing import CliRunner

    from djkh.cli import main

    page = tmp_path / "通报.html"
    arguments = ["--lang", "zh", "score", str(EXAMPLES), "--format", "html", "-o", str(page)]
    assert CliRunner().invoke(main, arguments).exit_code == 0
    pdf = tmp_path / "通报.pdf"
    _run_chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    text = subprocess.run(
        [_pdftotext(), "-layout", str(pdf), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    pages = [[line.strip() for line in p.splitlines() if line.strip()] for p in text.split("\f")]
    pages = [lines for lines in pages if lines]
    # the summary on one page; each unit's form, legend and signature on one, its chart below
    # them when it fits (示例委乙), else on the next page (示例局甲, 示例中心丙): 9 pages before
    assert len(pages) <= 6
    assert [lines[-1] for lines in pages] == [f"{n}/{len(pages)}" for n in range(1, len(pages) + 1)]
    for lines in pages[1:]:  # a page may start with the repeated headings, never with 合计
        body = lines[1:] if lines[0].startswith("项目") else lines
        assert not body[0].startswith(("合计", "小计")), body[:2]
    assert text.count("考核组签字") == 3
    assert "* 自查分与考核得分不一致（4项）" in text
    assert "4.5*" in text.replace(" ", "")
