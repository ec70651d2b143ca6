"""The pre-commit hook and the CI examples in docs/ci/ run as documented."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLES, REPO


def _hooks() -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    return hooks


def test_hook_definition() -> None:
    (hook,) = _hooks()
    assert hook["id"] == "djkh-validate"
    assert hook["language"] == "python"
    assert hook["entry"] == "djkh validate"
    (script,) = entry_points(group="console_scripts", name="djkh")
    assert script.value == "djkh.cli:run"


@pytest.mark.parametrize(
    ("path", "matched"),
    [
        ("rubric/wenzhou-jiguan/2007.yaml", True),
        ("findings/2007/示例局甲.yaml", True),
        (".pre-commit-config.yaml", False),
        (".github/workflows/djkh.yml", False),
        ("docs/rubric/notes.yaml", False),
    ],
)
def test_hook_selects_only_djkh_files(path: str, matched: bool) -> None:
    (hook,) = _hooks()
    assert (re.search(hook["files"], path) is not None) is matched


@pytest.fixture
def rubric_repo(tmp_path: Path) -> Path:
    """A rubric repository as the docs describe it: rubric/ and findings/ at the top."""
    shutil.copytree(REPO / "rubric", tmp_path / "rubric")
    shutil.copytree(EXAMPLES, tmp_path / "findings")
    return tmp_path


def _run_hook_like_pre_commit(repo: Path, files: list[str]) -> subprocess.CompletedProcess[str]:
    """pre-commit runs `entry` plus the matched file names from the repository's top folder."""
    (hook,) = _hooks()
    entry = shlex.split(hook["entry"])
    assert entry[0] == "djkh"
    command = [sys.executable, "-m", "djkh", *entry[1:], *hook.get("args", []), *files]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)


def test_hook_passes_clean_files(rubric_repo: Path) -> None:
    files = ["rubric/wenzhou-jiguan/2007.yaml", "findings/示例局甲.yaml"]
    done = _run_hook_like_pre_commit(rubric_repo, files)
    assert (done.returncode, done.stdout) == (0, "checked 2 files: no problems\n")


def test_hook_fails_a_broken_file(rubric_repo: Path) -> None:
    broken = rubric_repo / "findings" / "示例局甲.yaml"
    broken.write_text(broken.read_text().replace("self_score: 4.5", "self_score: 45"))
    done = _run_hook_like_pre_commit(rubric_repo, ["findings/示例局甲.yaml"])
    assert done.returncode == 1
    assert done.stdout.endswith("checked 1 file: 1 error in 1 file\n")
    assert "findings/示例局甲.yaml:" in done.stdout and "[DJ406]" in done.stdout


def _djkh_commands(workflow: Path) -> list[list[str]]:
    """The djkh command lines of a CI file, without shell redirections and `|| true`."""
    data = yaml.safe_load(workflow.read_text())
    lines: list[str] = []
    for job in data.get("jobs", {"job": data.get("djkh", {})}).values():
        lines += [step["run"] for step in job.get("steps", []) if "run" in step]
        lines += job.get("script", [])
    commands = []
    for line in lines:
        words = shlex.split(line)
        if words[0] == "djkh":
            stop = next((i for i, w in enumerate(words) if w in (">", "||")), len(words))
            commands.append(words[1:stop])
    return commands


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_example_commands_pass_on_a_clean_repository(
    djkh, rubric_repo: Path, name: str, monkeypatch
) -> None:
    commands = _djkh_commands(REPO / "docs" / "ci" / name)
    assert commands, f"docs/ci/{name} runs no djkh command"
    monkeypatch.chdir(rubric_repo)
    for args in commands:
        run = djkh(*args)
        assert run.code == 0, (args, run.stdout, run.stderr)


def test_ci_examples_fail_on_a_warning(djkh, rubric_repo: Path, monkeypatch) -> None:
    unit = rubric_repo / "findings" / "示例委乙.yaml"
    unit.write_text(unit.read_text().replace("    self_score: 9\n", ""))
    monkeypatch.chdir(rubric_repo)
    (strict,) = [c for c in _djkh_commands(REPO / "docs" / "ci" / "github-actions.yml")]
    run = djkh(*strict)
    assert run.code == 1
    assert "[DJ504]" in run.stdout


def test_ci_docs_show_the_example_files() -> None:
    docs = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    for name in ("github-actions.yml", "gitlab-ci.yml"):
        assert (REPO / "docs" / "ci" / name).read_text(encoding="utf-8").strip() in docs
