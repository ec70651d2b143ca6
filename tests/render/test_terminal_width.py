"""The terminal table at narrow widths: readable at 80 columns, no one-character lines at 60,
nothing trailing a line sent to a pipe."""

from __future__ import annotations

import unicodedata

import pytest

from tests.conftest import EXAMPLES

JIA = str(EXAMPLES / "示例局甲.yaml")


def _cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _goal_cells(table: str) -> list[str]:
    """The text of the 目标 column on each row of the table."""
    return [line.split("│")[2].strip() for line in table.splitlines() if line.count("│") >= 8]


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("width", [60, 70, 80])
def test_deductions_stay_readable_in_a_narrow_terminal(djkh, width: int) -> None:
    run = djkh("score", JIA, env={"COLUMNS": str(width)})
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert max(_cells(line) for line in lines) <= width
    one_character = [cell for cell in _goal_cells(run.stdout) if len(cell) == 1]
    assert one_character == []
    assert "心组学习年" in run.stdout or "中心组学习年初无计划" in run.stdout


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("width", [60, 120])
@pytest.mark.parametrize("path", [JIA, str(EXAMPLES)], ids=["unit", "batch"])
def test_nothing_trails_a_line_in_a_pipe(djkh, width: int, path: str) -> None:
    run = djkh("score", path, env={"COLUMNS": str(width)})
    assert [line for line in run.stdout.splitlines() if line != line.rstrip()] == []


_CLOSING = tuple("，。、；：！？》）」』】,.;:!?)")
_OPENING = tuple("《（「『【(")


def _broken_rules(table: str) -> list[str]:
    """Cell lines that start with a closing mark or end with an opening one."""
    cells = (cell.strip() for line in table.splitlines() for cell in line.split("│"))
    return [cell for cell in cells if cell.startswith(_CLOSING) or cell.endswith(_OPENING)]


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize(
    "path", [JIA, str(EXAMPLES / "示例中心丙.yaml"), str(EXAMPLES)], ids=["甲", "丙", "batch"]
)
def test_no_cell_line_starts_with_a_closing_mark(djkh, width: int, path: str) -> None:
    run = djkh("score", path, env={"COLUMNS": str(width)})
    assert run.code == 0
    assert _broken_rules(run.stdout) == []


@pytest.mark.usefixtures("chinese")
def test_a_closing_mark_takes_the_character_before_it_down(djkh) -> None:
    """At 80 columns rich alone would start a line with '，扣2分'."""
    run = djkh("score", JIA, env={"COLUMNS": "80"})
    assert (
        "│ 建设          │   〔-2〕中心组学习年初无计   │        │        │      │      │\n"
        "│               │         划，扣2分            │        │        │      │      │\n"
    ) in run.stdout
