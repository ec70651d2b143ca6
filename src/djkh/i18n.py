"""The interface language: which one a run uses, and djkh's and click's messages in it.

Messages are written in English in the code and looked up in the compiled gettext catalogs
shipped in djkh/locale (made with Babel; see docs/translating.md), so nothing but the standard
library is needed at run time.
"""

from __future__ import annotations

import os
import sys
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
DOMAIN = "djkh"
# A plain string: pathlib (with urllib.parse) is more than `djkh --version` should import.
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")
# The locale variables, in the order POSIX gives them precedence for messages.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
# click's modules that translate their messages with gettext's module-level functions, as they
# are shown. Not click.decorators: its texts (the --help and --version options' help) are made
# before anything is shown, at every run, so they stay English and djkh.cli.translation
# translates them, with djkh's own help texts, when help is shown.
_CLICK_MODULES = (
    "core",
    "exceptions",
    "formatting",
    "parser",
    "shell_completion",
    "termui",
    "types",
)

_MO_MAGIC: dict[bytes, Literal["little", "big"]] = {
    b"\xde\x12\x04\x95": "little",
    b"\x95\x04\x12\xde": "big",
}


class CatalogError(OSError):
    """A message catalog that is no compiled gettext catalog, or a damaged one."""


class Catalog:
    """A compiled gettext catalog (.mo), each message found by bisection when it is asked for.

    gettext's GNUTranslations decodes the whole catalog first, about 2 ms of every run that shows
    a message, for the few dozen a run shows. Babel writes the messages sorted (a test checks the
    catalogs shipped); answers are gettext's, a plural message's singular included. A catalog
    gettext would refuse raises CatalogError: here, or when the damaged message is asked for.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        with open(path, "rb") as handle:
            self._data = handle.read()
        order = _MO_MAGIC.get(self._data[:4])
        if order is None or len(self._data) < _MO_HEADER_SIZE:
            raise CatalogError("not a compiled gettext catalog")
        self._order = order
        version, self._count, self._ids, self._strings = (self._number(at) for at in (4, 8, 12, 16))
        if version >> 16 not in (0, 1):
            raise CatalogError(f"unknown major version {version >> 16}")
        self._check_tables()
        self._plural: Callable[[int], int] | None = None

    @classmethod
    def english(cls, path: str) -> Catalog:
        """A catalog with no message: every message as the code writes it, in English."""
        catalog = cls.__new__(cls)
        catalog.path, catalog._data, catalog._order = path, b"", "little"
        catalog._count = catalog._ids = catalog._strings = 0
        catalog._plural = None
        return catalog

    def gettext(self, message: str) -> str:
        """`message` translated, or as it is where the catalog has no translation."""
        index = self._find(message)
        if index < self._count and self._id(index) == message:
            return self._string(index)
        found = self._form(self._forms(message, index), 1)
        return message if found is None else found

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for `n` of the message whose singular is `singular`."""
        found = self._form(self._forms(singular, self._find(singular + "\0")), n)
        if found is None:
            return singular if n == 1 else plural
        return found

    def _forms(self, singular: str, index: int) -> list[str] | None:
        """The plural forms of the message at `index` if its singular is `singular`."""
        if index < self._count and self._id(index).startswith(singular + "\0"):
            return self._string(index).split("\0")
        return None

    def _form(self, forms: list[str] | None, n: int) -> str | None:
        """The form for `n`, None where gettext finds none (a rule's index beyond the forms)."""
        if forms is None:
            return None
        index = self._plural_of(n)
        return forms[index] if 0 <= index < len(forms) else None

    def _find(self, key: str) -> int:
        return bisect_left(range(self._count), key, key=self._id)

    def _plural_of(self, n: int) -> int:
        if self._plural is None:
            header = self._string(0) if self._count and self._id(0) == "" else ""
            self._plural = _plural_rule(header)
        return self._plural(n)

    def _check_tables(self) -> None:
        """Refuse, as gettext does, a catalog whose tables lie beyond its end (a text beyond it
        is refused when it is read: checking them all would cost what bisection saves)."""
        if max(self._ids, self._strings) + 8 * self._count > len(self._data):
            raise CatalogError("the catalog is truncated")

    def _number(self, at: int) -> int:
        return int.from_bytes(self._data[at : at + 4], self._order)

    def _text(self, table: int, index: int) -> str:
        length, start = self._number(table + 8 * index), self._number(table + 8 * index + 4)
        if start + length >= len(self._data):  # gettext's test: a text ends with a NUL byte
            raise CatalogError("the catalog is truncated")
        try:
            return self._data[start : start + length].decode("utf-8")
        except UnicodeDecodeError as err:
            raise CatalogError(f"a message is not UTF-8 ({err.reason})") from None

    def _id(self, index: int) -> str:
        return self._text(self._ids, index)

    def _string(self, index: int) -> str:
        return self._text(self._strings, index)


_MO_HEADER_SIZE = 28  # magic, version, count, the two tables' offsets, the hash table's


