"""A value typed into a rule's answer cell that the rule cannot take: said of the cell, whose
rule id lies in a hidden column (the YAML's messages name the rule)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.files.test_workbook import _edited, _errors
from tests.files.test_workbook_messages import _errors as _xian_errors
from tests.files.test_workbook_messages import _xian_form


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        (
            "F13",
            "5次",
            'cell F13 takes the number achieved (required: 6), 0 or more, got text "5次": '
            "write 5, without 次",
        ),
        (
            "F13",
            -1,
            "cell F13 takes the number achieved (required: 6), 0 or more, got the number -1",
        ),
        (
            "F15",
            1.5,
            "cell F15 counts occurrences: write a whole number, 0 or more, got the number 1.5",
        ),
    ],
)
def test_a_number_cell_names_the_cell_not_the_rule(
    djkh, tmp_path: Path, cell: str, value: Any, message: str
) -> None:
    def edit(sheet: Any) -> None:
        sheet[cell] = value

    form = _edited(tmp_path, edit)
    assert _errors(djkh, form) == [f"{form}:示例局甲!{cell}: error: {message} [DJ407]"]


def test_in_chinese_too(djkh, tmp_path: Path) -> None:
    def edit(sheet: Any) -> None:
        sheet["F13"] = "5次"
        sheet["F15"] = 1.5

    form = _edited(tmp_path, edit)
    run = djkh("--lang", "zh", "validate", str(form))
    assert run.code == 1
    assert run.stdout.splitlines() == [
        f"{form}:示例局甲!F13: 错误: 单元格 F13 要的是实际达到的数（应达 6），0 或更大，实为 "
        '文本 "5次"：请写 5，不带 次 [DJ407]',
        f"{form}:示例局甲!F15: 错误: 单元格 F15 计次数：请写 0 或更大的整数，实为 数字 1.5 [DJ407]",
        "已检查 1 个文件：1 个文件中有 2 个错误",
    ]


def test_every_kind_of_number_names_its_cell(djkh, tmp_path: Path) -> None:
    book = _xian_form(
        tmp_path,
        {
            "rule river-setup/work-plan judged": 9,
            "rule water-quality/illegal-cases excess": -1,
            "rule implementation/implementation-level levels": "很好",
            "rule patrol/unresolved count": -2,
        },
    )
    at = f"{book}:示例镇甲!"
    assert _xian_errors(djkh, book) == [
        f"{at}F13: error: cell F13 holds the points judged, from 0.5 to 2 (or 0 when nothing is "
        "wrong), got 9: write a value in that range [DJ411]",
        f"{at}F16: error: cell F16 has no level '很好'; did you mean '好'? [DJ412]",
        f"{at}F19: error: cell F19 takes a number, 0 or more, got the number -1 [DJ407]",
        f"{at}F23: error: cell F23 counts occurrences: write a whole number, 0 or more, got the "
        "number -2 [DJ407]",
    ]
