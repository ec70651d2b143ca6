"""The office round trip: a findings workbook written, filled in with openpyxl as a unit would,
scored like its YAML; and every way of editing it out of shape refused with the cell to fix."""

from __future__ import annotations

import datetime
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from djkh.checks.workspace import Workspace
from djkh.files.catalogue import RubricCatalogue
from djkh.files.loader import load_file
from djkh.model.rubric import Rubric, RuleKind
from djkh.render.findings_book import UnitForm, findings_workbook
from djkh.render.findings_yaml import findings_yaml
from tests.conftest import EXAMPLES, REPO

JIA = EXAMPLES / "示例局甲.yaml"
EXAMPLE_RUBRICS = REPO / "examples" / "rubric"
EVERY_EXAMPLE = sorted(
    [*EXAMPLES.glob("*.yaml"), *(REPO / "examples").glob("findings-*/**/*.yaml")]
)


def _rubric(path: Path, *dirs: Path) -> Rubric:
    assessment = Workspace(RubricCatalogue.default(dirs)).assessment(str(path))
    assert assessment.value is not None, assessment.problems
    return assessment.value.rubric


def _template(tmp_path: Path, name: str = "示例局甲.xlsx") -> Path:
    target = tmp_path / name
    target.write_bytes(findings_workbook(_rubric(JIA), [UnitForm("示例局甲", 2007)]))
    return target


def _rows_by_text(sheet: Any) -> dict[str, int]:
    """Each rule's row, found by its text in 评分说明, as a person filling the form finds it."""
    return {str(row[4].value): row[0].row for row in sheet.iter_rows(min_row=10) if row[4].value}


def _fill_as_the_yaml(
    path: Path, data: dict[str, Any], rubric: Rubric, sheet_name: str | None = None
) -> None:
    """Type the YAML's answers into the form (the unit's sheet, or the workbook's only one); a
    rule it does not mention gets what costs nothing."""
    book = load_workbook(path)
    sheet = book[sheet_name] if sheet_name else book.active
    rows = _rows_by_text(sheet)
    items = [item for section in rubric.sections for item in section.items]
    for item in items:
        recorded = data["items"].get(item.id, {})
        item_row = next(r[0].row for r in sheet.iter_rows(min_row=10) if r[1].value == item.title)
        if "self_score" in recorded:
            sheet.cell(item_row, 8, recorded["self_score"])
        if "note" in recorded:
            sheet.cell(item_row, 11, recorded["note"])
        for rule in item.rules:
            found = recorded.get("findings", {}).get(rule.id)
            if isinstance(found, dict):
                sheet.cell(rows[rule.text], 11, found["evidence"])
                found = found["value"]
            if found is None:
                found = {
                    RuleKind.FLAT: False,
                    RuleKind.COUNT: 0,
                    RuleKind.SHORTFALL: rule.required,
                }.get(rule.kind, rule.below if rule.below is not None else rule.above)
            if isinstance(found, bool):
                found = "是" if found else "否"
            sheet.cell(rows[rule.text], 6, float(found) if isinstance(found, Decimal) else found)
    book.save(path)


def _card(djkh, path: Path, *args: str) -> dict[str, Any]:
    run = djkh("score", str(path), "--format", "json", *args)
    assert run.code == 0, run.stderr
    card = json.loads(run.stdout)
    return {key: value for key, value in card.items() if key != "path"}


def test_a_filled_template_scores_as_the_yaml(djkh, tmp_path: Path) -> None:
    form = _template(tmp_path)
    _fill_as_the_yaml(form, load_file(str(JIA)).value.data, _rubric(JIA))
    assert djkh("validate", str(form)).code == 0
    assert _card(djkh, form) == _card(djkh, JIA)


def test_an_untouched_template_is_not_filled_in(djkh, tmp_path: Path) -> None:
    run = djkh("validate", str(_template(tmp_path)))
    assert run.code == 1
    assert run.stdout.splitlines() == [
        f"{tmp_path / '示例局甲.xlsx'}:示例局甲!A9: error: this form is not filled in: all 49 "
        "answer cells are empty, as djkh init wrote them; fill in what was found for each rule, "
        "or where nothing was, the answer that costs nothing, which each cell's input message "
        "names (否, 0, the required number or the limit) [DJ410]",
        "checked 1 file: 1 error in 1 file",
    ]


