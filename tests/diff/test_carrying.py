"""`djkh diff --rescore` keeps an item's override, note and 不适用 where they still apply, and
names each it cannot carry over."""

from __future__ import annotations

import json
from pathlib import Path

OLD = """\
kind: rubric
id: carry
version: '1'
title: 沿用测试
total: 40
not_applicable: rescale
sections:
- id: s1
  title: 第一部分
  score: 40
  items:
  - id: study
    title: 学习制度
    score: 10
    rules:
    - {id: missed, text: 每缺一次扣2分, kind: count, deduct: 2}
  - id: plan
    title: 工作计划
    score: 10
    rules:
    - {id: no-plan, text: 无计划扣3分, deduct: 3}
  - id: archive
    title: 档案管理
    score: 10
    rules:
    - {id: lost, text: 档案缺失扣2分, deduct: 2}
  - id: duty
    title: 值班制度
    score: 10
    rules:
    - {id: absent, text: 脱岗扣1分, deduct: 1}
"""
NEW = """\
kind: rubric
id: carry
version: '2'
title: 沿用测试
total: 40
sections:
- id: s1
  title: 第一部分
  score: 40
  items:
  - id: study
    title: 学习制度
    score: 10
    rules:
    - {id: missed, text: 每缺一次扣2分, kind: count, deduct: 2}
  - id: plan
    title: 工作计划
    score: 10
    rules:
    - {id: no-plan, text: 计划每缺一项扣3分, kind: count, deduct: 3}
  - id: duty
    title: 值班制度
    score: 5
    rules:
    - {id: absent, text: 脱岗扣1分, deduct: 1}
  - id: safety
    title: 安全管理
    score: 15
    rules:
    - {id: accident, text: 发生事故扣5分, deduct: 5}
"""
FINDINGS = """\
kind: findings
rubric: carry@1
unit: 甲
year: 2026
items:
  study:
    findings: {missed: 1}
    note: 补学已完成
    override: {score: 9, reason: 复核后认定, approved_by: 考核组组长}
  plan:
    findings: {no-plan: true}
    note: 计划未经审议
    override: {score: 8, reason: 计划已补, approved_by: 考核组组长}
  archive:
    not_applicable: 新设单位，尚无档案
  duty:
    findings: {absent: false}
    override: {score: 7, reason: 值班记录补齐, approved_by: 考核组组长}
"""


def _write(tmp_path: Path, old: str = OLD, new: str = NEW, findings: str = FINDINGS) -> Path:
    (tmp_path / "1.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "2.yaml").write_text(new, encoding="utf-8")
    (tmp_path / "findings").mkdir()
    (tmp_path / "findings" / "甲.yaml").write_text(findings, encoding="utf-8")
    return tmp_path / "findings" / "甲.yaml"


def test_overrides_notes_and_marks_carry_over_where_they_still_apply(
    djkh, tmp_path: Path, monkeypatch
) -> None:
    # Old: 学习 9 and 工作计划 8 and 值班 7 as overridden, 档案 not applicable (rescaled): 24 of
    # 30 is 32, as djkh score gives. New: 学习's override still applies (9); 工作计划's rule is
    # now counted, so its override and note judged another rule (10, its finding unusable);
    # 值班 is now worth 5, below its override (5); 安全 15: 39.
    _write(tmp_path)
    monkeypatch.chdir(tmp_path)
    scored = djkh("score", "--rubric", "1.yaml", "--format", "json", "findings/甲.yaml")
    assert json.loads(scored.stdout)["score"] == 32
    run = djkh("diff", "1.yaml", "2.yaml", "--rescore", "findings")
    assert run.code == 1
    assert run.stdout.split("What it means for the units")[1] == (
        "                                                  \n"
        "                                                                             \n"
        "  unit   old score   new score   change   old rank   new rank   rank change  \n"
        " ─────────────────────────────────────────────────────────────────────────── \n"
        "  甲            32          39       +7          1          1   =            \n"
        "                                                                             \n"
        "Findings the new version cannot use (not scored under it):\n"
        "  findings/甲.yaml:11:25: rule 'no-plan' counts occurrences: give a whole number, 0 or "
        "more, got true in carry@2 [DJ407]\n"
        "  findings/甲.yaml:12:5: rule 'plan/no-plan' changed kind in carry@2 (flat → count): "
        "the note of item 'plan' is not \ncarried over [DJ407]\n"
        "  findings/甲.yaml:13:5: rule 'plan/no-plan' changed kind in carry@2 (flat → count): "
        "the override of item 'plan' is not \ncarried over [DJ409]\n"
        "  findings/甲.yaml:15:5: item 'archive' was removed in carry@2: the not_applicable of "
        "item 'archive' is not carried over\n[DJ404]\n"
        "  findings/甲.yaml:18:5: override score 7 is outside 0 to 5, the most item 'duty' "
        "scores in carry@2: the override of \nitem 'duty' is not carried over [DJ409]\n"
    )


def test_the_rescore_json_names_each_mark_not_carried_over(
    djkh, tmp_path: Path, monkeypatch
) -> None:
    _write(tmp_path)
    monkeypatch.chdir(tmp_path)
    run = djkh("diff", "1.yaml", "2.yaml", "--rescore", "findings", "--format", "json")
    rescore = json.loads(run.stdout)["rescore"]
    assert [(u["old_score"], u["new_score"]) for u in rescore["units"]] == [(32, 39)]
    assert [(p["line"], p["code"], p["message"]) for p in rescore["unused_new"][1:]] == [
        (
            12,
            "DJ407",
            "rule 'plan/no-plan' changed kind in carry@2 (flat → count): the note of item 'plan' "
            "is not carried over",
        ),
        (
            13,
            "DJ409",
            "rule 'plan/no-plan' changed kind in carry@2 (flat → count): the override of item "
            "'plan' is not carried over",
        ),
        (
            15,
            "DJ404",
            "item 'archive' was removed in carry@2: the not_applicable of item 'archive' is not "
            "carried over",
        ),
        (
            18,
            "DJ409",
            "override score 7 is outside 0 to 5, the most item 'duty' scores in carry@2: the "
            "override of item 'duty' is not carried over",
        ),
    ]
    assert rescore["unused_old"] == []


def test_a_renamed_item_keeps_its_override_and_not_applicable(
    djkh, tmp_path: Path, monkeypatch
) -> None:
    # 学习 renamed study → learning keeps its override (9); 档案 stays not applicable where the
    # new version still rescales: 9 + 10 + 10 of 30 is 38.67 under both.
    new = OLD.replace("version: '1'", "version: '2'").replace("id: study", "id: learning")
    findings = FINDINGS.replace(
        "    override: {score: 8, reason: 计划已补, approved_by: 考核组组长}\n", ""
    )
    findings = findings.replace("{no-plan: true}", "{no-plan: false}")
    findings = findings.replace(
        "    override: {score: 7, reason: 值班记录补齐, approved_by: 考核组组长}\n", ""
    )
    _write(tmp_path, new=new, findings=findings)
    monkeypatch.chdir(tmp_path)
    run = djkh("diff", "1.yaml", "2.yaml", "--rescore", "findings", "--format", "json")
    rescore = json.loads(run.stdout)["rescore"]
    assert [(u["old_score"], u["new_score"]) for u in rescore["units"]] == [(38.67, 38.67)]
    assert rescore["followed"] == [
        {"location": "findings/甲.yaml:7:16", "old": "study/missed", "new": "learning/missed"}
    ]
    assert (rescore["unused_new"], rescore["unused_old"]) == ([], [])
