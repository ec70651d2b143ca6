"""Exports (csv, markdown, xlsx, html), --output and djkh show: read back and compared exactly."""

from __future__ import annotations

import csv
import io
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from djkh.files.output import RefusedError, write_atomically
from djkh.render import BATCH, CARD, REGISTRY, RUBRIC
from tests.conftest import EXAMPLES

JIA = str(EXAMPLES / "示例局甲.yaml")
BING = str(EXAMPLES / "示例中心丙.yaml")
FOLDER = str(EXAMPLES)


def _json(djkh, *args: str) -> dict:
    run = djkh("score", *args, "--format", "json")
    assert run.code == 0, run.stderr
    return json.loads(run.stdout, parse_float=Decimal)


def _number(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def test_every_registered_renderer_exists() -> None:
    for purpose in REGISTRY:
        for name in purpose.names:
            assert callable(purpose.load(name)), (purpose.kind, name)
    assert set(CARD.names) == set(BATCH.names)
    assert CARD.names == ("table", "json", "csv", "markdown", "xlsx", "html")
    assert RUBRIC.names == ("table", "markdown", "html", "xlsx")


def test_the_binary_formats_are_the_xlsx_ones() -> None:
    binary = {(p.kind, name) for p in REGISTRY for name in p.names if p.is_binary(name)}
    assert binary == {("card", "xlsx"), ("batch", "xlsx"), ("rubric", "xlsx")}


@pytest.mark.usefixtures("chinese")
def test_card_csv_has_a_bom_and_the_json_numbers(djkh) -> None:
    run = djkh("score", JIA, "--format", "csv")
    assert run.code == 0
    raw = run.stdout_bytes.decode("utf-8")  # as written: the runner's .stdout folds \r\n
    assert raw.startswith("\ufeff单位,示例局甲\r\n年度,2007\r\n")
    rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"), newline="")))
    assert rows[4] == ["项目", "目标", "标准分", "自查分", "扣分", "得分", "扣分说明"]
    items = [row for row in rows[5:] if row[1][:1].isdigit()]
    expected = [item for section in _json(djkh, JIA)["sections"] for item in section["items"]]
    assert len(items) == len(expected) == 13
    for row, item in zip(items, expected, strict=True):
        assert row[1] == f"{row[1].split('、')[0]}、{item['title']}"
        assert [_number(cell) for cell in row[2:6]] == [
            item["max"],
            item["self_score"],
            item["deduction"],
            item["score"],
        ]
    assert rows[-1][:6] == ["合计", "", "100", "96.5", "17", "83"]
    # A leading ' keeps Excel from reading the note as a formula (it showed #NAME?).
    assert rows[5][6].splitlines()[0] == "'-2 中心组学习年初无计划，扣2分"


@pytest.mark.usefixtures("chinese")
def test_batch_csv_ranks_units(djkh) -> None:
    run = djkh("score", FOLDER, "--format", "csv")
    assert run.code == 0
    rows = list(csv.reader(io.StringIO(run.stdout.removeprefix("\ufeff"))))
    assert rows[0] == ["年度", "2007"]  # year, then rubric: the order of a single unit's csv
    assert rows[1] == ["考核细则", "wenzhou-jiguan@2007"]
    assert rows[2][:5] == ["名次", "单位", "自查分", "得分", "扣分"]
    assert rows[3:] == [
        ["1", "示例委乙", "96", "96", "4", "20", "20", "56"],
        ["2", "示例局甲", "96.5", "83", "17", "15", "18", "50"],
        ["3", "示例中心丙", "", "56", "44", "8", "13", "35"],
    ]


@pytest.mark.usefixtures("chinese")
def test_card_xlsx_is_the_paper_form_with_numbers(djkh, tmp_path: Path) -> None:
    target = tmp_path / "甲.xlsx"
    run = djkh("score", JIA, "--format", "xlsx", "--output", str(target))
    assert (run.code, run.stdout, run.stderr) == (0, "", f"已写入 {target}\n")
    book = load_workbook(target)
    assert book.sheetnames == ["评分表"]
    sheet = book["评分表"]
    assert sheet["A1"].value == "温州市市直机关党建工作目标管理考核细则"
    assert [c.value for c in sheet[3]] == [
        "项目",
        "目标",
        "标准分",
        "自查分",
        "扣分",
        "得分",
        "扣分说明",
    ]
    assert "A4:A8" in {str(r) for r in sheet.merged_cells.ranges}  # 4 items and 小计
    first = [c.value for c in sheet[4]]
    assert first[:6] == [
        "一、党组党委领导班子自身建设",
        "1、坚持把思想政治建设放在首位",
        5,
        4.5,
        5,
        0,
    ]
    total = [c.value for c in sheet[sheet.max_row - 1]]
    assert total[:6] == ["合计", None, 100, 96.5, 17, 83]
    assert sheet.column_dimensions["B"].width >= 2 * len("坚持把思想政治建设放在首位")


@pytest.mark.usefixtures("chinese")
def test_card_xlsx_prints_like_the_paper_form(djkh, tmp_path: Path) -> None:
    target = tmp_path / "甲.xlsx"
    assert djkh("score", JIA, "-o", str(target)).code == 0
    sheet = load_workbook(target)["评分表"]
    rows = {sheet.cell(row, 2).value: row for row in range(4, sheet.max_row + 1)}
    subtotal, total = rows["小计"], sheet.max_row - 1
    assert [sheet.cell(total, column).font.b for column in range(2, 8)] == [True] * 6
    assert sheet.cell(subtotal, 6).font.b and not sheet.cell(subtotal - 1, 6).font.b
    # 自查分 4.5 against 0: the number stays a number, printed with the mark; the legend below
    assert (sheet["D4"].value, sheet["D4"].number_format) == (4.5, 'General"*"')
    assert sheet["D5"].number_format == "General"
    assert sheet.cell(sheet.max_row, 1).value == "* 自查分与考核得分不一致（4项）"
    notes = sheet["G4"].value.split("\n")
    assert sheet.row_dimensions[4].height >= 15 * len(notes)  # every line of 扣分说明 shows
    assert (sheet.print_title_rows, sheet.freeze_panes) == ("$3:$3", "A4")
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert sheet.oddHeader.right.text == "2007　wenzhou-jiguan@2007"


@pytest.mark.usefixtures("chinese")
def test_batch_xlsx_has_a_summary_and_a_sheet_per_unit(djkh, tmp_path: Path) -> None:
    target = tmp_path / "通报.xlsx"
    assert djkh("score", FOLDER, "--format", "xlsx", "-o", str(target)).code == 0
    book = load_workbook(target)
    assert book.sheetnames == ["汇总", "示例委乙", "示例局甲", "示例中心丙"]
    summary = [[c.value for c in row] for row in book["汇总"].iter_rows(min_row=3)]
    assert summary[1] == [1, "示例委乙", 96, 96, 4, 20, 20, 56]
    assert summary[3] == [3, "示例中心丙", None, 56, 44, 8, 13, 35]
    assert summary[5][:3] == [None, "统计", "数值"]
    stats = {row[1]: row[2] for row in summary[6:10]}
    assert stats == {"单位数": 3, "平均分": 78.33, "最高分": 96, "最低分": 56}
    document = _json(djkh, FOLDER)
    losses = {row[1]: (row[2], row[3]) for row in summary[10:] if row[1]}
    for item in document["rankings"][0]["items"]:
        label = next(label for label in losses if label.endswith(_title(document, item["id"])))
        assert losses[label] == (item["units_losing"], float(item["mean_loss"]))
    assert (
        book["示例中心丙"].cell(book["示例中心丙"].max_row, 6).value == 56
    )  # no legend: no 自查分
    assert book["汇总"].column_dimensions["A"].width < 10  # 名次, not as wide as an item's title
    assert book["汇总"].oddHeader.right.text == "2007　wenzhou-jiguan@2007"


def _title(document: dict, item_id: str) -> str:
    units = document["rankings"][0]["units"]
    return next(i["title"] for s in units[0]["sections"] for i in s["items"] if i["id"] == item_id)


@pytest.mark.usefixtures("chinese")
def test_xlsx_goes_to_a_pipe_as_bytes(djkh) -> None:
    run = djkh("score", JIA, "--format", "xlsx")
    assert run.code == 0
    book = load_workbook(io.BytesIO(run.stdout_bytes))
    assert book["评分表"]["F4"].value == 0


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize(
    ("args", "snippets"),
    [
        (
            [JIA],
            [
                "| 一、党组党委领导班子自身建设 | 1、坚持把思想政治建设放在首位 "
                "| 5 | 4.5 | 5 | 0 |",
                "| 合计 |  | 100 | 96.5 | 17 | 83 |  |",
                "| --- | --- | ---: | ---: | ---: | ---: | --- |",
            ],
        ),
        (
            [FOLDER],
            [
                "| 2 | 示例局甲 | 96.5 | 83 | 17 | 15 | 18 | 50 |",
                "单位数 3　平均分 78.33　最高分 96　最低分 56",
                "| 三.3 全面加强机关思想政治建设 | 2 | 6.67 |",
            ],
        ),
    ],
)
def test_markdown(djkh, args: list[str], snippets: list[str]) -> None:
    run = djkh("score", *args, "--format", "markdown")
    assert run.code == 0
    for snippet in snippets:
        assert snippet in run.stdout


@pytest.mark.usefixtures("chinese")
def test_html_is_self_contained_with_a_chart(djkh) -> None:
    run = djkh("score", FOLDER, "--format", "html")
    assert run.code == 0
    page = run.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert "@page { size: A4" in page
    assert "src=" not in page and "href=" not in page and "@import" not in page
    assert page.count("<svg") == 4  # the batch's mean losses, then each unit's deductions
    assert "<title>三.3 全面加强机关思想政治建设：6.67</title>" in page
    assert '<td rowspan="5">一、党组党委领导班子自身建设</td>' in page


def test_output_replaces_a_file_whole_and_never_an_input(djkh, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    assert djkh("score", JIA, "--format", "csv", "-o", str(target)).code == 0
    assert target.read_text(encoding="utf-8-sig").startswith("Unit,示例局甲")
    copy = tmp_path / "甲.yaml"
    copy.write_bytes(Path(JIA).read_bytes())
    run = djkh("score", str(copy), "-o", str(copy))
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr == (
        f"djkh: not written: {copy} is one of the input files: write the output elsewhere\n"
    )
    assert copy.read_bytes() == Path(JIA).read_bytes()
    batch = djkh("score", str(tmp_path), "-o", str(copy))
    assert batch.code == 1 and "is one of the input files" in batch.stderr


def test_output_into_a_missing_folder_is_refused(djkh, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "out.html"
    run = djkh("score", JIA, "--format", "html", "-o", str(target))
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr == (
        f"djkh: not written: folder {target.parent} does not exist: create it first\n"
    )
    assert not target.parent.exists()


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, b"new", force=True)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_write_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(RefusedError, match="is a folder: name a file"):
        write_atomically(tmp_path, "x", force=True)


@pytest.mark.usefixtures("chinese")
def test_show_markdown_lists_every_rule(djkh) -> None:
    run = djkh("show", "wenzhou-jiguan@2007", "--format", "markdown")
    assert run.code == 0
    assert run.stdout.startswith(
        "# 温州市市直机关党建工作目标管理考核细则\n\n考核细则：wenzhou-jiguan@2007\n\n"
        "| 项目 | 目标 | 考核内容及标准 | 标准分 | 评分说明 | 评分方法 |\n"
    )
    assert run.stdout.count("<br>中心组全年集中学习不少于6次，缺一次扣2分<br>") == 1
    assert run.stdout.endswith("| 合计 |  |  | 100 |  |  |\n")


@pytest.mark.usefixtures("chinese")
def test_show_xlsx_and_html(djkh, tmp_path: Path) -> None:
    book_path, page_path = tmp_path / "细则.xlsx", tmp_path / "细则.html"
    assert djkh("show", "wenzhou-jiguan@2007", "--format", "xlsx", "-o", str(book_path)).code == 0
    sheet = load_workbook(book_path)["考核细则"]
    assert [c.value for c in sheet[3]] == [
        "项目",
        "目标",
        "考核内容及标准",
        "标准分",
        "评分说明",
        "评分方法",
    ]
    scores = [row[3].value for row in sheet.iter_rows(min_row=4)]
    assert scores[-1] == 100 and sum(s for s in scores[:-1] if s) == 200  # items + 小计
    assert djkh("show", "wenzhou-jiguan@2007", "--format", "html", "-o", str(page_path)).code == 0
    assert "<th>评分说明</th>" in page_path.read_text(encoding="utf-8")


def test_show_reports_an_unknown_rubric(djkh) -> None:
    run = djkh("show", "wenzhou-jiguan@1999")
    assert (run.code, run.stdout) == (1, "")
    assert "wenzhou-jiguan@1999" in run.stderr and "[DJ" in run.stderr


def test_a_binary_format_is_refused_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import click

    from djkh.cli.options import check_binary_output

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    with pytest.raises(click.UsageError, match="xlsx is a binary format: add --output FILE"):
        check_binary_output(CARD, "xlsx", None)
    check_binary_output(CARD, "xlsx", Path("out.xlsx"))  # a file is fine
    check_binary_output(CARD, "csv", None)  # text is fine


def test_output_to_a_folder_is_refused(djkh, tmp_path: Path) -> None:
    run = djkh("score", JIA, "-o", str(tmp_path))
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr == f"djkh: not written: {tmp_path} is a folder: name a file\n"


@pytest.mark.usefixtures("chinese")
def test_batch_xlsx_carries_the_year_over_year_sheet(djkh, tmp_path: Path) -> None:
    target = tmp_path / "通报.xlsx"
    jiedao = EXAMPLES.parent / "findings-jiedao"
    rubrics = str(EXAMPLES.parent / "rubric")
    args = ("score", str(jiedao / "2026"), "--previous", str(jiedao / "2025"))
    assert djkh(*args, "--rubric-dir", rubrics, "-o", str(target)).code == 0
    book = load_workbook(target)
    assert book.sheetnames[:2] == ["汇总", "年度对比"]
    sheet = book["年度对比"]
    assert sheet["A1"].value == "年度对比：2025年 → 2026年"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0][:7] == [
        "单位",
        "2025年得分",
        "2025年名次",
        "2026年得分",
        "2026年名次",
        "得分变化",
        "名次变化（上升为正）",
    ]
    assert rows[2] == ["南山街道", 95, 1, 93, 2, -2, -1, None]
    assert rows[6] == ["老城街道", 75, 5, None, None, None, None, "仅2025年排名"]