@pytest.mark.parametrize("source", EVERY_EXAMPLE, ids=lambda p: p.stem)
def test_yaml_to_workbook_to_yaml_is_lossless(source: Path, tmp_path: Path) -> None:
    rubric = _rubric(source, EXAMPLE_RUBRICS)
    data = load_file(str(source)).value.data
    book = tmp_path / "unit.xlsx"
    book.write_bytes(findings_workbook(rubric, [UnitForm(data["unit"], data["year"], data)]))
    back = load_file(str(book))
    assert back.problems == ()
    assert findings_yaml(back.value.data, rubric) == findings_yaml(data, rubric)
    again = tmp_path / "again.yaml"
    again.write_text(findings_yaml(back.value.data, rubric), encoding="utf-8")
    assert load_file(str(again)).value.data == data
    assert _score(again) == _score(source)


def _score(path: Path) -> object:
    from djkh.scoring.engine import score_findings

    assessment = Workspace(RubricCatalogue.default((EXAMPLE_RUBRICS,))).assessment(str(path))
    assert assessment.value is not None, assessment.problems
    return score_findings(assessment.value.findings, assessment.value.rubric)


def _filled(tmp_path: Path) -> Path:
    form = _template(tmp_path)
    _fill_as_the_yaml(form, load_file(str(JIA)).value.data, _rubric(JIA))
    return form


def _edited(tmp_path: Path, edit: Any) -> Path:
    form = _filled(tmp_path)
    book = load_workbook(form)
    edit(book.active)
    book.save(form)
    return form


def _errors(djkh, form: Path) -> list[str]:
    run = djkh("validate", str(form))
    assert run.code == 1
    return run.stdout.splitlines()[:-1]


def test_a_deleted_row_is_refused(djkh, tmp_path: Path) -> None:
    form = _edited(tmp_path, lambda sheet: sheet.delete_rows(12))
    assert _errors(djkh, form) == [
        f"{form}:示例局甲!A12: error: rows were moved, inserted or deleted: row 12 holds what "
        "djkh wrote in row 13: undo the change (Ctrl+Z), or copy the answers into a fresh form "
        "from djkh init --format xlsx [DJ009]"
    ]


def test_moved_rows_are_refused(djkh, tmp_path: Path) -> None:
    def swap(sheet: Any) -> None:
        for column in range(5, 14):  # 项目 to 标准分 are merged over the item's rows
            upper, lower = sheet.cell(11, column), sheet.cell(12, column)
            upper.value, lower.value = lower.value, upper.value

    form = _edited(tmp_path, swap)
    assert _errors(djkh, form)[0].startswith(
        f"{form}:示例局甲!A11: error: rows were moved, inserted or deleted: row 11 holds what "
        "djkh wrote in row 12"
    )


def test_a_renamed_sheet_is_refused(djkh, tmp_path: Path) -> None:
    def rename(sheet: Any) -> None:
        sheet.title = "自查表"

    form = _edited(tmp_path, rename)
    assert _errors(djkh, form) == [
        f"{form}:自查表: error: the sheet was renamed (djkh wrote it as '示例局甲'): rename it "
        "back to '示例局甲' [DJ009]"
    ]


def test_a_value_typed_in_a_locked_cell_is_refused(djkh, tmp_path: Path) -> None:
    def type_over(sheet: Any) -> None:
        sheet["A3"] = "年份"  # a label, after unlocking the sheet
        sheet["E11"] = "中心组学习年初无计划，扣1分"  # a rule's text

    form = _edited(tmp_path, type_over)
    assert _errors(djkh, form) == [
        f"{form}:示例局甲!A3: error: this cell is part of the form djkh wrote and was changed: "
        "undo the change; this row takes no answers [DJ009]",
        f"{form}:示例局甲!E11: error: this cell is part of the form djkh wrote and was changed: "
        "undo the change; in this row answers go in F11, K11 [DJ009]",
    ]


def test_a_value_outside_the_form_is_refused(djkh, tmp_path: Path) -> None:
    def scribble(sheet: Any) -> None:
        sheet["P5"] = "备注"
        sheet.cell(sheet.max_row + 2, 6, 3)

    form = _edited(tmp_path, scribble)
    last = load_workbook(form).active.max_row
    outside = (
        "this cell is outside the form djkh wrote: clear it; answers go only in the form's "
        "yellow cells [DJ009]"
    )
    assert _errors(djkh, form) == [
        f"{form}:示例局甲!P5: error: {outside}",
        f"{form}:示例局甲!F{last}: error: {outside}",
    ]


def test_a_formula_in_an_answer_cell_is_refused(djkh, tmp_path: Path) -> None:
    def formula(sheet: Any) -> None:
        sheet["F12"] = "=2+3"

    form = _edited(tmp_path, formula)
    assert _errors(djkh, form) == [
        f"{form}:示例局甲!F12: error: this answer cell holds a formula (=2+3): type the value "
        "itself; djkh never calculates formulas [DJ010]"
    ]


