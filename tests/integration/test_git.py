"""djkh with git: REV:path sources, revisions checked before git reads them, git's diff driver."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

OLD = str(REPO / "rubric" / "wenzhou-jiguan" / "2007.yaml")


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding the 2007 rubric, committed, then edited in the work tree."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "test@example.org")
    _git(tmp_path, "config", "user.name", "test")
    target = tmp_path / "rubric" / "wenzhou-jiguan" / "2007.yaml"
    target.parent.mkdir(parents=True)
    shutil.copy(OLD, target)
    shutil.copy(REPO / ".gitattributes", tmp_path / ".gitattributes")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "2007")
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("deduct: 5\n", "deduct: 6\n", 1), encoding="utf-8")
    return tmp_path


def test_rev_path_is_read_from_git(djkh, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    path = "rubric/wenzhou-jiguan/2007.yaml"
    run = djkh("diff", f"HEAD:{path}", path, "--format", "markdown")
    assert run.code == 1
    assert (
        "| 130 | 130 | score | rule work-style-example/bottom-five: deduction changed: 5 → 6 |"
        in run.stdout
    )
    missing = djkh("diff", f"HEAD~3:{path}", path)
    assert missing.code == 2
    assert missing.stderr.startswith(
        f"HEAD~3:{path}: error: git knows no commit 'HEAD~3': name a branch, a tag or a "
        "commit (HEAD~1), then :path [DJ006]\n"
    )
    absent = djkh("diff", "HEAD:rubric/none.yaml", path)
    assert absent.code == 2
    assert "HEAD:rubric/none.yaml: error: git cannot show it (path 'rubric/none.yaml' " in (
        absent.stderr
    )


@pytest.mark.parametrize(
    "args",
    [
        ("diff", "--", "--output=pwned:x", "rubric/wenzhou-jiguan/2007.yaml"),
        ("show", "--", "--output=pwned:x"),
        ("init", "--rubric=--output=pwned:x", "--unit", "u", "--year", "2007"),
    ],
)
def test_a_spec_starting_with_a_dash_never_reaches_git_as_an_option(
    djkh, repo: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.chdir(repo)
    run = djkh(*args)
    assert not (repo / "pwned").exists()
    assert run.code == (2 if args[0] == "diff" else 1)
    assert run.stderr.startswith(
        "--output=pwned:x: error: '--output=pwned' is not a revision (a revision never starts "
        "with '-'): to name a file, write ./--output=pwned:x [DJ006]\n"
    )


def test_a_revision_is_checked_before_git_reads_it(
    djkh, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    run = djkh("show", "HEAD^{tree}:rubric/wenzhou-jiguan/2007.yaml")
    assert run.code == 1
    assert "git knows no commit 'HEAD^{tree}'" in run.stderr


def test_plain_git_diff_and_log_show_the_semantic_diff(repo: Path) -> None:
    djkh_command = f"{sys.executable} -m djkh"
    _git(repo, "config", "diff.djkh.command", f"{djkh_command} git-diff")
    _git(repo, "config", "diff.djkh.textconv", f"{djkh_command} git-textconv")
    shown = _git(repo, "diff")
    assert shown.startswith(
        "djkh diff a/rubric/wenzhou-jiguan/2007.yaml b/rubric/wenzhou-jiguan/2007.yaml\n"
    )
    assert "rule work-style-example/bottom-five: deduction changed: 5 → 6" in shown
    _git(repo, "commit", "-qam", "heavier")
    log = _git(repo, "log", "-p", "-1")
    assert "-    rule work-style-example/bottom-five [flat, -5]: " in log
    assert "+    rule work-style-example/bottom-five [flat, -6]: " in log


def test_rev_path_outside_a_repository_says_so(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    run = djkh("diff", "HEAD:rubric/wenzhou-jiguan/2007.yaml", OLD)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        "HEAD:rubric/wenzhou-jiguan/2007.yaml: error: not a git repository (nor any folder "
        "above it): run djkh diff inside the repository, or give the rubric as a file [DJ006]\n"
        "checked 2 files: 1 error in 1 file\n"
    )
