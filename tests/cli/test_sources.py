"""Scores from many sources (issue 18): several assessors of a unit, surveys, the self score."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

ZHEN = REPO / "examples" / "findings-zhen"
RUBRICS = str(REPO / "examples" / "rubric")


def _rubric(assessors: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    rubric: dict[str, Any] = {
        "kind": "rubric",
        "id": "multi",
        "version": "1",
        "title": "多考核人细则",
        "total": 20,
        "sections": [
            {
                "id": "s",
                "title": "工作",
                "score": 20,
                "items": [
                    {
                        "id": "work",
                        "title": "日常工作",
                        "score": 10,
                        "rules": [
                            {
                                "id": "judgement",
                                "text": "酌情扣0.5-4分",
                                "kind": "judged",
                                "min": 0.5,
                                "deduct": 4,
                            }
                        ],
                    },
                    {
                        "id": "survey",
                        "title": "民主测评",
                        "score": 10,
                        "survey": {
                            "text": "（好×1+一般×0.8+差×0.6）÷有效票数×100，按10%计入",
                            "levels": [
                                {"name": "好", "value": 1},
                                {"name": "一般", "value": 0.8},
                                {"name": "差", "value": 0.6},
                            ],
                            "abstain_deduct": 0.2,
                        },
                    },
                ],
            }
        ],
        **extra,
    }
    if assessors is not None:
        rubric["assessors"] = assessors
    return rubric


def _findings(assessor: str | None, judged: float, **item: Any) -> dict[str, Any]:
    findings: dict[str, Any] = {
        "kind": "findings",
        "rubric": "multi@1",
        "unit": "甲单位",
        "year": 2026,
        "items": {
            "work": {"findings": {"judgement": {"value": judged, "reason": "平时工作"}}},
            "survey": {"votes": {"好": 40, "一般": 8, "差": 2}, **item},
        },
    }
    if assessor is not None:
        findings["assessor"] = assessor
    return findings


def _write(tmp_path: Path, rubric: dict[str, Any], *files: dict[str, Any]) -> list[str]:
    folder = tmp_path / "rubric" / "multi"
    folder.mkdir(parents=True)
    (folder / "1.yaml").write_text(yaml.safe_dump(rubric, allow_unicode=True), encoding="utf-8")
    paths = []
    for index, findings in enumerate(files):
        path = tmp_path / f"f{index}.yaml"
        path.write_text(yaml.safe_dump(findings, allow_unicode=True), encoding="utf-8")
        paths.append(str(path))
    return paths


def _card(djkh, tmp_path: Path, paths: list[str]) -> tuple[int, dict[str, Any], str]:
    run = djkh("score", "--rubric-dir", str(tmp_path / "rubric"), "--format", "json", *paths)
    return run.code, json.loads(run.stdout) if run.stdout else {}, run.stderr


def test_two_assessors_disagreeing_are_averaged_and_reported(djkh, tmp_path: Path) -> None:
    paths = _write(
        tmp_path, _rubric({"combine": "mean"}), _findings("组织科", 1), _findings("宣传科", 2.5)
    )
    code, card, _err = _card(djkh, tmp_path, paths)
    assert code == 0
    work = card["sections"][0]["items"][0]
    assert work["score"] == 8.25  # (9 + 7.5) / 2
    assert work["combined"] == {
        "by": "mean",
        "owner": None,
        "ratings": [{"assessor": "组织科", "score": 9}, {"assessor": "宣传科", "score": 7.5}],
    }
    assert card["assessors"] == ["组织科", "宣传科"]
    assert card["score"] == 17.77  # 8.25 + the survey's 9.52, on which both agree
    run = djkh("disagreements", "--rubric-dir", str(tmp_path / "rubric"), *paths)
    assert run.code == 0
    assert run.stdout.splitlines() == [
        "Where the assessors disagree",
        "┌────────┬──────────────┬──────────────────────┬────────┬──────────┐",
        "│ Unit   │ Item         │ Assessors' scores    │ Spread │ Combined │",
        "├────────┼──────────────┼──────────────────────┼────────┼──────────┤",
        "│ 甲单位 │ I.1 日常工作 │ 组织科 9、宣传科 7.5 │    1.5 │     8.25 │",
        "└────────┴──────────────┴──────────────────────┴────────┴──────────┘",
        "1 unit scored by several assessors: 1 item scored differently",
    ]


def test_a_trimmed_mean_of_two_assessors_is_refused(djkh, tmp_path: Path) -> None:
    rubric = _rubric({"combine": "trimmed-mean"})
    paths = _write(tmp_path, rubric, _findings("组织科", 1), _findings("宣传科", 2.5))
    code, card, err = _card(djkh, tmp_path, paths)
    assert (code, card) == (1, {})
    assert (
        f"{paths[0]}:1:11: error: a trimmed mean (去掉一个最高分和一个最低分) needs at least 3 "
        "assessors, but 甲单位 has 2: add an assessor's file, or combine by mean in the rubric "
        "[DJ605]"
    ) in err
    assert (
        f"{paths[1]}:1:11: error: 甲单位's assessors cannot be combined: see the errors in "
        f"{paths[0]} [DJ604]"
    ) in err


def test_a_trimmed_mean_drops_the_highest_and_lowest(djkh, tmp_path: Path) -> None:
    rubric = _rubric({"combine": "trimmed-mean"})
    files = [_findings(name, value) for name, value in (("甲", 0), ("乙", 1), ("丙", 4))]
    code, card, _err = _card(djkh, tmp_path, _write(tmp_path, rubric, *files))
    assert code == 0
    assert card["sections"][0]["items"][0]["score"] == 9  # 10, 9, 6: only 9 is left


def test_rater_groups_are_weighted(djkh, tmp_path: Path) -> None:
    groups = [
        {"name": "分管领导", "weight": 0.2},
        {"name": "干部职工", "weight": 0.4},
        {"name": "考核组", "weight": 0.4},
    ]
    rubric = _rubric({"combine": "weighted", "groups": groups})
    files = [
        _findings("分管领导", 0),
        _findings("干部职工", 1),
        _findings("干部职工", 2),
        _findings("考核组", 4),
    ]
    code, card, _err = _card(djkh, tmp_path, _write(tmp_path, rubric, *files))
    assert code == 0
    # 10 × 20% + (9 + 8) / 2 × 40% + 6 × 40% = 2 + 3.4 + 2.4
    assert card["sections"][0]["items"][0]["score"] == 7.8
    paths = [str(tmp_path / f"f{index}.yaml") for index in range(4)]
    run = djkh("score", "--rubric-dir", str(tmp_path / "rubric"), "--format", "csv", *paths)
    assert (
        "assessors: 分管领导 10、干部职工 9、干部职工 8、考核组 6; weighted by rater group "
        "(分管领导×20% + 干部职工×40% + 考核组×40%): 7.8"
    ) in run.stdout
    assert card["assessor"] == "分管领导、干部职工、考核组"  # each group once, not per rater
    assert card["assessors"] == ["分管领导", "干部职工", "考核组"]
    run = djkh("score", "--rubric-dir", str(tmp_path / "rubric"), *paths)
    assert "Assessor: 分管领导、干部职工、考核组" in run.stdout.splitlines()[1]
    run = djkh("disagreements", "--rubric-dir", str(tmp_path / "rubric"), *paths)
    assert run.code == 0
    assert (
        "│ 甲单位 │ I.1 日常工作 │ 分管领导 10、干部职工 (f1.yaml) 9、干部职工 (f2.yaml) 8、考核组 "
        "6 │      4 │      7.8 │"
    ) in run.stdout.splitlines()
    run = djkh("disagreements", "--rubric-dir", str(tmp_path / "rubric"), "--format", "csv", *paths)
    assert run.stdout.splitlines()[2:4] == [
        "甲单位,2026,I.1 日常工作,干部职工 (f1.yaml),9,4,7.8",
        "甲单位,2026,I.1 日常工作,干部职工 (f2.yaml),8,4,7.8",
    ]


def test_without_assessors_two_files_of_a_unit_stay_duplicates(djkh, tmp_path: Path) -> None:
    paths = _write(tmp_path, _rubric(), _findings("组织科", 1), _findings("宣传科", 2.5))
    code, card, err = _card(djkh, tmp_path, paths)
    assert (code, card) == (1, {})
    assert err.count("[DJ601]") == 2


def test_an_item_two_record_without_an_owner_is_a_conflict(djkh, tmp_path: Path) -> None:
    paths = _write(
        tmp_path, _rubric({"combine": "owner"}), _findings("组织科", 1), _findings("宣传科", 1)
    )
    code, _card_json, err = _card(djkh, tmp_path, paths)
    assert code == 1
    assert (
        f"{paths[0]}:9:5: error: item 'work' is recorded by 组织科、宣传科, and the rubric names "
        "no owner (考核责任单位) for it: give the item an 'owner' in the rubric, or keep it in "
        "one file [DJ604]"
    ) in err


def test_survey_arithmetic_with_abstentions_is_exact(djkh, tmp_path: Path) -> None:
    paths = _write(tmp_path, _rubric(), _findings(None, 0, abstained=3, invalid=2))
    code, card, _err = _card(djkh, tmp_path, paths)
    assert code == 0
    survey = card["sections"][0]["items"][1]
    # (40×1 + 8×0.8 + 2×0.6) ÷ (50 × 1) × 10 = 47.6 ÷ 50 × 10 = 9.52; 3 abstentions × 0.2
    assert survey["survey"]["earned"] == 9.52
    assert survey["survey"]["abstention_loss"] == 0.6
    assert (survey["survey"]["valid"], survey["survey"]["invalid"]) == (50, 2)
    assert survey["score"] == 8.92
    run = djkh("score", "--rubric-dir", str(tmp_path / "rubric"), "--format", "markdown", *paths)
    assert (
        "|  | 2. 民主测评 | 10 |  | 1.08 | 8.92 | survey: (好40×1 + 一般8×0.8 + 差2×0.6) ÷ "
        "(50 valid × 1) × 10 = 9.52<br>3 abstaining ballots × 0.2 = -0.6<br>2 invalid ballots, "
        "not counted |"
    ) in run.stdout.splitlines()


def test_a_survey_without_votes_and_a_vote_for_no_level_are_errors(djkh, tmp_path: Path) -> None:
    findings = _findings(None, 0)
    findings["items"]["survey"] = {"votes": {"很好": 0}}
    paths = _write(tmp_path, _rubric(), findings)
    run = djkh("validate", "--rubric-dir", str(tmp_path / "rubric"), paths[0])
    assert run.code == 1
    assert (
        "error: survey 'survey' has no level '很好' (its levels: 好、一般、差); did you mean "
        "'好'? [DJ415]"
    ) in run.stdout
    assert (
        "error: survey item 'survey' has no valid ballot: write the votes per level, votes: "
        "{好: N, 一般: N, 差: N} [DJ415]"
    ) in run.stdout


def test_the_self_score_is_weighted_in(djkh, tmp_path: Path) -> None:
    rubric = _rubric(self_assessment={"weight": 0.3})
    findings = _findings(None, 2)
    findings["items"]["work"]["self_score"] = 10
    findings["items"]["survey"]["self_score"] = 10
    code, card, _err = _card(djkh, tmp_path, _write(tmp_path, rubric, findings))
    assert code == 0
    # assessed 8 + 9.52 = 17.52; 20 × 30% + 17.52 × 70% = 6 + 12.264
    assert card["self_assessment"] == {"weight": 0.3, "self_score": 20, "assessed": 17.52}
    assert card["score"] == 18.264


def test_a_self_weight_needs_every_self_score(djkh, tmp_path: Path) -> None:
    rubric = _rubric(self_assessment={"weight": 0.3})
    paths = _write(tmp_path, rubric, _findings(None, 2))
    run = djkh("validate", "--rubric-dir", str(tmp_path / "rubric"), paths[0])
    assert run.code == 1
    assert (
        "error: the rubric weighs the unit's self score in (30%), but items work, survey have "
        "no self_score: write each item's self score (自评分) [DJ416]"
    ) in run.stdout


def test_rater_weights_must_add_up_to_one(djkh, tmp_path: Path) -> None:
    groups = [{"name": "分管领导", "weight": 0.2}, {"name": "考核组", "weight": 0.4}]
    _write(tmp_path, _rubric({"combine": "weighted", "groups": groups}))
    run = djkh("validate", str(tmp_path / "rubric"))
    assert run.code == 1
    assert (
        "error: the rater groups' weights add up to 0.6, not 1 (100%): correct a weight [DJ315]"
    ) in run.stdout


def test_the_example_town_combines_two_departments(djkh) -> None:
    run = djkh(
        "score", "--rubric-dir", RUBRICS, "--format", "json", *sorted(map(str, ZHEN.iterdir()))
    )
    assert run.code == 0
    card = json.loads(run.stdout)
    assert (card["score"], card["self_assessment"]["assessed"]) == (94.375, 93.25)
    democratic = card["sections"][2]["items"][1]
    assert (democratic["score"], democratic["combined"]["owner"]) == (19, "组织科")


def test_init_writes_one_assessors_items(djkh) -> None:
    run = djkh(
        "init",
        "--rubric",
        "example-zhen@2026",
        "--unit",
        "示例镇乙",
        "--year",
        "2026",
        "--assessor",
        "宣传科",
        "--rubric-dir",
        RUBRICS,
    )
    assert run.code == 0
    keys = [line for line in run.stdout.splitlines() if re.fullmatch(r"  [a-z-]+:", line)]
    assert keys == ["  theory-study:", "  public-opinion:", "  overall-work:"]
    assert 'assessor: "宣传科"' in run.stdout


def test_diff_and_rescore_know_assessors_surveys_and_the_self_weight(djkh, tmp_path: Path) -> None:
    old = (REPO / "examples" / "rubric" / "example-zhen" / "2026.yaml").read_text(encoding="utf-8")
    new = (
        old.replace("{name: 一般, value: 0.8}", "{name: 一般, value: 0.7}")
        .replace("abstain_deduct: 0.2", "abstain_deduct: 0.3")
        .replace("weight: 0.3 ", "weight: 0.4 ")
        .replace("combine: mean ", "combine: owner ")
    )
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    run = djkh("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--format", "json")
    changes = {
        (c["phrase"], c["old"], c["new"]) for c in json.loads(run.stdout)["diffs"][0]["changes"]
    }
    assert changes == {
        ("assessors' combination changed", "mean", "owner"),
        ("self-assessment weight changed", "30%", "40%"),
        (
            "survey changed",
            "好 1, 一般 0.8, 差 0.6; abstention -0.2",
            "好 1, 一般 0.7, 差 0.6; abstention -0.3",
        ),
    }
    # combined by owner, the overall item both departments record is a conflict
    run = djkh(
        "diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--rescore", str(ZHEN)
    )
    assert run.code == 2
    assert "item 'overall-work' is recorded by 宣传科、组织科" in run.stderr
    (tmp_path / "new.yaml").write_text(new.replace("combine: owner ", "combine: mean "))
    run = djkh(
        "diff",
        str(tmp_path / "old.yaml"),
        str(tmp_path / "new.yaml"),
        "--rescore",
        str(ZHEN),
        "--format",
        "json",
    )
    [unit] = json.loads(run.stdout)["rescore"]["units"]
    # new: survey (42 + 6×0.7 + 2×0.6) ÷ 50 × 20 - 0.3 = 18.66; assessed 36 + 30 + 8.25 + 18.66
    # = 92.91; 97 × 40% + 92.91 × 60% = 94.546
    assert (unit["old_score"], unit["new_score"]) == (94.375, 94.546)


@pytest.mark.parametrize("output_format", ["table", "csv", "markdown", "html", "json"])
def test_every_format_shows_where_the_points_came_from(djkh, output_format: str) -> None:
    files = sorted(map(str, ZHEN.iterdir()))
    run = djkh("score", "--rubric-dir", RUBRICS, "--format", output_format, *files)
    assert run.code == 0
    text = run.stdout.replace("\\u00d7", "×")
    if output_format == "json":
        assert '"owner": "组织科"' in text and '"assessed": 93.25' in text
    else:
        for shown in ("assessed by 组织科", "self 97 × 30% + assessed 93.25 × 70% = 94.375"):
            assert shown in " ".join(text.split()), shown


def test_a_combined_unit_of_another_year_is_refused_in_each_file(djkh) -> None:
    xian = str(REPO / "examples" / "findings-xian")
    run = djkh("score", "--rubric-dir", RUBRICS, str(ZHEN), xian, "--format", "json")
    assert run.code == 1
    refused = [line for line in run.stderr.splitlines() if "[DJ602]" in line]
    assert [line.split(":")[0] for line in refused] == [
        str(ZHEN / "示例镇甲-宣传科.yaml"),
        str(ZHEN / "示例镇甲-组织科.yaml"),
    ]
    run = djkh("score", "--rubric-dir", RUBRICS, str(ZHEN), xian, "--year", "2026")
    assert run.code == 0
    assert "│    1 │ 示例镇甲 │         97 │ 94.375 │      6.75 │" in run.stdout


def test_a_batch_workbook_holds_the_combined_unit(djkh, tmp_path: Path) -> None:
    out = tmp_path / "通报.xlsx"
    run = djkh("score", "--rubric-dir", RUBRICS, str(ZHEN), "-o", str(out))
    assert run.code == 0
    from openpyxl import load_workbook

    book = load_workbook(out)
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert "94.375" in cells
    assert any("assessed by 组织科" in cell for cell in cells)


def _judged(rule_id: str, points: float, owner: str) -> dict[str, Any]:
    text = f"{owner}根据平时工作酌情扣分（{points}分）"
    return {"id": rule_id, "text": text, "kind": "judged", "deduct": points, "owner": owner}


def test_each_rule_from_its_own_department(djkh, tmp_path: Path) -> None:
    """由党建科室根据各地平时完成工作（组织科4分、农村科3分…）酌情扣分."""
    rubric = _rubric({"combine": "owner"})
    rubric["sections"][0]["items"][0]["rules"] = [
        _judged("organisation", 4, "组织科"),
        _judged("rural", 3, "农村科"),
    ]
    org, rural = _findings("组织科", 0), _findings("农村科", 0)
    org["items"] = {"work": {"findings": {"organisation": {"value": 1, "reason": "台账不全"}}}}
    org["items"]["survey"] = {"votes": {"好": 10}}
    rural["items"] = {"work": {"findings": {"rural": {"value": 0.5, "reason": "进度偏慢"}}}}
    paths = _write(tmp_path, rubric, org, rural)
    code, card, _err = _card(djkh, tmp_path, paths)
    assert code == 0
    work = card["sections"][0]["items"][0]
    assert work["score"] == 8.5
    assert [d["rule"] for d in work["deductions"]] == ["organisation", "rural"]
    assert work["combined"]["owner"] == "组织科、农村科"
    rural["items"]["work"]["findings"]["organisation"] = {"value": 2, "reason": "另查"}
    (tmp_path / "f1.yaml").write_text(yaml.safe_dump(rural, allow_unicode=True), encoding="utf-8")
    code, _card_json, err = _card(djkh, tmp_path, paths)
    assert code == 1
    assert (
        "error: rule 'organisation' of item 'work' is assessed by its owner 组织科 (考核责任单位), "
        "not by 农村科: move this finding to 组织科's file [DJ604]"
    ) in err


def test_a_survey_of_points_per_ballot_is_rounded_half_up(djkh, tmp_path: Path) -> None:
    """优/良/中/差 = 2/1/0.5/0 per item of 2 points."""
    rubric = _rubric()
    item = rubric["sections"][0]["items"][1]
    item["survey"] = {
        "text": "优、良、中、差分别计2、1、0.5、0分，取平均",
        "levels": [
            {"name": "优", "value": 2},
            {"name": "良", "value": 1},
            {"name": "中", "value": 0.5},
            {"name": "差", "value": 0},
        ],
    }
    findings = _findings(None, 0)
    findings["items"]["survey"] = {"votes": {"优": 10, "良": 5, "中": 3, "差": 2}}
    code, card, _err = _card(djkh, tmp_path, _write(tmp_path, rubric, findings))
    assert code == 0
    # (10×2 + 5×1 + 3×0.5 + 2×0) ÷ (20 × 2) × 10 = 26.5 ÷ 40 × 10 = 6.625 → 6.63
    assert card["sections"][0]["items"][1]["survey"]["earned"] == 6.63


def test_an_owner_without_a_file_and_the_disagreements_in_json(djkh, tmp_path: Path) -> None:
    rubric = _rubric({"combine": "mean"})
    rubric["sections"][0]["items"][1]["owner"] = "组织科"
    files = [_findings("宣传科", 1), _findings("纪检组", 3)]
    for findings in files:
        del findings["items"]["survey"]  # 组织科's item: recording it is an error of its own
    paths = _write(tmp_path, rubric, *files)
    code, _card_json, err = _card(djkh, tmp_path, paths)
    assert code == 1
    assert (
        "error: item 'survey' is assessed by 组织科 (考核责任单位), but no file for 甲单位 is by "
        "组织科: add 组织科's findings [DJ603]"
    ) in err
    rubric["sections"][0]["items"][1].pop("owner")
    paths = _write(tmp_path / "again", rubric, _findings("宣传科", 1), _findings("纪检组", 3))
    run = djkh(
        "disagreements",
        "--rubric-dir",
        str(tmp_path / "again" / "rubric"),
        "--format",
        "json",
        *paths,
    )
    assert run.code == 0
    assert json.loads(run.stdout) == {
        "units": 1,
        "disagreements": [
            {
                "unit": "甲单位",
                "year": 2026,
                "rubric": "multi@1",
                "item": "work",
                "title": "日常工作",
                "ratings": [
                    {"assessor": "宣传科", "score": 9, "file": paths[0]},
                    {"assessor": "纪检组", "score": 7, "file": paths[1]},
                ],
                "spread": 2,
                "combined": 8,
            }
        ],
    }


def test_one_unit_of_several_assessors_is_graded_by_its_score_not_by_quota(
    djkh, tmp_path: Path
) -> None:
    # 优秀不超过20%: a batch of one unit would have no place for it; one unit alone is graded
    # by its score, and djkh says the quotas need the whole batch.
    text = (REPO / "examples" / "rubric" / "example-zhen" / "2026.yaml").read_text(encoding="utf-8")
    grades = "grades:\n- {name: 优秀, min: 90, max_share: 20}\n- {name: 合格, min: 0}\nsections:\n"
    folder = tmp_path / "example-zhen"
    folder.mkdir()
    (folder / "2026.yaml").write_text(text.replace("sections:\n", grades, 1), encoding="utf-8")
    files = sorted(map(str, ZHEN.iterdir()))
    run = djkh("score", "--rubric-dir", str(tmp_path), "--format", "json", *files)
    assert run.code == 0, run.stderr
    card = json.loads(run.stdout)
    assert (card["score"], card["grade"], card["grade_by_score"]) == (94.375, "优秀", "优秀")
    assert run.stderr == (
        "djkh: the rubric limits how many units get a grade (max_share, max_count); a unit "
        "scored alone is graded by its score: score the whole batch to apply the quotas\n"
    )


def test_a_unit_missing_an_owners_file_is_not_ranked(djkh, tmp_path: Path) -> None:
    """One department's file alone must not rank the unit with the other's items at full marks."""
    alone = tmp_path / "示例镇甲-组织科.yaml"
    alone.write_bytes((ZHEN / alone.name).read_bytes())
    run = djkh("score", str(tmp_path), "--rubric-dir", RUBRICS)
    assert run.code == 1
    assert run.stdout == ""
    assert run.stderr.splitlines()[:2] == [
        f"{alone}:6:11: error: item 'theory-study' is assessed by 宣传科 (考核责任单位), but no "
        "file for 示例镇甲 is by 宣传科: add 宣传科's findings [DJ603]",
        f"{alone}:6:11: error: item 'public-opinion' is assessed by 宣传科 (考核责任单位), but no "
        "file for 示例镇甲 is by 宣传科: add 宣传科's findings [DJ603]",
    ]


def test_partial_leaves_out_a_unit_whose_other_department_failed(djkh, tmp_path: Path) -> None:
    for path in ZHEN.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    broken = tmp_path / "示例镇甲-宣传科.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("self_score: 15", "self_score: x"))
    run = djkh("score", str(tmp_path), "--rubric-dir", RUBRICS, "--partial", "--format", "json")
    assert run.code == 1
    assert run.stdout == ""
    assert (
        f"{tmp_path / '示例镇甲-组织科.yaml'}:6:11: error: 示例镇甲's assessors cannot be "
        f"combined: see the errors in {broken} [DJ603]"
    ) in run.stderr.splitlines()
    assert "no file for 示例镇甲 is by 宣传科" not in run.stderr  # it has one, with an error


def test_one_departments_file_alone_says_it_is_not_the_units_score(djkh) -> None:
    run = djkh("score", str(ZHEN / "示例镇甲-组织科.yaml"), "--rubric-dir", RUBRICS)
    assert run.code == 0
    assert run.stderr == (
        "djkh: this is one assessor's file: 示例镇甲 is also assessed by 宣传科, whose items "
        "count here at full marks (nothing of theirs is in this file); score the unit's files "
        "together for its score\n"
    )
