"""The plain box table draws exactly what rich draws, and declines whatever rich would lay out
otherwise."""

from __future__ import annotations

import io
import random

import pytest
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from djkh.render.plain_table import _width, box_table, plain_lines

WORDS = [
    "",
    "1",
    "96.5",
    "示例局甲",
    "市财政局办公室",
    "a b",
    "Rank",
    "优秀",
    "不合格（一票否决）",
    "x" * 30,
]


def _rich(headings, rows, right, width, title=None) -> list[str]:  # type: ignore[no-untyped-def]
    table = Table(title=title, title_justify="left", box=box.SQUARE)
    for heading, flush_right in zip(headings, right, strict=True):
        table.add_column(heading, justify="right" if flush_right else "left", overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    out = io.StringIO()
    Console(file=out, width=width, no_color=True, color_system=None, highlight=False).print(table)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("seed", range(300))
def test_plain_is_rich_or_declines(seed: int) -> None:
    rng = random.Random(seed)
    columns = rng.randrange(1, 8)
    headings = [rng.choice(WORDS[1:]) for _ in range(columns)]
    rows = [[rng.choice(WORDS) for _ in range(columns)] for _ in range(rng.randrange(0, 6))]
    right = [rng.random() < 0.5 for _ in range(columns)]
    width = rng.choice([40, 60, 80, 120, 200])
    title = rng.choice([None, "Points lost, item by item", "各项失分"])
    plain = box_table(headings, rows, right, width, title=title)
    if plain is not None:
        assert plain == _rich(headings, rows, right, width, title)
    elif width == 200 and title is None and all(len(cell) < 30 for row in rows for cell in row):
        pytest.fail("a table of short, plain cells that fits must not decline")


@pytest.mark.parametrize(
    "cell",
    [
        "two\nlines",
        "tab\there",
        " leading",
        "trailing ",
        "\x1b[2J",
        "zero\u200bwidth",
        "全角\u3000",
    ],
)
def test_declines_what_rich_would_change(cell: str) -> None:
    assert box_table(["A"], [[cell]], [False], 120) is None


def test_lines_of_text() -> None:
    assert plain_lines("标题\nRubric: x    Units: 3", 40) == ["标题", "Rubric: x    Units: 3"]
    assert plain_lines("x" * 41, 40) is None
    assert plain_lines("tab\there", 40) is None


def test_declines_a_table_wider_than_the_terminal() -> None:
    assert box_table(["A", "B"], [["x" * 30, "y" * 30]], [False, True], 60) is None
    assert box_table(["A", "B"], [["x" * 30, "y" * 30]], [False, True], 80) is not None


@pytest.mark.parametrize("folder", ["examples/findings", "examples/findings-qiye"])
@pytest.mark.parametrize("width", [60, 100, 120, 200])
def test_the_ranking_is_the_same_by_either_road(folder: str, width: int) -> None:
    from djkh.render import RenderOptions
    from djkh.render.ranking_rich import rich_render as _rich_render
    from djkh.render.ranking_table import _plain_render
    from djkh.scoring.batch import score_paths
    from tests.conftest import REPO

    result = score_paths((REPO / folder,), (REPO / "examples" / "rubric",), None, 1)
    assert result.problems == ()
    plain = _plain_render(result, width)
    if plain is not None:
        assert plain == _rich_render(result, RenderOptions(width=width, color=False))
    assert plain is not None or width < 120  # the examples fit 120 columns


def test_the_files_left_out_fold_rather_than_lose_text(
    djkh, chinese, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """A long reason, or a name with a spaced dash, folds whole; nothing is cut off with '…'."""
    import shutil

    from tests.conftest import EXAMPLES

    shutil.copytree(EXAMPLES, tmp_path / "f")
    shutil.copy(tmp_path / "f" / "示例中心丙.yaml", tmp_path / "f" / "市财政局 - 副本.yaml")
    monkeypatch.chdir(tmp_path)
    run = djkh("score", "f", "--partial", env={"COLUMNS": "64"})
    left_out = run.stdout[run.stdout.index("未计入排名的文件") :]
    assert left_out.splitlines() == [
        "未计入排名的文件：2 个（--partial）",
        "┌────────────────────────┬─────────────────────────────────────┐",
        "│ 文件                   │ 未计入原因                          │",
        "├────────────────────────┼─────────────────────────────────────┤",
        "│ f/市财政局 - 副本.yaml │ 7:7: 单位“示例中心丙”2007           │",
        "│                        │ 年度的考核记录在 f/示例中心丙.yaml  │",
        "│                        │ 中也有：每个单位每年只能有一个文    │",
        "│                        │ 件；请删除副本，或改正从其他单位复  │",
        "│                        │ 制来的文件中的 'unit:' [DJ601]      │",
        "│ f/示例中心丙.yaml      │ 7:7: 单位“示例中心丙”2007           │",
        "│                        │ 年度的考核记录在 f/市财政局 -       │",
        "│                        │ 副本.yaml                           │",
        "│                        │ 中也有：每个单位每年只能有一个文    │",
        "│                        │ 件；请删除副本，或改正从其他单位复  │",
        "│                        │ 制来的文件中的 'unit:' [DJ601]      │",
        "└────────────────────────┴─────────────────────────────────────┘",
    ]


def test_a_cells_width_is_richs() -> None:
    """Measured without rich where text is ASCII and the common CJK ideographs."""
    texts = [chr(code) for code in range(0x4E00, 0x9FA6)]
    texts += ["单位000123示例局甲", "A组-第3名", "ａ全角", "é", "〇", "\u9fa6", "😀", "一\u200d二"]
    assert [_width(text) for text in texts] == [cell_len(text) for text in texts]
