"""The mistakes people make typing YAML, explained where they were made, by either parser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from djkh import loader
from djkh.loader import load_text
from djkh.syntax import complaint

HEAD = "kind: findings\nrubric: wenzhou-jiguan@2007\nunit: 甲\nyear: 2025\nitems:\n"
FINDINGS = "  political-study:\n    findings:\n"
PARSERS = [
    pytest.param(yaml.SafeLoader, id="pyyaml"),
    pytest.param(getattr(yaml, "CSafeLoader", yaml.SafeLoader), id="libyaml"),
]


@pytest.fixture(params=PARSERS)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the test with PyYAML's pure-Python parser, then with libyaml's."""
    monkeypatch.setattr(loader, "_LOADER", request.param)


def _problem(body: str) -> str:
    loaded = load_text(HEAD + FINDINGS + body, "f.yaml")
    assert loaded.document is None
    (problem,) = loaded.problems
    return str(problem)


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "      no-annual-plan： true\n      # 注释\n      no-annual-summary: false\n",
            "f.yaml:8:21: error: YAML syntax error: full-width colon '：' after 'no-annual-plan': "
            "write a half-width colon and a space, 'no-annual-plan: true' [DJ101]",
            id="full-width-colon",
        ),
        pytest.param(
            "\u3000\u3000\u3000\u3000\u3000\u3000no-annual-plan: true\n"
            "      # 注释\n      no-annual-summary: false\n",
            "f.yaml:8:1: error: YAML syntax error: full-width space '\u3000' (U+3000) in the "
            "indentation: indent with half-width spaces (switch the input method to 半角) [DJ101]",
            id="full-width-spaces",
        ),
        pytest.param(
            "      no-annual-plan true\n      # 注释\n      no-annual-summary: false\n",
            "f.yaml:8:21: error: YAML syntax error: missing ':' after 'no-annual-plan': "
            "write 'no-annual-plan: true' [DJ101]",
            id="missing-colon",
        ),
        pytest.param(
            "      no-annual-plan:true\n      no-annual-summary: false\n",
            "f.yaml:8:22: error: YAML syntax error: no space after the ':' of 'no-annual-plan': "
            "write 'no-annual-plan: true' [DJ101]",
            id="missing-space",
        ),
        pytest.param(
            "        no-annual-plan: true\n      # 注释\n      no-annual-summary: false\n"
            "      study-days: 12\n",
            "f.yaml:8:9: error: YAML syntax error: this line is indented 8 spaces, but line 10, "
            "in the same mapping, 6: indent the keys of one mapping alike [DJ101]",
            id="first-key-too-deep",
        ),
        pytest.param(
            "     no-annual-plan: true\n      no-annual-summary: false\n      study-days: 3\n",
            "f.yaml:8:6: error: YAML syntax error: this line is indented 5 spaces, but line 9, "
            "in the same mapping, 6: indent the keys of one mapping alike [DJ101]",
            id="first-key-too-shallow",
        ),
        pytest.param(
            "      no-annual-plan: true\n        no-annual-summary: true\n      study-days: 3\n",
            "f.yaml:9:9: error: YAML syntax error: this line is indented 8 spaces, but line 8, "
            "in the same mapping, 6: indent the keys of one mapping alike [DJ101]",
            id="later-key-too-deep",
        ),
        pytest.param(
            "      no-annual-plan: true\n     no-annual-summary: true\n      study-days: 3\n",
            "f.yaml:9:6: error: YAML syntax error: this line is indented 5 spaces, but line 8, "
            "in the same mapping, 6: indent the keys of one mapping alike [DJ101]",
            id="later-key-too-shallow",
        ),
        pytest.param(
            "      low-attendance: {value: 1, evidence: 签到表: 75%}\n",
            "f.yaml:8:44: error: YAML syntax error: the text after 'evidence:' holds ': ', which "
            'YAML reads as another key: put the text in quotes, evidence: "签到表: 75%" [DJ101]',
            id="colon-in-flow-evidence",
        ),
        pytest.param(
            "      low-attendance:\n        value: 1\n        evidence: 签到表: 75%\n",
            "f.yaml:10:19: error: YAML syntax error: the text after 'evidence:' holds ': ', which "
            'YAML reads as another key: put the text in quotes, evidence: "签到表: 75%" [DJ101]',
            id="colon-in-block-evidence",
        ),
        pytest.param(
            "      low-attendance: {value: 1， evidence: 签到表}\n",
            "f.yaml:8:32: error: YAML syntax error: full-width comma '，' between two entries: "
            "write a half-width comma ',' [DJ101]",
            id="full-width-comma",
        ),
        pytest.param(
            "      low-attendance: {value: 1, evidence: 签到表\n",
            "f.yaml:8:23: error: YAML syntax error: the '{' here is not closed: end it with '}' "
            "on the same line [DJ101]",
            id="unclosed-brace",
        ),
        pytest.param(
            "\tno-annual-plan: true\n",
            "f.yaml:8:1: error: YAML syntax error: a tab in the indentation: YAML does not allow "
            "tabs for indentation: indent with spaces [DJ101]",
            id="tab",
        ),
        pytest.param(
            '      low-attendance: {value: 1, evidence: "a\\qb"}\n',
            "f.yaml:8:46: error: YAML syntax error: a '\\' in double quotes starts an escape that "
            "YAML does not know: write '\\\\' for a backslash, or use single quotes [DJ101]",
            id="unknown-escape",
        ),
    ],
)
def test_a_slip_is_reported_where_it_was_made(body: str, expected: str) -> None:
    assert _problem(body) == expected


