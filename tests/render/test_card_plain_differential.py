"""Random cards of awkward text, written by card_plain and drawn by rich: the same bytes, or
card_plain hands the card to rich. Fixed seeds, so a failure names its case."""

from __future__ import annotations

import random

import pytest

from djkh.escaping import visible
from djkh.render import RenderOptions
from djkh.render.card_cells import CardLayout, Cell, Noted, Stacked, Styled, TableRow
from djkh.render.card_plain import card_lines
from djkh.render.card_rich import draw
from djkh.render.form import Note, NoteKind
from djkh.render.table import card_layout, render
from tests.render.test_card_plain import HEADINGS, _cards

# Pieces a cell's text is made of: Chinese and Latin words, full-width punctuation (closing and
# opening marks meet line ends: 禁则), words and URLs too long for any line, wide, ambiguous,
# zero-width and combining characters, spaces alone, line breaks, long numbers.
PIECES = [
    "中心组学习",
    "年初无计划",
    "党组（党委）每年两次专题听取机关党组织工作汇报",
    *"，。：；！？「」（）、》《",
    "《条例》",
    "“引号”",
    "a",
    "word",
    "Evidence:",
    "a,b.c;d",
    "(x)",
    "foo-bar-baz",
    "https://example.com/a/very/long/path?x=1&y=2",
    "x" * 40,
    "超长" * 20,
    "😀",
    "👍🏽",
    "🇨🇳",
    "❤\ufe0f",
    "e\u0301",
    "\u0301",
    "x\u0308",
    "\u0300\u0301",
    "·",
    "—",
    "①",
    "½",
    "☆",
    "→",
    "≤",
    "…",
    "Ａ",
    "ｶ",
    "ﾊﾝｶｸ",
    "한국어",
    "〔-2〕",
    " ",
    "  ",
    "   ",
    "\n",
    "\n\n",
    " \n ",
    "1234567890123456789",
    "96.5",
    "-2",
]
# Pieces card_plain leaves to rich (tabs, spaces and marks of no plain width), seldom drawn so
# that most cards are compared.
RARE = ["\t", "\u200b", "\u200d", "\u00ad", "\ufeff", "\u2028", "\r", "\u3000", "\x1b[31m"]
WIDTHS = (20, 24, 31, 40, 47, 60, 80, 99, 120, 160)


def _text(rng: random.Random, most: int = 6) -> str:
    return "".join(
        rng.choice(RARE) if rng.random() < 0.02 else rng.choice(PIECES)
        for _ in range(rng.randint(0, most))
    )


def _styled(rng: random.Random, most: int = 6) -> Styled:
    text = _text(rng, most)
    return Styled(visible(text, keep="\n") if rng.random() < 0.8 else text)


def _notes(rng: random.Random) -> tuple[Note, ...]:
    amounts = ["", "", "-2", "+0.5", "-10", "-1234567.25"]
    kinds = list(NoteKind)
    return tuple(
        Note(rng.choice(kinds), _text(rng), rng.choice(amounts)) for _ in range(rng.randint(1, 3))
    )


def _goal(rng: random.Random) -> Cell:
    pick = rng.random()
    if pick < 0.4:
        return Noted(_styled(rng, 4), _notes(rng))
    if pick < 0.6:
        return Stacked((_styled(rng), _styled(rng)))
    return _styled(rng)


NUMBERS: list[Cell] = [
    "",
    "5",
    "100",
    "96.5",
    "≤10",
    "12345678901234",
    Styled("4.5*"),
    Styled("6→8"),
    Styled(" "),
    Styled("不适用"),
    Styled("  5  "),
    Styled("5\n6"),
    Styled(""),
    Styled("①②"),
    Styled("1·2"),
    Styled("—"),
    Styled("5 "),
]


def _layout(rng: random.Random) -> CardLayout:
    count = rng.randint(1, 4)
    item = _styled(rng, 2) if rng.random() < 0.3 else Styled("项目")
    goal = _styled(rng, 2) if rng.random() < 0.3 else Styled("目标")
    headings = (item, goal, *["标准分", "自查分", "扣分", "得分"][:count])
    rows = tuple(
        TableRow(
            (_styled(rng, 3), _goal(rng), *(rng.choice(NUMBERS) for _ in range(count))),
            end_section=rng.random() < 0.3,
        )
        for _ in range(rng.randint(1, 4))
    )
    return CardLayout((_styled(rng),), headings, rows, (_styled(rng, 3),))


