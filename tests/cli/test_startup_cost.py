"""Start-up does no work `djkh --version` does not need."""

from __future__ import annotations

import subprocess
import sys


def test_click_texts_made_at_start_up_search_no_gettext_catalog() -> None:
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
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["djkh, version 0.2.0", "['djkh']"]
