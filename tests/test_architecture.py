"""The layout is the architecture: a package imports only the stages below it; tests mirror it."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

SOURCE = REPO / "src" / "djkh"
# The pipeline, bottom up: a package may import from its own stage and the stages before it.
# The modules directly in djkh/ (i18n, decimals, escaping, the version) are below them all.
STAGES = ("problems", "files", "model", "checks", "scoring", "diff", "render", "commands", "cli")


def _stage(module: str) -> int:
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else ""
    if name == "__main__":  # `python -m djkh`: the top
        return len(STAGES)
    return STAGES.index(name) if name in STAGES else -1


def _imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("djkh"):
            if node.module == "djkh":
                found += [f"djkh.{alias.name}" for alias in node.names]
            else:
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("djkh.")]
    return found


def _module(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join(("djkh", *parts)).removesuffix(".__init__")


def test_imports_point_down_the_pipeline() -> None:
    upward = [
        f"{_module(path)} imports {target}"
        for path in sorted(SOURCE.rglob("*.py"))
        for target in _imports(path)
        if _stage(target) > _stage(_module(path))
    ]
    assert upward == []


def test_every_package_is_a_stage() -> None:
    packages = {path.parent.name for path in SOURCE.glob("*/__init__.py")}
    assert packages <= set(STAGES)


def test_the_core_below_every_stage_stays_small() -> None:
    core = sorted(path.name for path in SOURCE.glob("*.py"))
    assert core == ["__init__.py", "__main__.py", "decimals.py", "escaping.py", "i18n.py"]


def test_the_tests_mirror_the_packages() -> None:
    """Unit tests by stage, commands in cli/, goldens in cases/, slow ones in integration/."""
    tests = REPO / "tests"
    by_stage = STAGES[: STAGES.index("commands")]
    folders = {path.name for path in tests.iterdir() if path.is_dir() and path.name[0] not in "._"}
    assert folders == {*by_stage, "cli", "integration", "cases"}
    packages = {path.parent.name for path in tests.glob("*/__init__.py")}
    assert packages == {*by_stage, "cli", "integration"}
    across = sorted(path.name for path in tests.glob("test_*.py"))
    assert across == ["test_architecture.py", "test_i18n.py", "test_readme.py"]
