"""Chinese and English: complete catalogs, the language each run picks, click's own messages."""

from __future__ import annotations

import gettext
import io
import os
import re
import string
import struct
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from djkh import i18n
from tests.conftest import EXAMPLES, REPO
from tools.messages import extract_python

SOURCE = REPO / "src" / "djkh"
JIA = str(EXAMPLES / "示例局甲.yaml")


def _catalog(language: str) -> Catalog:
    with (Path(i18n.LOCALE_DIR) / language / "LC_MESSAGES" / "djkh.po").open("rb") as handle:
        return read_po(handle, locale=language)


CATALOGS = {language: _catalog(language) for language in i18n.LANGUAGES}


def _messages_in_code() -> list[tuple[str, int, str | tuple[str, ...]]]:
    found = extract_from_dir(SOURCE, [("**.py", extract_python)], keywords=DEFAULT_KEYWORDS)
    return [(filename, line, message) for filename, line, message, _c, _x in found]


def _strings(message: Message) -> tuple[str, ...]:
    text = message.string
    return tuple(text) if isinstance(text, (list, tuple)) else (text,)


def _fields(text: str) -> set[str]:
    """The {name} placeholders of a str.format template, and %(name)s ones."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:  # not a template (PyYAML's own words, with a lone brace)
        parsed = []
    names = {field for _lit, field, _spec, _conv in parsed if field}
    return names | set(re.findall(r"%\((\w+)\)", text))


def test_the_code_has_messages() -> None:
    assert len(_messages_in_code()) > 300


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_message_in_the_code_is_translated(language: str) -> None:
    catalog = CATALOGS[language]
    missing = []
    for filename, line, message in _messages_in_code():
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        if entry is None or entry.fuzzy or not all(_strings(entry)):
            missing.append(f"src/djkh/{filename}:{line}: {key!r}")
    hint = f"untranslated in {language} (run tools/catalogs.py extract):\n"
    assert missing == [], hint + "\n".join(missing)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_translations_keep_every_placeholder(language: str) -> None:
    wrong = []
    for message in CATALOGS[language]:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        wanted = set().union(*(_fields(text) for text in ids))
        for text in _strings(message):
            if not _fields(text) <= wanted or (len(ids) == 1 and _fields(text) != wanted):
                wrong.append(f"{ids[0]!r} -> {text!r}")
    assert wrong == []


def _messages_and_plurals(mo_file: io.BufferedIOBase | io.BytesIO) -> tuple[object, ...]:
    """What a compiled catalog tells gettext: its messages and plural rule, not who made it."""
    translations = gettext.GNUTranslations(mo_file)
    catalog = dict(translations._catalog)  # type: ignore[attr-defined]
    header = catalog.pop("")
    plural_forms = [line for line in header.splitlines() if line.startswith("Plural-Forms:")]
    return catalog, plural_forms, translations.charset()


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_shipped_catalog_is_compiled_from_the_po_file(language: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, CATALOGS[language], use_fuzzy=False)
    compiled.seek(0)
    shipped = Path(i18n.LOCALE_DIR) / language / "LC_MESSAGES" / "djkh.mo"
    with shipped.open("rb") as handle:
        assert _messages_and_plurals(handle) == _messages_and_plurals(compiled), (
            "run: python tools/catalogs.py compile"
        )


def _shipped(language: str) -> str:
    return str(Path(i18n.LOCALE_DIR) / language / "LC_MESSAGES" / "djkh.mo")


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_catalog_reader_answers_as_gettext_does(language: str) -> None:
    """djkh.i18n.Catalog finds each message by bisection: every message of the catalog, plural
    forms for several counts, and messages it lacks, answered as gettext answers them."""
    with open(_shipped(language), "rb") as handle:
        expected = gettext.GNUTranslations(handle)
    catalog = i18n.Catalog(_shipped(language))
    asked = 0
    for message in CATALOGS[language]:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id[0], message.id[1]
            for n in range(4):
                got = catalog.ngettext(singular, plural, n)
                assert got == expected.ngettext(singular, plural, n), (singular, n)
            # A plural's singular alone: its form for 1, as gettext gives it since Python 3.11
            # (3.10's gave the English); djkh's reader answers alike on every Python.
            assert catalog.gettext(singular) == expected.ngettext(singular, plural, 1), singular
        else:
            assert catalog.gettext(message.id) == expected.gettext(message.id), message.id
        asked += 1
    assert asked > 900
    for lacking in ("", "zzz no such message", "Subtotal ", "a\0b"):
        assert catalog.gettext(lacking) == expected.gettext(lacking)
        assert catalog.ngettext(lacking, "many", 2) == expected.ngettext(lacking, "many", 2)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_shipped_catalog_is_sorted_for_bisection(language: str) -> None:
    data = Path(_shipped(language)).read_bytes()

    def number(at: int) -> int:
        return int.from_bytes(data[at : at + 4], "little")

    count, table = number(8), number(12)
    ids = [
        data[number(table + 8 * i + 4) : number(table + 8 * i + 4) + number(table + 8 * i)]
        for i in range(count)
    ]
    texts = [raw.decode("utf-8") for raw in ids]
    assert all(a < b for a, b in pairwise(texts))


def test_the_catalog_reader_refuses_what_is_no_catalog(tmp_path: Path) -> None:
    (tmp_path / "x.mo").write_bytes(b"not a catalog at all")
    with pytest.raises(OSError, match=r"^not a compiled gettext catalog$"):
        i18n.Catalog(str(tmp_path / "x.mo"))


def test_messages_inside_f_strings_are_found() -> None:
    source = b'x = f"<p>{escape(_(\'No item lost points.\'))}</p>" + ngettext("a", "as", n)\n'
    found = [
        (name, message) for _l, name, message, _c in extract_python(io.BytesIO(source), (), (), {})
    ]
    assert sorted(found) == [("_", "No item lost points."), ("ngettext", ("a", "as"))]


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        (None, {}, "zh"),
        ("en", {"DJKH_LANG": "zh"}, "en"),
        ("fr", {"DJKH_LANG": "en"}, "en"),
        (None, {"DJKH_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_GB.UTF-8"}, "zh"),
        (None, {"LANG": "en_GB.UTF-8"}, "en"),
        (None, {"LANG": "zh_CN.GB18030"}, "zh"),
        (None, {"LANG": "C.UTF-8"}, "zh"),
        (None, {"LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        (None, {"DJKH_LANG": "", "LANG": "zh-Hans"}, "zh"),
    ],
)
def test_the_language_is_chosen_in_order(
    option: str | None, environ: dict[str, str], expected: str
) -> None:
    assert i18n.choose_language(option, environ) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["score", "--lang", "en", "x.yaml"], "en"),
        (["--lang=zh", "score"], "zh"),
        (["--lang", "zh", "score", "--lang", "en"], "en"),
        (["score", "--", "--lang", "en"], None),
        (["score", "--lang"], None),
    ],
)
def test_lang_is_found_anywhere_on_the_command_line(args: list[str], expected: str | None) -> None:
    assert i18n.language_option(args) == expected


@pytest.mark.parametrize(
    ("env", "usage"),
    [
        ({"DJKH_LANG": None}, "用法："),
        ({"DJKH_LANG": None, "LANG": "en_US.UTF-8"}, "Usage:"),
        ({"DJKH_LANG": None, "LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "用法："),
        ({"DJKH_LANG": "en", "LANG": "zh_CN.UTF-8"}, "Usage:"),
    ],
)
def test_the_environment_picks_the_language(djkh, env: dict[str, str | None], usage: str) -> None:
    run = djkh("--help", env=env)
    assert run.code == 0
    assert run.stdout.startswith(f"{usage} djkh [OPTIONS] COMMAND [ARGS]...\n")


def test_click_errors_are_translated(djkh) -> None:
    run = djkh("--lang", "zh", "nosuch")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        "用法： djkh [OPTIONS] COMMAND [ARGS]...\n"
        "运行 'djkh --help' 查看帮助。\n\n"
        "错误：没有命令 'nosuch'。\n"
    )


def test_an_unknown_language_is_refused_in_the_language_of_the_environment(djkh) -> None:
    run = djkh("--lang", "fr", "score", JIA, env={"DJKH_LANG": "zh"})
    assert run.code == 2
    assert run.stderr.endswith("错误：'--lang' 的值无效：'fr' 不是 'zh', 'en' 之一。\n")


def test_one_process_switches_languages_run_by_run(djkh) -> None:
    chinese = djkh("--lang", "zh", "score", JIA)
    english = djkh("--lang", "en", "score", JIA)
    assert "单位：示例局甲" in chinese.stdout and "Unit: 示例局甲" in english.stdout
    assert djkh("--lang", "zh", "score", "--help").stdout.endswith("显示此帮助并退出。\n")
    assert djkh("--lang", "en", "score", "--help").stdout.endswith("Show this message and exit.\n")


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        ("zh", ("用法： djkh [OPTIONS] COMMAND [ARGS]...", "  -h, --help      显示此帮助并退出。")),
        (
            "en",
            (
                "Usage: djkh [OPTIONS] COMMAND [ARGS]...",
                "  -h, --help      Show this message and exit.",
            ),
        ),
    ],
)
def test_djkh_alone_shows_the_help_in_the_language_chosen(
    djkh, language: str, lines: tuple[str, str]
) -> None:
    """click shows the help of a bare `djkh` without reading its --help option: the texts are
    translated all the same."""
    run = djkh(env={"DJKH_LANG": language})
    assert run.code == 2
    shown = (run.stdout + run.stderr).splitlines()
    assert (shown[0], lines[1] in shown) == (lines[0], True)


def test_a_message_looked_up_once_follows_the_language() -> None:
    before = i18n.current_language()
    try:
        i18n.use("zh")
        assert (i18n._("Subtotal"), i18n._("Subtotal")) == ("小计", "小计")
        i18n.use("en")
        assert i18n._("Subtotal") == "Subtotal"
    finally:
        i18n.use(before)


def test_a_plural_looked_up_once_follows_the_language() -> None:
    before = i18n.current_language()
    one, many = "{n} invalid ballot, not counted", "{n} invalid ballots, not counted"
    try:
        i18n.use("zh")
        chinese = i18n.ngettext(one, many, 2)
        assert chinese == i18n.ngettext(one, many, 2) and chinese not in (one, many)
        i18n.use("en")
        assert (i18n.ngettext(one, many, 2), i18n.ngettext(one, many, 1)) == (many, one)
    finally:
        i18n.use(before)


def test_rubric_content_is_shown_as_written(djkh) -> None:
    english = djkh("--lang", "en", "score", JIA).stdout
    assert "1. 坚持把思想政治建设放在首位" in english
    assert "Note: 年终总结已补交" in english


@pytest.mark.slow
def test_a_pipe_gets_utf8_whatever_its_default_encoding(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "DJKH_LANG": "zh", "COLUMNS": "120"}
    done = subprocess.run(
        [sys.executable, "-m", "djkh", "score", JIA, "--rubric", "/nonexistent.yaml"],
        capture_output=True,
        env=env,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert done.stderr.decode("utf-8").startswith("/nonexistent.yaml: 错误: 没有这个文件")
    shown = subprocess.run(
        [sys.executable, "-m", "djkh", "score", JIA],
        capture_output=True,
        env=env,
        check=False,
    )
    assert shown.returncode == 0
    assert "单位：示例局甲" in shown.stdout.decode("utf-8")


# djkh's .mo reader against gettext's on made catalogs; a damaged catalog is never a crash.
PLURAL = ("{n} file checked", "{n} files checked")
MESSAGES: dict[str | tuple[str, str], str | tuple[str, ...]] = {
    "Subtotal": "小计",
    "Subtotal of {section}": "{section}小计",
    "Total": "总计",
    "证据：{evidence}": "Evidence: {evidence}",  # a msgid not in ASCII, sorted by its bytes
    "« quoted »": "「引用」",
    PLURAL: ("检查了 {n} 个文件", "checked {n} files"),
    ("{n} item", "{n} items"): ("{n} 项", "{n} items", "third"),
    "Evidence": "证据",
}
ASKED = ["", "Subtot", "Subtotal ", "Totals", "zzz", "证据", "证据：{evidence}x", "{n} file"]
COUNTS = (0, 1, 2, 3, 5, 11, 21, 101, 1000001)


def _mo(locale: str, plural_forms: str | None = None) -> bytes:
    catalog = Catalog(locale=locale)
    for message_id, translated in MESSAGES.items():
        catalog.add(message_id, translated)
    if plural_forms is not None:
        catalog._num_plurals, catalog._plural_expr = plural_forms.split("|")
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _big_endian(data: bytes) -> bytes:
    """The same catalog with every number written most significant byte first."""
    count, ids, strings = struct.unpack_from("<3I", data, 8)
    swapped = bytearray(data)
    words = [(0, 7), (ids, 2 * count), (strings, 2 * count)]
    for start, length in words:
        values = struct.unpack_from(f"<{length}I", data, start)
        struct.pack_into(f">{length}I", swapped, start, *values)
    assert swapped[:4] == b"\x95\x04\x12\xde"
    return bytes(swapped)


def _both(tmp_path: Path, data: bytes) -> tuple[i18n.Catalog, gettext.GNUTranslations]:
    path = tmp_path / "djkh.mo"
    path.write_bytes(data)
    return i18n.Catalog(str(path)), gettext.GNUTranslations(io.BytesIO(data))


@pytest.mark.parametrize("order", ["little", "big"])
@pytest.mark.parametrize(
    ("locale", "plural_forms"),
    [("zh", None), ("en", None), ("ru", None), ("en", "2|(n > 1)"), ("zh", "2|(n != 1)")],
)
def test_a_made_catalog_answers_as_gettext_does(
    tmp_path: Path, order: str, locale: str, plural_forms: str | None
) -> None:
    data = _mo(locale, plural_forms)
    ours, theirs = _both(tmp_path, data if order == "little" else _big_endian(data))
    for message in [key for key in MESSAGES if isinstance(key, str)] + ASKED:
        assert ours.gettext(message) == theirs.gettext(message), message
    plurals = [key for key in MESSAGES if isinstance(key, tuple)]
    for singular, plural in plurals:  # alone: its form for 1, as on Python 3.11 and later
        assert ours.gettext(singular) == theirs.ngettext(singular, plural, 1), singular
    for singular, plural in [*plurals, ("Subtotal", "Subtotals"), ("none", "nones")]:
        for n in COUNTS:
            got = ours.ngettext(singular, plural, n)
            assert got == theirs.ngettext(singular, plural, n), (singular, n)


def test_the_header_and_the_plural_rules_are_the_catalogs(tmp_path: Path) -> None:
    zh, _theirs = _both(tmp_path, _mo("zh"))
    assert "Plural-Forms: nplurals=1; plural=0;" in zh.gettext("")
    assert [zh.ngettext(*PLURAL, n) for n in (0, 1, 2)] == ["检查了 {n} 个文件"] * 3
    en, _theirs = _both(tmp_path, _mo("en"))
    assert [en.ngettext(*PLURAL, n) for n in (0, 1, 2)] == [
        "checked {n} files",
        "检查了 {n} 个文件",
        "checked {n} files",
    ]
    assert en.ngettext("absent", "absents", 1) == "absent"
    assert en.ngettext("absent", "absents", 0) == "absents"


def test_a_rule_beyond_the_forms_falls_back_to_the_english_as_gettext_does(tmp_path: Path) -> None:
    """gettext finds no form where the rule's index has none: the English, never an IndexError."""
    ours, theirs = _both(tmp_path, _mo("zh", "3|(n == 1 ? 2 : n - 5)"))
    for n in (0, 1, 2, 4, 5, 6, 7):
        assert ours.ngettext(*PLURAL, n) == theirs.ngettext(*PLURAL, n), n
    assert ours.gettext(PLURAL[0]) == theirs.gettext(PLURAL[0]) == PLURAL[0]
    assert ours.ngettext(*PLURAL, 2) == PLURAL[1]  # the rule says -3: no form


