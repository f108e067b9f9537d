from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from reporter_samples import BPMN_ERROR, DUP_A, DUP_B, NO_LINE_WARN, YAML_ERROR

from prozesskit.problem import Result
from prozesskit.reporters import ReportContext
from prozesskit.reporters.sarif import FINGERPRINT_KEY, SarifReporter

SARIF_SCHEMA = Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json"


def _render(result: Result, ctx: ReportContext) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SarifReporter().render(result, ctx))
    return data


def _fingerprint(sarif: dict[str, Any], i: int) -> str:
    value: str = sarif["runs"][0]["results"][i]["partialFingerprints"][FINGERPRINT_KEY]
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def test_validates_against_official_schema(
    validator: jsonschema.Draft4Validator, result: Result, ctx: ReportContext
) -> None:
    validator.validate(_render(result, ctx))
    validator.validate(_render(Result.build([], ["a.yaml"]), ctx))
    validator.validate(_render(result, ReportContext(path_prefix="register/")))


def test_schema_catches_an_invalid_region(validator: jsonschema.Draft4Validator) -> None:
    """Guard that the vendored schema really checks what we rely on (startLine >= 1)."""
    sarif = _render(Result.build([BPMN_ERROR], []), ReportContext())
    sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert not validator.is_valid(sarif)


def test_top_level_and_driver(result: Result, ctx: ReportContext) -> None:
    sarif = _render(result, ctx)
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(sarif["runs"]) == 1
    driver = sarif["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("prozesskit", "9.9.9")
    assert [r["id"] for r in driver["rules"]] == ["PK-B004", "PK-B007", "PK-R002", "PK-S001"]
    # %SRCROOT% described, never a local absolute path (the log is uploaded)
    assert set(sarif["runs"][0]["originalUriBaseIds"]) == {"%SRCROOT%"}
    assert "uri" not in sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]


def test_rule_descriptors_take_meta_from_context(result: Result, ctx: ReportContext) -> None:
    rules = _render(result, ctx)["runs"][0]["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    assert by_id["PK-S001"] == {
        "id": "PK-S001",
        "name": "pflichtfeld",
        "shortDescription": {"text": "Pflichtfelder des Steckbriefs müssen gesetzt sein"},
        "fullDescription": {"text": "Jeder Steckbrief braucht die Pflichtfelder nach FIM."},
        "help": {"text": "Jeder Steckbrief braucht die Pflichtfelder nach FIM."},
        "defaultConfiguration": {"level": "error"},
        "helpUri": "https://example.org/regeln/PK-S001",
    }
    assert by_id["PK-B004"] == {
        "id": "PK-B004",
        "name": "startereignis-erforderlich",
        "shortDescription": {"text": "Jeder Prozess braucht ein Startereignis"},
        "defaultConfiguration": {"level": "error"},
    }
    # Unknown to the context: a stand-in, level from the reported problem.
    assert by_id["PK-R002"]["defaultConfiguration"] == {"level": "warning"}


def test_result_with_line_and_bpmn_element(ctx: ReportContext) -> None:
    sarif = _render(Result.build([BPMN_ERROR], [BPMN_ERROR.file]), ctx)
    res = sarif["runs"][0]["results"][0]
    assert res["ruleId"] == "PK-B004"
    assert res["ruleIndex"] == 0
    assert res["level"] == "error"
    assert res["message"] == {"text": "Der Prozess hat kein Startereignis."}
    assert res["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {
                    "uri": "B%C3%BCrgeramt/Anmeldung.bpmn",
                    "uriBaseId": "%SRCROOT%",
                },
                "region": {"startLine": 40, "startColumn": 3},
            },
            "logicalLocations": [{"name": "Process_Anmeldung", "kind": "element"}],
        }
    ]


def test_yaml_field_path_is_a_property_and_hint_joins_message(ctx: ReportContext) -> None:
    res = _render(Result.build([YAML_ERROR], []), ctx)["runs"][0]["results"][0]
    assert res["locations"][0]["logicalLocations"] == [
        {"name": "kennzahlen.fallzahl_pro_jahr", "kind": "property"}
    ]
    assert res["message"]["text"] == (
        "Pflichtfeld „Zuständigkeit“ fehlt\n\nHinweis: Tragen Sie die zuständige Stelle ein."
    )


def test_unknown_line_omits_region_and_logical_location(ctx: ReportContext) -> None:
    res = _render(Result.build([NO_LINE_WARN], []), ctx)["runs"][0]["results"][0]
    assert res["level"] == "warning"
    assert res["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {
                    "uri": "Stra%C3%9Fenverkehr/%C3%9Cbersicht.yaml",
                    "uriBaseId": "%SRCROOT%",
                }
            }
        }
    ]


def test_rule_index_points_at_the_rule(result: Result, ctx: ReportContext) -> None:
    run = _render(result, ctx)["runs"][0]
    for res in run["results"]:
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]


def test_fingerprints_ignore_line_moves(ctx: ReportContext) -> None:
    moved = BPMN_ERROR._replace(line=BPMN_ERROR.line + 17)  # type: ignore[operator]
    before = _render(Result.build([BPMN_ERROR], []), ctx)
    after = _render(Result.build([moved], []), ctx)
    assert _fingerprint(before, 0) == _fingerprint(after, 0)


def test_fingerprints_unique_for_duplicates(ctx: ReportContext) -> None:
    sarif = _render(Result.build([DUP_A, DUP_B], []), ctx)
    assert _fingerprint(sarif, 0) != _fingerprint(sarif, 1)
    exact = _render(Result(problems=(DUP_A, DUP_A), files=()), ctx)
    assert _fingerprint(exact, 0) != _fingerprint(exact, 1)


def test_path_prefix_for_registers_in_a_subdirectory() -> None:
    sarif = _render(Result.build([BPMN_ERROR], []), ReportContext(path_prefix="register/"))
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "register/B%C3%BCrgeramt/Anmeldung.bpmn"
    assert "uri" not in sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]
