"""Reading and checking djkh files: each file loaded once, each rubric checked once."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from djkh.checks.findings import check_findings
from djkh.checks.rubric import check_rubric
from djkh.checks.structure import model_set_aside, validate_structure
from djkh.checks.warnings import lint_findings, lint_rubric
from djkh.files.catalogue import RubricCatalogue
from djkh.files.document import Document
from djkh.files.loader import load_file, load_text
from djkh.files.units import load_units, split_source
from djkh.i18n import _
from djkh.model.fields import RUBRIC_REF
from djkh.model.findings import Findings
from djkh.model.kinds import FileKind
from djkh.model.rubric import Rubric
from djkh.problems.codes import Code
from djkh.problems.outcome import Outcome, failed, ok, unless_errors
from djkh.problems.problem import Problem
from djkh.problems.suggest import did_you_mean

KINDS = tuple(kind.value for kind in FileKind)


class Assessment(NamedTuple):
    """A unit's checked findings together with the rubric they are scored against."""

    findings: Findings
    rubric: Rubric


class Workspace:
    """Loads and checks files against a rubric catalogue, caching what it has read."""

    def __init__(self, catalogue: RubricCatalogue, pinned_rubric: Path | None = None) -> None:
        self._catalogue = catalogue
        self._located: dict[str, Path | None] = {}
        self.pinned_rubric = pinned_rubric
        self._loaded: dict[str, Outcome[Document]] = {}
        self._rubrics: dict[str, Outcome[Rubric]] = {}
        self._resolved: dict[str, str] = {}

    @classmethod
    def default(cls, rubric_dirs: tuple[Path, ...] = (), pinned: Path | None = None) -> Workspace:
        """Rubrics found in `rubric_dirs`, then ./rubric, then djkh's own; `pinned`: --rubric."""
        return cls(RubricCatalogue.default(rubric_dirs), pinned)

    @property
    def catalogue(self) -> RubricCatalogue:
        """Where rubrics named `id@version` are looked up."""
        return self._catalogue

    @catalogue.setter
    def catalogue(self, catalogue: RubricCatalogue) -> None:
        self._catalogue = catalogue
        self._located.clear()

    def locate(self, ref: str) -> Path | None:
        """The file of rubric `id@version` in the catalogue, looked up once per run."""
        if ref not in self._located:
            rubric_id, version = ref.split("@", 1)
            self._located[ref] = self._catalogue.locate(rubric_id, version)
        return self._located[ref]

    def preload(self, name: str, text: str) -> None:
        """Parse `text` as the file called `name`, e.g. a version read from git."""
        self._loaded[name] = load_text(text, name)

    def adopt(self, name: str, loaded: Outcome[Document]) -> None:
        """Take `loaded` as the file called `name`, e.g. one unit's sheet of a workbook."""
        self._loaded[name] = loaded

    def load(self, path: str) -> Outcome[Document]:
        """The file parsed once; later calls reuse it. One unit's sheet of a workbook
        (`BOOK.xlsx:工作表`) is read with the workbook's other units, which wait here for their
        turn."""
        if path not in self._loaded:
            book = split_source(path) if ":" in path else None
            if book is not None:
                self._loaded.update(load_units(book[0]))
            if path not in self._loaded:  # not a sheet, or one the workbook lacks: it says so
                self._loaded[path] = load_file(path)
        return self._loaded[path]

    def forget(self, path: str) -> None:
        """Let go of a file read earlier: a batch reads each findings file once, then drops it."""
        self._loaded.pop(path, None)

    def kind_of(self, path: str) -> Outcome[FileKind]:
        """A rubric or findings file, as the file's `kind` key says."""
        loaded = self.load(path)
        doc = loaded.value
        if doc is None:
            return failed(loaded.problems)
        kind = doc.data.get("kind")
        if kind in KINDS:
            return ok(FileKind(kind))
        if "kind" not in doc.data:
            message = _("missing 'kind': start the file with 'kind: rubric' or 'kind: findings'")
            return failed((Problem(path, 1, 1, Code.BAD_KIND, message),))
        hint = did_you_mean(str(kind), KINDS)
        message = _("unknown kind '{kind}'").format(kind=kind) + hint
        return failed((doc.problem(("kind",), Code.BAD_KIND, message),))

    def rubric(self, path: str) -> Outcome[Rubric]:
        """A rubric file, checked for structure, ids, sums and rule fields."""
        key = self._resolved.get(path)
        if key is None:  # resolved once: a batch asks for the same rubric per file
            key = self._resolved[path] = str(Path(path).resolve())
        if key not in self._rubrics:
            self._rubrics[key] = self._check_rubric(path)
        return self._rubrics[key]

    def _check_rubric(self, path: str) -> Outcome[Rubric]:
        return self._document_of_kind(path, FileKind.RUBRIC).then(_checked_rubric)

    def assessment(self, path: str) -> Outcome[Assessment]:
        """A findings file checked against the rubric it names; all problems, not the first."""
        return self._document_of_kind(path, FileKind.FINDINGS).then(self._assessed)

    def _assessed(self, doc: Document) -> Outcome[Assessment]:
        structure = validate_structure(doc, Findings)
        problems = list(structure.problems)
        ref = doc.data.get("rubric")
        if not (isinstance(ref, str) and RUBRIC_REF.fullmatch(ref)):
            return failed(problems)
        rubric = self._rubric_for(doc, ref)
        if rubric.value is None:
            return failed((*problems, *rubric.problems))
        checked = check_findings(doc, rubric.value)
        # Two levels chosen is a list the structure refuses too; the levels check says it better.
        better = {(p.line, p.col) for p in checked if p.code is Code.LEVEL_CHOICE}
        problems = [p for p in problems if (p.line, p.col) not in better]
        reported = {(p.line, p.col) for p in problems}
        problems += [p for p in checked if (p.line, p.col) not in reported]
        findings = structure.value
        if findings is None:
            return failed(problems)
        problems += lint_findings(doc, findings, rubric.value)
        return unless_errors(Assessment(findings, rubric.value), problems)

    def _rubric_for(self, doc: Document, ref: str) -> Outcome[Rubric]:
        path = self.pinned_rubric or self.locate(ref)
        if path is None:
            hint = did_you_mean(ref, self.catalogue.available())
            message = _("no rubric {rubric} found (looked in {folders})").format(
                rubric=ref, folders=self.catalogue.describe()
            )
            message += hint
            return failed((doc.problem(("rubric",), Code.RUBRIC_NOT_FOUND, message),))
        rubric = self.rubric(str(path))
        if rubric.value is None:
            message = _("rubric {rubric} ({file}) has problems: fix those reported for it first")
            message = message.format(rubric=ref, file=path)
            invalid = doc.problem(("rubric",), Code.RUBRIC_INVALID, message)
            return failed((invalid, *rubric.problems))
        if rubric.value.ref != ref:
            message = _(
                "the findings name rubric {rubric}, but {file} is {found}: "
                "name the right rubric in 'rubric:' or pass the matching --rubric file"
            ).format(rubric=ref, file=path, found=rubric.value.ref)
            return failed((doc.problem(("rubric",), Code.RUBRIC_MISMATCH, message),))
        return rubric

    def _document_of_kind(self, path: str, expected: FileKind) -> Outcome[Document]:
        """The loaded document when its `kind` is `expected`, else why not."""
        kind = self.kind_of(path)
        doc = self.load(path).value
        if kind.value is expected and doc is not None:
            return ok(doc)
        if kind.value is None or doc is None:
            return failed(kind.problems)
        message = _("this is a {kind} file, but a {expected} file is needed here")
        message = message.format(kind=kind.value.value, expected=expected.value)
        return failed((doc.problem(("kind",), Code.BAD_KIND, message),))


def _checked_rubric(doc: Document) -> Outcome[Rubric]:
    """The rubric when its structure, ids, sums and rule fields hold no error."""
    structure = validate_structure(doc, Rubric)
    problems = list(structure.problems)
    if structure.value is None:  # still check what can be checked: a first run shows every problem
        despite = model_set_aside(doc, Rubric)
        if despite is not None:
            problems += check_rubric(doc, despite) + lint_rubric(doc, despite)
        return failed(sorted(problems, key=lambda p: (p.line or 0, p.col or 0)))
    rubric = structure.value
    return unless_errors(rubric, check_rubric(doc, rubric) + lint_rubric(doc, rubric))