def test_a_date_where_a_number_belongs_is_refused(djkh, tmp_path: Path) -> None:
    def date(sheet: Any) -> None:
        sheet["F12"] = datetime.datetime(2007, 3, 5)

    form = _edited(tmp_path, date)
    assert _errors(djkh, form) == [
        f"{form}:示例局甲!F12: error: this cell holds a date (2007-03-05T00:00:00) where a "
        "number belongs: Excel turned what was typed into a date; format the cell as 常规 "
        "(General) and type the number again [DJ010]"
    ]


def test_a_wrong_answer_reads_as_in_yaml(djkh, tmp_path: Path) -> None:
    def wrong(sheet: Any) -> None:
        sheet["F11"] = "也许"
        sheet["H10"] = 7

    form = _edited(tmp_path, wrong)
    errors = _errors(djkh, form)
    assert errors == [
        f"{form}:示例局甲!H10: error: self score 7 is outside 0 to 5, the standard score of item "
        "'political-study' [DJ406]",
        f"{form}:示例局甲!F11: error: cell F11 takes 是 or 否 (did it happen?), got text "
        '"也许": choose 是 or 否 from the cell\'s list [DJ407]',
    ]


def test_a_workbook_djkh_did_not_write_is_refused(djkh, tmp_path: Path) -> None:
    other = tmp_path / "名单.xlsx"
    book = Workbook()
    book.active["A1"] = "单位"
    book.save(other)
    run = djkh("validate", str(other))
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        f"{other}: error: this is an Excel workbook, but not a djkh findings form: djkh reads "
        "the workbooks djkh init --format xlsx writes; write one with djkh init --rubric "
        "ID@VERSION --unit UNIT --year YEAR --format xlsx -o FILE.xlsx, or write the findings "
        "in YAML [DJ008]"
    )


def _rezipped(source: Path, target: Path, extra: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        for name, content in extra.items():
            new.writestr(name, content)
    return target


def test_a_zip_bomb_is_not_unpacked(djkh, tmp_path: Path) -> None:
    bomb = _rezipped(
        _filled(tmp_path), tmp_path / "bomb.xlsx", {"xl/media/x.bin": bytes(50_000_000)}
    )
    run = djkh("validate", str(bomb))
    assert run.code == 1
    assert run.stdout.splitlines()[0].startswith(
        f"{bomb}: error: the workbook is a zip bomb (xl/media/x.bin unpacks "
    )


def test_links_to_other_files_are_refused(djkh, tmp_path: Path) -> None:
    linked = _rezipped(
        _filled(tmp_path), tmp_path / "linked.xlsx", {"xl/externalLinks/externalLink1.xml": b"<x/>"}
    )
    run = djkh("validate", str(linked))
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        f"{linked}: error: the workbook links to other files: djkh reads only what is in the "
        "file; break the links (Excel: 数据 > 编辑链接 > 断开链接) and save it again [DJ008]"
    )


def test_a_folder_mixes_workbooks_and_yaml(djkh, tmp_path: Path) -> None:
    folder = tmp_path / "findings"
    folder.mkdir()
    _filled(folder)
    (folder / "~$示例局甲.xlsx").write_bytes(b"owner file Excel leaves while a workbook is open")
    for name in ("示例委乙.yaml", "示例中心丙.yaml"):
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())
    mixed = djkh("score", str(folder), "--format", "json")
    yaml_only = djkh("score", str(EXAMPLES), "--format", "json")
    assert mixed.code == yaml_only.code == 0, mixed.stderr
    ranked = [
        [(u["rank"], u["unit"], u["score"]) for u in json.loads(run.stdout)["rankings"][0]["units"]]
        for run in (mixed, yaml_only)
    ]
    assert ranked[0] == ranked[1]


def test_problems_in_a_workbook_name_the_cell_in_every_reporter(djkh, tmp_path: Path) -> None:
    def formula(sheet: Any) -> None:
        sheet["F12"] = "=2+3"

    form = _edited(tmp_path, formula)
    listed = json.loads(djkh("validate", str(form), "--format", "json").stdout)
    entry = listed["problems"][0]
    assert (entry["line"], entry["column"], entry["sheet"], entry["cell"]) == (
        None,
        None,
        "示例局甲",
        "F12",
    )
    github = djkh("validate", str(form), "--format", "github").stdout.splitlines()[0]
    assert github.startswith(f"::error file={form},title=djkh DJ010::示例局甲!F12: this answer")


