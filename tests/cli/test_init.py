"""djkh init: a template that validates and scores as written; files written whole or not at all."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from djkh.files.output import RefusedError, write_atomically
from tests.conftest import REPO

EXAMPLE_RUBRICS = str(REPO / "examples" / "rubric")


CLEAN = {"flat": "false", "count": "0"}


def fill_in_clean(text: str) -> str:
    """The template filled in for a unit where nothing was found: each rule's comment says what
    costs nothing (false, 0, the number required, the limit)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if re.fullmatch(r"      [a-z0-9-]+:", line):
            comment = lines[index - 1]
            kind = re.search(r"[(（](flat|count|shortfall|threshold): ", comment)
            assert kind is not None, comment
            number = re.search(r"(\d+) (?:required|deducts)|(?:应达|低于|高于) ?(\d+)", comment)
            value = CLEAN.get(kind.group(1)) or next(g for g in number.groups() if g)  # type: ignore[union-attr]
            lines[index] = f"{line} {value}"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("ref", ["wenzhou-jiguan@2007", "wenzhou-jiguan@2008"])
def test_template_round_trips_through_validate_and_score(djkh, tmp_path: Path, ref: str) -> None:
    target = tmp_path / "丁.yaml"
    made = djkh(
        "init",
        "--rubric",
        ref,
        "--unit",
        '单位: "丁"',
        "--year",
        "2008",
        "-o",
        str(target),
        "--rubric-dir",
        EXAMPLE_RUBRICS,
    )
    assert (made.code, made.stdout) == (0, "")
    assert made.stderr == f"wrote {target}: fill in the values, then run djkh validate {target}\n"
    target.write_text(fill_in_clean(target.read_text(encoding="utf-8")), encoding="utf-8")
    checked = djkh("validate", "--strict", "--rubric-dir", EXAMPLE_RUBRICS, str(target))
    assert (checked.code, checked.stdout) == (0, "checked 1 file: no problems\n")
    scored = djkh("score", "--format", "json", "--rubric-dir", EXAMPLE_RUBRICS, str(target))
    assert scored.code == 0
    total = "100" if ref.endswith("2007") else "105"
    assert f'"score": {total},\n  "deduction": 0,' in scored.stdout
    assert '"unit": "单位: \\"丁\\""' in scored.stdout


@pytest.mark.usefixtures("chinese")
def test_template_lists_every_rule_with_its_text(djkh) -> None:
    run = djkh("init", "--rubric", "wenzhou-jiguan@2007", "--unit", "丁", "--year", "2007")
    assert run.code == 0
    assert (
        "      # 中心组全年集中学习不少于6次，缺一次扣2分（shortfall: 实际达到的数，应达 6）\n"
        "      study-sessions:\n" in run.stdout
    )
    assert (
        "      # 在职党员到社区报到率未达到90%以上的扣3分（threshold: 实测值，低于 90 扣分）\n"
        "      community-registration:\n" in run.stdout
    )
    assert (
        "      # 中心组学习年初无计划，扣2分（flat: 发生写 true，未发生写 false）\n" in run.stdout
    )
    assert run.stdout.count("      # ") == 49  # one comment per rule
    assert len(re.findall(r"^      [a-z0-9-]+:$", run.stdout, re.MULTILINE)) == 49  # all empty


def test_an_untouched_template_is_not_filled_in(djkh, tmp_path: Path) -> None:
    target = tmp_path / "丁.yaml"
    args = ["--rubric", "wenzhou-jiguan@2007", "--unit", "丁", "--year", "2007"]
    assert djkh("init", *args, "-o", str(target)).code == 0
    checked = djkh("validate", "--strict", str(target))
    assert (checked.code, checked.stdout) == (
        1,
        f"{target}:12:1: error: this file is not filled in: all 49 findings are empty, as djkh "
        "init wrote them; write what was found for each rule, or where nothing was, the value "
        "that costs nothing, which its comment names (false, 0, the required number or the "
        "limit) [DJ410]\n"
        "checked 1 file: 1 error in 1 file\n",
    )
    scored = djkh("score", str(target))
    assert (scored.code, scored.stdout) == (1, "")
    assert scored.stderr == checked.stdout


