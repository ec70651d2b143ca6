"""Committee tables for `djkh import`'s tests: the Wenzhou table rebuilt from the seed, and a
fictional one in the other layout."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO

SEED = Path(__file__).parent / "data" / "wenzhou-seed.txt"
HAND_MADE = REPO / "rubric" / "wenzhou-jiguan" / "2007.yaml"
COMPARED = ("kind", "deduct", "add", "required", "below", "above")
HEADER = ("項目", "目標", "考 核 內 容及標準", "標準分(100分)", "評分說明", "評分方法")
EXTRA = ("自查分", "扣分", "得分")


def seed_rows() -> tuple[str, list[list[str]]]:
    """The seed's title and its rows: [section, item, standards, score, rules, methods], with
    the stray page fragment as a row of its own, as the dump has it."""
    title, _newline, body = SEED.read_text(encoding="utf-8").partition("\n")
    cells = [cell.strip() for cell in body.split("|")]
    cells = cells[len(HEADER) + len(EXTRA) :]
    rows: list[list[str]] = []
    section = ""
    index = 0
    while index < len(cells):
        cell = cells[index]
        if re.match(r"^[一二三四五六七八九十]+、", cell):
            section = cell
        elif re.match(r"^\d+、", cell):
            rows.append([section, cell, *cells[index + 1 : index + 5]])
            index += 4
        elif cell:
            rows.append([section, cell, "", "", "", ""])
        index += 1
    return title.strip(), rows


def wenzhou_docx(path: Path) -> Path:
    """The Wenzhou table as the committee's Word document: section cells merged down."""
    import docx

    title, rows = seed_rows()
    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=1 + len(rows), cols=len(HEADER) + len(EXTRA))
    for column, text in enumerate(HEADER + EXTRA):
        table.cell(0, column).text = text
    first = 1
    for number, row in enumerate(rows, start=1):
        starts = number == 1 or rows[number - 2][0] != row[0]
        first = number if starts else first
        for column, text in enumerate(row):
            if column > 0 or starts:
                table.cell(number, column).text = text
        if number == len(rows) or rows[number][0] != row[0]:
            _merge_down(table, first, number)
    document.save(str(path))
    return path


def _merge_down(table: object, first: int, last: int) -> None:
    if last > first:
        top = table.cell(first, 0)  # type: ignore[attr-defined]
        text = top.text
        merged = top.merge(table.cell(last, 0))  # type: ignore[attr-defined]
        merged.text = text


FICTIONAL_HEADER = (
    "一级指标",
    "分值（50分）",
    "评分细则",
    "二级指标",
    "考核内容",
    "考核方法",
    "得分",
)
# A fictional county table (示例县) in the other layout: columns in another order, the section
# cells merged down, and item 3 continued on a second row (split over a page break).
FICTIONAL_ROWS = (
    (
        "一、组织领导（30分）",
        "10分",
        "（1）成立工作领导小组（2分）；（2）工作方案存在不足的酌情扣0.5－2分；"
        "（3）每季度召开一次例会，全年不少于4次，少一次扣1分，最多扣3分。",
        "（1）组织领导",
        "1、成立领导小组；2、制定工作方案；3、定期召开例会。",
        "查阅资料",
    ),
    (
        "一、组织领导（30分）",
        "（10分）",
        "1、贯彻落实好的不扣分，一般的扣1分，差的扣3分；2、发生重大违纪案件的，一票否决。",
        "（2）贯彻落实",
        "贯彻落实上级部署。",
        "听取汇报",
    ),
    (
        "一、组织领导（30分）",
        "10",
        "（1）受到市级表彰的加2分；",
        "（3）创先争优",
        "积极创先争优。",
        "查阅表彰文件",
    ),
    (
        "一、组织领导（30分）",
        "",
        "（2）受到省级表彰的加4分；同一项目按照分值高的加分，不重复加分。",
        "",
        "",
        "",
    ),
    (
        "二、工作成效（20分）",
        "10分",
        "（1）群众满意率低于80%、70%、60%的，分别扣1分、2分、3分；（2）巡查率每下降5%扣0.5分。",
        "（1）群众满意",
        "群众满意度高。",
        "问卷调查",
    ),
    (
        "二、工作成效（20分）",
        "10分",
        "（1）在职党员到社区报到率未达到90%以上的扣3分；（2）信访件办结及时；"
        "（3）每发现一次违规操作扣2分，扣完为止。",
        "（2）日常管理",
        "管理规范。",
        "抽查",
    ),
)


def fictional_xlsx(path: Path) -> Path:
    """The fictional table as a workbook: a title row, the header, the section cells merged."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "细则"
    sheet.append(["示例县机关党建工作考核细则"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(FICTIONAL_HEADER))
    sheet.append(list(FICTIONAL_HEADER))
    for row in FICTIONAL_ROWS:
        sheet.append(list(row))
    for first, last in ((3, 6), (7, 8)):
        for row in range(first + 1, last + 1):
            sheet.cell(row, 1).value = None
        sheet.merge_cells(start_row=first, start_column=1, end_row=last, end_column=1)
    book.save(str(path))
    return path


def _rules_marked(text: str) -> list[list[bool]]:
    """Per item, per rule: does a '# 待核' comment stand in the rule's lines?"""
    marked: list[list[bool]] = []
    for line in text.splitlines():
        if re.match(r"      - id: ", line):
            marked.append([])
        elif re.match(r"          - id: ", line):
            marked[-1].append(False)
        elif line.startswith("            # 待核") and marked and marked[-1]:
            marked[-1][-1] = True
    return marked


def _fields(rule: dict[str, Any]) -> tuple[Any, ...]:
    kind = rule.get("kind", "flat")
    return (kind, *(Decimal(str(rule[key])) if key in rule else None for key in COMPARED[1:]))


def measure(draft_text: str) -> tuple[int, int, list[str]]:
    """(rules right without a review mark, rules in the hand-made rubric, wrong rules unmarked),
    comparing item by item: the score, the number of rules, each rule's kind and amounts."""
    draft = yaml.safe_load(draft_text)
    hand = yaml.safe_load(HAND_MADE.read_text(encoding="utf-8"))
    marks = iter(_rules_marked(draft_text))
    right, total, unmarked = 0, 0, []
    for section, hand_section in zip(draft["sections"], hand["sections"], strict=True):
        assert section["score"] == hand_section["score"]
        for item, hand_item in zip(section["items"], hand_section["items"], strict=True):
            marked = next(marks)
            total += len(hand_item["rules"])
            same_item = item["score"] == hand_item["score"]
            same_count = len(item["rules"]) == len(hand_item["rules"])
            for index, rule in enumerate(item["rules"]):
                good = same_item and same_count
                good = good and _fields(rule) == _fields(hand_item["rules"][index])
                if good and not marked[index]:
                    right += 1
                elif not good and not marked[index]:
                    unmarked.append(rule["text"])
    return right, total, unmarked
