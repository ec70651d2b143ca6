"""djkh validate on the mistakes people make: the exact fix, where the mistake was made."""

from __future__ import annotations

from pathlib import Path

import pytest

HEAD = "kind: findings\nrubric: wenzhou-jiguan@2007\nunit: 甲\nyear: 2025\nitems:\n"
FINDINGS = "  political-study:\n    findings:\n"


def _validate(djkh, tmp_path: Path, body: str, *, lang: str = "en") -> tuple[int, list[str]]:
    """Validate a findings file of HEAD + body; the exit code and the problem lines."""
    (tmp_path / "f.yaml").write_text(HEAD + body, encoding="utf-8")
    run = djkh("--lang", lang, "validate", str(tmp_path / "f.yaml"))
    lines = [line.replace(str(tmp_path / "f.yaml"), "f.yaml") for line in run.stdout.splitlines()]
    return run.code, lines[:-1]


@pytest.mark.parametrize(
    ("finding", "expected"),
    [
        pytest.param(
            "study-sessions: 5次",
            "f.yaml:8:23: error: rule 'study-sessions' takes the number achieved (required: 6), "
            '0 or more, got text "5次": write 5, without 次 [DJ407]',
            id="unit-after-number",
        ),
        pytest.param(
            "study-sessions: ５",
            "f.yaml:8:23: error: rule 'study-sessions' takes the number achieved (required: 6), "
            '0 or more, got text "５": write 5 in half-width digits [DJ407]',
            id="full-width-digit",
        ),
        pytest.param(
            "study-sessions: 4,5",
            "f.yaml:8:23: error: rule 'study-sessions' takes the number achieved (required: 6), "
            '0 or more, got text "4,5": write 4.5: a decimal point, not a comma [DJ407]',
            id="decimal-comma",
        ),
        pytest.param(
            'low-attendance: "3"',
            "f.yaml:8:23: error: rule 'low-attendance' counts occurrences: give a whole number, "
            '0 or more, got text "3": write 3 without quotes: in quotes it is text [DJ407]',
            id="quoted-number",
        ),
        pytest.param(
            "low-attendance: 4,5",
            "f.yaml:8:23: error: rule 'low-attendance' counts occurrences: give a whole number, "
            '0 or more, got text "4,5" [DJ407]',
            id="count-is-whole",
        ),
        pytest.param(
            "no-annual-plan: 是",
            "f.yaml:8:23: error: rule 'no-annual-plan' takes true or false (did it happen?), "
            'got text "是": write true, not 是 [DJ407]',
            id="shi",
        ),
        pytest.param(
            "no-annual-plan: 否",
            "f.yaml:8:23: error: rule 'no-annual-plan' takes true or false (did it happen?), "
            'got text "否": write false, not 否 [DJ407]',
            id="fou",
        ),
        pytest.param(
            "no-annual-plan: true\u3000",
            "f.yaml:8:23: error: rule 'no-annual-plan' takes true or false (did it happen?), "
            "got text \"true\u3000\": write true, without the full-width space '\u3000' [DJ407]",
            id="full-width-space-after-value",
        ),
        pytest.param(
            'no-annual-plan: "true"',
            "f.yaml:8:23: error: rule 'no-annual-plan' takes true or false (did it happen?), "
            'got text "true": write true without quotes: in quotes it is text [DJ407]',
            id="quoted-true",
        ),
        pytest.param(
            "no-annual-plan: {evidence: 学习计划缺失}",
            "f.yaml:8:7: error: the finding for 'no-annual-plan' has no 'value': write "
            "no-annual-plan: {value: …, evidence: …}, with true/false or the number as the "
            "value [DJ202]",
            id="evidence-without-value",
        ),
        pytest.param(
            "low-attendance: {value: 1, evidence: 出席率75%, 签到表}",
            "f.yaml:8:52: error: unknown key '签到表': if it is part of the evidence, the ',' "
            'before it ended the text: put the text in quotes, evidence: "…" [DJ201]',
            id="comma-in-evidence",
        ),
        pytest.param(
            "low-attendance: {value: 1, evidence: 出席率75%, 签到表: 有}",
            "f.yaml:8:52: error: unknown key '签到表': if it is part of the evidence, the ',' "
            'before it ended the text: put the text in quotes, evidence: "…" [DJ201]',
            id="comma-and-colon-in-evidence",
        ),
        pytest.param(
            "self_score: 4",
            "f.yaml:8:7: error: 'self_score' belongs to the item, not under 'findings:': "
            "move it up a level, indented like 'findings:' [DJ405]",
            id="self-score-under-findings",
        ),
        pytest.param(
            "no-work-rules: true",
            "f.yaml:8:7: error: item 'political-study' has no rule 'no-work-rules'; it is a rule "
            "of item 'democratic-centralism': write it under democratic-centralism: findings: "
            "[DJ405]",
            id="rule-of-another-item",
        ),
    ],
)
def test_a_finding_written_naturally_gets_the_exact_fix(
    djkh, tmp_path: Path, finding: str, expected: str
) -> None:
    code, problems = _validate(djkh, tmp_path, FINDINGS + "      " + finding + "\n")
    assert (code, problems[-1:]) == (1, [expected])


