"""Keep the message catalogs current: `extract` new messages into the .po files, `compile` them.

    python tools/catalogs.py extract   # djkh's and click's messages -> djkh.pot -> zh, en .po
    python tools/catalogs.py compile   # .po -> the .mo files shipped in the package

Needs Babel (in the test extras); djkh itself reads the .mo files with the standard library.
See docs/translating.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: find tools/

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from tools.messages import extract_python

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "src" / "djkh"
LOCALE = SOURCE / "locale"
TEMPLATE = LOCALE / "djkh.pot"
LANGUAGES = ("zh", "en")
# Python's ast, not Babel's tokenizer: it finds `_()` inside f-strings on every Python version.
METHODS = [("**.py", extract_python)]


def template() -> Catalog:
    """Every message djkh's code marks, then click's own (usage, errors) not already there."""
    catalog = Catalog(project="djkh", msgid_bugs_address="", charset="utf-8")
    for folder, label in ((SOURCE, "djkh"), (Path(click.__file__).parent, "click")):
        for filename, lineno, message, comments, context in extract_from_dir(
            folder, METHODS, keywords=DEFAULT_KEYWORDS
        ):
            if message and not (label == "click" and message in catalog):
                catalog.add(
                    message,
                    locations=[(f"{label}/{filename}", lineno)],
                    auto_comments=comments,
                    context=context,
                )
    return catalog


def po_file(language: str) -> Path:
    """Where the catalog of `language` is edited."""
    return LOCALE / language / "LC_MESSAGES" / "djkh.po"


def read_catalog(language: str) -> Catalog:
    """The catalog of `language` as it is on disk (an empty one if there is none yet)."""
    path = po_file(language)
    if not path.exists():
        return Catalog(locale=language, project="djkh", charset="utf-8")
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def extract() -> None:
    """Write djkh.pot and merge it into each .po; English messages are their own translation."""
    pot = template()
    with TEMPLATE.open("wb") as handle:
        write_po(handle, pot, omit_header=True, sort_output=True, width=100)
    for language in LANGUAGES:
        catalog = read_catalog(language)
        _keep_older_click_messages(catalog, pot)
        catalog.update(pot, update_header_comment=False, no_fuzzy_matching=True)
        if language == "en":
            for message in catalog:
                if message.id and not all(_strings(message)):
                    message.string = message.id
        path = po_file(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, width=100, ignore_obsolete=True)
        untranslated = sum(1 for m in catalog if m.id and not all(_strings(m)))
        print(f"{path.relative_to(REPO)}: {untranslated} untranslated")


def _keep_older_click_messages(catalog: Catalog, pot: Catalog) -> None:
    """Keep click's messages that this click no longer has: djkh supports older clicks too."""
    for message in catalog:
        from_click = message.locations and all(
            place.startswith("click/") for place, _line in message.locations
        )
        if message.id and from_click and message.id not in pot:
            pot.add(message.id, locations=message.locations, flags=message.flags)


def _strings(message: object) -> list[str]:
    string = message.string  # type: ignore[attr-defined]
    return list(string) if isinstance(string, tuple) else [string]


def compile_catalogs() -> None:
    """Compile each .po into the .mo that djkh loads."""
    for language in LANGUAGES:
        catalog = read_catalog(language)
        target = po_file(language).with_suffix(".mo")
        with target.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        print(f"wrote {target.relative_to(REPO)}")


if __name__ == "__main__":
    actions = {"extract": extract, "compile": compile_catalogs}
    if len(sys.argv) != 2 or sys.argv[1] not in actions:
        sys.exit(f"usage: python {sys.argv[0]} extract|compile")
    actions[sys.argv[1]]()
