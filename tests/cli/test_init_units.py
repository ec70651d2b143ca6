"""`djkh init --units FILE`: two lines naming one unit (as every check compares units) refused."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("first", "second"),
    [("A镇", "Ａ镇"), ("示例 镇", "示例镇")],
    ids=["full-width", "space"],
)
def test_init_refuses_two_lines_naming_the_same_unit(
    djkh, tmp_path: Path, first: str, second: str
) -> None:
    units = tmp_path / "units.txt"
    units.write_text(f"{first}\n示例委乙\n\n{second}\n", encoding="utf-8")
    book = tmp_path / "x.xlsx"
    run = djkh("init", "--rubric", "wenzhou-jiguan@2007", "--units", str(units), "--year", "2007",
               "-o", str(book))  # fmt: skip
    assert run.code == 2
    assert (
        f"{units}:4: unit '{second}' is the same unit as '{first}' on line 1 (full-width "
        "letters and spaces do not tell units apart): list it once"
    ) in run.stderr
    assert not book.exists()