def test_full_width_colon_in_chinese(parser: None, chinese: None) -> None:
    from djkh import i18n

    i18n.use("zh")
    assert _problem("      no-annual-plan： true\n      no-annual-summary: false\n") == (
        "f.yaml:8:21: 错误: YAML 语法错误：'no-annual-plan' 后面是全角冒号 '：'：请改为半角冒号加"
        "空格，写作 'no-annual-plan: true' [DJ101]"
    )


def test_a_full_width_colon_in_a_value_is_text() -> None:
    loaded = load_text(HEAD + "  political-study:\n    note: 年终总结：已补交\n", "f.yaml")
    assert loaded.problems == ()


def _pyyaml_problems() -> set[str]:
    """Every problem PyYAML's scanner and parser can report, `%r` parts filled in."""
    folder = Path(yaml.__file__).parent
    found = set()
    for name in ("scanner.py", "parser.py"):
        source = (folder / name).read_text(encoding="utf-8")
        for text in re.findall(r'"((?:expected|found|could|mapping|sequence|did)[^"]*)"', source):
            found.add(text.replace("%r", "'x'").replace("%d", "2"))
    return found


# libyaml's problems, as its scanner, parser and reader word them (libyaml 0.2.5).
LIBYAML_PROBLEMS = (
    "block sequence entries are not allowed in this context",
    "control characters are not allowed",
    "could not find expected ':'",
    "could not find expected directive name",
    "did not find URI escaped octet",
    "did not find expected '!'",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
    "did not find expected '-' indicator",
    "did not find expected <document start>",
    "did not find expected alphabetic or numeric character",
    "did not find expected comment or line break",
    "did not find expected digit or '.' character",
    "did not find expected hexdecimal number",
    "did not find expected key",
    "did not find expected node content",
    "did not find expected tag URI",
    "did not find expected version number",
    "did not find expected whitespace",
    "did not find expected whitespace or line break",
    "did not find the expected '>'",
    "found a tab character that violates indentation",
    "found a tab character where an indentation space is expected",
    "found an indentation indicator equal to 0",
    "found character that cannot start any token",
    "found duplicate %TAG directive",
    "found duplicate %YAML directive",
    "found extremely long version number",
    "found incompatible YAML document",
    "found invalid Unicode character escape code",
    "found undefined tag handle",
    "found unexpected ':'",
    "found unexpected document indicator",
    "found unexpected end of stream",
    "found unexpected non-alphabetical character",
    "found unknown directive name",
    "found unknown escape character",
    "mapping keys are not allowed in this context",
    "mapping values are not allowed in this context",
)


@pytest.mark.parametrize("problem", sorted(_pyyaml_problems()) + list(LIBYAML_PROBLEMS))
def test_every_parser_problem_is_translated(problem: str) -> None:
    said = complaint(problem)
    assert not said.startswith("invalid YAML"), said


def test_the_pyyaml_problems_were_found() -> None:
    assert len(_pyyaml_problems()) >= 30


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