def test_chinese_sub_keys_are_named_in_english(djkh, tmp_path: Path) -> None:
    body = FINDINGS + "      no-annual-plan: {值: true, 证据: 记录本}\n"
    assert _validate(djkh, tmp_path, body) == (
        1,
        [
            "f.yaml:8:24: error: unknown key '值': keys are written in English: "
            "write 'value' for '值' [DJ201]",
            "f.yaml:8:33: error: unknown key '证据': keys are written in English: "
            "write 'evidence' for '证据' [DJ201]",
        ],
    )


def test_a_self_score_with_its_unit(djkh, tmp_path: Path) -> None:
    body = "  political-study:\n    self_score: 4.5分\n"
    assert _validate(djkh, tmp_path, body) == (
        1,
        [
            'f.yaml:7:17: error: self_score: expected a number, got text "4.5分": '
            "write 4.5, without 分 [DJ203]"
        ],
    )


def test_a_rule_written_as_an_item(djkh, tmp_path: Path) -> None:
    code, problems = _validate(djkh, tmp_path, "  no-annual-plan: true\n")
    assert code == 1
    assert problems[0] == (
        "f.yaml:6:3: error: rubric wenzhou-jiguan@2007 has no item 'no-annual-plan'; it is a "
        "rule of item 'political-study': write it under political-study: findings: [DJ404]"
    )


def test_a_full_width_colon_that_parses_as_text(djkh, tmp_path: Path) -> None:
    body = FINDINGS + "      no-annual-plan： true\n"
    assert _validate(djkh, tmp_path, body, lang="zh") == (
        1,
        [
            "f.yaml:8:7: 错误: findings: 应为 'key: value' 形式的映射，实为 文本 \"no-annual-plan"
            "： true\"：全角冒号 '：' 须改为半角冒号加空格 ': ' [DJ203]"
        ],
    )


def test_full_width_spaces_that_make_a_new_key(djkh, tmp_path: Path) -> None:
    body = FINDINGS + "\u3000\u3000no-annual-plan: true\n"
    code, problems = _validate(djkh, tmp_path, body)
    assert (code, problems[-1]) == (
        1,
        "f.yaml:8:1: error: unknown key '\u3000\u3000no-annual-plan': full-width spaces '\u3000' "
        "before it: indent with half-width spaces (switch the input method to 半角) [DJ201]",
    )


OFFICE_FIX = (
    "not a YAML text file: djkh cannot read it; write the findings in a YAML file: djkh init "
    "--rubric ID@VERSION --unit UNIT --year YEAR -o FILE.yaml writes one to fill in [DJ008]"
)


def _xlsx() -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "单位"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100


