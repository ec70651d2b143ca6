"""Files of a batch that failed their own checks: whose unit they record, read where plain."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from djkh.checks.consistency import same_unit
from djkh.files.document import Document
from djkh.files.loader import load_file
from djkh.files.units import load_unit, split_source
from djkh.model.rubric import Rubric


@dataclass(frozen=True)
class Unscored:
    """A file with errors: its unit (as compared), year, and rubric, period and assessor where
    each is a plain string (else None: what the file meant cannot be known)."""

    path: str
    unit: str
    year: int
    rubric: str | None
    period: str | None
    assessor: str | None

    def records(self, unit: str, year: int, ref: str) -> bool:
        """Whether this file records `unit` in `year` under rubric `ref` (or names none plainly)."""
        same = self.unit == same_unit(unit) and self.year == year
        return same and self.rubric in (None, ref)

    def period_in(self, rubric: Rubric) -> str | None:
        """The period this file records, when it is one of the rubric's, else None."""
        setup = rubric.periods
        if setup is None or self.period not in setup.all_names:
            return None
        return self.period

    def may_record_period(self, rubric: Rubric, period: str | None) -> bool:
        """Whether this file may be `period`'s: that period, or one it does not name plainly."""
        found = self.period_in(rubric)
        return rubric.periods is None or found is None or found == period


def read_unscored(paths: Iterable[str]) -> list[Unscored]:
    """The files among `paths` whose unit and year can be read as plain values."""
    found = []
    for path in paths:
        document = (load_unit(path) if split_source(path) else load_file(path)).value
        read = None if document is None else _read(path, document)
        if read is not None:
            found.append(read)
    return found


def _read(path: str, document: Document) -> Unscored | None:
    data = document.data
    if not isinstance(data, dict):
        return None
    unit, year = data.get("unit"), data.get("year")
    if not isinstance(unit, str) or not unit.strip():
        return None
    if not isinstance(year, int) or isinstance(year, bool):
        return None
    texts = [_text(data.get(key)) for key in ("rubric", "period", "assessor")]
    return Unscored(path, same_unit(unit), year, *texts)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
