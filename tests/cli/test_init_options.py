"""init's --class, --period and --assessor refused as usage errors (exit 2, one line naming the
option), a periods workbook without --period refused, and choices listed in the rubric's order."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO

RUBRICS = str(REPO / "examples" / "rubric")
JIDU = ("init", "--rubric", "example-jidu@2026", "--unit", "示例社区甲", "--year", "2026")
USAGE = "Usage: djkh init [OPTIONS]\nTry 'djkh init --help' for help.\n\n"
QUARTERS = "一季度, 二季度, 三季度, 四季度, 年终考评"


def test_a_periods_workbook_without_period_is_refused_naming_the_periods(
    djkh, tmp_path: Path
) -> None:
    book = tmp_path / "q.xlsx"
    run = djkh(*JIDU, "--rubric-dir", RUBRICS, "-o", str(book))
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == USAGE + (
        "Error: Missing option '--period'. rubric example-jidu@2026 makes the year from periods "
        f"(平时考核): a workbook records one period, choose one of {QUARTERS}\n"
    )
    assert not book.exists()
    run = djkh(*JIDU, "--rubric-dir", RUBRICS, "-o", str(book), "--period", "一季度")
    assert run.code == 0, run.stderr
    assert book.exists()


def test_the_yaml_template_of_a_periods_rubric_leaves_the_period_to_fill_in(djkh) -> None:
    run = djkh(*JIDU, "--rubric-dir", RUBRICS)
    assert run.code == 0
    assert (
        "# period: NAME           (required: one of 一季度、二季度、三季度、四季度、年终考评)"
        in run.stdout.splitlines()
    )


def test_a_wrong_period_is_a_usage_error_not_a_problem_in_the_rubric(djkh) -> None:
    run = djkh(*JIDU, "--rubric-dir", RUBRICS, "--period", "第二季度")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == USAGE + (
        "Error: Invalid value for '--period': rubric example-jidu@2026 has no period '第二季度'; "
        f"did you mean '二季度'? (choices: {QUARTERS})\n"
    )
    run = djkh(*JIDU, "--rubric-dir", RUBRICS, "--period", "五")
    assert run.code == 2
    assert run.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--period': rubric example-jidu@2026 has no period '五'; "
        f"expected one of: {QUARTERS}"
    )


def test_period_and_class_on_a_rubric_without_them_are_usage_errors(djkh) -> None:
    init = ("init", "--rubric", "wenzhou-jiguan@2007", "--unit", "示例局丁", "--year", "2007")
    run = djkh(*init, "--rubric-dir", RUBRICS, "--period", "二季度")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == USAGE + (
        "Error: Invalid value for '--period': rubric wenzhou-jiguan@2007 has no periods: "
        "leave out --period\n"
    )
    run = djkh(*JIDU, "--rubric-dir", RUBRICS, "--class", "office")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == USAGE + (
        "Error: Invalid value for '--class': rubric example-jidu@2026 has no unit classes: "
        "leave out --class\n"
    )


def test_a_misspelt_assessor_is_one_usage_line_in_chinese(djkh) -> None:
    init = ("init", "--rubric", "example-zhen@2026", "--unit", "示例镇甲", "--year", "2026")
    run = djkh("--lang", "zh", *init, "--rubric-dir", RUBRICS, "--assessor", "宣传股")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-1] == (
        "错误：'--assessor' 的值无效：考核细则 example-zhen@2026 "
        "没有考核单位“宣传股”（考核责任单位）；是不是 '宣传科'？（可选：组织科, 宣传科）"
    )
    assert "已检查" not in run.stderr


def test_a_findings_files_wrong_period_lists_the_periods_in_the_rubrics_order(
    djkh, tmp_path: Path
) -> None:
    source = REPO / "examples" / "findings-jidu" / "示例社区甲-一季度.yaml"
    path = tmp_path / "甲.yaml"
    path.write_text(
        source.read_text(encoding="utf-8").replace("period: 一季度", "period: 五"), "utf-8"
    )
    run = djkh("validate", "--rubric-dir", RUBRICS, str(path))
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        f"{path}:6:9: error: period '五' is not one of the rubric's periods; expected one of: "
        f"{QUARTERS} [DJ425]"
    )
