"""Batch outputs in pieces: the same text as the whole, each unit made as it is written."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from djkh.commands import score
from djkh.problems.codes import Code
from djkh.problems.problem import Problem, Report, summary
from djkh.render import BATCH, RenderOptions, as_text
from djkh.render import html as html_module
from djkh.render import ranking_json as ranking_json_module
from djkh.render.json_document import Streamed, dump_pieces, dumps
from djkh.render.report.text import report_pieces, report_summarised_pieces
from djkh.scoring.batch import score_paths
from tests.conftest import EXAMPLES
from tests.render.test_json_document import _random_value


def _streamed(value: Any) -> Any:
    """`value` with its outermost lists as Streamed arrays (generators, read once); their
    elements stay as they are, as a card does in a ranking."""
    if isinstance(value, dict):
        return {key: _streamed(element) for key, element in value.items()}
    if isinstance(value, list):
        return Streamed(element for element in value)
    return value


def test_pieces_of_a_document_join_to_its_text() -> None:
    rng = random.Random(7)
    for _ in range(300):
        value = _random_value(rng)
        assert "".join(map(as_text, dump_pieces(value))) == dumps(value)
        assert "".join(map(as_text, dump_pieces(_streamed(value)))) == dumps(value)


def test_an_empty_streamed_array_is_written_as_an_empty_list() -> None:
    document = {"units": Streamed(iter(())), "left_out": []}
    assert "".join(map(as_text, dump_pieces(document))) == '{\n  "units": [],\n  "left_out": []\n}'


@pytest.mark.parametrize("name", [name for name in BATCH.names if BATCH.formats[name].pieces])
def test_each_formats_pieces_join_to_its_whole_output(name: str) -> None:
    result = score_paths((EXAMPLES,), jobs=1)
    pieces = BATCH.load_pieces(name)
    assert pieces is not None
    for options in (RenderOptions(), RenderOptions(width=60), RenderOptions(color=True)):
        assert "".join(map(as_text, pieces(result, options))) == BATCH.load(name)(result, options)


def test_the_batch_json_is_written_unit_by_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the third unit's card is laid out, the first two are already in the file."""
    maker = ranking_json_module, "card_entry"
    written = _in_the_file_at_each(maker, "json", tmp_path, monkeypatch)
    assert [text.count('"path": ') for text in written] == [0, 1, 2]
    assert (tmp_path / "out").read_text(encoding="utf-8").count('"path": ') == 3


def test_the_batch_html_is_written_unit_by_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the third unit's form is laid out, the rankings and two forms are in the file."""
    written = _in_the_file_at_each((html_module, "_card_section"), "html", tmp_path, monkeypatch)
    sections = [text.count("<section>") for text in written]
    assert sections == [1, 2, 3]  # the ranking, then the units' forms
    assert written[0].startswith("<!DOCTYPE html>") and "</html>" not in written[2]
    assert (tmp_path / "out").read_text(encoding="utf-8").endswith("</body>\n</html>\n")


def _in_the_file_at_each(
    maker: tuple[Any, str], output_format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """What the temporary file of `-o out` holds each time `maker` (module, name) makes a unit's
    part, scoring the examples."""
    written: list[str] = []
    module, name = maker
    real = getattr(module, name)

    def watched(*arguments: Any) -> Any:
        (temporary,) = (p for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
        written.append(temporary.read_text(encoding="utf-8"))
        return real(*arguments)

    monkeypatch.setattr(module, name, watched)
    request = score.ScoreRequest((EXAMPLES,), output_format, output=tmp_path / "out", jobs=1)
    # Unbuffered, so that what was written is in the file when the next unit is laid out.
    monkeypatch.setattr("djkh.files.output._WRITE_BUFFER", 0)
    assert score.run(request) == 0
    assert len(written) == 3
    return written


def _many_warnings(count: int) -> Report:
    paths = tuple(f"单位{n:05d}.yaml" for n in range(count))
    message = "item 'a/1' is not in the findings: it scores full marks"
    problems = tuple(Problem(path, 3, 1, Code.ITEM_NOT_RECORDED, message) for path in paths)
    return Report(paths, problems)


def test_a_long_problem_report_is_written_in_pieces_of_whole_lines() -> None:
    report = _many_warnings(10_000)
    pieces = list(report_pieces(report))
    assert len(pieces) == 3  # 10,001 lines, 4,096 a piece
    assert all(piece.endswith("\n") for piece in pieces)
    lines = "".join(pieces).splitlines()
    assert lines[0] == (
        "单位00000.yaml:3:1: warning: item 'a/1' is not in the findings: it scores full marks "
        f"[{Code.ITEM_NOT_RECORDED.value}]"
    )
    assert len(lines) == 10_001
    assert lines[-1] == summary(report.files, report.problems)


def test_a_summarised_report_is_the_few_lines_it_shows() -> None:
    report = _many_warnings(10_000)
    (piece,) = report_summarised_pieces(report)
    assert piece.count("\n") == 5  # three warnings, how many more, the summary
