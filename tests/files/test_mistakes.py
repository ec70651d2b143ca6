"""The mistakes people make typing YAML, explained where they were made, by either parser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from djkh.files import loader
from djkh.files.loader import load_text
from djkh.files.syntax import complaint

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
    assert loaded.value is None
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
            "      no-annual-plan：\n      no-annual-summary: false\n",
            "f.yaml:8:21: error: YAML syntax error: full-width colon '：' after 'no-annual-plan': "
            "write a half-width colon, 'no-annual-plan:' [DJ101]",
            id="full-width-colon-empty-value",
        ),
        pytest.param(
            "      no-annual-plan:\u3000true\n      no-annual-summary: false\n",
            "f.yaml:8:22: error: YAML syntax error: full-width space '\u3000' after the ':' of "
            "'no-annual-plan': write a half-width space, 'no-annual-plan: true' [DJ101]",
            id="full-width-space-after-colon",
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
