"""djkh import: a committee's table to a draft rubric, its quality measured against the hand-made
Wenzhou rubric; the other layout; bad documents refused with located errors."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from djkh.files import tables
from tests.cli.tables import FICTIONAL_HEADER, fictional_xlsx, measure, wenzhou_docx
from tests.conftest import REPO, Run

# The import extra (python-docx, OpenCC, pypinyin) is in the test extra, so CI runs these tests;
# a venv without it skips them here rather than failing on a missing package.
for _package in ("docx", "opencc", "pypinyin"):
    pytest.importorskip(_package)


def test_the_wenzhou_table_imports_as_the_hand_made_rubric(
    djkh: Callable[..., Run], tmp_path: Path
) -> None:
    source = wenzhou_docx(tmp_path / "细则.docx")
    target = tmp_path / "wenzhou-jiguan" / "2007.yaml"
    target.parent.mkdir()
    made = djkh("import", str(source), "--simplified", "-o", str(target))
    assert (made.code, made.stdout) == (0, "")
    assert made.stderr == (
        f"wrote {target}\n"
        "imported 13 items in 3 sections, 49 rules (count 6, flat 36, shortfall 6, threshold 1)\n"
        "to review (# 待核): rules 1, other places 1\n"
    )
    text = target.read_text(encoding="utf-8")
    right, total, unmarked = measure(text)
    assert (right, total, unmarked) == (48, 49, [])
    assert right / total >= Decimal("0.9")
    assert f"{right} of {total}" in (REPO / "README.md").read_text(encoding="utf-8")
    checked = djkh("validate", str(target))
    assert checked.code == 0


def test_the_draft_notes_what_it_removed_and_what_it_doubts(
    djkh: Callable[..., Run], tmp_path: Path
) -> None:
    source = wenzhou_docx(tmp_path / "细则.docx")
    made = djkh(
        "import", str(source), "--simplified", "--id", "wenzhou-jiguan", "--version", "2007"
    )
    assert made.code == 0
    text = made.stdout
    assert text.startswith(
        "# Draft rubric imported by djkh import from 细则.docx\n"
        "# Every rule's text is the table's; check each line marked '# 待核' and the sums.\n"
        'kind: rubric\nid: wenzhou-jiguan\nversion: "2007"\n'
        'title: "温州市市直机关党建工作目标管理考核细则"\ntotal: 100\n'
    )
    assert "        # removed the pinyin gloss '(fā)' after '发' (conversion debris) (×3)\n" in text
    assert "        # table 1, row 14: removed '上', a stray page fragment\n" in text
    assert (
        "        # 待核: a character was lost in conversion ('?zhèn)?', read zhèn): "
        "write it for □\n" in text
    )
    assert (
        "          - id: xian-ji-yi-shang-dang\n"
        "            # 待核: a limit of 80% joined with another condition: kept as one deduction\n"
        '            text: "县级以上党员领导干部参加组织生活年出席率均低于80%或未上报公示情况的,'
        '扣2分"\n'
        "            deduct: 2\n"
    ) in text
    assert (
        "          - id: que-yi-tian-kou-2\n"
        '            text: "缺一天扣2分"\n'
        "            kind: shortfall\n"
        "            required: 12\n"
        '            unit: "天"\n'
        "            deduct: 2\n"
    ) in text


def test_traditional_stays_traditional_unless_asked(
    djkh: Callable[..., Run], tmp_path: Path
) -> None:
    source = wenzhou_docx(tmp_path / "細則.docx")
    made = djkh("import", str(source), "--id", "wenzhou", "--version", "2007")
    assert made.code == 0
    assert made.stderr == (  # read alike: the wording is recognised in Traditional too
        "imported 13 items in 3 sections, 49 rules (count 6, flat 36, shortfall 6, threshold 1)\n"
        "to review (# 待核): rules 1, other places 1\n"
    )
    assert 'title: "溫州市市直機關黨建工作目標管理考核細則"\n' in made.stdout
    assert "# removed the pinyin gloss '(fā)' after '發' (conversion debris) (×3)\n" in made.stdout


def test_the_other_layout_imports_from_a_workbook(djkh: Callable[..., Run], tmp_path: Path) -> None:
    source = fictional_xlsx(tmp_path / "细则.xlsx")
    made = djkh("import", str(source), "--id", "example-xian", "--version", "2025")
    assert made.code == 0
    assert made.stderr == (
        "imported 5 items in 2 sections, 11 rules (add 2, bands 1, count 1, judged 1, levels 1, "
        "requirement 1, shortfall 2, threshold 1, veto 1)\n"
        "to review (# 待核): rules 2, other places 1\n"
    )
    draft = yaml.safe_load(made.stdout)
    assert draft["title"] == "示例县机关党建工作考核细则"
    assert [(s["title"], s["score"]) for s in draft["sections"]] == [
        ("组织领导", 30),
        ("工作成效", 20),
    ]
    rules = {
        r["id"]: {k: v for k, v in r.items() if k != "text"}
        for s in draft["sections"]
        for i in s["items"]
        for r in i["rules"]
    }
    assert rules == {
        "cheng-li-gong-zuo-ling": {
            "id": "cheng-li-gong-zuo-ling",
            "kind": "requirement",
            "deduct": 2,
        },
        "gong-zuo-fang-an-cun": {
            "id": "gong-zuo-fang-an-cun",
            "kind": "judged",
            "min": 0.5,
            "deduct": 2,
        },
        "mei-ji-du-zhao-kai": {
            "id": "mei-ji-du-zhao-kai",
            "kind": "shortfall",
            "required": 4,
            "unit": "次",
            "deduct": 1,
            "cap": 3,
        },
        "guan-che-luo-shi-hao": {
            "id": "guan-che-luo-shi-hao",
            "kind": "levels",
            "levels": [
                {"name": "好", "deduct": 0},
                {"name": "一般", "deduct": 1},
                {"name": "差", "deduct": 3},
            ],
        },
        "fa-sheng-zhong-da-wei": {"id": "fa-sheng-zhong-da-wei", "veto": "不合格"},
        "shou-dao-shi-ji": {"id": "shou-dao-shi-ji", "add": 2, "tier_group": "tier"},
        "shou-dao-sheng-ji": {"id": "shou-dao-sheng-ji", "add": 4, "tier_group": "tier"},
        "qun-zhong-man-yi-lv": {
            "id": "qun-zhong-man-yi-lv",
            "kind": "bands",
            "unit": "%",
            "bands": [
                {"below": 80, "deduct": 1},
                {"below": 70, "deduct": 2},
                {"below": 60, "deduct": 3},
            ],
        },
        "xun-cha-lv-mei-xia": {
            "id": "xun-cha-lv-mei-xia",
            "kind": "shortfall",
            "required": 100,
            "unit": "%",
            "step": 5,
            "deduct": 0.5,
        },
        "zai-zhi-dang-yuan-dao": {
            "id": "zai-zhi-dang-yuan-dao",
            "kind": "threshold",
            "below": 90,
            "unit": "%",
            "deduct": 3,
        },
        "mei-fa-xian-yi-ci": {
            "id": "mei-fa-xian-yi-ci",
            "kind": "count",
            "unit": "次",
            "deduct": 2,
        },
    }
    assert draft["grades"] == [
        {"name": "优秀", "min": 45},
        {"name": "良好", "min": 40},
        {"name": "合格", "min": 30},
        {"name": "不合格", "min": 0},
    ]
    assert (
        "        # 待核: text in 评分说明 with no amount, not made a rule: 信访件办结及时\n"
        in made.stdout
    )
    item = draft["sections"][0]["items"][2]
    assert (item["title"], item["score"]) == ("创先争优", 10)  # continued over the page break


def test_a_sum_that_does_not_add_up_is_reported_not_fixed(
    djkh: Callable[..., Run], tmp_path: Path
) -> None:
    import openpyxl

    source = fictional_xlsx(tmp_path / "细则.xlsx")
    book = openpyxl.load_workbook(source)
    book.active.cell(3, 2).value = "8分"  # type: ignore[union-attr]
    book.save(source)
    target = tmp_path / "draft.yaml"
    made = djkh("import", str(source), "--id", "x", "-o", str(target))
    assert made.code == 1
    assert (
        "sums: section '组织领导' is 30 points, but its items add up to 28 (not corrected)\n"
        in made.stderr
    )
    assert "[DJ302]" in made.stderr
    text = target.read_text(encoding="utf-8")
    assert "# 待核: section '组织领导' is 30 points, but its items add up to 28\n" in text
    assert "    score: 30\n" in text


def test_unusual_columns_are_named_with_column(djkh: Callable[..., Run], tmp_path: Path) -> None:
    import openpyxl

    source = fictional_xlsx(tmp_path / "细则.xlsx")
    book = openpyxl.load_workbook(source)
    book.active.cell(2, 3).value = "扣分办法"  # type: ignore[union-attr]
    book.save(source)
    refused = djkh("import", str(source))
    assert refused.code == 1
    assert refused.stderr.startswith(
        f"{source}: error: no header row names the columns: expected 标准分 and 评分说明"
    )
    assert "[DJ702]" in refused.stderr
    named = djkh("import", str(source), "--id", "x", "--version", "1", "--column", "rules=扣分办法")
    assert named.code == 0
    assert "rules 2" in named.stderr


@pytest.mark.parametrize("value", ["rules", "colour=扣分", "rules="])
def test_a_bad_column_option_is_a_usage_error(
    djkh: Callable[..., Run], tmp_path: Path, value: str
) -> None:
    made = djkh("import", "x.docx", "--column", value)
    assert made.code == 2
    assert (
        "Invalid value for '--column': write ROLE=HEADER, ROLE one of section, item, standards, "
        "score, rules, methods, ignore" in made.stderr
    )


def test_what_is_not_a_table_is_refused_with_the_fix(
    djkh: Callable[..., Run], tmp_path: Path
) -> None:
    text = tmp_path / "细则.docx"
    text.write_text("项目 | 目标\n", encoding="utf-8")
    made = djkh("import", str(text))
    assert (made.code, made.stdout) == (1, "")
    assert made.stderr == (
        f"{text}: error: this is not a .docx or .xlsx document (a .doc or .xls must first be "
        "saved as .docx or .xlsx) [DJ701]\nchecked 1 file: 1 error in 1 file\n"
    )
    missing = djkh("import", str(tmp_path / "无.docx"))
    assert missing.code == 1
    assert "无.docx: error: no such file: check the path [DJ001]" in missing.stderr


def test_a_table_too_large_is_refused(
    djkh: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "MAX_ROWS", 5)
    source = fictional_xlsx(tmp_path / "细则.xlsx")
    made = djkh("import", str(source))
    assert made.code == 1
    assert "the table has 8 rows and 7 columns; at most 5 and 40 [DJ701]" in made.stderr


def test_a_cell_too_long_is_refused_where_it_is(
    djkh: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "MAX_CELL_CHARS", 40)
    source = fictional_xlsx(tmp_path / "细则.xlsx")
    made = djkh("import", str(source))
    assert made.code == 1
    assert made.stderr == (
        f"{source}:细则!C3: error: a cell of 72 characters; at most 40 [DJ701]\n"
        "checked 1 file: 1 error in 1 file\n"
    )


def test_a_broken_document_is_refused_not_crashed(djkh: Callable[..., Run], tmp_path: Path) -> None:
    import zipfile

    source = tmp_path / "坏.docx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("word/document.xml", "<not-xml")
    made = djkh("import", str(source))
    assert made.code == 1
    assert "the document cannot be read (" in made.stderr
    assert "open it in Word or Excel and save it again [DJ701]" in made.stderr


def test_without_the_import_packages_the_fix_is_named(
    djkh: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = wenzhou_docx(tmp_path / "细则.docx")
    monkeypatch.setitem(sys.modules, "opencc", None)
    made = djkh("import", str(source), "--simplified")
    assert made.code == 1
    assert made.stderr == (
        "djkh import needs python-docx, opencc, pypinyin (opencc is missing): "
        "pip install 'djkh[import]'\n"
    )


def test_hostile_cell_text_stays_text(djkh: Callable[..., Run], tmp_path: Path) -> None:
    import openpyxl

    source = fictional_xlsx(tmp_path / "细则.xlsx")
    book = openpyxl.load_workbook(source)
    sheet = book.active
    assert sheet is not None
    sheet.cell(3, 5).value = '"\nkind: findings\n# {a: [1'
    sheet.cell(4, 4).value = "（2）贯彻落实\n  total: 5"
    book.save(source)
    made = djkh("import", str(source), "--id", "x", "--version", "1")
    assert made.code == 0
    draft = yaml.safe_load(made.stdout)
    assert draft["kind"] == "rubric"
    assert draft["sections"][0]["items"][1]["title"] == "贯彻落实\ntotal: 5"
    assert len(FICTIONAL_HEADER) == 7


def test_a_table_continued_on_the_next_page_continues_its_item(
    djkh: Callable[..., Run], tmp_path: Path
) -> None:
    """Word splits a long table into two at a page break: the header repeated, then the rest of
    the item's cells in a row without its title."""
    import docx

    document = docx.Document()
    document.add_paragraph("示例县考核细则（2026年度）")
    header = ("项目", "目标", "考核内容及标准", "标准分", "评分说明", "评分方法")
    first = document.add_table(rows=2, cols=6)
    second = document.add_table(rows=2, cols=6)
    rows = (
        ("一、组织建设（5分）", "1、班子建设", "班子健全", "5分", "（1）无计划扣1分；", "查阅资料"),
        ("", "", "", "", "（2）无总结扣1分。", "听取汇报"),
    )
    for table, row in ((first, rows[0]), (second, rows[1])):
        for column, text in enumerate(header):
            table.cell(0, column).text = text
        for column, text in enumerate(row):
            table.cell(1, column).text = text
    source = tmp_path / "细则.docx"
    document.save(str(source))
    made = djkh("import", str(source))
    assert made.code == 0
    draft = yaml.safe_load(made.stdout)
    assert (draft["id"], draft["version"]) == ("shi-li-xian-kao", "2026")
    item = draft["sections"][0]["items"][0]
    assert item["methods"] == ["查阅资料", "听取汇报"]
    assert [(rule["text"], rule["deduct"]) for rule in item["rules"]] == [
        ("无计划扣1分", 1),
        ("无总结扣1分", 1),
    ]


