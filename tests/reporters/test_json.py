from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from reporter_samples import BPMN_ERROR, NO_LINE_WARN

from prozesskit.problem import Result
from prozesskit.reporters import ReportContext
from prozesskit.reporters.json_ import JsonReporter

SCHEMA = Path(__file__).parents[2] / "schemas" / "report.schema.json"


def _render(result: Result, ctx: ReportContext) -> dict[str, object]:
    data: dict[str, object] = json.loads(JsonReporter().render(result, ctx))
    return data


def test_exact_structure_and_key_order(ctx: ReportContext) -> None:
    data = _render(Result.build([BPMN_ERROR, NO_LINE_WARN], [BPMN_ERROR.file]), ctx)
    assert list(data) == ["version", "tool", "problems", "summary"]
    assert data == {
        "version": 1,
        "tool": {"name": "prozesskit", "version": "9.9.9"},
        "problems": [
            {
                "file": "Bürgeramt/Anmeldung.bpmn",
                "line": 40,
                "column": 3,
                "element": "Process_Anmeldung",
                "rule": "PK-B004",
                "level": "error",
                "message": "Der Prozess hat kein Startereignis.",
                "hint": None,
            },
            {
                "file": "Straßenverkehr/Übersicht.yaml",
                "line": None,
                "column": None,
                "element": None,
                "rule": "PK-R002",
                "level": "warn",
                "message": "Prozess wird von keinem anderen Prozess referenziert.",
                "hint": None,
            },
        ],
        "summary": {"errors": 1, "warnings": 1, "files": 2, "problems": 2},
    }
    problems = data["problems"]
    assert isinstance(problems, list)
    assert list(problems[0]) == [
        "file",
        "line",
        "column",
        "element",
        "rule",
        "level",
        "message",
        "hint",
    ]
    summary = data["summary"]
    assert isinstance(summary, dict)
    assert list(summary) == ["errors", "warnings", "files", "problems"]


def test_umlauts_are_not_escaped_and_indent_is_two(result: Result, ctx: ReportContext) -> None:
    text = JsonReporter().render(result, ctx)
    assert "Bürgeramt" in text
    assert "\\u00fc" not in text
    assert text.startswith('{\n  "version": 1,\n')


def test_output_validates_against_shipped_schema(result: Result, ctx: ReportContext) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator.validate(_render(result, ctx))
    validator.validate(_render(Result.build([], []), ctx))


def test_schema_rejects_what_the_contract_forbids(ctx: ReportContext) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    data = _render(Result.build([BPMN_ERROR], []), ctx)
    problems = data["problems"]
    assert isinstance(problems, list)
    problems[0]["level"] = "info"
    assert not validator.is_valid(data)
    problems[0]["level"] = "error"
    problems[0]["extra"] = 1
    assert not validator.is_valid(data)