@pytest.mark.parametrize(
    ("name", "content", "document"),
    [
        ("市教育局.docx", _docx, "a Word document (docx)"),
        ("市教育局.xls", lambda: OLE, "an Excel workbook (xls)"),
        ("市教育局.doc", lambda: OLE, "a Word document (doc)"),
        ("市教育局.pdf", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
    ],
)
def test_an_office_file_is_named_with_what_to_do(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name, content, document
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(content())
    run = djkh("score", name)
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr == (
        f"{name}: error: this is {document}, {OFFICE_FIX}\nchecked 1 file: 1 error in 1 file\n"
    )


NOT_A_FORM = (
    "error: this is an Excel workbook, but not a djkh findings form: djkh reads the workbooks "
    "djkh init --format xlsx writes; write one with djkh init --rubric ID@VERSION --unit UNIT "
    "--year YEAR --format xlsx -o FILE.xlsx, or write the findings in YAML [DJ008]"
)


@pytest.mark.parametrize("name", ["市教育局.xlsx", "市教育局.yaml"])
def test_a_workbook_djkh_did_not_write_is_named_with_what_to_do(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(_xlsx())
    run = djkh("score", name)
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr == f"{name}: {NOT_A_FORM}\nchecked 1 file: 1 error in 1 file\n"


def test_an_office_file_in_chinese(djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "市教育局.xlsx").write_bytes(_xlsx())
    run = djkh("--lang", "zh", "score", "市教育局.xlsx")
    assert (run.code, run.stderr) == (
        1,
        "市教育局.xlsx: 错误: 这是 Excel 工作簿，但不是 djkh 考核记录表：djkh 只读取 djkh init "
        "--format xlsx 生成的工作簿；请用 djkh init --rubric ID@版本 --unit 单位 --year 年度 "
        "--format xlsx -o 文件.xlsx 生成一份，或把考核记录写在 YAML 文件中 [DJ008]\n"
        "已检查 1 个文件：1 个文件中有 1 个错误\n",
    )


EXAMPLE_RUBRICS = Path(__file__).resolve().parents[2] / "examples" / "rubric"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["show", "wenzhou"],
            "wenzhou: error: no rubric 'wenzhou': name a rubric as id@version; "
            "did you mean wenzhou-jiguan@2007? (the only rubric found) [DJ401]",
        ),
        (
            ["show", "wenzhou-jiguan"],
            "wenzhou-jiguan: error: no rubric 'wenzhou-jiguan': name a rubric as id@version; "
            "did you mean wenzhou-jiguan@2007? (the only rubric found) [DJ401]",
        ),
        (
            ["show", "wenzhou-jiguan@2006"],
            "wenzhou-jiguan@2006: error: no rubric wenzhou-jiguan@2006 found (looked in djkh's "
            "bundled rubrics); did you mean wenzhou-jiguan@2007? (the only rubric found) [DJ401]",
        ),
        (
            ["show", "qiye", "--rubric-dir", str(EXAMPLE_RUBRICS)],
            "qiye: error: no rubric 'qiye': name a rubric as id@version; did you mean "
            "example-qiye@2026? (rubrics found: example-jidu@2026, example-jiedao@2025, "
            "example-jiedao@2026, example-paiming@2026, "
            "example-qiye@2026, example-xian@2025, example-zhen@2026, "
            "wenzhou-jiguan@2007, wenzhou-jiguan@2008) [DJ401]",
        ),
        (
            ["show", "zhejiang"],
            "zhejiang: error: no rubric 'zhejiang': name a rubric as id@version; "
            "rubrics found: wenzhou-jiguan@2007 [DJ401]",
        ),
        (
            ["init", "--rubric", "wenzhou", "--unit", "甲", "--year", "2025"],
            "wenzhou: error: no rubric 'wenzhou': name a rubric as id@version; "
            "did you mean wenzhou-jiguan@2007? (the only rubric found) [DJ401]",
        ),
    ],
)
def test_a_rubric_named_without_its_version_lists_the_rubrics(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    run = djkh(*args)
    # A name that matched no rubric read no file: no `checked 1 file` line under it.
    assert (run.code, run.stdout, run.stderr) == (1, "", expected + "\n")


RUBRIC = """kind: rubric
id: test-r
version: {version}
title: 测试
total: {total}
sections:
  - id: s
    title: 部分
    score: 10
    items:
      - id: plan
        title: 计划
        score: {score}
        rules:
{rules}"""


def _rubric_problems(djkh, tmp_path: Path, rules: str, **fields: str) -> tuple[int, list[str]]:
    values = {"version": '"1"', "total": "10", "score": "10", "rules": rules, **fields}
    (tmp_path / "r.yaml").write_text(RUBRIC.format(**values), encoding="utf-8")
    run = djkh("validate", "--strict", str(tmp_path / "r.yaml"))
    lines = [line.replace(str(tmp_path / "r.yaml"), "r.yaml") for line in run.stdout.splitlines()]
    return run.code, lines[:-1]


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        ("{id: a, text: 无年度学习计划扣2分, deduct: 3}", ["扣2分", "3"]),
        ("{id: a, text: 未总结扣两分, deduct: 3}", ["扣两分", "3"]),
        ("{id: a, text: 迟报扣半分, deduct: 1}", ["扣半分", "1"]),
        ("{id: a, text: 每缺一次扣2分，最多扣6分, kind: count, deduct: 3, cap: 6}", ["扣2分", "3"]),
        ("{id: a, text: 视情况扣1-3分, deduct: 4}", ["扣1-3分", "4"]),
    ],
)
def test_a_rule_whose_text_states_another_amount_is_warned(
    djkh, tmp_path: Path, rule: str, said: list[str]
) -> None:
    code, problems = _rubric_problems(djkh, tmp_path, f"          - {rule}\n")
    assert code == 1
    assert [p.split(": ", 1)[1] for p in problems] == [
        f"warning: the text of rule 'a' says '{said[0]}', but 'deduct' is {said[1]}: correct the "
        "text or 'deduct' so they agree [DJ507]"
    ]


