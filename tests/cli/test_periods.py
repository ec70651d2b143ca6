"""Periods (平时考核, issue 18): quarterly files and the year-end assessment rolled into a year."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

JIDU = REPO / "examples" / "findings-jidu"
RUBRICS = str(REPO / "examples" / "rubric")
QUARTERS = ["一季度", "二季度", "三季度", "四季度"]
D = Decimal


def _files(unit: str) -> list[str]:
    return [str(JIDU / f"{unit}-{period}.yaml") for period in [*QUARTERS, "年终考评"]]


def _json(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def test_four_quarters_and_the_year_end_make_the_year(djkh) -> None:
    run = djkh("score", "--rubric-dir", RUBRICS, "--format", "json", *_files("示例社区甲"))
    assert run.code == 0, run.stderr
    card = _json(run.stdout)
    assert card["score"] == D("97.25")  # (98 + 93 + 96 + 99) ÷ 4 = 96.5; 96.5×50% + 98×50%
    assert card["grade"] == "优秀"
    assert card["periods"] == {
        "combine": "mean",
        "scores": [
            {"period": "一季度", "score": 98},
            {"period": "二季度", "score": 93},
            {"period": "三季度", "score": 96},
            {"period": "四季度", "score": 99},
        ],
        "combined": D("96.5"),
        "weight": D("0.5"),
        "year_end": {"period": "年终考评", "score": 98},
        "score": D("97.25"),
        "sections_of": None,
    }
    assert card["deduction"] == D("2.75")
    # each item is the year's too: 30, 25, 30, 30 averaged (28.75) × 50% + 30 × 50%
    dues = card["sections"][0]["items"][1]
    assert (dues["score"], dues["deduction"]) == (D("29.375"), D("0.625"))
    assert dues["combined"] == {
        "by": "periods",
        "periods": [
            {"period": period, "score": score}
            for period, score in zip([*QUARTERS, "年终考评"], [30, 25, 30, 30, 30], strict=True)
        ],
    }
    assert [section["score"] for section in card["sections"]] == [D("57.625"), D("39.625")]


def test_a_batch_ranks_each_units_year(djkh) -> None:
    run = djkh("score", "--rubric-dir", RUBRICS, "--format", "json", str(JIDU))
    assert run.code == 0, run.stderr
    (ranking,) = _json(run.stdout)["rankings"]
    units = [(u["rank"], u["unit"], u["score"], u["path"]) for u in ranking["units"]]
    # 乙: (100 + 100 + 95 + 100) ÷ 4 = 98.75; 98.75×50% + 95×50% = 96.875, to 2 places half up
    assert units == [
        (1, "示例社区甲", D("97.25"), ", ".join(_files("示例社区甲"))),
        (2, "示例社区乙", D("96.88"), ", ".join(_files("示例社区乙"))),
    ]


def test_a_missing_quarter_is_reported_not_scored_as_zero(djkh, tmp_path: Path) -> None:
    for path in _files("示例社区甲"):
        if "三季度" not in path:
            shutil.copy(path, tmp_path)
    run = djkh("score", "--rubric-dir", RUBRICS, str(tmp_path))
    assert run.code == 1
    assert run.stdout == ""
    first = tmp_path / "示例社区甲-一季度.yaml"
    others = ["二季度", "四季度", "年终考评"]
    assert run.stderr.splitlines()[:4] == [
        f"{first}:6:9: error: 示例社区甲 has no findings for period 三季度 of 2026, which the "
        "rubric combines into the year (一季度、二季度、三季度、四季度、年终考评): add that file "
        "(a missing period is not scored as 0) [DJ615]",
        *(
            f"{tmp_path / f'示例社区甲-{period}.yaml'}:6:9: error: 示例社区甲's periods cannot be "
            f"combined into the year: see the errors in {first} [DJ615]"
            for period in others
        ),
    ]


def test_a_missing_quarter_in_chinese(djkh, tmp_path: Path) -> None:
    for path in _files("示例社区甲")[1:]:
        shutil.copy(path, tmp_path)
    run = djkh("--lang", "zh", "score", "--rubric-dir", RUBRICS, str(tmp_path))
    assert run.code == 1
    assert (
        f"{tmp_path / '示例社区甲-二季度.yaml'}:6:9: 错误: 示例社区甲缺少 2026 年考核期 一季度 的"
        "考核记录，考核细则要把各考核期（一季度、二季度、三季度、四季度、年终考评）汇总为全年："
        "请补上该文件（缺少的考核期不按 0 分计） [DJ615]"
    ) in run.stderr.splitlines()


def test_a_period_given_twice_is_refused(djkh, tmp_path: Path) -> None:
    for path in _files("示例社区甲"):
        shutil.copy(path, tmp_path)
    twice = tmp_path / "示例社区甲-二季度.yaml"
    twice.write_text(twice.read_text(encoding="utf-8").replace("period: 二季度", "period: 一季度"))
    run = djkh("score", "--rubric-dir", RUBRICS, str(tmp_path))
    assert run.code == 1
    assert run.stdout == ""
    assert (
        f"{twice}:6:9: error: 示例社区甲 has two files for period '一季度' of 2026: this one and "
        f"{tmp_path / '示例社区甲-一季度.yaml'}; one file per period (merge them, or correct "
        "'period') [DJ616]"
    ) in run.stderr.splitlines()


def test_a_period_twice_and_one_missing_are_both_reported(djkh, tmp_path: Path) -> None:
    for path in _files("示例社区甲"):
        shutil.copy(path, tmp_path)
    twice = tmp_path / "示例社区甲-二季度.yaml"
    twice.write_text(twice.read_text(encoding="utf-8").replace("period: 二季度", "period: 一季度"))
    run = djkh("score", "--rubric-dir", RUBRICS, str(tmp_path))
    assert run.code == 1
    first = tmp_path / "示例社区甲-一季度.yaml"
    assert run.stderr.splitlines()[:2] == [
        f"{first}:6:9: error: 示例社区甲 has no findings for period 二季度 of 2026, which the "
        "rubric combines into the year (一季度、二季度、三季度、四季度、年终考评): add that file "
        "(a missing period is not scored as 0) [DJ615]",
        f"{tmp_path / '示例社区甲-三季度.yaml'}:6:9: error: 示例社区甲's periods cannot be "
        f"combined into the year: see the errors in {first}, {twice} [DJ616]",
    ]
    assert (
        f"{twice}:6:9: error: 示例社区甲 has two files for period '一季度' of 2026: this one and "
        f"{first}; one file per period (merge them, or correct 'period') [DJ616]"
    ) in run.stderr.splitlines()


def test_validate_finds_a_period_given_twice_too(djkh, tmp_path: Path) -> None:
    for path in _files("示例社区甲"):
        shutil.copy(path, tmp_path)
    twice = tmp_path / "示例社区甲-二季度.yaml"
    twice.write_text(twice.read_text(encoding="utf-8").replace("period: 二季度", "period: 一季度"))
    run = djkh("validate", "--rubric-dir", RUBRICS, str(tmp_path))
    assert run.code == 1
    assert [line for line in run.stdout.splitlines() if "DJ616" in line] == [
        f"{twice}:6:9: error: 示例社区甲 has two files for period '一季度' of 2026: this one and "
        f"{tmp_path / '示例社区甲-一季度.yaml'}; one file per period (merge them, or correct "
        "'period') [DJ616]"
    ]


def test_a_period_outside_the_rubrics_list_is_an_error(djkh, tmp_path: Path) -> None:
    path = tmp_path / "q5.yaml"
    text = Path(_files("示例社区甲")[0]).read_text(encoding="utf-8")
    path.write_text(text.replace("period: 一季度", "period: 一季"), encoding="utf-8")
    run = djkh("validate", "--rubric-dir", RUBRICS, str(path))
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        f"{path}:6:9: error: period '一季' is not one of the rubric's periods; did you mean "
        "'一季度'? [DJ425]"
    )


def test_a_findings_file_must_name_its_period(djkh, tmp_path: Path) -> None:
    path = tmp_path / "none.yaml"
    text = Path(_files("示例社区甲")[0]).read_text(encoding="utf-8")
    path.write_text(text.replace("period: 一季度\n", ""), encoding="utf-8")
    run = djkh("validate", "--rubric-dir", RUBRICS, str(path))
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        f"{path}:4:1: error: rubric example-jidu@2026 makes the year from periods (一季度、二季度、"
        "三季度、四季度、年终考评): name this file's period, e.g. 'period: 一季度' [DJ425]"
    )


def test_a_period_against_a_rubric_without_periods_is_an_error(djkh, tmp_path: Path) -> None:
    source = REPO / "examples" / "findings-qiye" / "示例公司甲.yaml"
    path = tmp_path / "a.yaml"
    path.write_text(source.read_text(encoding="utf-8") + "period: 一季度\n", encoding="utf-8")
    run = djkh("validate", "--rubric-dir", RUBRICS, str(path))
    assert run.code == 1
    assert "error: rubric example-qiye@2026 has no periods, so its findings name none: remove " in (
        run.stdout
    )
    assert "[DJ425]" in run.stdout


def test_periods_are_no_disagreement_of_assessors(djkh) -> None:
    run = djkh("disagreements", "--rubric-dir", RUBRICS, str(JIDU))
    assert run.code == 0
    assert run.stdout.splitlines()[-1] == (
        "0 units scored by several assessors: 0 items scored differently"
    )


def test_one_period_alone_is_that_periods_card(djkh) -> None:
    run = djkh("score", "--rubric-dir", RUBRICS, "--format", "json", _files("示例社区甲")[1])
    assert run.code == 0
    card = _json(run.stdout)
    assert (card["period"], card["score"], "periods" in card) == ("二季度", 93, False)
    run = djkh("score", "--rubric-dir", RUBRICS, _files("示例社区甲")[1])
    assert run.stdout.splitlines()[1] == (
        "Unit: 示例社区甲    Year: 2026    Rubric: example-jidu@2026    Period: 二季度    "
        "Assessed on: 2026-06-26"
    )


# Combining: a small rubric of 10 points, scored per period by one judged rule.


def _rubric(periods: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "kind": "rubric",
        "id": "period",
        "version": "1",
        "title": "平时考核细则",
        "total": 10,
        "periods": periods,
        "sections": [
            {
                "id": "s",
                "title": "工作",
                "score": 10,
                "items": [
                    {
                        "id": "work",
                        "title": "日常工作",
                        "score": 10,
                        "rules": [
                            {
                                "id": "lost",
                                "text": "酌情扣分",
                                "kind": "judged",
                                "deduct": 10,
                            }
                        ],
                    }
                ],
            }
        ],
        **extra,
    }


def _findings(period: str, lost: str, unit: str = "甲单位") -> dict[str, Any]:
    value: Any = {"value": D(lost), "reason": "检查发现"} if D(lost) else 0
    return {
        "kind": "findings",
        "rubric": "period@1",
        "unit": unit,
        "year": 2026,
        "period": period,
        "items": {"work": {"findings": {"lost": value}}},
    }


def _write(tmp_path: Path, rubric: dict[str, Any], *files: dict[str, Any]) -> list[str]:
    folder = tmp_path / "rubric" / "period"
    folder.mkdir(parents=True)
    dumped = yaml.safe_dump(_plain(rubric), allow_unicode=True)
    (folder / "1.yaml").write_text(dumped, encoding="utf-8")
    paths = []
    for index, findings in enumerate(files):
        path = tmp_path / f"f{index}.yaml"
        path.write_text(yaml.safe_dump(_plain(findings), allow_unicode=True), encoding="utf-8")
        paths.append(str(path))
    return paths


def _plain(data: Any) -> Any:
    """Decimals written as YAML numbers."""
    return json.loads(json.dumps(data, default=float))


def _year(djkh, tmp_path: Path, paths: list[str]) -> tuple[int, Any, str]:
    run = djkh("score", "--rubric-dir", str(tmp_path / "rubric"), "--format", "json", *paths)
    return run.code, _json(run.stdout) if run.stdout else None, run.stderr


def test_sum_adds_the_periods(djkh, tmp_path: Path) -> None:
    setup = {"names": QUARTERS, "combine": "sum"}
    lost = ["0.5", "0", "1.25", "2"]
    paths = _write(tmp_path, _rubric(setup), *map(_findings, QUARTERS, lost))
    code, card, err = _year(djkh, tmp_path, paths)
    assert code == 0, err
    assert card["periods"]["combined"] == D("36.25")  # 9.5 + 10 + 8.75 + 8
    assert card["score"] == D("36.25")
    assert card["deduction"] == D("3.75")  # of the year's 40
    # the items cannot be the year's (a year of 40 on items of 10): the last quarter's are shown
    assert card["periods"]["sections_of"] == "四季度"
    run = djkh("score", "--rubric-dir", str(tmp_path / "rubric"), *paths, env={"COLUMNS": "250"})
    assert "the items above are those of 四季度 (8)" in run.stdout


def test_mean_of_three_is_rounded_half_up(djkh, tmp_path: Path) -> None:
    names = ["1月", "2月", "3月"]
    paths = _write(
        tmp_path,
        _rubric({"names": names, "combine": "mean"}),
        *map(_findings, names, ["0", "1", "0"]),
    )
    code, card, err = _year(djkh, tmp_path, paths)
    assert code == 0, err
    assert card["score"] == D("9.67")  # 29 ÷ 3 = 9.666…


def test_weighted_periods_and_the_year_end(djkh, tmp_path: Path) -> None:
    setup = {
        "names": ["上半年", "下半年"],
        "combine": "weighted",
        "weights": [0.4, 0.6],
        "year_end": "年终考评",
        "weight": 0.3,
    }
    files = [_findings("上半年", "1.5"), _findings("下半年", "0.5"), _findings("年终考评", "2")]
    paths = _write(tmp_path, _rubric(setup, rounding={"places": 3}), *files)
    code, card, err = _year(djkh, tmp_path, paths)
    assert code == 0, err
    # 8.5×0.4 + 9.5×0.6 = 9.1; 9.1×0.3 + 8×0.7 = 8.33
    assert (card["periods"]["combined"], card["score"]) == (D("9.1"), D("8.33"))
    run = djkh("score", "--rubric-dir", str(tmp_path / "rubric"), *paths, env={"COLUMNS": "250"})
    assert "periods: 上半年 8.5、下半年 9.5; weighted (上半年×40% + 下半年×60%): 9.1" in run.stdout
    assert "the year: periods 9.1 × 30% + 年终考评 8 × 70% = 8.33" in run.stdout


def test_a_veto_in_one_period_counts_for_the_year(djkh, tmp_path: Path) -> None:
    rubric = _rubric({"names": ["上半年", "下半年"], "combine": "mean"})
    rubric["sections"][0]["items"][0]["rules"].append(
        {"id": "accident", "text": "发生重大事故的，总分计0分", "veto_score": 0}
    )
    vetoed = _findings("下半年", "0")
    vetoed["items"]["work"]["findings"]["accident"] = True
    paths = _write(tmp_path, rubric, _findings("上半年", "1"), vetoed)
    code, card, err = _year(djkh, tmp_path, paths)
    assert code == 0, err
    # 下半年 itself scores 0 (总分计0分), so the mean is (9 + 0) ÷ 2; the veto then holds the year
    assert (card["score"], card["score_before_vetoes"]) == (0, D("4.5"))


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        (
            {"names": QUARTERS, "combine": "weighted", "weights": [0.2, 0.2, 0.3, 0.2]},
            "the periods' weights add up to 0.9, not 1 (100%): correct a weight",
        ),
        (
            {"names": QUARTERS, "combine": "mean", "year_end": "年终考评"},
            "a year-end assessment counts beside the periods, so say the periods' share: add "
            "'weight: 0.5' for 平时考评占50%",
        ),
        (
            {"names": ["一季度", "一季度"], "combine": "sum"},
            "period '一季度' is named twice: name each period once",
        ),
    ],
)
def test_periods_set_up_wrongly(djkh, tmp_path: Path, periods: Any, message: str) -> None:
    _write(tmp_path, _rubric(periods))
    path = tmp_path / "rubric" / "period" / "1.yaml"
    run = djkh("validate", str(path))
    assert run.code == 1
    assert f"error: {message} [DJ325]" in run.stdout


@pytest.mark.parametrize("output_format", ["table", "csv", "markdown", "html", "json"])
def test_every_format_shows_each_period_and_how_they_combine(djkh, output_format: str) -> None:
    args = ["--rubric-dir", RUBRICS, "--format", output_format, *_files("示例社区甲")]
    run = djkh("score", *args, env={"COLUMNS": "250"})
    assert run.code == 0
    text = " ".join(run.stdout.split())
    if output_format == "json":
        assert '"combined": 96.5' in text and '"by": "periods"' in text
        return
    for shown in (
        "periods: 一季度 98、二季度 93、三季度 96、四季度 99; mean: 96.5",
        "the year: periods 96.5 × 50% + 年终考评 98 × 50% = 97.25",
        "periods: 一季度 28、二季度 30、三季度 26、四季度 30、年终考评 28; the year: 28.25",
    ):
        assert shown in text, shown


def test_the_xlsx_card_shows_the_periods(djkh, tmp_path: Path) -> None:
    out = tmp_path / "card.xlsx"
    run = djkh("score", "--rubric-dir", RUBRICS, *_files("示例社区甲"), "-o", str(out))
    assert run.code == 0
    from openpyxl import load_workbook

    book = load_workbook(out)
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert "97.25" in cells
    assert any("periods: 一季度 98、二季度 93" in cell for cell in cells)


def test_init_writes_a_template_per_period(djkh) -> None:
    args = ["init", "--rubric", "example-jidu@2026", "--unit", "示例社区甲", "--year", "2026"]
    run = djkh(*args, "--rubric-dir", RUBRICS, "--period", "三季度")
    assert run.code == 0
    assert 'period: "三季度"' in run.stdout.splitlines()
    run = djkh(*args, "--rubric-dir", RUBRICS)
    assert (
        "# period: NAME           (required: one of 一季度、二季度、三季度、四季度、年终考评)"
        in (run.stdout.splitlines())
    )
    run = djkh(*args, "--rubric-dir", RUBRICS, "--period", "三季")
    assert run.code == 2
    assert run.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--period': rubric example-jidu@2026 has no period '三季'; "
        "did you mean '三季度'? (choices: 一季度, 二季度, 三季度, 四季度, 年终考评)"
    )


def test_diff_and_rescore_know_the_periods(djkh, tmp_path: Path) -> None:
    old = (REPO / "examples" / "rubric" / "example-jidu" / "2026.yaml").read_text(encoding="utf-8")
    new = old.replace("weight: 0.5 ", "weight: 0.4 ")
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    versions = [str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")]
    run = djkh("diff", *versions, "--format", "json", "--rescore", str(JIDU))
    diff = _json(run.stdout)
    changes = [(c["phrase"], c["old"], c["new"]) for c in diff["diffs"][0]["changes"]]
    assert changes == [
        (
            "periods changed",
            "一季度、二季度、三季度、四季度: mean × 50% + 年终考评 × 50%",
            "一季度、二季度、三季度、四季度: mean × 40% + 年终考评 × 60%",
        )
    ]
    scores = [(u["unit"], u["old_score"], u["new_score"]) for u in diff["rescore"]["units"]]
    # 甲: 96.5×40% + 98×60% = 97.4; 乙: 98.75×40% + 95×60% = 96.5
    assert scores == [("示例社区甲", D("97.25"), D("97.4")), ("示例社区乙", D("96.88"), D("96.5"))]


def test_each_periods_assessors_combine_before_the_periods(djkh, tmp_path: Path) -> None:
    rubric = _rubric(
        {"names": ["上半年", "下半年"], "combine": "mean"}, assessors={"combine": "mean"}
    )
    files = []
    for period, lost in (("上半年", ["1", "2"]), ("下半年", ["0", "0.5"])):
        for assessor, points in zip(["组织科", "宣传科"], lost, strict=True):
            findings = _findings(period, points)
            findings["assessor"] = assessor
            files.append(findings)
    paths = _write(tmp_path, rubric, *files)
    code, card, err = _year(djkh, tmp_path, paths)
    assert code == 0, err
    # 上半年 (9 + 8) ÷ 2 = 8.5, 下半年 (10 + 9.5) ÷ 2 = 9.75; the year (8.5 + 9.75) ÷ 2
    scores = [(s["period"], s["score"]) for s in card["periods"]["scores"]]
    assert scores == [("上半年", D("8.5")), ("下半年", D("9.75"))]
    assert card["score"] == D("9.13")  # 9.125, 2 places half up


def _three_quarters(tmp_path: Path, *, year_end: bool) -> list[str]:
    """The example-jidu rubric with three quarters (and the year-end at 50%, or none)."""
    text = (REPO / "examples" / "rubric" / "example-jidu" / "2026.yaml").read_text("utf-8")
    text = text.replace(
        "names: [一季度, 二季度, 三季度, 四季度]", "names: [一季度, 二季度, 三季度]"
    )
    if not year_end:
        lines = text.splitlines(keepends=True)
        text = "".join(line for line in lines if not line.startswith(("  weight:", "  year_end:")))
    folder = tmp_path / "rubric" / "example-jidu"
    folder.mkdir(parents=True)
    (folder / "2026.yaml").write_text(text, encoding="utf-8")
    periods = [*QUARTERS[:3], *(["年终考评"] if year_end else [])]
    return [str(JIDU / f"示例社区甲-{period}.yaml") for period in periods]


def test_three_quarters_mean_shows_the_years_items_not_the_last_quarters(
    djkh, tmp_path: Path
) -> None:
    code, card, err = _year(djkh, tmp_path, _three_quarters(tmp_path, year_end=False))
    assert code == 0, err
    assert card["score"] == D("95.67")  # (98 + 93 + 96) ÷ 3 = 95.666…
    assert card["periods"]["combined"] == D("95.67")  # as the card shows it, not 100 digits
    assert card["periods"]["sections_of"] is None
    assert [s["score"] for s in card["sections"]] == [D("56.33"), D("39.33")]
    items = [item["score"] for s in card["sections"] for item in s["items"]]
    # (28 + 30 + 26) ÷ 3, (30 + 25 + 30) ÷ 3 = 28.333…, (40 + 38 + 40) ÷ 3 = 39.333…
    assert items == [D(28), D("28.33"), D("39.33")]


def test_items_rounded_apart_from_the_year_are_said_to_be(djkh, tmp_path: Path) -> None:
    paths = _three_quarters(tmp_path, year_end=True)
    code, card, err = _year(djkh, tmp_path, paths)
    assert code == 0, err
    assert card["score"] == D("96.83")  # 95.666… × 50% + 98 × 50% = 96.8333…
    assert [s["score"] for s in card["sections"]] == [D("57.17"), D("39.67")]  # 96.84
    run = djkh("score", "--rubric-dir", str(tmp_path / "rubric"), *paths, env={"COLUMNS": "250"})
    assert run.code == 0, run.stderr
    text = " ".join(run.stdout.replace("│", " ").split())
    assert "periods: 一季度 98、二季度 93、三季度 96; mean: ≈95.67" in text
    assert "the year: periods ≈95.67 × 50% + 年终考评 98 × 50% = 96.83" in text
    assert (
        "each item's year is rounded as shown, so the items add up to 96.84; the year's score "
        "96.83 is computed from the periods' scores, unrounded" in text
    )


def test_items_that_add_up_to_the_year_need_no_word(djkh) -> None:
    run = djkh("score", "--rubric-dir", RUBRICS, *_files("示例社区甲"), env={"COLUMNS": "250"})
    assert run.code == 0, run.stderr
    assert "mean: 96.5" in run.stdout
    assert "each item's year is rounded" not in run.stdout
