"""A unit's file that failed its own checks: the unit's other files point to its errors."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.test_sources import _findings, _rubric, _write
from tests.conftest import REPO

EXAMPLES = REPO / "examples"
RUBRICS = str(EXAMPLES / "rubric")
PERIODS = ["一季度", "二季度", "三季度", "四季度", "年终考评"]


def _copy(tmp_path: Path, example: str, changed: str, old: str, new: str) -> Path:
    """A copy of an example folder with one line of one file changed; that file's path."""
    folder = tmp_path / example
    shutil.copytree(EXAMPLES / example, folder)
    path = folder / changed
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return path


def test_a_period_with_an_error_is_not_called_missing(djkh, tmp_path: Path) -> None:
    wrong = _copy(
        tmp_path, "findings-jidu", "示例社区甲-二季度.yaml", "period: 二季度", "period: 第二季度"
    )
    run = djkh("--lang", "zh", "score", str(wrong.parent), "--rubric-dir", RUBRICS)
    assert run.code == 1
    assert run.stdout == ""
    see = f"错误: 示例社区甲的各考核期无法汇总为全年：见 {wrong} 中的错误 [DJ615]"
    assert run.stderr.splitlines()[:5] == [
        f"{wrong.parent / '示例社区甲-一季度.yaml'}:6:9: {see}",
        f"{wrong.parent / '示例社区甲-三季度.yaml'}:6:9: {see}",
        f"{wrong}:6:9: 错误: 考核期“第二季度”不是考核细则中的考核期；是不是 '二季度'？ [DJ425]",
        f"{wrong.parent / '示例社区甲-四季度.yaml'}:6:9: {see}",
        f"{wrong.parent / '示例社区甲-年终考评.yaml'}:6:9: {see}",
    ]
    assert "缺少" not in run.stderr


def test_a_unit_with_a_failed_period_is_never_ranked(djkh, tmp_path: Path) -> None:
    wrong = _copy(
        tmp_path, "findings-jidu", "示例社区甲-二季度.yaml", "period: 二季度", "period: 第二季度"
    )
    run = djkh("score", str(wrong.parent), "--rubric-dir", RUBRICS, "--partial", "--format", "csv")
    assert run.code == 1
    assert "示例社区乙" in run.stdout
    assert "示例社区甲" not in run.stdout.split("\n\n")[0]


def test_a_truly_missing_period_is_still_reported_beside_a_failed_one(djkh, tmp_path: Path) -> None:
    # the failed file names its period plainly: that period is not missing, 三季度 is
    wrong = _copy(
        tmp_path, "findings-jidu", "示例社区甲-二季度.yaml", "year: 2026", "year: 2026\nfoo: 1"
    )
    (wrong.parent / "示例社区甲-三季度.yaml").unlink()
    run = djkh("score", str(wrong.parent), "--rubric-dir", RUBRICS)
    assert run.code == 1
    first = wrong.parent / "示例社区甲-一季度.yaml"
    lines = run.stderr.splitlines()
    assert lines[0] == (
        f"{first}:6:9: error: 示例社区甲 has no findings for period 三季度 of 2026, which the "
        "rubric combines into the year (一季度、二季度、三季度、四季度、年终考评): add that file "
        "(a missing period is not scored as 0) [DJ615]"
    )
    assert (
        f"{wrong.parent / '示例社区甲-四季度.yaml'}:6:9: error: 示例社区甲's periods cannot be "
        f"combined into the year: see the errors in {first}, {wrong} [DJ615]"
    ) in lines


def test_an_owner_with_an_error_is_not_called_missing(djkh, tmp_path: Path) -> None:
    wrong = _copy(
        tmp_path, "findings-zhen", "示例镇甲-宣传科.yaml", "assessor: 宣传科", "assessor: 宣传股"
    )
    run = djkh("--lang", "zh", "score", str(wrong.parent), "--rubric-dir", RUBRICS)
    assert run.code == 1
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        f"{wrong}:6:11: 错误: 考核细则 example-zhen@2026 没有考核单位“宣传股”（考核责任单位）；"
        "是不是 '宣传科'？ [DJ603]",
        f"{wrong.parent / '示例镇甲-组织科.yaml'}:6:11: 错误: 示例镇甲的各考核人评分无法合成：请看 "
        f"{wrong} 中的错误 [DJ603]",
        "已检查 2 个文件：2 个文件中有 2 个错误",
        "djkh：没有可评分的文件：给出的 2 个文件都无法排名；未写出任何结果",
    ]


def test_a_truly_missing_owner_is_still_reported(djkh, tmp_path: Path) -> None:
    folder = tmp_path / "zhen"
    shutil.copytree(EXAMPLES / "findings-zhen", folder)
    (folder / "示例镇甲-宣传科.yaml").unlink()
    run = djkh("score", str(folder), "--rubric-dir", RUBRICS)
    assert run.code == 1
    assert run.stderr.splitlines()[0] == (
        f"{folder / '示例镇甲-组织科.yaml'}:6:11: error: item 'theory-study' is assessed by 宣传科 "
        "(考核责任单位), but no file for 示例镇甲 is by 宣传科: add 宣传科's findings [DJ603]"
    )


def test_a_rater_with_an_error_keeps_the_unit_out_of_the_ranking(djkh, tmp_path: Path) -> None:
    paths = _write(
        tmp_path, _rubric({"combine": "mean"}), _findings("组织科", 1), _findings("宣传科", 99)
    )
    run = djkh("score", "--rubric-dir", str(tmp_path / "rubric"), "--partial", *paths)
    assert run.code == 1  # before, 甲单位 was ranked on 组织科's file alone
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        f"{paths[0]}:1:11: error: 甲单位's assessors cannot be combined: see the errors in "
        f"{paths[1]} [DJ603]",
        f"{paths[1]}:12:16: error: rule 'judgement' is judged from 0.5 to 4 points (or 0 when "
        "nothing is wrong), got 99: write a value in that range [DJ411]",
        "checked 2 files: 2 errors in 2 files",
        "djkh: nothing to score: none of the 2 files given can be ranked; nothing written",
    ]
