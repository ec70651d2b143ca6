"""Start-up does no work `djkh --version` does not need."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("language", ["zh", "en"])
def test_version_searches_no_gettext_catalog(language: str) -> None:
    """Neither click's texts made at start-up nor djkh's help texts, none of them shown, make
    gettext search the disk for a catalog or read djkh's (milliseconds of every run)."""
    code = (
        "import gettext\n"
        "searched = []\n"
        "original = gettext.translation\n"
        "def translation(domain, *args, **kwargs):\n"
        "    searched.append(domain)\n"
        "    return original(domain, *args, **kwargs)\n"
        "gettext.translation = translation\n"
        "from djkh.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(set(searched)))\n"
    )
    env = {**os.environ, "DJKH_LANG": language}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.splitlines() == ["djkh, version 0.2.0", "[]"]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_help_still_reads_the_catalog_it_shows(language: str) -> None:
    """The other side of the laziness: `--help` is shown in the language chosen."""
    code = (
        "from djkh.cli import main\n"
        "try:\n"
        "    main(['score', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    env = {**os.environ, "DJKH_LANG": language}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    last = {
        "zh": "  -h, --help                      显示此帮助并退出。",
        "en": "  -h, --help                      Show this message and exit.",
    }
    assert out.stdout.splitlines()[-1] == last[language]
