"""The batch's progress bar: drawn from the batch itself, with no thread of its own, only for a
batch that takes a while, and as rich draws it."""

from __future__ import annotations

import io
import threading

import pytest

from djkh.render import progress
from djkh.render.progress import _PlainBar, _RichBar, progress_bar

RED, GREEN, GREY, CYAN, END = "\x1b[91m", "\x1b[32m", "\x1b[90m", "\x1b[36m", "\x1b[0m"


@pytest.fixture(autouse=True)
def colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def _terminal(encoding: str = "utf-8") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding)


def test_the_bar_runs_no_thread_and_is_drawn_as_files_are_done(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(progress, "_SHOWN_AFTER", 0.0)
    monkeypatch.setattr(progress, "_REDRAW_EVERY", 0.0)
    threads = threading.active_count()
    with progress_bar(10, "scoring") as advance:
        advance(3)
        assert f"{GREEN} 3/10{END}" in capsys.readouterr().err
        monkeypatch.setattr(progress, "_REDRAW_EVERY", 3600.0)
        advance(5)
        assert capsys.readouterr().err == ""  # too soon to draw again
        advance(10)
        assert f"{GREEN}10/10{END}" in capsys.readouterr().err  # the last file is always drawn
        assert threading.active_count() == threads  # rich's refresh thread is not started
    assert capsys.readouterr().err == "\r\x1b[2K\x1b[?25h"  # wiped, the cursor shown again


def test_a_batch_done_as_the_bar_would_show_shows_none(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(progress, "_SHOWN_AFTER", 0.0)
    monkeypatch.setattr(progress, "_REDRAW_EVERY", 0.0)
    with progress_bar(10, "scoring") as advance:
        advance(10)  # a slow single file, say: drawn and wiped at once, it would only flash
    assert capsys.readouterr().err == ""


def test_the_bar_is_drawn_again_once_its_time_has_come(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(progress, "_SHOWN_AFTER", 0.0)
    monkeypatch.setattr(progress, "_REDRAW_EVERY", 0.0)
    with progress_bar(10, "scoring") as advance:
        advance(3)
        first = capsys.readouterr().err
        assert first.startswith("\x1b[?25l\r\x1b[2Kscoring ") and " 3/10" in first
        advance(4)
        assert capsys.readouterr().err.startswith("\r\x1b[2Kscoring ")


def test_a_quick_batch_shows_no_bar(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(progress, "_SHOWN_AFTER", 3600.0)
    monkeypatch.setattr(progress, "_REDRAW_EVERY", 0.0)

    def never(total: int, label: str) -> None:
        raise AssertionError("the bar was shown")

    monkeypatch.setattr(progress, "_shown", never)
    with progress_bar(10, "scoring") as advance:
        for done in range(1, 11):
            advance(done)
    assert capsys.readouterr().err == ""


def test_the_bar_is_rich_s_byte_for_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    # What rich 15 writes for these counts, in a terminal of 16 colours: its half cell `╸` ends
    # the red part when the count lies in a cell's half, else `╺` begins the grey rest.
    monkeypatch.setenv("TERM", "xterm")
    bar = _PlainBar(4000, "scoring", _terminal())
    assert bar.line(1234, 100) == (
        f"scoring {RED}{'━' * 12}{END}{GREY}╺{END}{GREY}{'━' * 27}{END} {GREEN}1234/4000{END} "
        f"{CYAN}-:--:--{END}"
    )
    half = f"scoring {RED}{'━' * 13}{END}{RED}╸{END}{GREY}{'━' * 26}{END} {GREEN}1350/4000{END}"
    assert bar.line(1350, 100).startswith(half)
    # Finished: rich's green, rgb(114,156,31), is grey among 16 colours.
    assert bar.line(4000, 100).startswith(f"scoring {GREY}{'━' * 40}{END} {GREEN}4000/4000")
    assert bar.line(0, 100).startswith(f"scoring {GREY}{'━' * 40}{END} {GREEN}   0/4000")


def test_the_bar_takes_the_colours_rich_takes_for_the_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    bar = _PlainBar(4000, "scoring", _terminal())
    pink, green, grey = "\x1b[38;5;197m", "\x1b[38;5;70m", "\x1b[38;5;237m"
    assert bar.line(2000, 100).startswith(f"scoring {pink}{'━' * 20}{END}{grey}╺{END}{grey}━━")
    assert bar.line(4000, 100).startswith(f"scoring {green}{'━' * 40}{END} ")
    monkeypatch.setenv("COLORTERM", "truecolor")
    bar = _PlainBar(4000, "scoring", _terminal())
    pink = "\x1b[38;2;249;38;114m"
    assert bar.line(2000, 100).startswith(f"scoring {pink}{'━' * 20}{END}{grey}╺{END}{grey}━━")


def test_the_bar_narrows_to_the_terminal_and_counts_chinese_as_two_cells(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TERM", "xterm")
    bar = _PlainBar(4000, "评分", _terminal())
    # 评分 4 cells, the count 9, the time left 7, three spaces and the last column free: 16 left.
    assert bar.line(2000, 40) == (
        f"评分 {RED}{'━' * 8}{END}{GREY}╺{END}{GREY}{'━' * 7}{END} {GREEN}2000/4000{END} "
        f"{CYAN}-:--:--{END}"
    )


def test_the_time_left_is_reckoned_from_the_files_done_since_the_bar_showed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = iter([100.0, 110.0])
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    bar = _PlainBar(4000, "scoring", _terminal())
    assert bar.line(1000, 100).endswith(f"{CYAN}-:--:--{END}")
    # 1,000 files in 10 s: the 2,000 left take 20 s.
    assert bar.line(2000, 100).endswith(f"{CYAN}0:00:20{END}")


def test_without_colour_the_bar_is_its_done_part_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    bar = _PlainBar(4000, "scoring", _terminal())
    assert bar.line(2000, 100) == f"scoring {'━' * 20} 2000/4000 -:--:--"


def test_a_dumb_terminal_is_not_drawn_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    out = io.StringIO()
    bar = _PlainBar(4000, "scoring", out)
    bar.draw(2000)
    bar.close()
    assert out.getvalue() == ""


def test_rich_draws_the_bar_where_it_must(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # stderr, captured, taken for a terminal by rich
    monkeypatch.setenv("COLUMNS", "80")
    threads = threading.active_count()
    bar = _RichBar(10, "scoring")
    bar.draw(3)
    assert threading.active_count() == threads
    bar.close()
    assert f"{GREEN} 3/10{END}" in capsys.readouterr().err


def test_a_batch_stopped_midway_wipes_its_bar(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(progress, "_SHOWN_AFTER", 0.0)
    monkeypatch.setattr(progress, "_REDRAW_EVERY", 0.0)
    with pytest.raises(KeyboardInterrupt), progress_bar(10, "scoring") as advance:
        advance(3)
        raise KeyboardInterrupt
    assert capsys.readouterr().err.endswith(f"{CYAN}-:--:--{END}\r\x1b[2K\x1b[?25h")


def test_a_terminal_that_cannot_show_the_bar_s_characters_gets_ascii_as_from_rich(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TERM", "xterm")
    bar = _PlainBar(4000, "评分", _terminal("gbk"))  # a Chinese Windows code page, say
    assert bar.line(1350, 100).startswith(f"评分 {RED}{'-' * 13}{END}{RED} {END}{GREY}{'-' * 26}")
    assert bar.line(1234, 100).startswith(f"评分 {RED}{'-' * 12}{END}{GREY} {END}{GREY}{'-' * 27}")


def test_on_a_narrow_terminal_the_time_left_goes_then_the_count_then_the_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    bar = _PlainBar(4000, "评分", _terminal())
    # 评分 4 cells, a space, the bar, a space, the count 9, a space, the time 7, a free column.
    assert bar.line(4000, 25) == "评分 ━ 4000/4000 -:--:--"
    assert bar.line(4000, 24) == "评分 ━━━━━━━━ 4000/4000"
    assert bar.line(4000, 17) == "评分 ━ 4000/4000"
    assert bar.line(4000, 16) == "评分 ━━━━━━━━━━"
    assert bar.line(4000, 7) == "评分 ━"
    assert bar.line(4000, 6) == ""


def test_the_width_is_columns_where_it_is_set_and_no_color_needs_a_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "")  # empty: colour, as rich and the no-color.org rule have it
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("COLUMNS", "26")
    out = _terminal()
    bar = _PlainBar(4000, "scoring", out)
    bar.draw(2000)
    out.flush()
    drawn = out.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]
    bar_drawn = f"{RED}━━━{END}{RED}╸{END}{GREY}━━━{END}"  # 7 cells: no room for the time left
    assert drawn == f"\x1b[?25l\r\x1b[2Kscoring {bar_drawn} {GREEN}2000/4000{END}"