def test_an_existing_draft_is_not_replaced_without_force(
    djkh: Callable[..., Run], tmp_path: Path
) -> None:
    source = wenzhou_docx(tmp_path / "细则.docx")
    target = tmp_path / "wenzhou-jiguan" / "2007.yaml"
    target.parent.mkdir()
    target.write_text("reviewed by hand\n", encoding="utf-8")
    made = djkh("import", str(source), "--simplified", "-o", str(target))
    assert (made.code, made.stdout) == (1, "")
    assert made.stderr == (
        f"djkh: not written: {target} already exists: choose another name, or add --force\n"
    )
    assert target.read_text(encoding="utf-8") == "reviewed by hand\n"
    made = djkh("import", str(source), "--simplified", "-o", str(target), "--force")
    assert made.code == 0
    assert made.stderr.startswith(f"wrote {target}\n")
    assert target.read_text(encoding="utf-8").startswith("# Draft rubric imported by djkh import")


README_IMPORT = re.search(
    r"## Drafting a rubric from the committee's table\n\n```sh\n(.*?)```",
    (REPO / "README.md").read_text(encoding="utf-8"),
    re.DOTALL,
)


def test_the_readme_import_runs_as_written_in_an_empty_folder(
    djkh: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert README_IMPORT is not None
    lines = [shlex.split(line, comments=True) for line in README_IMPORT.group(1).splitlines()]
    assert [words[0] for words in lines] == ["pip", "mkdir", "djkh"]
    monkeypatch.chdir(tmp_path)
    wenzhou_docx(tmp_path / "细则.docx")
    subprocess.run(lines[1], check=True)
    made = djkh(*lines[2][1:])
    assert made.code == 0, made.stderr
    assert made.stderr.startswith("wrote draft/wenzhou-jiguan/2007.yaml\n")
    again = djkh(*lines[2][1:])
    assert again.code == 1
    assert again.stderr == (
        "djkh: not written: draft/wenzhou-jiguan/2007.yaml already exists: choose another name, "
        "or add --force\n"
    )
