"""A rule that raises is an internal error of its own kind, not a finding about the file."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from prozesskit.problem import Level, Result
from prozesskit.reporters import ReportContext
from prozesskit.reporters import get as get_reporter
from prozesskit.rules import all_rules
from prozesskit.validation.engine import ValidateOptions, validate

CRASHING = "PK-S011"


def _boom(subject: Any, options: Any, ctx: Any) -> Iterator[Any]:
    raise ValueError("kaputt")
    yield  # a generator, like every rule


@pytest.fixture
def crashed(example: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    rules = all_rules()
    monkeypatch.setitem(rules, CRASHING, dataclasses.replace(rules[CRASHING], check=_boom))
    (example / "steckbriefe" / "fahrzeug-zulassen.yaml").write_text("id: x\n", "utf-8")
    return validate([example], ValidateOptions(use_cache=False, jobs=1))


def test_crash_is_its_own_field_and_the_other_rules_still_run(
    crashed: Result, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashes = [p for p in crashed.problems if p.crash is not None]
    assert crashes, "keine abgestürzte Regel gemeldet"
    assert {p.crash for p in crashes} == {CRASHING}
    assert {p.rule for p in crashes} == {"PK-X001"}
    assert all(p.level is Level.ERROR and p.element is None for p in crashes)
    assert all("ValueError: kaputt" in p.message for p in crashes)
    # every Steckbrief was still checked by the other rules: the usual findings are there
    (example / "steckbriefe" / "fahrzeug-zulassen.yaml").write_text("id: x\n", "utf-8")
    monkeypatch.undo()
    clean = validate([example], ValidateOptions(use_cache=False, jobs=1))
    others = {p for p in crashed.problems if p.crash is None}
    assert others == {p for p in clean.problems if p.rule != CRASHING}
    assert crashed.exit_code() == 1


def test_sarif_reports_a_crash_as_a_tool_notification(crashed: Result) -> None:
    log = json.loads(get_reporter("sarif").render(crashed, ReportContext()))
    run = log["runs"][0]
    assert all(r["ruleId"] != "PK-X001" for r in run["results"])
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert len(notes) == sum(1 for p in crashed.problems if p.crash)
    assert {n["associatedRule"]["id"] for n in notes} == {CRASHING}
    assert all(n["level"] == "error" and n["descriptor"]["id"] == "PK-X001" for n in notes)


def test_junit_reports_a_crash_as_error_not_failure(crashed: Result) -> None:
    root = ET.fromstring(get_reporter("junit").render(crashed, ReportContext()))
    crashes = sum(1 for p in crashed.problems if p.crash)
    errors = sum(1 for p in crashed.problems if p.level is Level.ERROR)
    assert root.get("errors") == str(crashes)
    assert root.get("failures") == str(errors - crashes)
    bodies = [e.text or "" for e in root.iter("error")]
    assert len(bodies) == crashes
    assert all(f"Abgestürzte Regel: {CRASHING}" in body for body in bodies)
    assert all(f.get("type") != "PK-X001" for f in root.iter("failure"))


def test_github_annotation_names_the_crashed_rule(crashed: Result) -> None:
    out = get_reporter("github").render(crashed, ReportContext())
    lines = [line for line in out.splitlines() if "PK-X001" in line]
    assert lines and all(f"Interner Fehler der Regel {CRASHING}" in line for line in lines)
