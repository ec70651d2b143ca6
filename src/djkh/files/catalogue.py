"""Where a rubric named `id@version` is found: --rubric-dir folders, ./rubric, then djkh's own."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import djkh
from djkh.i18n import _

SUFFIXES = (".yaml", ".yml")


def bundled_dir() -> Path:
    """The rubrics shipped inside the package (a source checkout's rubric/ in editable installs)."""
    packaged = Path(djkh.__file__).parent / "rubric"
    if packaged.is_dir():
        return packaged
    return Path(djkh.__file__).parents[2] / "rubric"


@dataclass(frozen=True)
class RubricCatalogue:
    """An ordered list of folders laid out as `<id>/<version>.yaml`; the first match wins."""

    dirs: tuple[Path, ...]
    known: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def default(
        cls, rubric_dirs: tuple[Path, ...] = (), known: dict[str, Path] | None = None
    ) -> RubricCatalogue:
        """`known` rubrics first, then --rubric-dir folders, ./rubric and the bundled rubrics."""
        return cls((*rubric_dirs, Path("rubric"), bundled_dir()), dict(known or {}))

    def locate(self, rubric_id: str, version: str) -> Path | None:
        """The file holding rubric `id@version`, if any folder has it."""
        ref = f"{rubric_id}@{version}"
        if ref in self.known:
            return self.known[ref]
        for folder in self.dirs:
            for suffix in SUFFIXES:
                candidate = folder / rubric_id / f"{version}{suffix}"
                if _inside(candidate, folder / rubric_id) and os.path.isfile(candidate):
                    return candidate
        return None

    def describe(self) -> str:
        """The folders searched, as a user would name them: `./rubric, djkh's bundled rubrics`."""
        bundled = bundled_dir()
        names = [
            _("djkh's bundled rubrics") if folder == bundled else str(folder)
            for folder in self.dirs
            if os.path.isdir(folder)
        ]
        return _(", ").join(names) or _("no existing folder")

    def available(self) -> list[str]:
        """Every `id@version` the folders hold, for did-you-mean hints."""
        refs = set(self.known)
        for folder in self.dirs:
            for suffix in SUFFIXES:
                refs.update(f"{p.parent.name}@{p.stem}" for p in folder.glob(f"*/*{suffix}"))
        return sorted(refs)


def _inside(candidate: Path, folder: Path) -> bool:
    """Whether `candidate` lies right inside `folder` as written (no '..', no other drive)."""
    return os.path.dirname(os.path.abspath(candidate)) == os.path.abspath(folder)
