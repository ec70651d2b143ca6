"""`djkh init --format xlsx` and `djkh convert`: the findings form as a workbook a unit fills in.

Laid out like the paper form (项目, 目标, 考核内容及标准, 标准分, 评分说明, then the answer and
its unit, 自查分, 扣分, 得分, 证据/说明). Only the answer cells are unlocked, each with data
validation fitting its rule and an input message quoting the rule; the sheets are protected
without a password and the workbook's structure locked, so a sheet cannot be renamed or moved
by accident. The ids djkh reads back, and a mark of every locked cell, stand in two hidden
columns (see djkh.files.workbook, which reads the form).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from djkh.checks.cells import fill_in
from djkh.decimals import format_number
from djkh.escaping import starts_like_formula
from djkh.files.workbook import (
    ANSWER,
    ANSWERS,
    DEDUCT,
    FIRST_FORM_ROW,
    GOT,
    HEADER_ROWS,
    ITEM,
    MARKS,
    NAMED_ASSESSOR,
    NOT_RECORDED,
    NOTE,
    ROLE,
    RULE,
    SCORE,
    SECTION,
    SELF,
    STANDARDS,
    UNIT,
    marker,
    row_marks,
)
from djkh.i18n import _
from djkh.model.rubric import PartItem, Rubric, Rule, RuleKind, Survey
from djkh.render.assessed import assesses, assesses_item, rules_of
from djkh.render.form_heights import fit_rows
from djkh.render.xlsx import SheetNames, cell_value

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_BOLD = Font(bold=True)
_ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADING_FILL = PatternFill("solid", fgColor="D9D9D9")
_OPEN = Protection(locked=False)
_HIDDEN = Alignment(wrap_text=True, vertical="top")
_SHOWN_AS_NOTHING = ";;;"
_WIDTHS = {
    SECTION: 12, ITEM: 22, STANDARDS: 36, SCORE: 7, RULE: 38, ANSWER: 10,
    UNIT: 5, SELF: 8, DEDUCT: 6, GOT: 6, NOTE: 30,
}  # fmt: skip
_PROMPT_LIMIT = 255  # Excel refuses a longer input message
_TITLE_LIMIT = 32


@dataclass(frozen=True)
class UnitForm:
    """One unit's form: who, which year, and (for convert) the findings data to fill in."""

    unit: str
    year: int
    data: dict[str, Any] = field(default_factory=dict)
    unit_class: str | None = None  # 分类考核: the common sections, then the class's own
    assessor: str | None = None  # init --assessor: only its items, the assessor locked in
    period: str | None = None  # init --period (平时考核): the period the form records


