"""The BPMN convention rules' fixtures are XSD-valid, and the example models are clean.

The fixtures themselves run in test_rule_fixtures.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from prozesskit.bpmn.model import BpmnModel, index_model
from prozesskit.bpmn.parse import parse_bpmn
from prozesskit.bpmn.xsd import validate_xsd
from prozesskit.rules import rule_modules
from prozesskit.rules.context import RuleContext

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "kreis-musterland" / "modelle"
BPMN_RULES = [m for m in rule_modules({"bpmn"})
              if m.__name__.startswith("prozesskit.rules.conventions.")]
XSD_CODES = {"PK-B002", "PK-B003"}


def load(path: Path) -> BpmnModel:
    parsed, problems = parse_bpmn(path.read_bytes(), path.name)
    assert parsed is not None, problems
    return index_model(parsed.root, path.name)


#: Our own convention fixtures are written to be XSD-valid; bpmnlint's copied fixtures
#: (PK-B010–B049) are not all XSD-valid upstream, see the parity test.
OWN_CODES = {m.CODE for m in BPMN_RULES} | {"PK-S030"}
SCHEMA_VALID = [p for code in sorted(OWN_CODES) for p in sorted((FIXTURES / code).rglob("*.bpmn"))
                if not (code in XSD_CODES and p.name.startswith("invalid-"))]


@pytest.mark.parametrize("path", SCHEMA_VALID, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixtures_are_schema_valid(path: Path) -> None:
    model = load(path)
    assert validate_xsd(model.root, path.name) == []


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.bpmn")), ids=lambda p: p.name)
def test_example_models_are_clean(path: Path) -> None:
    model = load(path)
    findings = {
        module.CODE: list(module.check(model, None, RuleContext()))
        for module in BPMN_RULES
    }
    if ".ist." in path.name:  # IST models may show the organisation in lanes
        findings.pop("PK-B060")
    assert {code: f for code, f in findings.items() if f} == {}


def test_example_models_exist() -> None:
    assert {p.name for p in EXAMPLES.glob("*.bpmn")} >= {
        "gewerbeanmeldung-entgegennehmen.ist.bpmn", "baugenehmigung-erteilen.soll.bpmn"}
