"""The score card written without rich is byte for byte what rich draws, and where it cannot
be, rich draws it."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from djkh.render import RenderOptions
from djkh.render.card_cells import CardLayout, Cell, Noted, Stacked, Styled, TableRow
from djkh.render.card_plain import card_lines
from djkh.render.card_rich import draw
from djkh.render.form import Note, NoteKind
from djkh.render.table import card_layout, render
from djkh.scoring.engine import ScoreCard
from tests.conftest import EXAMPLES, imported_after

WORDS = [
    "",
    "5",
    "96.5",
    "-2",
    "示例局甲",
    "中心组学习年初无计划，扣2分",
    "党组（党委）每年两次专题听取机关党组织工作汇报",
    "（签到表）",
    "《条例》",
    "a",
    "Evidence:",
    "deductions add up to 6, limited to the item's standard score of 5",
    "x" * 30,
    "word " * 7,
    "  indented",
    "trailing  ",
    "1. 坚持把思想政治建设放在首位",
    "不合格（一票否决）",
]


def _text(rng: random.Random, lines: int = 2) -> str:
    return "\n".join(
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.randint(1, lines))
    )


def _notes(rng: random.Random) -> tuple[Note, ...]:
    kinds = list(NoteKind)
    return tuple(
        Note(rng.choice(kinds), _text(rng), rng.choice(["", "", "-2", "+0.5", "-10"]))
        for _ in range(rng.randint(1, 4))
    )


def _goal(rng: random.Random) -> Cell:
    pick = rng.random()
    if pick < 0.4:
        return Noted(Styled(_text(rng, 1)), _notes(rng))
    if pick < 0.6:
        return Stacked((Styled(_text(rng, 1)), Styled(_text(rng))))
    return Styled(_text(rng))


# The card's columns as djkh heads them: 项目 and 目标 bold.
HEADINGS: tuple[Cell, ...] = (Styled("项目"), Styled("目标"), "标准分", "自查分", "扣分", "得分")


def _number(rng: random.Random) -> Cell:
    return rng.choice(["", "5", "100", "96.5", "≤10", Styled("4.5*"), Styled("6→8")])


def _layout(rng: random.Random) -> CardLayout:
    headings = HEADINGS
    rows = tuple(
        TableRow(
            (Styled(_text(rng, 1)), _goal(rng), *(_number(rng) for _ in range(4))),
            end_section=rng.random() < 0.3,
        )
        for _ in range(rng.randint(1, 6))
    )
    return CardLayout((Styled(_text(rng, 3)),), headings, rows, (Styled(_text(rng, 1)),))


def _drawn_plain(layout: CardLayout, width: int) -> str | None:
    lines = card_lines(layout, width)
    return None if lines is None else "".join(line.rstrip(" ") + "\n" for line in lines)


@pytest.mark.parametrize("seed", range(40))
def test_varied_cards_are_written_as_rich_draws_them(seed: int) -> None:
    rng = random.Random(seed)
    written = 0
    for _ in range(5):
        layout = _layout(rng)
        for width in (24, 40, 60, 80, 100, 120, 160):
            plain = _drawn_plain(layout, width)
            if plain is not None:
                written += 1
                assert plain == draw(layout, RenderOptions(width=width)), (seed, width)
    assert written > 0  # the comparison compared something


def _cards() -> list[ScoreCard]:
    from djkh.checks.workspace import Workspace
    from djkh.scoring.engine import score_findings

    cards = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        found = Workspace.default((), None).assessment(str(path)).value
        if found is not None:
            cards.append(score_findings(found.findings, found.rubric))
    return cards


def test_every_example_card_is_written_without_rich_at_the_usual_widths() -> None:
    cards = _cards()
    assert len(cards) >= 3
    for index, card in enumerate(cards):
        layout = card_layout(card)
        for width in (80, 100, 120, 200):
            plain = _drawn_plain(layout, width)
            assert plain is not None, (index, width)
            assert plain == draw(layout, RenderOptions(width=width))


def test_a_table_rich_squeezes_evenly_is_left_to_rich() -> None:
    card = _cards()[0]
    layout = card_layout(card)
    assert card_lines(layout, 40) is None  # the number columns alone leave too little room
    assert render(card, RenderOptions(width=40)) == draw(layout, RenderOptions(width=40))


def test_colour_is_drawn_by_rich() -> None:
    card = _cards()[0]
    coloured = render(card, RenderOptions(color=True))
    assert "\x1b[1m" in coloured
    assert coloured == draw(card_layout(card), RenderOptions(color=True))


def test_a_tab_or_an_ideographic_space_is_left_to_rich() -> None:
    for odd in ("a\tb", "甲\u3000乙"):
        row = TableRow((Styled("1"), Styled(odd), "5", "5", "0", "5"))
        layout = CardLayout((), (Styled("项目"), Styled("目标"), "a", "b", "c", "d"), (row,), ())
        assert card_lines(layout, 120) is None


def test_scoring_a_file_imports_no_rich_console(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "示例局甲.yaml", tmp_path / "f.yaml")
    wanted = ("djkh.render.card_plain",)  # the test would pass if nothing ran
    modules = ("rich.console", "djkh.render.card_rich")
    assert imported_after(["score", "f.yaml"], modules + wanted, tmp_path) == list(wanted)
