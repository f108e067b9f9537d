"""JUnit XML for GitLab's test report widget (``artifacts:reports:junit``).

Mapping, chosen so the pipeline view matches ``prozesskit validate``'s exit code:

* each **error** is a failing ``<testcase>`` with ``<failure type="<Regel>">``;
* each **warning** is a *passing* ``<testcase>`` whose details are in ``<system-out>``:
  warnings do not fail ``validate`` (unless ``--strict``), so they must not show up red;
* each file without any problem is one passing ``<testcase name="keine Probleme">``, so the
  report also shows what was checked;
* a rule that crashed is an ``<error>`` (JUnit's word for "the test itself broke"), not a
  ``<failure>``: it is prozesskit's fault, not the file's.

``classname`` is the file relative to the git repository's root, as in the other CI
formats (GitLab groups by it and links it), ``name`` is ``<Regel> <Zeile>:<Spalte>
<Element>``. The XML is built with ElementTree, which escapes text and attributes;
characters XML 1.0 cannot carry at all (control characters) are replaced beforehand.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from prozesskit.problem import Level, Problem, Result
from prozesskit.reporters._common import checked_files, level_counts, location
from prozesskit.reporters.base import ReportContext

if TYPE_CHECKING:  # imported where used: every CLI start loads the reporter registry
    import xml.etree.ElementTree as ET

SUITE_NAME = "prozesskit"
CLEAN_CASE_NAME = "keine Probleme"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """Replace characters that are illegal in XML 1.0 even when escaped."""
    return _INVALID_XML.sub("\ufffd", text)


def _case_name(problem: Problem) -> str:
    parts = [problem.rule]
    if problem.line is not None:
        parts.append(location(problem))
    if problem.element:
        parts.append(problem.element)
    return " ".join(parts)


def _details(problem: Problem, file: str) -> str:
    """The body text: everything a reader of the GitLab widget needs, one fact a line."""
    lines = [
        f"{problem.level.german}: {problem.message}",
        f"Datei: {file}",
        f"Position: {location(problem)}",
        f"Regel: {problem.rule}",
    ]
    if problem.crash:
        lines.append(f"Abgestürzte Regel: {problem.crash}")
    if problem.element:
        lines.append(f"Element: {problem.element}")
    if problem.hint:
        lines.append(f"Hinweis: {problem.hint}")
    return _xml_safe("\n".join(lines))


def _problem_case(suite: ET.Element, problem: Problem, ctx: ReportContext) -> None:
    import xml.etree.ElementTree as ET
    file = ctx.ci_path(problem.file)
    case = ET.SubElement(
        suite,
        "testcase",
        {"classname": _xml_safe(file), "name": _xml_safe(_case_name(problem))},
    )
    if problem.crash is not None:
        error = ET.SubElement(
            case, "error", {"type": problem.rule, "message": _xml_safe(problem.message)}
        )
        error.text = _details(problem, file)
    elif problem.level is Level.ERROR:
        failure = ET.SubElement(
            case, "failure", {"type": problem.rule, "message": _xml_safe(problem.message)}
        )
        failure.text = _details(problem, file)
    else:
        ET.SubElement(case, "system-out").text = _details(problem, file)


def junit_tree(result: Result, ctx: ReportContext | None = None) -> ET.Element:
    """``<testsuites>`` with one ``<testsuite>``; see the module docstring for the mapping."""
    import xml.etree.ElementTree as ET
    with_problems = {p.file for p in result.problems}
    clean = [f for f in checked_files(result) if f not in with_problems]
    errors, _ = level_counts(result)
    crashes = sum(1 for p in result.problems if p.crash is not None)
    counts = {
        "tests": str(len(result.problems) + len(clean)),
        "failures": str(errors - crashes),
        "errors": str(crashes),
    }
    root = ET.Element("testsuites", {"name": SUITE_NAME, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE_NAME, **counts, "skipped": "0"})
    ctx = ctx or ReportContext()
    for problem in result.problems:
        _problem_case(suite, problem, ctx)
    for file in clean:
        ET.SubElement(suite, "testcase",
                      {"classname": _xml_safe(ctx.ci_path(file)), "name": CLEAN_CASE_NAME})
    return root


class JunitReporter:
    """``prozesskit validate --format junit``."""

    name: ClassVar[str] = "junit"

    def render(self, result: Result, ctx: ReportContext) -> str:
        import xml.etree.ElementTree as ET
        tree = junit_tree(result, ctx)
        ET.indent(tree)
        body = ET.tostring(tree, encoding="unicode")
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


#: the class ``prozesskit.reporters`` looks up for this format
REPORTER = JunitReporter
