"""Points relative to the batch (issue 18, item 4): by rank, against the best, against the mean."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from djkh.scoring import batch
from tests.conftest import REPO

PAIMING = REPO / "examples" / "findings-paiming"
RUBRICS = str(REPO / "examples" / "rubric")


def _rubric(rule: dict[str, Any], *, start: float | None = 0, **extra: Any) -> dict[str, Any]:
    """A 20-point rubric: one item scored against the batch, one ordinary item with a veto."""
    measured: dict[str, Any] = {"id": "measured", "title": "增速", "score": 10, "rules": [rule]}
    if start is not None:
        measured["start"] = start
    return {
        "kind": "rubric",
        "id": "rel",
        "version": "1",
        "title": "相对计分细则",
        "total": 20,
        "grades": [{"name": "合格", "min": 10}, {"name": "不合格", "min": 0}],
        "sections": [
            {
                "id": "s",
                "title": "工作",
                "score": 20,
                "items": [
                    measured,
                    {
                        "id": "conduct",
                        "title": "作风",
                        "score": 10,
                        "rules": [
                            {"id": "case", "text": "发生违纪案件的，一票否决", "veto": "不合格"}
                        ],
                    },
                ],
            }
        ],
        **extra,
    }


RANK = {
    "id": "rank",
    "text": "全市排名1-4名的依次赋予10分、8分、6分、4分",
    "kind": "rank",
    "points": [10, 8, 6, 4],
}
BEST = {"id": "best", "text": "本单位÷最高×6分", "kind": "relative", "to": "best", "add": 6}
MEAN = {
    "id": "mean",
    "text": "高于全县平均水平加0.5分，低于平均水平扣1分",
    "kind": "relative",
    "to": "mean",
    "add": 0.5,
    "deduct": 1,
}


def _findings(unit: str, rule: str, value: Any, *, veto: bool = False) -> dict[str, Any]:
    return {
        "kind": "findings",
        "rubric": "rel@1",
        "unit": unit,
        "year": 2026,
        "items": {
            "measured": {"findings": {rule: value}},
            "conduct": {"findings": {"case": veto}},
        },
    }


def _write(path: Path, data: dict[str, Any]) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def _batch(
    tmp_path: Path, rubric: dict[str, Any], values: dict[str, Any], vetoed: tuple[str, ...] = ()
) -> Path:
    """The rubric under tmp_path/rubric, and one findings file per unit in tmp_path/units."""
    _write(tmp_path / "rubric" / "rel" / "1.yaml", rubric)
    rule = rubric["sections"][0]["items"][0]["rules"][0]["id"]
    for unit, value in values.items():
        _write(
            tmp_path / "units" / f"{unit}.yaml", _findings(unit, rule, value, veto=unit in vetoed)
        )
    return tmp_path / "units"


def _scores(djkh, tmp_path: Path, *extra: str) -> dict[str, Any]:
    rubrics = str(tmp_path / "rubric")
    run = djkh(
        "score", str(tmp_path / "units"), "--rubric-dir", rubrics, "--format", "json", *extra
    )
    assert run.code == 0, run.stderr
    (ranking,) = json.loads(run.stdout)["rankings"]
    return {unit["unit"]: unit for unit in ranking["units"]}


def _exact_scores(djkh, tmp_path: Path) -> dict[str, Any]:
    """_scores with every number read as the exact Decimal printed."""
    rubrics = str(tmp_path / "rubric")
    run = djkh("score", str(tmp_path / "units"), "--rubric-dir", rubrics, "--format", "json")
    assert run.code == 0, run.stderr
    (ranking,) = json.loads(run.stdout, parse_float=Decimal)["rankings"]
    return {unit["unit"]: unit for unit in ranking["units"]}


def _relative(unit: dict[str, Any]) -> dict[str, Any]:
    (entry,) = unit["sections"][0]["items"][0]["relative"]
    return entry


def test_a_rank_rubric_scored_for_one_unit_alone_is_provisional_and_says_so(
    djkh, tmp_path: Path
) -> None:
    units = _batch(tmp_path, _rubric(RANK), {"甲": 9.5})
    run = djkh("score", str(units / "甲.yaml"), "--rubric-dir", str(tmp_path / "rubric"))
    assert run.code == 0
    assert run.stderr.splitlines() == [
        f"{units / '甲.yaml'}:8:7: warning: rule 'rank' scores the unit against the whole batch: "
        "scored alone, its points are pending and the score is provisional: score the folder "
        "of every unit [DJ509]",
        "checked 1 file: 1 warning in 1 file",
    ]
    text = " ".join(run.stdout.split())
    assert (
        "Provisional score: 1 rule scores the unit against the whole batch; its points are left "
        "out until the batch is scored: score the folder of every unit" in text
    )
    assert "Grade: 合格 (provisional)" in text  # the form's lines: a golden, and below


def test_one_unit_alone_in_json_has_no_points_and_is_marked(djkh, tmp_path: Path) -> None:
    units = _batch(tmp_path, _rubric(RANK), {"甲": 9.5})
    run = djkh(
        "score",
        str(units / "甲.yaml"),
        "--rubric-dir",
        str(tmp_path / "rubric"),
        "--format",
        "json",
    )
    card = json.loads(run.stdout)
    assert card["provisional"] is True
    assert card["score"] == 10  # the rank item's 10 points are not given alone
    assert card["sections"][0]["items"][0]["relative"] == [
        {"rule": "rank", "value": 9.5, "batch": None, "points": None}
    ]


@pytest.mark.parametrize("output_format", ["markdown", "csv", "html"])  # table: a golden
def test_every_form_of_a_unit_alone_shows_the_pending_points(
    djkh, tmp_path: Path, output_format: str
) -> None:
    units = _batch(tmp_path, _rubric(RANK), {"甲": 9.5})
    run = djkh(
        "score",
        str(units / "甲.yaml"),
        "--rubric-dir",
        str(tmp_path / "rubric"),
        "--format",
        output_format,
    )
    assert run.code == 0
    text = " ".join(run.stdout.replace("<br>", " ").split())
    assert "points pending until the whole batch is scored" in text
    assert "provisional: the points relative to the batch are pending" in text


def test_a_unit_alone_in_xlsx_carries_the_provisional_banner(djkh, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    units = _batch(tmp_path, _rubric(RANK), {"甲": 9.5})
    out = tmp_path / "card.xlsx"
    run = djkh(
        "score", str(units / "甲.yaml"), "--rubric-dir", str(tmp_path / "rubric"), "-o", str(out)
    )
    assert run.code == 0
    sheet = load_workbook(out).active
    assert sheet is not None
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "Provisional score: 1 rule scores the unit against the whole batch" in cells
    assert "points pending until the whole batch is scored" in cells


def test_ties_share_the_better_ranks_points_and_the_next_rank_is_skipped(
    djkh, tmp_path: Path
) -> None:
    _batch(tmp_path, _rubric(RANK), {"甲": 90, "乙": 88, "丙": 88, "丁": 80, "戊": 70})
    units = _scores(djkh, tmp_path)
    points = {unit: _relative(card)["points"] for unit, card in units.items()}
    assert points == {"甲": 10, "乙": 8, "丙": 8, "丁": 4, "戊": 0}
    assert _relative(units["丁"])["batch"] == {"units": 5, "rank": 4, "best": 90, "mean": 83.2}
    assert {unit: card["score"] for unit, card in units.items()} == {
        "甲": 20,
        "乙": 18,
        "丙": 18,
        "丁": 14,
        "戊": 10,
    }


def test_lower_values_can_rank_first(djkh, tmp_path: Path) -> None:
    _batch(tmp_path, _rubric({**RANK, "better": "lower"}), {"甲": 3, "乙": 1, "丙": 2})
    units = _scores(djkh, tmp_path)
    assert {unit: _relative(card)["points"] for unit, card in units.items()} == {
        "乙": 10,
        "丙": 8,
        "甲": 6,
    }


def test_relative_to_the_best_is_value_over_best_times_the_points(djkh, tmp_path: Path) -> None:
    _batch(tmp_path, _rubric(BEST), {"甲": 97, "乙": 93.5, "丙": 0})
    units = _scores(djkh, tmp_path)
    # 93.5 ÷ 97 × 6 = 5.7835…, rounded half up to 2 places
    assert {unit: _relative(card)["points"] for unit, card in units.items()} == {
        "甲": 6,
        "乙": 5.78,
        "丙": 0,
    }
    assert units["乙"]["score"] == 15.78


def test_relative_to_the_best_when_lower_is_better(djkh, tmp_path: Path) -> None:
    _batch(tmp_path, _rubric({**BEST, "better": "lower"}), {"甲": 4, "乙": 5, "丙": 8})
    units = _scores(djkh, tmp_path)
    assert {unit: _relative(card)["points"] for unit, card in units.items()} == {
        "甲": 6,
        "乙": 4.8,
        "丙": 3,
    }


def test_relative_to_the_mean_adds_above_it_and_deducts_below_it(djkh, tmp_path: Path) -> None:
    _batch(tmp_path, _rubric(MEAN, start=9), {"甲": 100, "乙": 90, "丙": 80})
    units = _scores(djkh, tmp_path)
    items = {unit: card["sections"][0]["items"][0] for unit, card in units.items()}
    assert {unit: item["score"] for unit, item in items.items()} == {
        "甲": 9.5,
        "乙": 9,
        "丙": 8,
    }
    assert items["丙"]["deductions"][0]["amount"] == 1
    assert items["甲"]["additions"][0]["amount"] == 0.5
    assert _relative(units["乙"])["batch"]["mean"] == 90


def test_the_exact_mean_decides_not_the_mean_rounded_to_2_places(djkh, tmp_path: Path) -> None:
    # the mean is 1.002: four units at 1.001 are below it (better), not level with 1.00
    values = {"甲": 1.006, "乙": 1.001, "丙": 1.001, "丁": 1.001, "戊": 1.001}
    _batch(tmp_path, _rubric({**MEAN, "better": "lower"}, start=9), values)
    units = _exact_scores(djkh, tmp_path)
    items = {unit: card["sections"][0]["items"][0] for unit, card in units.items()}
    assert {unit: item["score"] for unit, item in items.items()} == {
        "乙": Decimal("9.5"),
        "丙": Decimal("9.5"),
        "丁": Decimal("9.5"),
        "戊": Decimal("9.5"),
        "甲": 8,
    }
    assert _relative(units["乙"])["batch"] == {
        "units": 5,
        "rank": 1,
        "best": Decimal("1.001"),
        "mean": Decimal("1.002"),  # 2 places would put 1.001 above the mean it is below
    }


def test_the_mean_shows_to_2_places_when_that_keeps_every_value_on_its_side(
    djkh, tmp_path: Path
) -> None:
    _batch(tmp_path, _rubric(MEAN, start=9), {"甲": 1, "乙": 2, "丙": 2})
    units = _exact_scores(djkh, tmp_path)
    assert _relative(units["甲"])["batch"]["mean"] == Decimal("1.67")
    assert {unit: card["score"] for unit, card in units.items()} == {
        "乙": Decimal("19.5"),
        "丙": Decimal("19.5"),
        "甲": 18,
    }


def test_the_form_names_the_mean_that_decided(djkh, tmp_path: Path) -> None:
    _batch(tmp_path, _rubric({**MEAN, "better": "lower"}, start=9), {"甲": 1.006, "乙": 1.001})
    out = tmp_path / "batch.html"
    run = djkh(
        "score", str(tmp_path / "units"), "--rubric-dir", str(tmp_path / "rubric"), "-o", str(out)
    )
    assert run.code == 0, run.stderr
    html = out.read_text(encoding="utf-8")
    assert (
        "relative to the batch: recorded 1.001, mean 1.004 of 2: better than the mean, +0.5" in html
    )
    assert "relative to the batch: recorded 1.006, mean 1.004 of 2: worse than the mean, -1" in html


def test_the_form_shows_the_value_and_what_the_batch_made_of_it(djkh, tmp_path: Path) -> None:
    for name, rule, line in [
        ("rank", RANK, "relative to the batch: recorded 88, rank 2 of 3: 8 points"),
        ("best", BEST, "relative to the batch: recorded 88, best 90 of 3: 88 ÷ 90 × 6 = 5.87"),
        (
            "mean",
            MEAN,
            "relative to the batch: recorded 88, mean 86 of 3: better than the mean, +0.5",
        ),
    ]:
        folder = tmp_path / name
        _batch(
            folder, _rubric(rule, start=9 if rule is MEAN else 0), {"甲": 90, "乙": 88, "丙": 80}
        )
        out = folder / "batch.html"
        run = djkh(
            "score", str(folder / "units"), "--rubric-dir", str(folder / "rubric"), "-o", str(out)
        )
        assert run.code == 0, run.stderr
        assert line in out.read_text(encoding="utf-8")


def test_a_vetoed_unit_takes_part_in_the_batch(djkh, tmp_path: Path) -> None:
    _batch(tmp_path, _rubric(RANK), {"甲": 95, "乙": 90, "丙": 85}, vetoed=("甲",))
    units = _scores(djkh, tmp_path)
    # 甲's value ranks first: it earns rank 1's points, and 乙 rank 2's, though 甲 ranks last
    assert {unit: _relative(card)["points"] for unit, card in units.items()} == {
        "乙": 8,
        "丙": 6,
        "甲": 10,
    }
    assert [unit["rank"] for unit in units.values()] == [1, 2, 3]
    assert units["甲"]["grade"] == "不合格"


def test_a_unit_left_out_for_errors_takes_no_part(djkh, tmp_path: Path) -> None:
    units = _batch(tmp_path, _rubric(RANK), {"甲": 95, "乙": 90, "丙": 85})
    broken = _findings("甲", "rank", 95)
    broken["items"]["measured"]["findings"]["rank"] = "很多"
    _write(units / "甲.yaml", broken)
    run = djkh(
        "score",
        str(units),
        "--rubric-dir",
        str(tmp_path / "rubric"),
        "--format",
        "json",
        "--partial",
    )
    assert run.code == 1
    (ranking,) = json.loads(run.stdout)["rankings"]
    points = {unit["unit"]: _relative(unit)["points"] for unit in ranking["units"]}
    assert points == {"乙": 10, "丙": 8}
    assert _relative(ranking["units"][0])["batch"]["units"] == 2


def test_a_unit_whose_item_is_not_applicable_takes_no_part(djkh, tmp_path: Path) -> None:
    rubric = _rubric(RANK, not_applicable="full")
    units = _batch(tmp_path, rubric, {"甲": 95, "乙": 90, "丙": 85})
    excused = _findings("甲", "rank", 95)
    excused["items"]["measured"] = {"not_applicable": "新设单位，无上年数据"}
    _write(units / "甲.yaml", excused)
    units_scored = _scores(djkh, tmp_path)
    assert units_scored["甲"]["sections"][0]["items"][0]["relative"] == []
    assert _relative(units_scored["乙"])["points"] == 10


def test_two_processes_give_the_same_output_as_one(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = {f"单位{n:02d}": 50 + (n * 7) % 11 for n in range(batch.PROBE_FILES + 8)}
    _batch(tmp_path, _rubric(RANK), values)
    args = [
        "score",
        str(tmp_path / "units"),
        "--rubric-dir",
        str(tmp_path / "rubric"),
        "--format",
        "json",
    ]
    alone = djkh(*args, "--jobs", "1")
    monkeypatch.setattr(batch, "pool_pays", lambda *measured: True)
    pooled = djkh(*args, "--jobs", "2")
    assert pooled.code == alone.code == 0
    assert pooled.stdout == alone.stdout
    ranks = [
        _relative(unit)["batch"]["rank"]
        for unit in json.loads(alone.stdout)["rankings"][0]["units"]
    ]
    assert len(set(ranks)) < len(ranks)  # ties, shared the same way in both


def test_the_example_batch(djkh) -> None:
    run = djkh("score", str(PAIMING), "--rubric-dir", RUBRICS, "--format", "json")
    assert run.code == 0
    (ranking,) = json.loads(run.stdout)["rankings"]
    scores = {unit["unit"]: unit["score"] for unit in ranking["units"]}
    assert scores == {
        "示例镇甲": 95,
        "示例镇乙": 92,
        "示例镇丙": 83,
        "示例镇戊": 55.92,
        "示例镇丁": 76,
    }


def test_a_missing_value_is_an_error(djkh, tmp_path: Path) -> None:
    units = _batch(tmp_path, _rubric(RANK), {"甲": 95})
    findings = _findings("甲", "rank", 95)
    del findings["items"]["measured"]
    _write(units / "甲.yaml", findings)
    run = djkh("validate", str(units / "甲.yaml"), "--rubric-dir", str(tmp_path / "rubric"))
    assert run.code == 1
    assert (
        f"{units / '甲.yaml'}:5:1: error: rule 'rank' of item 'measured' scores the unit against "
        "the batch: write the unit's value, rank: N [DJ426]"
    ) in run.stdout


def test_a_negative_value_against_the_best_is_an_error(djkh, tmp_path: Path) -> None:
    units = _batch(tmp_path, _rubric(BEST), {"甲": -3})
    run = djkh("validate", str(units / "甲.yaml"), "--rubric-dir", str(tmp_path / "rubric"))
    assert run.code == 1
    assert (
        "error: rule 'best' takes the measured value, a number, 0 or more, got the number -3 "
        "[DJ407]"
    ) in run.stdout


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            {**RANK, "points": [], "deduct": 2},
            "r.yaml:24:7: error: rule 'rank' has 'deduct', but the points of a rank rule are in "
            "its 'points', by rank: remove 'deduct' [DJ306]",
        ),
        (
            {k: v for k, v in RANK.items() if k != "points"},
            "r.yaml:20:7: error: rank rule 'rank' needs 'points', the points of rank 1, 2, 3… in "
            "the batch: points: [60, 57, 54, 51, 48] [DJ305]",
        ),
        (
            {k: v for k, v in BEST.items() if k != "to"},
            "r.yaml:20:7: error: relative rule 'best' needs 'to: best' (value ÷ the batch's best × "
            "'add') or 'to: mean' ('add' when better than the batch's mean, 'deduct' when worse) "
            "[DJ305]",
        ),
        (
            {**BEST, "add": None, "deduct": 6},
            "r.yaml:24:7: error: rule 'best' has 'deduct': a rule relative to the best earns "
            "'add: N' × value ÷ best: give 'add' alone [DJ306]",
        ),
        (
            {**RANK, "to": "best"},
            "r.yaml:28:7: error: 'to' is for relative rules, but rule 'rank' is rank: remove 'to' "
            "or change 'kind' [DJ304]",
        ),
    ],
)
def test_rubric_mistakes(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rule: dict[str, Any], message: str
) -> None:
    rule = {key: value for key, value in rule.items() if value is not None}
    _write(tmp_path / "r.yaml", _rubric(rule))
    monkeypatch.chdir(tmp_path)
    run = djkh("validate", "r.yaml")
    assert run.code == 1
    assert message in run.stdout.splitlines()


def test_a_rank_rule_outside_the_sections_or_with_assessors_is_refused(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rubric = _rubric(RANK, assessors={"combine": "mean"})
    rubric["bonus"] = {"items": [{"id": "extra", "title": "加分", "rules": [{**BEST, "id": "b"}]}]}
    _write(tmp_path / "r.yaml", rubric)
    monkeypatch.chdir(tmp_path)
    run = djkh("validate", "r.yaml")
    assert run.code == 1
    lines = run.stdout.splitlines()
    assert (
        "r.yaml:45:13: error: rule 'b' is a relative rule, which scores an item of the sections "
        "against the batch: move it to an item of the sections [DJ326]"
    ) in lines
    assert (
        "r.yaml:36:1: error: the rubric has rank or relative rules and 'assessors': points "
        "relative to the batch are scored from one findings file per unit and year; remove "
        "'assessors' or those rules [DJ326]"
    ) in lines


def test_init_says_what_to_write(djkh) -> None:
    run = djkh("init", "--rubric", "example-paiming@2026", "--unit", "甲", "--year", "2026",
               "--rubric-dir", RUBRICS)  # fmt: skip
    assert run.code == 0
    assert (
        "# 全市排名1-4名的依次赋予30分、27分、24分、21分 (rank: the unit's measured value, a "
        "number, compared with the whole batch's)"
    ) in [line.strip() for line in run.stdout.splitlines()]


def test_rescoring_scores_each_version_against_the_batch(djkh, tmp_path: Path) -> None:
    old = (REPO / "examples" / "rubric" / "example-paiming" / "2026.yaml").read_text(
        encoding="utf-8"
    )
    new = old.replace("points: [30, 27, 24, 21]", "points: [30, 28, 26, 24]").replace(
        "version: '2026'", "version: '2027'"
    )
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    run = djkh(
        "diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--rescore", str(PAIMING),
        "--format", "json",
    )  # fmt: skip
    assert run.code == 1
    document = json.loads(run.stdout)
    (diff,) = document["diffs"]
    (change,) = diff["changes"]
    assert (change["kind"], change["old"], change["new"]) == (
        "relative",
        "30, 27, 24, 21",
        "30, 28, 26, 24",
    )
    rescored = {
        unit["unit"]: (unit["old_score"], unit["new_score"])
        for unit in document["rescore"]["units"]
    }
    assert rescored["示例镇丁"] == (76, 79)  # rank 4: 21 points, then 24
    assert rescored["示例镇甲"] == (95, 95)


def test_a_rank_rule_with_periods_is_refused(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        tmp_path / "r.yaml",
        _rubric(RANK, periods={"names": ["上半年", "下半年"], "combine": "mean"}),
    )
    monkeypatch.chdir(tmp_path)
    run = djkh("validate", "r.yaml")
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        "r.yaml:36:1: error: the rubric has rank or relative rules and 'periods': points "
        "relative to the batch are scored from one findings file per unit and year; remove "
        "'periods' or those rules [DJ326]"
    )


def test_a_tier_on_a_rank_rule_is_refused(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "r.yaml", _rubric({**RANK, "tier_group": "honours"}))
    monkeypatch.chdir(tmp_path)
    run = djkh("validate", "r.yaml")
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        "r.yaml:28:7: error: 'tier_group' is not for rank rules: the batch gives rule 'rank' its "
        "points; remove 'tier_group' [DJ304]"
    )


def test_a_rank_rule_added_reads_by_rank_in_the_diff(djkh, tmp_path: Path) -> None:
    old = REPO / "examples" / "rubric" / "example-paiming" / "2026.yaml"
    new = old.read_text(encoding="utf-8").replace("version: '2026'", "version: '2027'")
    new = new.replace(
        "    - {id: accident, text: 发生较大安全事故的，扣5分, deduct: 5}\n",
        "    - {id: accident, text: 发生较大安全事故的，扣5分, deduct: 5}\n"
        "    - {id: speed, text: 办结时限排名前2名的依次加1分、0.5分, kind: rank, "
        "points: [1, 0.5], better: lower}\n",
    )
    (tmp_path / "2027.yaml").write_text(new, encoding="utf-8")
    run = djkh("diff", str(old), str(tmp_path / "2027.yaml"), "--format", "json")
    assert run.code == 1
    (diff,) = json.loads(run.stdout)["diffs"]
    (change,) = diff["changes"]
    assert (change["kind"], change["new"]) == (
        "added",
        "〔by rank〕办结时限排名前2名的依次加1分、0.5分",
    )


def test_only_the_first_ranks_earn_in_proportion_to_the_first(djkh, tmp_path: Path) -> None:
    # 第1名得6分，第2-5名按第1名的比例得分: ranks: 2 here, of four units
    _batch(tmp_path, _rubric({**BEST, "ranks": 2}), {"甲": 90, "乙": 81, "丙": 72, "丁": 60})
    units = _scores(djkh, tmp_path)
    assert {unit: _relative(card)["points"] for unit, card in units.items()} == {
        "甲": 6,
        "乙": 5.4,
        "丙": 0,
        "丁": 0,
    }
    out = tmp_path / "batch.html"
    run = djkh(
        "score", str(tmp_path / "units"), "--rubric-dir", str(tmp_path / "rubric"), "-o", str(out)
    )
    assert run.code == 0
    assert "relative to the batch: recorded 72, rank 3 of 4: only ranks 1 to 2 earn points" in (
        out.read_text(encoding="utf-8")
    )


def test_ranks_belong_to_a_rule_relative_to_the_best(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "r.yaml", _rubric({**MEAN, "ranks": 3}))
    monkeypatch.chdir(tmp_path)
    run = djkh("validate", "r.yaml")
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        "r.yaml:26:14: error: rule 'mean' has 'ranks: 3': 'ranks' limits a rule relative to the "
        "best to the units ranked 1 to N (ranks: 5 for 第2-5名按第1名的比例得分), 1 or more [DJ312]"
    )


def test_relative_points_come_before_the_ranking_and_its_quotas(djkh, tmp_path: Path) -> None:
    rubric = _rubric(RANK)
    rubric["grades"] = [
        {"name": "优秀", "min": 15, "max_count": 1},
        {"name": "合格", "min": 10},
        {"name": "不合格", "min": 0},
    ]
    _batch(tmp_path, rubric, {"甲": 80, "乙": 90, "丙": 70})
    run = djkh(
        "score",
        str(tmp_path / "units"),
        "--rubric-dir",
        str(tmp_path / "rubric"),
        "--format",
        "json",
    )
    assert run.code == 0
    (ranking,) = json.loads(run.stdout)["rankings"]
    shown = [(u["rank"], u["unit"], u["score"], u["grade"]) for u in ranking["units"]]
    assert shown == [(1, "乙", 20, "优秀"), (2, "甲", 18, "合格"), (3, "丙", 16, "合格")]


def test_rescoring_ranks_a_vetoed_unit_below_as_score_does(djkh, tmp_path: Path) -> None:
    old = REPO / "examples" / "rubric" / "example-paiming" / "2026.yaml"
    new = old.read_text(encoding="utf-8").replace(
        "points: [30, 27, 24, 21]", "points: [30, 28, 26, 24]"
    )
    (tmp_path / "new.yaml").write_text(new.replace("version: '2026'", "version: '2027'"), "utf-8")
    run = djkh(
        "diff", str(old), str(tmp_path / "new.yaml"), "--rescore", str(PAIMING), "--format", "json"
    )  # fmt: skip
    assert run.code == 1
    ranks = {
        unit["unit"]: (unit["old_rank"], unit["new_rank"])
        for unit in json.loads(run.stdout)["rescore"]["units"]
    }
    # 丁 (76, vetoed) stands below 戊 (55.92), as `djkh score` ranks them
    assert ranks == {
        "示例镇甲": (1, 1),
        "示例镇乙": (2, 2),
        "示例镇丙": (3, 3),
        "示例镇戊": (4, 4),
        "示例镇丁": (5, 5),
    }
    scored = djkh("score", str(PAIMING), "--rubric-dir", RUBRICS, "--format", "json")
    ranking = json.loads(scored.stdout)["rankings"][0]["units"]
    assert {unit["unit"]: unit["rank"] for unit in ranking} == {
        unit: pair[0] for unit, pair in ranks.items()
    }