@pytest.mark.parametrize(
    ("line", "value", "message"),
    [
        (
            "no-annual-plan:",
            "",
            "rule 'no-annual-plan' is not filled in: write true if it happened, false if not",
        ),
        (
            "study-sessions:",
            "",
            "rule 'study-sessions' is not filled in: write the number achieved, 6 required",
        ),
        (
            "low-attendance:",
            "",
            "rule 'low-attendance' is not filled in: write how many times, 0 if never",
        ),
        (
            "community-registration:",
            "",
            "rule 'community-registration' is not filled in: write the measured value, under 90 "
            "deducts",
        ),
    ],
)
def test_a_rule_left_empty_says_what_to_write(
    djkh, tmp_path: Path, line: str, value: str, message: str
) -> None:
    """The template filled in but for one rule: that rule alone is reported, on its line."""
    made = djkh("init", "--rubric", "wenzhou-jiguan@2007", "--unit", "丁", "--year", "2007")
    text = fill_in_clean(made.stdout)
    at = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip().startswith(line))
    lines = text.splitlines()
    lines[at - 1] = lines[at - 1].split(":")[0] + ":" + value
    target = tmp_path / "丁.yaml"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked = djkh("validate", str(target))
    assert (checked.code, checked.stdout) == (
        1,
        f"{target}:{at}:7: error: {message} [DJ410]\nchecked 1 file: 1 error in 1 file\n",
    )


def test_a_clean_unit_says_so_with_the_values_that_cost_nothing(djkh, tmp_path: Path) -> None:
    made = djkh("init", "--rubric", "wenzhou-jiguan@2007", "--unit", "丁", "--year", "2007")
    target = tmp_path / "丁.yaml"
    target.write_text(fill_in_clean(made.stdout), encoding="utf-8")
    assert "      no-annual-plan: false\n      # " in target.read_text(encoding="utf-8")
    assert djkh("validate", "--strict", str(target)).stdout == "checked 1 file: no problems\n"


def test_refuses_to_overwrite_without_force(djkh, tmp_path: Path) -> None:
    target = tmp_path / "f.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    args = [
        "init",
        "--rubric",
        "wenzhou-jiguan@2007",
        "--unit",
        "丁",
        "--year",
        "2007",
        "-o",
        str(target),
    ]
    refused = djkh(*args)
    assert refused.code == 1
    assert (
        refused.stderr
        == f"djkh: not written: {target} already exists: choose another name, or add --force\n"
    )
    assert target.read_text(encoding="utf-8") == "keep me\n"
    forced = djkh(*args, "--force")
    assert forced.code == 0
    assert target.read_text(encoding="utf-8").startswith("# Findings of 丁 for 2007")


def test_unknown_rubric(djkh) -> None:
    run = djkh("init", "--rubric", "wenzhou-jiguan@2099", "--unit", "丁", "--year", "2007")
    assert run.code == 1
    assert run.stderr.startswith("wenzhou-jiguan@2099: error: no rubric wenzhou-jiguan@2099 found")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old\n", encoding="utf-8")

    def broken_replace(source: str, destination: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, "new\n", force=True)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "in.yaml", "is one of the input files: write the output elsewhere"),
        (lambda d: d / "missing" / "out.yaml", "does not exist: create it first"),
    ],
)
def test_refusals(tmp_path: Path, make, message: str) -> None:
    source = tmp_path / "in.yaml"
    source.write_text("x\n", encoding="utf-8")
    with pytest.raises(RefusedError, match=message):
        write_atomically(make(tmp_path), "y\n", force=True, inputs=(source,))
    assert source.read_text(encoding="utf-8") == "x\n"


@pytest.mark.usefixtures("chinese")
def test_template_of_a_rubric_with_bonus_and_veto_scores_full_marks(djkh, tmp_path: Path) -> None:
    target = tmp_path / "企业.yaml"
    args = ["--rubric-dir", EXAMPLE_RUBRICS]
    made = djkh(
        "init",
        "--rubric",
        "example-qiye@2026",
        "--unit",
        "企业",
        "--year",
        "2026",
        "-o",
        str(target),
        *args,
    )
    assert made.code == 0
    text = target.read_text(encoding="utf-8")
    assert "      # 发生重大违纪违法案件的，实行一票否决，等次定为不合格（flat: " in text
    assert "  # 加分项（最多加5分）\n  # 获得上级表彰\n  honours:\n    findings:\n" in text
    assert djkh("validate", "--strict", str(target), *args).code == 1
    target.write_text(fill_in_clean(text), encoding="utf-8")
    assert djkh("validate", "--strict", str(target), *args).code == 0
    scored = djkh("score", "--format", "json", str(target), *args)
    assert '"score": 100,' in scored.stdout and '"grade": "优秀",' in scored.stdout