def _damaged() -> dict[str, bytes]:
    good = _mo("zh")
    count, ids, strings = struct.unpack_from("<3I", good, 8)
    _length, last_start = struct.unpack_from("<2I", good, strings + 8 * (count - 1))
    beyond = bytearray(good)
    struct.pack_into("<I", beyond, strings + 8 * (count - 1), len(good))
    not_utf8 = bytearray(good)
    not_utf8[last_start] = 0xFF
    version = bytearray(good)
    struct.pack_into("<I", version, 4, 7 << 16)
    tables = bytearray(good)
    struct.pack_into("<I", tables, 8, 10**6)
    bad_rule = _mo("zh", "1|n +* 2")
    return {
        "empty": b"",
        "magic only": good[:4],
        "header cut": good[:20],
        "tables cut": good[: ids + 12],
        "texts cut": good[: len(good) - 10],
        "a text beyond the end": bytes(beyond),
        "a text not UTF-8": bytes(not_utf8),
        "version 7": bytes(version),
        "a million messages": bytes(tables),
        "a Plural-Forms that is no rule": bad_rule,
        "text": b"Plural-Forms: nplurals=1; plural=0;\n" * 4,
    }


@pytest.mark.parametrize("damage", list(_damaged()))
def test_a_damaged_catalog_is_refused_with_catalog_error_only(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "djkh.mo"
    path.write_bytes(_damaged()[damage])
    with pytest.raises(i18n.CatalogError):
        catalog = i18n.Catalog(str(path))
        for message in [*(k if isinstance(k, str) else k[0] for k in MESSAGES), *ASKED]:
            catalog.gettext(message)
            catalog.ngettext(message, "many", 2)


def test_every_truncation_of_a_catalog_reads_or_is_refused(tmp_path: Path) -> None:
    good = _mo("zh")
    path = tmp_path / "djkh.mo"
    for size in range(len(good)):
        path.write_bytes(good[:size])
        try:
            catalog = i18n.Catalog(str(path))
            for message in ["Total", "Subtotal", "证据：{evidence}", "zzz"]:
                catalog.gettext(message)
            catalog.ngettext(*PLURAL, 2)
        except i18n.CatalogError:
            continue


FIRST_DAMAGE = {  # the first question to meet each damage, and its English answer
    "empty": (lambda: i18n._("Total"), "Total"),
    "a text not UTF-8": (lambda: i18n._("证据：{evidence}"), "证据：{evidence}"),
    "a Plural-Forms that is no rule": (lambda: i18n.ngettext(*PLURAL, 2), PLURAL[1]),
}


@pytest.mark.parametrize("damage", list(FIRST_DAMAGE))
def test_a_damaged_catalog_leaves_djkh_in_english_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    """A damage is found where the reader meets it: from that question on, English, said once."""
    folder = tmp_path / "zh" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "djkh.mo").write_bytes(_damaged()[damage])
    monkeypatch.setattr(i18n, "LOCALE_DIR", str(tmp_path))
    monkeypatch.setattr(i18n, "_catalogs", {})
    ask, english = FIRST_DAMAGE[damage]
    i18n.use("zh")
    try:
        shown = [ask(), i18n._("Total"), i18n.ngettext(*PLURAL, 1), i18n.ngettext(*PLURAL, 2)]
    finally:
        i18n.use("en")
    assert shown == [english, "Total", PLURAL[0], PLURAL[1]]
    reason = {
        "empty": "not a compiled gettext catalog",
        "a text not UTF-8": "a message is not UTF-8 (invalid start byte)",
        "a Plural-Forms that is no rule": "its Plural-Forms cannot be read",
    }[damage]
    assert capsys.readouterr().err == (
        f"djkh: warning: cannot read the message catalog {folder / 'djkh.mo'}: {reason}; "
        "messages are shown in English\n"
    )


def test_a_missing_catalog_leaves_djkh_in_english_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", str(tmp_path))
    monkeypatch.setattr(i18n, "_catalogs", {})
    i18n.use("zh")
    try:
        shown = i18n._("Total")
    finally:
        i18n.use("en")
    assert shown == "Total"
    path = tmp_path / "zh" / "LC_MESSAGES" / "djkh.mo"
    assert capsys.readouterr().err == (
        f"djkh: warning: cannot read the message catalog {path}: No such file or directory; "
        "messages are shown in English\n"
    )
