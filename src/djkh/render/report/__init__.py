"""Problem reporters (text, github, json, junit), registered in djkh.render as PROBLEMS."""

from __future__ import annotations


def default_format(environ: dict[str, str]) -> str:
    """`github` inside GitHub Actions, else `text`."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
