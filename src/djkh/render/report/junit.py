"""JUnit XML for GitLab and Jenkins: one test case per file, failing on its errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from djkh.escaping import xml_safe
from djkh.problems.codes import Severity
from djkh.problems.problem import Problem, Report


def report(found: Report) -> str:
    """A <testsuite> whose cases are the checked files; warnings go to <system-out>."""
    by_file: dict[str, list[Problem]] = {path: [] for path in found.files}
    for problem in found.problems:
        by_file.setdefault(problem.path, []).append(problem)
    suite = ET.Element("testsuite", name="djkh validate", tests=str(len(by_file)), errors="0")
    failures = sum(_add_case(suite, path, here, found.strict) for path, here in by_file.items())
    suite.set("failures", str(failures))
    suites = ET.Element("testsuites", name="djkh", tests=str(len(by_file)), failures=str(failures))
    suites.append(suite)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def _add_case(suite: ET.Element, path: str, problems: list[Problem], strict: bool) -> bool:
    """Add the file's test case; True when it failed."""
    name = xml_safe(path)
    case = ET.SubElement(suite, "testcase", classname="djkh.validate", name=name, file=name)
    failed: list[Problem] = []
    noted: list[Problem] = []
    for problem in problems:  # one pass: a file may have hundreds of thousands
        (failed if strict or problem.level is Severity.ERROR else noted).append(problem)
    if failed:
        first = failed[0]
        failure = ET.SubElement(case, "failure", type=first.code.value)
        failure.set("message", xml_safe(f"{first.message} [{first.code.value}]"))
        failure.text = xml_safe("\n".join(str(p) for p in failed))
    if noted:
        ET.SubElement(case, "system-out").text = xml_safe("\n".join(str(p) for p in noted))
    return bool(failed)
