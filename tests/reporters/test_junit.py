"""JUnit output, validated against the Jenkins xUnit ``junit-10.xsd`` (see tests/data/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from reporter_samples import CLEAN_FILE

from prozesskit.problem import Level, Problem, Result
from prozesskit.reporters import ReportContext
from prozesskit.reporters.junit import JunitReporter

XSD = Path(__file__).parents[1] / "data" / "junit-10.xsd"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def _parse(result: Result, ctx: ReportContext) -> etree._Element:
    text = JunitReporter().render(result, ctx)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return etree.fromstring(text.encode("utf-8"))


def test_validates_against_junit_xsd(
    schema: etree.XMLSchema, result: Result, ctx: ReportContext
) -> None:
    schema.assertValid(_parse(result, ctx))
    schema.assertValid(_parse(Result.build([], []), ctx))


def test_suite_counts(result: Result, ctx: ReportContext) -> None:
    root = _parse(result, ctx)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    # 5 problems + 1 clean file; 2 errors fail, 3 warnings pass.
    expected = {"name": "prozesskit", "tests": "6", "failures": "2", "errors": "0"}
    assert {k: suite.get(k) for k in expected} == expected
    assert {k: root.get(k) for k in expected} == expected
    assert len(suite.findall("testcase")) == 6
    assert len(suite.findall("testcase/failure")) == 2


def test_error_is_a_failure_with_rule_and_position(result: Result, ctx: ReportContext) -> None:
    suite = _parse(result, ctx).find("testsuite")
    assert suite is not None
    case = suite.find("testcase[@name='PK-B004 40:3 Process_Anmeldung']")
    assert case is not None
    assert case.get("classname") == "Bürgeramt/Anmeldung.bpmn"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "PK-B004"
    assert failure.get("message") == "Der Prozess hat kein Startereignis."
    assert (failure.text or "").splitlines() == [
        "Fehler: Der Prozess hat kein Startereignis.",
        "Datei: Bürgeramt/Anmeldung.bpmn",
        "Position: 40:3",
        "Regel: PK-B004",
        "Element: Process_Anmeldung",
    ]


def test_warning_passes_with_system_out(result: Result, ctx: ReportContext) -> None:
    suite = _parse(result, ctx).find("testsuite")
    assert suite is not None
    case = suite.find("testcase[@classname='Straßenverkehr/Übersicht.yaml']")
    assert case is not None
    assert case.get("name") == "PK-R002"  # no line, no element
    assert case.find("failure") is None
    out = case.find("system-out")
    assert out is not None
    assert (out.text or "").startswith("Warnung: Prozess wird von keinem anderen")
    assert "Position: -" in (out.text or "")


def test_clean_file_is_a_passing_testcase(result: Result, ctx: ReportContext) -> None:
    suite = _parse(result, ctx).find("testsuite")
    assert suite is not None
    cases = suite.findall(f"testcase[@classname='{CLEAN_FILE}']")
    assert len(cases) == 1
    assert cases[0].get("name") == "keine Probleme"
    assert len(cases[0]) == 0


def test_duplicates_are_separate_testcases(result: Result, ctx: ReportContext) -> None:
    suite = _parse(result, ctx).find("testsuite")
    assert suite is not None
    names = [c.get("name") for c in suite.findall("testcase") if c.get("name", "")[:7] == "PK-B007"]
    assert names == ["PK-B007 80:7 Task_1", "PK-B007 95:7 Task_1"]


def test_special_characters_survive_round_trip(schema: etree.XMLSchema, ctx: ReportContext) -> None:
    message = "Wert <a & \"b\"> 'c'\nzweite Zeile\x07 ende"
    problem = Problem("x&y.bpmn", 1, 1, "PK-X", Level.ERROR, message, element="a<b")
    root = _parse(Result.build([problem], []), ctx)
    schema.assertValid(root)
    case = root.find("testsuite/testcase")
    assert case is not None
    assert case.get("classname") == "x&y.bpmn"
    assert case.get("name") == "PK-X 1:1 a<b"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "Wert <a & \"b\"> 'c'\nzweite Zeile\ufffd ende"