def findings_workbook(rubric: Rubric, forms: Sequence[UnitForm]) -> bytes:
    """The workbook: one protected form sheet per unit, named after the unit."""
    book = Workbook()
    for blank in book.worksheets:
        book.remove(blank)
    names = SheetNames()
    titles = [names.name(form.unit) for form in forms]
    for title, form in zip(titles, forms, strict=True):
        _FormWriter(book.create_sheet(title), rubric, form, titles).write()
    book.security = WorkbookProtection(lockStructure=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _FormWriter:
    """Writes one unit's form row by row, remembering each row's cells for its hidden marks."""

    def __init__(
        self, sheet: Worksheet, rubric: Rubric, form: UnitForm, titles: Sequence[str] = ()
    ) -> None:
        self.sheet, self.rubric, self.form = sheet, rubric, form
        self.titles = titles  # every unit's sheet in the workbook
        chosen = form.unit_class or form.data.get("unit_class")
        self.unit_class = rubric.classes_by_id.get(chosen) if isinstance(chosen, str) else None
        period = form.period or form.data.get("period")
        self.period = period if isinstance(period, str) else None
        self.assessor = form.assessor
        # 分类考核: the common sections, then the unit's class's own
        self.scored = rubric.for_class(self.unit_class.id) if self.unit_class else rubric
        self.rows: dict[int, tuple[str, dict[int, Any]]] = {}
        self.row = 0

    def write(self) -> None:
        self.header()
        self.headings()
        self.body()
        self.marks()
        self.layout()

    def put(self, row: int, column: int, value: Any) -> Any:
        """Set a cell (text stays text even when it starts with `=`) and remember its value."""
        written = cell_value(value) if value is not None else None
        cell = self.sheet.cell(row, column, written)
        if isinstance(written, str) and written:
            cell.data_type = "s"
            if starts_like_formula(written):
                cell.quotePrefix = True
        self.rows.setdefault(row, ("", {}))[1][column] = written
        return cell

    def role(self, row: int, role: str) -> None:
        self.rows.setdefault(row, ("", {}))
        self.rows[row] = (role, self.rows[row][1])
        self.put(row, ROLE, role)

    def header(self) -> None:
        title = self.rubric.title
        if self.unit_class is not None:
            title = _("{title} ({group})").format(title=title, group=self.unit_class.title)
        if self.period is not None:
            title = _("{title} ({group})").format(title=title, group=self.period)
        self.put(1, SECTION, title).font = Font(bold=True, size=14)
        self.sheet.merge_cells(start_row=1, start_column=SECTION, end_row=1, end_column=NOTE)
        labels = {
            "unit": (_("Unit"), self.form.unit),
            "year": (_("Year"), self.form.year),
            "rubric": (_("Rubric"), self.rubric.ref),
            "unit_class": (_("Class"), self.unit_class.id if self.unit_class else None),
            "assessor": (_("Assessor"), self.assessor or self.form.data.get("assessor")),
            "date": (_("Assessed on"), self.form.data.get("date")),
        }
        for key, row in HEADER_ROWS.items():
            label, value = labels[key]
            self.put(row, SECTION, label).font = _BOLD
            cell = self.put(row, ITEM, value)
            cell.alignment = Alignment(horizontal="left")
            self.sheet.merge_cells(start_row=row, start_column=ITEM, end_row=row, end_column=RULE)
            role = NAMED_ASSESSOR if key == "assessor" and self.assessor else key
            self.role(row, role)
            if role in ANSWERS:
                self.open(cell, None)
        row = FIRST_FORM_ROW - 2
        note = self.put(row, SECTION, _instructions())
        note.alignment = _WRAP
        self.sheet.merge_cells(start_row=row, start_column=SECTION, end_row=row, end_column=NOTE)

    def headings(self) -> None:
        row = FIRST_FORM_ROW - 1
        for column, heading in enumerate(_headings(), start=SECTION):
            cell = self.put(row, column, heading)
            cell.font, cell.border, cell.alignment, cell.fill = (
                _BOLD,
                _BORDER,
                _CENTER,
                _HEADING_FILL,
            )
        self.role(row, "headings")

    def body(self) -> None:
        self.row = FIRST_FORM_ROW
        for section in self.scored.sections:
            items = [item for item in section.items if assesses_item(item, self.assessor)]
            if not items:
                continue
            first = self.row
            for item in items:
                rules = rules_of(item, self.assessor)
                self.item(
                    item.id, item.title, item.standards, item.score, rules, survey=item.survey
                )
            self.put(first, SECTION, section.title)
            self.merge(SECTION, first, self.row - 1)
        parts = (
            (self.rubric.bonus, _("{title} (at most {cap} points added)")),
            (self.rubric.penalties, _("{title} (at most {cap} points deducted)")),
        )
        for part, capped in parts:
            extra_items = [] if part is None else self.assessed(part.items)
            if part is None or not extra_items:
                continue
            first = self.row
            for extra_item in extra_items:
                self.item(
                    extra_item.id, extra_item.title, extra_item.standards, None, extra_item.rules,
                    part=True,
                )  # fmt: skip
            title = part.title
            if part.cap is not None:
                title = capped.format(title=part.title, cap=format_number(part.cap))
            self.put(first, SECTION, title)
            self.merge(SECTION, first, self.row - 1)

    def assessed(self, items: Sequence[PartItem]) -> list[PartItem]:
        """The bonus or penalty items the form's assessor records (all without one)."""
        return [item for item in items if assesses(item.owner, self.assessor)]

    def item(
        self,
        item_id: str,
        title: str,
        standards: list[str],
        score: Decimal | int | None,
        rules: list[Rule],
        *,
        part: bool = False,
        survey: Survey | None = None,
    ) -> None:
        items = self.form.data.get("items", {})
        recorded = items.get(item_id, {})
        # convert: what the findings do not mention is marked so, not left empty (unfilled)
        omitted = NOT_RECORDED if self.form.data else None
        first = self.row
        self.put(first, ITEM, title)
        self.put(first, STANDARDS, "\n".join(standards))
        self.put(first, SCORE, score)
        self.put(first, RULE, _("(this item)"))
        self.role(first, f"item {item_id}")
        self_score = recorded.get("self_score", omitted if item_id not in items else None)
        self.answer(first, SELF, self_score, self.self_score_check(score))
        self.answer(first, NOTE, recorded.get("note"), None)
        self.row += 1
        findings = recorded.get("findings") or {}
        for rule in rules:
            self.rule(item_id, rule, findings.get(rule.id, omitted))
        if survey is not None:
            self.survey(item_id, survey, recorded if item_id in items else None, omitted)
        if self.rubric.not_applicable is not None and not part:
            self.extra(f"na {item_id}", _("Not applicable: the reason (empty if it applies)"))
            self.answer(self.row - 1, ANSWER, recorded.get("not_applicable"), None)
        override = recorded.get("override")
        if isinstance(override, dict):
            self.extra(f"override {item_id}", _("Score set by hand; the reason beside it"))
            self.answer(self.row - 1, ANSWER, override.get("score"), None)
            self.answer(self.row - 1, NOTE, override.get("reason"), None)
            self.extra(f"approver {item_id}", _("Approved by"))
            self.answer(self.row - 1, ANSWER, override.get("approved_by"), None)
        for column in (ITEM, STANDARDS, SCORE):
            self.merge(column, first, self.row - 1)

    def survey(
        self, item_id: str, survey: Survey, recorded: dict[str, Any] | None, omitted: Any
    ) -> None:
        """The survey's text, then a row for the valid ballots of each level, the abstaining and
        the invalid ones: whole numbers, each cell's input message quoting the survey."""
        self.extra(f"survey {item_id}", survey.text)
        votes = (recorded or {}).get("votes") or {}
        for level in survey.levels:
            label = _("Valid ballots for {level} (each worth {value})").format(
                level=level.name, value=format_number(level.value)
            )
            self.ballots(f"vote {item_id} {level.name}", label)
            self.answer(self.row - 1, ANSWER, votes.get(level.name, omitted), _ballot_check(survey))
        for key, label in _other_ballots(survey):
            self.ballots(f"{key} {item_id}", label)
            found = (recorded or {}).get(key, omitted)
            self.answer(self.row - 1, ANSWER, found, _ballot_check(survey))

    def ballots(self, role: str, label: str) -> None:
        self.put(self.row, UNIT, _("ballots"))
        self.extra(role, label)

    def extra(self, role: str, label: str) -> None:
        self.put(self.row, RULE, label)
        self.role(self.row, role)
        self.row += 1

    def rule(self, item_id: str, rule: Rule, recorded: Any) -> None:
        row = self.row
        self.put(row, RULE, rule.text)
        self.put(row, UNIT, rule.unit)
        target = f"{item_id}/{rule.id}"
        self.role(row, f"rule {target} {rule.kind.value}")
        found = recorded if isinstance(recorded, dict) else {"value": recorded}
        value = found.get("value")
        if rule.kind in _YES_NO_KINDS and isinstance(value, bool):
            value = "是" if value else "否"
        self.answer(row, ANSWER, value, _rule_check(rule))
        self.answer(row, NOTE, found.get("evidence"), None)
        self.row += 1
        for role, label, check in _detail_rows(rule):
            self.put(self.row, RULE, label)
            self.role(self.row, f"{role} {target}")
            self.answer(self.row, ANSWER, found.get(role), check)
            self.row += 1

    def self_score_check(self, score: Decimal | int | None) -> DataValidation:
        check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        if score is not None:
            check = DataValidation(
                type="decimal", operator="between", formula1="0", formula2=format_number(score)
            )
        check.promptTitle = _("Self score (自查分)")[:_TITLE_LIMIT]
        check.prompt = _("The unit's own score for this item, 0 to its standard score.")
        check.error = check.prompt
        return check

    def answer(self, row: int, column: int, value: Any, check: DataValidation | None) -> None:
        cell = self.put(row, column, value)
        self.open(cell, check)

    def open(self, cell: Any, check: DataValidation | None) -> None:
        cell.protection, cell.fill, cell.border = _OPEN, _ANSWER_FILL, _BORDER
        cell.alignment = _WRAP
        if check is not None:
            check.allow_blank = True
            check.showInputMessage = check.showErrorMessage = True
            self.sheet.add_data_validation(check)
            check.add(cell)

    def merge(self, column: int, first: int, last: int) -> None:
        if last > first:
            self.sheet.merge_cells(
                start_row=first, start_column=column, end_row=last, end_column=column
            )

    def marks(self) -> None:
        last = self.row - 1
        unit_class = self.unit_class.id if self.unit_class else None
        found = marker(self.sheet.title, last, unit_class, self.period, self.titles)
        self.put(1, ROLE, found)
        self.rows[1] = ("", self.rows[1][1])
        for row in range(1, last + 1):
            role, cells = self.rows.get(row, ("", {}))
            self.sheet.cell(row, MARKS, row_marks(row, role, cells))
            for column in (ROLE, MARKS):  # wrapped: a hidden cell's text spills into no other
                self.sheet.cell(row, column).alignment = _HIDDEN
                # shown as nothing: LibreOffice prints a wrapped hidden cell's letters, one a
                # line, at the table's right edge where a row is tall enough for them
                self.sheet.cell(row, column).number_format = _SHOWN_AS_NOTHING

    def layout(self) -> None:
        sheet = self.sheet
        for column, width in _WIDTHS.items():
            sheet.column_dimensions[get_column_letter(column)].width = width
        for column in (ROLE, MARKS):
            sheet.column_dimensions[get_column_letter(column)].hidden = True
        for row in range(FIRST_FORM_ROW, self.row):
            for column in range(SECTION, NOTE + 1):
                cell = sheet.cell(row, column)
                cell.border = _BORDER
                if cell.protection.locked:
                    cell.alignment = _WRAP
        fit_rows(sheet, range(FIRST_FORM_ROW - 2, self.row), range(SECTION, NOTE + 1))
        sheet.freeze_panes = f"A{FIRST_FORM_ROW}"
        sheet.print_title_rows = f"{FIRST_FORM_ROW - 1}:{FIRST_FORM_ROW - 1}"
        sheet.print_area = f"A1:{get_column_letter(NOTE)}{self.row - 1}"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        footer = sheet.oddFooter
        if footer is not None:
            footer.center.text = _("Page &P of &N")
        sheet.protection.sheet = True
        sheet.protection.formatRows = False  # rows may be made taller to read a long text


_YES_NO_KINDS = (RuleKind.FLAT, RuleKind.REQUIREMENT)


def _detail_rows(rule: Rule) -> list[tuple[str, str, DataValidation | None]]:
    """The rows a rule needs beside its value: the reason for a judgement, the reference
    number, which circumstance scales it, how many extra units."""
    rows: list[tuple[str, str, DataValidation | None]] = []
    if rule.kind is RuleKind.JUDGED:
        rows.append(("reason", _("The reason for the points judged"), None))
    if rule.reference is not None:
        check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        rows.append(("reference", rule.reference, check))
    if rule.scales:
        names = "\n".join(f"{scale.id}：{scale.text}" for scale in rule.scales)
        label = _("Which circumstance applies (empty if none):\n{names}").format(names=names)
        rows.append(("scale", label, _list_check([scale.id for scale in rule.scales])))
    if rule.extra is not None:
        check = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        rows.append(("extra", _("{text}: how many more").format(text=rule.extra.text), check))
    return rows


def _other_ballots(survey: Survey) -> list[tuple[str, str]]:
    """The rows for the ballots beside the valid ones: abstaining, then invalid."""
    abstained = _("Abstaining ballots")
    if survey.abstain_deduct is not None:
        abstained = _("Abstaining ballots (each deducts {points})").format(
            points=format_number(survey.abstain_deduct)
        )
    return [("abstained", abstained), ("invalid", _("Invalid ballots (not counted)"))]


def _ballot_check(survey: Survey) -> DataValidation:
    """A count of ballots: a whole number, 0 or more; the input message quotes the survey."""
    check = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    how = _("How many ballots: a whole number, 0 or more")
    check.promptTitle = check.errorTitle = _("A whole number, 0 or more")[:_TITLE_LIMIT]
    check.prompt = _clipped(f"{survey.text}\n{how}")
    check.error = _clipped(how)
    return check


def _list_check(choices: list[str]) -> DataValidation | None:
    """A dropdown of the choices, when Excel can hold them (no comma, 255 characters)."""
    listed = ",".join(choices)
    if any("," in choice or '"' in choice for choice in choices) or len(listed) > 250:
        return None
    return DataValidation(type="list", formula1=f'"{listed}"')


def _rule_check(rule: Rule) -> DataValidation | None:
    """Data validation fitting the rule's kind, with its input message quoting the rule."""
    most = rule.deduct or rule.add
    if rule.kind in _YES_NO_KINDS:
        check = DataValidation(type="list", formula1='"是,否"')
        title = _("是 or 否")
    elif rule.kind is RuleKind.LEVELS:
        check = _list_check(list(rule.levels_by_name)) or DataValidation(type="textLength")
        title = _("One of the levels")
    elif rule.kind is RuleKind.JUDGED and most is not None:
        check = DataValidation(
            type="decimal", operator="between", formula1="0", formula2=format_number(most)
        )
        title = _("The points judged")
    elif rule.kind is RuleKind.PROPORTION and rule.of is not None:
        full = format_number(rule.of)
        check = DataValidation(type="decimal", operator="between", formula1="0", formula2=full)
        title = _("A score, 0 to {of}").format(of=full)
    elif rule.kind is RuleKind.PROPORTION:
        check = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
        title = _("A share in %, 0 to 100")
    elif rule.kind is RuleKind.COUNT:
        check = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        title = _("A whole number, 0 or more")
    elif rule.kind in (RuleKind.SHORTFALL, RuleKind.EXCESS):
        check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        title = _("A number, 0 or more")
    elif rule.kind in (RuleKind.THRESHOLD, RuleKind.BANDS):
        check = DataValidation(type="decimal")
        check.operator, check.formula1, check.formula2 = "between", "-1E+15", "1E+15"
        title = _("A number")
    else:  # a kind this form knows no check for: the message still quotes the rule
        check = DataValidation(type="custom", formula1="TRUE")
        title = _("Answer")
    how = fill_in(rule)
    if rule.unit:
        how = _("{how} (in {unit})").format(how=how, unit=rule.unit)
    check.promptTitle = title[:_TITLE_LIMIT]
    check.prompt = _clipped(f"{rule.text}\n{how}")
    check.errorTitle = title[:_TITLE_LIMIT]
    check.error = _clipped(how)
    return check


def _clipped(text: str) -> str:
    return text if len(text) <= _PROMPT_LIMIT else text[: _PROMPT_LIMIT - 1] + "…"


def _headings() -> tuple[str, ...]:
    return (
        _("Section"),
        _("Goal"),
        _("Standards"),
        _("Max"),
        _("Scoring notes"),
        _("Answer"),
        _("In"),
        _("Self score"),
        _("Deduction"),
        _("Score"),
        _("Evidence / remarks"),
    )


def _instructions() -> str:
    return _(
        "Fill in only the yellow cells: for each rule what was found (是/否, or a number), the "
        "evidence beside it, each item's self score. Leave the rest as it is; djkh refuses a "
        "form whose rows or texts were changed."
    )
