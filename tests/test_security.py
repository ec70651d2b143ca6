"""Hostile input: what a findings file, a rubric or an argument may not make djkh do."""

from __future__ import annotations

from pathlib import Path

import pytest

from djkh.catalogue import RubricCatalogue


def _secret_beside(tmp_path: Path) -> Path:
    """A rubric folder, and a YAML file outside it that no rubric reference may reach."""
    (tmp_path / "rubrics" / "a").mkdir(parents=True)
    (tmp_path / "secret.yaml").write_text("kind: Secret\ntoken: hunter2\n", encoding="utf-8")
    return tmp_path / "rubrics"


def test_a_rubric_reference_cannot_climb_out_of_the_rubric_folders(
    djkh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _secret_beside(tmp_path)
    findings = "kind: findings\nrubric: a@../../secret\nunit: u\nyear: 2007\nitems: {}\n"
    (tmp_path / "f.yaml").write_text(findings, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = djkh("validate", "f.yaml", "--rubric-dir", "rubrics")
    assert run.code == 1
    assert run.stdout == (
        "f.yaml:2:9: error: rubric: 'a@../../secret' is not a rubric reference: write it as "
        "id@version, e.g. wenzhou-jiguan@2007 [DJ203]\n"
        "checked 1 file: 1 error in 1 file\n"
    )


@pytest.mark.parametrize("version", ["../../secret", "{tmp}/secret"])
def test_the_catalogue_finds_only_files_inside_a_rubric_folder(
    tmp_path: Path, version: str
) -> None:
    folder = _secret_beside(tmp_path)
    version = version.format(tmp=tmp_path)
    assert RubricCatalogue((folder,)).locate("a", version) is None


def test_a_rubric_may_not_declare_a_version_no_reference_could_name(djkh, tmp_path: Path) -> None:
    rubric = "kind: rubric\nid: a\nversion: x/y\ntitle: t\ntotal: 1\nsections: []\n"
    (tmp_path / "r.yaml").write_text(rubric, encoding="utf-8")
    run = djkh("validate", str(tmp_path / "r.yaml"))
    assert "'x/y' may not contain spaces, '@', '/' or '\\' [DJ" in run.stdout
