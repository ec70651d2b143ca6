"""`djkh init`: a findings template holding every item and rule of a rubric, ready to fill in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from djkh.checks.consistency import same_unit
from djkh.checks.options import WrongOption, wrong_init_option
from djkh.checks.workspace import Workspace
from djkh.commands import EXIT_OK, EXIT_PROBLEMS
from djkh.commands.emit import emit, report_rubric_problems
from djkh.diff.kinds import Version
from djkh.diff.sources import read_version
from djkh.i18n import _
from djkh.render.template import findings_template

if TYPE_CHECKING:
    from djkh.model.rubric import Rubric


@dataclass(frozen=True)
class InitRequest:
    """The options of one `djkh init` run."""

    rubric_ref: str
    unit: str | None
    year: int
    output: Path | None = None
    force: bool = False
    rubric_dirs: tuple[Path, ...] = ()
    unit_class: str | None = None
    output_format: str = "yaml"
    units: tuple[str, ...] = ()  # --units FILE: a workbook with one sheet per unit
    assessor: str | None = None
    period: str | None = None  # 平时考核: the period the template records


def read_rubric(request: InitRequest) -> Version | None:
    """The rubric the template is for; None when it cannot be read (its problems on stderr)."""
    version = read_version(Workspace.default(request.rubric_dirs), request.rubric_ref)
    if version.value is None:
        report_rubric_problems(request.rubric_ref, version.problems)
    return version.value


def wrong_option(version: Version, request: InitRequest) -> WrongOption | None:
    """--class, --period or --assessor that the rubric refuses (a usage error), or None."""
    return wrong_init_option(
        version.rubric,
        request.unit_class,
        request.period,
        request.assessor,
        workbook=request.output_format == "xlsx",
    )


def run(request: InitRequest, version: Version) -> int:
    """Print or write the template of the rubric read, its options checked (`wrong_option`)."""
    rubric = version.rubric
    wrote = _("wrote {file}: fill in the values, then run djkh validate {file}")
    if request.output_format == "xlsx":
        wrote = _("wrote {file}: fill in the yellow cells, then run djkh validate {file}")
    inputs = (Path(version.name),)
    written = emit(
        _template(rubric, request), request.output, inputs, force=request.force, wrote=wrote
    )
    return EXIT_OK if written else EXIT_PROBLEMS


def _template(rubric: Rubric, request: InitRequest) -> str | bytes:
    """The YAML template, or the workbook: one sheet per unit."""
    if request.output_format != "xlsx":
        assert request.unit is not None, "the command line asks for --unit with YAML"
        return findings_template(
            rubric,
            request.unit,
            request.year,
            request.unit_class,
            request.assessor,
            request.period,
        )
    from djkh.render.findings_book import UnitForm, findings_workbook

    units = request.units or (request.unit or "",)
    forms = [
        UnitForm(
            unit,
            request.year,
            unit_class=request.unit_class,
            assessor=request.assessor,
            period=request.period,
        )
        for unit in units
    ]
    return findings_workbook(rubric, forms)


def read_units(path: Path) -> tuple[tuple[str, ...], str | None]:
    """The units listed in FILE, one a line (blank lines and `#` comments skipped), or why not."""
    from djkh.files.reading import read_text

    text = read_text(path)
    if text.value is None:
        return (), str(text.problems[0])
    seen: dict[str, tuple[str, int]] = {}  # the unit as compared: the unit as listed, its line
    for number, line in enumerate(text.value.splitlines(), start=1):
        unit = line.strip()
        if not unit or unit.startswith("#"):
            continue
        first = seen.get(same_unit(unit))
        if first is not None:
            return (), _listed_twice(path, number, unit, *first)
        seen[same_unit(unit)] = (unit, number)
    if not seen:
        return (), _("{file}: no units in it: write one unit a line").format(file=path)
    return tuple(unit for unit, _line in seen.values()), None


def _listed_twice(path: Path, line: int, unit: str, other: str, first: int) -> str:
    if unit == other:
        message = _("{file}:{line}: unit '{unit}' is listed twice (first on line {first})")
    else:
        message = _(
            "{file}:{line}: unit '{unit}' is the same unit as '{other}' on line {first} "
            "(full-width letters and spaces do not tell units apart): list it once"
        )
    return message.format(file=path, line=line, unit=unit, other=other, first=first)