@pytest.mark.parametrize(
    "rule",
    [
        "{id: a, text: 无年度学习计划扣2分, deduct: 2}",
        "{id: a, text: 未总结扣两分, deduct: 2}",
        "{id: a, text: 每缺一次扣2分，最多扣6分, kind: count, deduct: 2, cap: 6}",
        "{id: a, text: 视情况扣1-3分, deduct: 2}",
        "{id: a, text: 发现问题的，按情况处理, deduct: 2}",
    ],
)
def test_a_rule_whose_text_agrees_passes_strict(djkh, tmp_path: Path, rule: str) -> None:
    assert _rubric_problems(djkh, tmp_path, f"          - {rule}\n") == (0, [])


def test_a_rubric_authors_first_run_shows_every_problem(djkh, tmp_path: Path) -> None:
    rules = (
        "          - {id: a, text: 无计划扣2分, deduct: 2}\n"
        "          - {id: a, text: 无总结扣2分, deduct: 2, required: 3}\n"
        "          - {id: b, titel: x, text: 无记录扣2分, deduct: 2}\n"
    )
    code, problems = _rubric_problems(djkh, tmp_path, rules, version="2025", total="100", score="8")
    assert code == 1
    assert problems == [
        'r.yaml:3:10: error: version: must be quoted text: write version: "2025" (unquoted, YAML '
        "reads it as a number, and 1.10 would become 1.1) [DJ203]",
        "r.yaml:5:8: error: the sections add up to 10, not the total 100: correct a section's "
        "score or the total [DJ303]",
        "r.yaml:9:12: error: the items of section 's' add up to 8, not its score 10: correct an "
        "item's score or the section's score [DJ302]",
        "r.yaml:16:18: error: rule id 'a' is already used at line 15: ids must be unique [DJ301]",
        "r.yaml:16:46: error: 'required' is for shortfall rules, but rule 'a' is flat: remove "
        "'required' or change 'kind' [DJ304]",
        "r.yaml:17:21: error: unknown key 'titel'; expected one of: above, add, bands, bars, "
        "below, better, cap, cumulative, deduct, extra, id, kind, ... [DJ201]",
    ]


def test_a_bad_score_still_stops_the_checks_that_need_it(djkh, tmp_path: Path) -> None:
    rules = "          - {id: a, text: 无计划扣2分, deduct: 2}\n"
    code, problems = _rubric_problems(djkh, tmp_path, rules, score="八", total="100")
    assert (code, len(problems)) == (1, 1)
    assert problems[0].startswith("r.yaml:13:16: error: score: expected a number")


def test_a_percentage_written_as_a_fraction_is_warned(djkh, tmp_path: Path) -> None:
    body = "  work-style:\n    findings:\n      community-registration: 0.86\n"
    code, problems = _validate(djkh, tmp_path, body)
    assert (code, problems[-1]) == (
        0,
        "f.yaml:8:31: warning: rule 'community-registration' is in % with the limit 90, but "
        "the value 0.86 looks like a fraction: write 86 if 86% was meant [DJ506]",
    )
    code, problems = _validate(djkh, tmp_path, body.replace("0.86", "86"))
    assert [p for p in problems if "DJ506" in p] == []


@pytest.mark.parametrize(
    ("name", "content", "document"),
    [
        ("市教育局.xls", lambda: OLE, "一个 Excel 工作簿（xls）"),
        ("市教育局.pdf", lambda: b"%PDF-1.7\n", "一份 PDF 文档"),
    ],
)
def test_an_office_file_is_named_in_spaced_chinese(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name, content, document
) -> None:
    """这是一个 Excel 工作簿: a space between Chinese and the Latin name, as everywhere else."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(content())
    run = djkh("--lang", "zh", "score", name)
    assert run.stderr.startswith(f"{name}: 错误: 这是{document}，不是 YAML 文本文件：")
