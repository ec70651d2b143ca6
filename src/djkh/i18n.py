"""The interface language: which one a run uses, and djkh's and click's messages in it.

Messages are written in English in the code and looked up in the compiled gettext catalogs
shipped in djkh/locale (made with Babel; see docs/translating.md), so nothing but the standard
library is needed at run time.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import os
import sys
from collections.abc import Callable, Mapping, Sequence

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

_active: stdlib_gettext.NullTranslations | None = None  # the catalog, read when first needed
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


def _translations() -> stdlib_gettext.NullTranslations:
    global _active
    if _active is None:
        if not _chosen:  # used as a library: take the language from the environment
            use(choose_language(None, os.environ))
        _active = stdlib_gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language])
    return _active


def gettext(message: str) -> str:
    """`message` in the current language, looked up in the catalog once per run and language:
    a batch's forms ask for the same few headings thousands of times."""
    found = _looked_up.get(message)
    if found is None:
        found = _looked_up[message] = _translations().gettext(message)
    return found


# The messages looked up in the current language, emptied when the language changes.
_looked_up: dict[str, str] = {}


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language."""
    return _translations().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalogs where it must stay untranslated until it is shown."""
    return message


_ = gettext
