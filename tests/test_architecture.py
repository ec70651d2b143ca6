"""The layout is the architecture: each package imports only the stages below it."""

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