def _plural_rule(header: str) -> Callable[[int], int]:
    """The catalog's Plural-Forms rule, as gettext reads it; English's where there is none."""
    import gettext

    for line in header.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "plural-forms":
            try:
                return gettext.c2py(value.split(";")[1].split("plural=")[1])
            except (IndexError, ValueError):  # gettext's words for it vary by Python version
                raise CatalogError("its Plural-Forms cannot be read") from None
    return lambda n: int(n != 1)


_active: Catalog | None = None  # the catalog, read when first needed
_language = DEFAULT_LANGUAGE
_chosen = False  # whether `use` was called: a library caller leaves it to the environment


def choose_language(option: str | None, environ: Mapping[str, str]) -> str:
    """`--lang`, else DJKH_LANG, else the first locale variable set, else Chinese."""
    for candidate in (option, environ.get("DJKH_LANG")):
        language = _language_of(candidate)
        if language:
            return language
    for name in LOCALE_VARIABLES:
        if environ.get(name):
            return _language_of(environ[name]) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def _language_of(value: str | None) -> str | None:
    """'zh' for zh, zh_CN.UTF-8, zh-Hans…; 'en' likewise; None for anything else (C, fr_FR)."""
    if not value:
        return None
    code = value.replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else None


def language_option(args: Sequence[str]) -> str | None:
    """The value of the last `--lang X` or `--lang=X` among `args`, before any `--`."""
    found = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


def use(language: str) -> None:
    """Speak `language` from now on, in djkh's messages and in click's.

    Its catalog is read when the first message is looked up: `djkh --version` shows none.
    """
    global _active, _language, _chosen
    _language, _chosen, _active = language, True, None
    _looked_up.clear()
    _plurals.clear()
    _translate_click(gettext, ngettext, _CLICK_MODULES)


def click_in_english() -> None:
    """Leave click's messages in English until `use` chooses a language, as they would be anyway.

    click asks gettext's default domain for each message, and gettext searches the disk again
    at every call for a catalog djkh never ships: the texts made while djkh's commands are
    defined would cost `djkh --version` about 3 ms.
    """
    _translate_click(N_, _english_ngettext, (*_CLICK_MODULES, "decorators"))


def _english_ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def _translate_click(
    one: Callable[[str], str], forms: Callable[[str, str, int], str], modules: Sequence[str]
) -> None:
    for name in modules:  # those imported: djkh never loads, say, shell completion
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        if hasattr(module, "_"):
            setattr(module, "_", one)  # noqa: B010 (not a name mypy knows)
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", forms)  # noqa: B010


def current_language() -> str:
    """The language messages are given in."""
    return _language


def _translations() -> Catalog:
    global _active
    if _active is None:
        if not _chosen:  # used as a library: take the language from the environment
            use(choose_language(None, os.environ))
        path = os.path.join(LOCALE_DIR, _language, "LC_MESSAGES", f"{DOMAIN}.mo")
        _active = _catalogs.get(path) or _catalogs.setdefault(path, _opened(path))
    return _active


def _opened(path: str) -> Catalog:
    try:
        return Catalog(path)
    except OSError as err:
        return _in_english(path, err)


def _in_english(path: str, err: OSError) -> Catalog:
    """Messages in English from now on, as the catalog at `path` cannot be read.

    A damaged installation must not turn every run, and the crash report itself, into a
    traceback: gettext's C library speaks English too. Said here, in English, as no catalog can
    say it and the CLI's own output already depends on the messages.
    """
    global _active
    reason = str(err) if isinstance(err, CatalogError) else err.strerror or str(err)
    sys.stderr.write(
        f"djkh: warning: cannot read the message catalog {path}: {reason}; "
        "messages are shown in English\n"
    )
    _active = _catalogs[path] = Catalog.english(path)
    _looked_up.clear()
    _plurals.clear()
    return _active


def _asked(question: Callable[..., str], *args: object) -> str:
    """The catalog's answer to `question`; English if the catalog proves damaged."""
    catalog = _translations()
    try:
        return question(catalog, *args)
    except CatalogError as err:
        return question(_in_english(catalog.path, err), *args)


# Each catalog read, once a process, as gettext keeps its translations: a batch's workers and
# the tests switch languages, and a catalog's plural rule (compiled by gettext) holds a cycle.
_catalogs: dict[str, Catalog] = {}


def gettext(message: str) -> str:
    """`message` in the current language, looked up in the catalog once per run and language:
    a batch's forms ask for the same few headings thousands of times."""
    found = _looked_up.get(message)
    if found is None:
        found = _looked_up[message] = _asked(Catalog.gettext, message)
    return found


# The messages looked up in the current language, emptied when the language changes.
_looked_up: dict[str, str] = {}


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language, looked up in the catalog
    once per run, language and `n`: a batch warns of the same few counts file after file."""
    key = (singular, plural, n)
    found = _plurals.get(key)
    if found is None:
        found = _plurals[key] = _asked(Catalog.ngettext, singular, plural, n)
    return found


# The plural forms looked up in the current language, emptied when the language changes.
_plurals: dict[tuple[str, str, int], str] = {}


def N_(message: str) -> str:
    """Mark `message` for the catalogs where it must stay untranslated until it is shown."""
    return message


_ = gettext
