from __future__ import annotations

import json
from typing import Any

from reporter_samples import BPMN_ERROR, DUP_A

from prozesskit.problem import Result
from prozesskit.reporters import ReportContext
from prozesskit.reporters.gitlab import GitlabReporter


def _render(result: Result, ctx: ReportContext) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(GitlabReporter().render(result, ctx))
    return data


def test_issue_structure(ctx: ReportContext) -> None:
    [issue] = _render(Result.build([BPMN_ERROR], []), ctx)
    assert list(issue) == ["description", "check_name", "fingerprint", "severity", "location"]
    assert (
        issue["description"] == "Der Prozess hat kein Startereignis. (Element: Process_Anmeldung)"
    )
    assert issue["check_name"] == "PK-B004"
    assert issue["severity"] == "major"
    assert issue["location"] == {"path": "Bürgeramt/Anmeldung.bpmn", "lines": {"begin": 40}}
    assert len(issue["fingerprint"]) == 64


def test_every_issue_has_required_keys_and_valid_begin(result: Result, ctx: ReportContext) -> None:
    issues = _render(result, ctx)
    assert len(issues) == len(result.problems)
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        begin = issue["location"]["lines"]["begin"]
        assert isinstance(begin, int)
        assert begin >= 1
    no_line = next(i for i in issues if i["check_name"] == "PK-R002")
    assert no_line["location"]["lines"]["begin"] == 1
    assert no_line["severity"] == "minor"


def test_fingerprints_unique_including_exact_duplicates(result: Result, ctx: ReportContext) -> None:
    prints = [i["fingerprint"] for i in _render(result, ctx)]
    assert len(set(prints)) == len(prints)
    exact = [i["fingerprint"] for i in _render(Result((DUP_A, DUP_A, DUP_A), ()), ctx)]
    assert len(set(exact)) == 3


def test_fingerprint_does_not_depend_on_line(ctx: ReportContext) -> None:
    moved = BPMN_ERROR._replace(line=3, column=1)
    [before] = _render(Result.build([BPMN_ERROR], []), ctx)
    [after] = _render(Result.build([moved], []), ctx)
    assert before["fingerprint"] == after["fingerprint"]
    changed = BPMN_ERROR._replace(message="Anderer Befund")
    [other] = _render(Result.build([changed], []), ctx)
    assert other["fingerprint"] != before["fingerprint"]


def test_empty_report_is_an_empty_array(ctx: ReportContext) -> None:
    assert GitlabReporter().render(Result.build([], ["a.yaml"]), ctx) == "[]\n"


def test_path_prefix() -> None:
    [issue] = _render(Result.build([BPMN_ERROR], []), ReportContext(path_prefix="/register/"))
    assert issue["location"]["path"] == "register/Bürgeramt/Anmeldung.bpmn"
