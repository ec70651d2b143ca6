"""djkh's .mo reader against gettext's on made catalogs, and a damaged catalog never a crash."""

from __future__ import annotations

import gettext
import io
import struct
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.mofile import write_mo

from djkh import i18n

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
    catalog = BabelCatalog(locale=locale)
    for message_id, string in MESSAGES.items():
        catalog.add(message_id, string)
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
    asked = [key if isinstance(key, str) else key[0] for key in MESSAGES]
    for message in asked + ASKED:
        assert ours.gettext(message) == theirs.gettext(message), message
    plurals = [key for key in MESSAGES if isinstance(key, tuple)]
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