def _written(layout: CardLayout, width: int) -> str | None:
    lines = card_lines(layout, width)
    return None if lines is None else "".join(line.rstrip(" ") + "\n" for line in lines)


@pytest.mark.parametrize("block", range(8))
def test_random_cards_are_written_byte_for_byte_as_rich_draws_them(block: int) -> None:
    compared = 0
    for seed in range(block * 40, block * 40 + 40):
        rng = random.Random(seed)
        layout = _layout(rng)
        for width in rng.sample(WIDTHS, 3):
            written = _written(layout, width)
            if written is not None:
                compared += 1
                assert written == draw(layout, RenderOptions(width=width)), (seed, width)
    assert compared >= 30  # most cards are compared, not handed to rich


CASES = {
    "kinsoku": "党组（党委）每年两次专题听取机关党组织工作汇报，少一次扣2分。「证据」：会议纪要！",
    "a long word": "x" * 70 + " and " + "超长" * 40,
    "a URL": "见 https://example.com/党建/考核/2007/细则.html?unit=示例局甲&year=2007，已核实",
    "wide": "😀👍🏽🇨🇳❤\ufe0f 한국어 ﾊﾝｶｸ Ａ＃ 完成率100％",
    "combining": "e\u0301te\u0301 x\u0308 \u0301开头 ñ",
    "ambiguous": "①②③ · — ½ ☆ → ≤ … §",
    "spaces only": "     ",
    "trailing": "尾随空格   \n  前导空格",
    "lines": "第一行\n\n第三行\n",
    "digits": "123456789012345678901234567890.123456789",
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_kind_of_text_is_written_as_rich_draws_it(case: str) -> None:
    text = CASES[case]
    notes = (Note(NoteKind.HIT, text, "-2"), Note(NoteKind.EVIDENCE, text, ""))
    rows = (
        TableRow((Styled(text), Styled(text), "5", "5", "0", "5")),
        TableRow((Styled(""), Noted(Styled(text), notes), "5", "", "2", "3"), end_section=True),
        TableRow((Styled(text), Stacked((Styled(text), Styled(""))), "", "", "", "")),
    )
    headings = HEADINGS
    layout = CardLayout((Styled(text),), headings, rows, (Styled(text),))
    compared = 0
    for width in range(20, 161, 7):
        written = _written(layout, width)
        if written is not None:
            compared += 1
            assert written == draw(layout, RenderOptions(width=width)), width
    assert compared > 0  # the case was compared, not only handed to rich


def test_the_narrow_terminals_rich_draws_are_the_same_card() -> None:
    """Every width from the narrowest up, across the width below which card_plain hands the
    card to rich: the card a user sees is rich's either way."""
    card = _cards()[0]
    layout = card_layout(card)
    handed = [width for width in range(20, 131) if card_lines(layout, width) is None]
    assert handed == list(range(20, handed[-1] + 1))  # one cutoff: narrower is rich's
    for width in range(max(20, handed[-1] - 3), handed[-1] + 8):
        assert render(card, RenderOptions(width=width)) == draw(
            layout, RenderOptions(width=width)
        ), width


@pytest.mark.parametrize(
    "environ",
    [
        {"FORCE_COLOR": "1"},
        {"TERM": "dumb"},
        {"NO_COLOR": "1"},
        {"TTY_COMPATIBLE": "1"},
        {"COLUMNS": "30", "LINES": "2"},
        {"PYTHONIOENCODING": "ascii", "LC_ALL": "C"},
    ],
    ids=str,
)
def test_no_environment_makes_rich_draw_a_colourless_card_otherwise(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str]
) -> None:
    """djkh decides colour once (commands.emit) and tells rich: without colour, rich's card is
    card_plain's whatever rich would have read from the environment."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    layout = card_layout(_cards()[0])
    assert _written(layout, 100) == draw(layout, RenderOptions(width=100))
