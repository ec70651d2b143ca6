"""The batch's progress bar: drawn from the batch itself, with no thread of its own, and only
for a batch that takes a while."""

from __future__ import annotations

import threading

import pytest

from djkh.render import progress
from djkh.render.progress import progress_bar


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # stderr, captured, taken for a terminal
    monkeypatch.setenv("COLUMNS", "80")


@pytest.mark.usefixtures("terminal")
def test_the_bar_runs_no_thread_and_is_drawn_as_files_are_done(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(progress, "_SHOWN_AFTER", 0.0)
    monkeypatch.setattr(progress, "_REDRAW_EVERY", 3600.0)  # drawn only when the batch ends
    threads = threading.active_count()
    with progress_bar(10, "scoring") as advance:
        assert threading.active_count() == threads  # rich's refresh thread is not started
        advance(3)
        assert "3/10" not in capsys.readouterr().err  # too soon to draw again
        advance(10)
        assert "10/10" in capsys.readouterr().err  # the last file is always drawn
        assert threading.active_count() == threads
    assert threading.active_count() == threads


@pytest.mark.usefixtures("terminal")
def test_the_bar_is_drawn_again_once_its_time_has_come(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(progress, "_SHOWN_AFTER", 0.0)
    monkeypatch.setattr(progress, "_REDRAW_EVERY", 0.0)
    with progress_bar(10, "scoring") as advance:
        advance(3)
        assert "3/10" in capsys.readouterr().err
        advance(4)
        assert "4/10" in capsys.readouterr().err
    assert "\x1b[2K" in capsys.readouterr().err  # gone once the batch is done (transient)


@pytest.mark.usefixtures("terminal")
def test_a_quick_batch_shows_no_bar(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(progress, "_SHOWN_AFTER", 3600.0)
    monkeypatch.setattr(progress, "_REDRAW_EVERY", 0.0)

    def never(label: str) -> None:
        raise AssertionError("the bar was started")

    monkeypatch.setattr(progress, "_shown", never)
    with progress_bar(10, "scoring") as advance:
        for done in range(1, 11):
            advance(done)
    assert capsys.readouterr().err == ""