def test_init_writes_a_sheet_per_unit_and_convert_splits_it(djkh, tmp_path: Path) -> None:
    units = tmp_path / "units.txt"
    units.write_text("示例局甲\n# 下一批\n\n示例委乙\n", encoding="utf-8")
    book = tmp_path / "2007.xlsx"
    made = djkh("init", "--rubric", "wenzhou-jiguan@2007", "--units", str(units), "--year", "2007",
                "-o", str(book))  # fmt: skip
    assert (made.code, made.stderr) == (
        0,
        f"wrote {book}: fill in the yellow cells, then run djkh validate {book}\n",
    )
    assert load_workbook(book).sheetnames == ["示例局甲", "示例委乙"]
    folder = tmp_path / "findings"
    split = djkh("convert", str(book), "-o", str(folder))
    assert split.code == 0, split.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["示例委乙.yaml", "示例局甲.yaml"]
    text = (folder / "示例委乙.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "kind: findings\nrubric: wenzhou-jiguan@2007\nunit: 示例委乙\nyear: 2007\nitems:\n"
        "  political-study:\n    findings:\n      no-annual-plan:\n"
    )
    whole = djkh("validate", str(book))  # each unit's sheet checked as its own file
    empty = (
        "error: this form is not filled in: all 49 answer cells are empty, as djkh init wrote "
        "them; fill in what was found for each rule, or where nothing was, the answer that "
        "costs nothing, which each cell's input message names (否, 0, the required number or "
        "the limit) [DJ410]"
    )
    assert whole.stdout.splitlines() == [
        f"{book}:示例局甲!A9: {empty}",
        f"{book}:示例委乙!A9: {empty}",
        "checked 1 file: 2 errors in 1 file",
    ]


def test_init_refuses_a_unit_list_with_a_unit_twice(djkh, tmp_path: Path) -> None:
    units = tmp_path / "units.txt"
    units.write_text("示例局甲\n示例委乙\n示例局甲\n", encoding="utf-8")
    run = djkh("init", "--rubric", "wenzhou-jiguan@2007", "--units", str(units), "--year", "2007",
               "-o", str(tmp_path / "x.xlsx"))  # fmt: skip
    assert run.code == 2
    assert f"{units}:3: unit '示例局甲' is listed twice (first on line 1)" in run.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_convert_round_trips_through_the_command(djkh, tmp_path: Path) -> None:
    book, back = tmp_path / "甲.xlsx", tmp_path / "甲.yaml"
    assert djkh("convert", str(JIA), "-o", str(book)).code == 0
    assert djkh("convert", str(book), "-o", str(back)).code == 0
    rubric = _rubric(JIA)
    assert back.read_text(encoding="utf-8") == findings_yaml(load_file(str(JIA)).value.data, rubric)
    assert _card(djkh, back) == _card(djkh, JIA) == _card(djkh, book)
    again = tmp_path / "again.xlsx"
    assert djkh("convert", str(back), "-o", str(again)).code == 0
    assert djkh("convert", str(again)).stdout == back.read_text(encoding="utf-8")


def test_convert_refuses_findings_with_errors_and_writes_nothing(djkh, tmp_path: Path) -> None:
    wrong = tmp_path / "错.yaml"
    wrong.write_text(
        JIA.read_text(encoding="utf-8").replace("no-annual-plan: true", "no-anual-plan: true"),
        encoding="utf-8",
    )
    run = djkh("convert", str(wrong), "-o", str(tmp_path / "错.xlsx"))
    assert run.code == 1
    assert run.stderr == (
        f"{wrong}:11:7: error: item 'political-study' has no rule 'no-anual-plan'; did you mean "
        "'no-annual-plan'? [DJ405]\nchecked 1 file: 1 error in 1 file\n"
    )
    assert not (tmp_path / "错.xlsx").exists()


def test_a_workbook_read_while_a_batch_rests_the_collector_leaves_no_cycles_behind(
    tmp_path: Path,
) -> None:
    """openpyxl's book and sheets refer to each other: a batch of workbooks, read with the cycle
    collector paused, kept every one it read (300 forms: 650 MiB at the peak instead of 61)."""
    import gc

    from djkh.scoring.batch import collector_paused

    form = _filled(tmp_path)
    with collector_paused():
        gc.collect()  # whatever came before
        loaded = [load_file(str(form)) for _ in range(3)]
        assert [outcome.problems for outcome in loaded] == [(), (), ()]
        assert gc.collect() == 0  # nothing unreachable left for the collector to find
