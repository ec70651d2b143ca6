"""Chinese line breaking (禁则) in terminal cells: exact lines, and rich's lines everywhere else."""

from __future__ import annotations

import io
import random
from itertools import pairwise

import pytest
from rich.console import Console
from rich.text import Text

from djkh.render.console import WrappedText, shown
from djkh.render.wrapping import CLOSING, OPENING, wrap


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # a closing mark takes the character before it down with it
        ("中心组学习年初无计划，扣2分", 20, ["中心组学习年初无计", "划，扣2分"]),
        # an opening mark goes down to the text it opens
        ("查阅改革方案（未开展混改的企业）", 14, ["查阅改革方案", "（未开展混改的", "企业）"]),
        (
            "每次扣2分，最多扣6分（记录：1个）",
            12,
            ["每次扣2分，", "最多扣6分", "（记录：1", "个）"],
        ),
        ("《条例》和《实施意见》", 6, ["《条", "例》和", "《实施", "意见》"]),
        # marks in a row move together: ” then 。 never start a line
        ("做到“集体领导”。", 5, ["做到", "“集体", "领", "导”。"]),
        # ASCII marks too, where a long word folds
        ("abcdefghij.", 10, ["abcdefghi", "j."]),
        ("扣0.5分", 3, ["扣", "0.5", "分"]),
        # nothing to move: the line would be empty, so the break stays where rich put it
        ("。。。。", 2, ["。", "。", "。", "。"]),
        ("a（b", 2, ["a", "（", "b"]),
        # no mark at a break: exactly rich's lines (words at spaces, wide characters 2 cells)
        ("see the notes (all of them).", 14, ["see the notes", "(all of them)."]),
        ("1. 党组织按期换届、应建尽建", 18, ["1.", "党组织按期换届、应", "建尽建"]),
        ("第一行\n第二行，很长的一行", 8, ["第一行", "第二行，", "很长的一", "行"]),
    ],
)
def test_lines_never_start_with_a_closing_mark_nor_end_with_an_opening_one(
    text: str, width: int, lines: list[str]
) -> None:
    assert wrap(text, width) == lines


def _rich_lines(text: Text, width: int) -> list[tuple[str, list[object]]]:
    console = Console(file=io.StringIO(), width=200)
    return [(line.plain, list(line.spans)) for line in text.wrap(console, width)]


def test_without_marks_the_lines_and_their_styles_are_riches() -> None:
    """Random texts of Chinese, Latin words, spaces and line breaks, with no mark at all."""
    chooser = random.Random(19)
    alphabet = [*"党建工作考核细则中心组学习年初无计划扣分", *"abc def \n", "  "]
    for _ in range(3000):
        plain = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 80)))
        width = chooser.randint(2, 30)
        justify = chooser.choice(["default", "left", "right", "center", "full"])
        ours = WrappedText(plain, style="bold", justify=justify)  # type: ignore[arg-type]
        theirs = Text(plain, style="bold", justify=justify)  # type: ignore[arg-type]
        assert _rich_lines(ours, width) == _rich_lines(theirs, width), (plain, width)


def test_every_line_fits_and_keeps_the_rules_where_it_can() -> None:
    chooser = random.Random(7)
    alphabet = [
        *"党建工作考核细则中心组学习年初无计划扣分",
        *"abc def ",
        *"，。、《》（）「」“”,.()",
    ]
    for _ in range(3000):
        plain = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(1, 60)))
        width = chooser.randint(2, 30)
        lines = wrap(plain, width)
        assert "".join(lines).replace(" ", "") == plain.replace(" ", "")
        assert all(Text(line).cell_len <= width for line in lines)
        for line, after in pairwise(lines):
            letters = [c for c in line if c not in CLOSING | OPENING | {" "}]
            if len(letters) > 1:  # a line with a character to spare never breaks a rule
                assert not (after[:1] in CLOSING or line.rstrip()[-1:] in OPENING), (plain, lines)


def test_shown_text_wraps_by_the_rules_in_a_table_cell() -> None:
    from rich.table import Table

    table = Table(show_header=False)
    table.add_column(width=20, overflow="fold")
    table.add_row(shown("中心组学习年初无计划，扣2分"))
    out = io.StringIO()
    Console(file=out, width=40, no_color=True).print(table)
    assert out.getvalue().splitlines()[1:3] == [
        "│ 中心组学习年初无计   │",
        "│ 划，扣2分            │",
    ]


@pytest.mark.usefixtures("chinese")
def test_a_heading_wraps_by_the_rules_too() -> None:
    """The losses table's 平均失分（全部单位） heading, in a 40-column box."""
    from djkh.render import RenderOptions
    from djkh.render.ranking_rich import rich_render as _rich_render
    from djkh.scoring.batch import score_paths
    from tests.conftest import EXAMPLES, REPO

    result = score_paths((EXAMPLES,), (REPO / "examples" / "rubric",), None, 1)
    text = _rich_render(result, RenderOptions(width=40, color=False))
    losses = text[text.index("各项失分情况") :].splitlines()
    assert losses[2:5] == [
        "│            │            │   平均失分 │",
        "│            │            │   （全部单 │",
        "│ 项目       │ 失分单位数 │       位） │",
    ]
