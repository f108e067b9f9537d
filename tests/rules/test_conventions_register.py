"""PK-S030: Steckbrief name ↔ process name, over register facts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from prozesskit.bpmn.facts import extract_bpmn_facts
from prozesskit.bpmn.model import index_model
from prozesskit.bpmn.parse import parse_bpmn
from prozesskit.rules.base import Finding
from prozesskit.rules.context import (
    BpmnFacts,
    ModelRef,
    RegisterFacts,
    RuleContext,
    SteckbriefFacts,
)
from prozesskit.rules.conventions import steckbrief_modellname

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "PK-S030"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "kreis-musterland" / "modelle"


def facts_of(path: Path, rel: str) -> BpmnFacts:
    parsed, problems = parse_bpmn(path.read_bytes(), rel)
    assert parsed is not None, problems
    return extract_bpmn_facts(index_model(parsed.root, rel))


def register(name: str | None, rel: str, facts: BpmnFacts | None) -> RegisterFacts:
    sb = SteckbriefFacts(
        file="steckbriefe/gewerbeanmeldung.yaml", id="gewerbeanmeldung", name=name,
        status="aktiv", modellierungsstatus="ist_modelliert",
        modelle=(ModelRef("ist", rel, 12, 13),), positions={}, suppress={})
    modelle = {rel: facts} if facts else {}
    return RegisterFacts(files=frozenset(modelle) | {sb.file}, steckbriefe=(sb,),
                         modelle=modelle)


def run(reg: RegisterFacts) -> list[Finding]:
    return list(steckbrief_modellname.check(reg, None, RuleContext()))


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.bpmn")), ids=lambda p: p.name)
def test_fixtures(path: Path) -> None:
    rel = f"modelle/{path.name}"
    findings = run(register("Gewerbeanmeldung entgegennehmen", rel, facts_of(path, rel)))
    if path.name.startswith("valid-"):
        assert findings == []
        return
    expected = yaml.safe_load(path.with_suffix(".expect.yaml").read_text(encoding="utf-8"))
    assert [f.path for f in findings] == [tuple(e["path"]) for e in expected]
    finding = findings[0]
    assert finding.file == "steckbriefe/gewerbeanmeldung.yaml"
    assert (finding.line, finding.column) == (12, 13)
    assert "Gewerbe anmelden" in finding.message


def test_path_is_normalised() -> None:
    path = FIXTURES / "invalid-gewerbeanmeldung.bpmn"
    facts = facts_of(path, "modelle/x.bpmn")
    reg = register("Gewerbeanmeldung entgegennehmen", "./modelle/x.bpmn", None)
    reg = RegisterFacts(reg.files, reg.steckbriefe, {"modelle/x.bpmn": facts})
    assert len(run(reg)) == 1


def test_missing_or_unparsed_model_and_nameless_steckbrief_are_skipped() -> None:
    rel = "modelle/fehlt.bpmn"
    assert run(register("Gewerbeanmeldung entgegennehmen", rel, None)) == []
    assert run(register("Gewerbeanmeldung entgegennehmen", rel, BpmnFacts(rel, False))) == []
    path = FIXTURES / "invalid-gewerbeanmeldung.bpmn"
    assert run(register(None, rel, facts_of(path, rel))) == []


def test_model_without_names() -> None:
    rel = "modelle/leer.bpmn"
    findings = run(register("Gewerbeanmeldung entgegennehmen", rel, BpmnFacts(rel, True)))
    assert "keinen benannten Prozess" in findings[0].message


def test_facts_roundtrip_and_content() -> None:
    rel = "modelle/gewerbeanmeldung-entgegennehmen.ist.bpmn"
    facts = facts_of(EXAMPLES / "gewerbeanmeldung-entgegennehmen.ist.bpmn", rel)
    assert BpmnFacts.from_json(facts.to_json()) == facts
    kinds = [(n.kind, n.name) for n in facts.names]
    assert kinds[0] == ("process", "Gewerbeanmeldung entgegennehmen")
    assert ("participant", "Gewerbetreibende Person") in kinds
    main = next(n for n in facts.names if n.process_ref)
    assert main.process_ref == "Process_Gewerbeanmeldung" and main.line


@pytest.mark.parametrize(("name", "rel"), [
    ("Gewerbeanmeldung entgegennehmen", "gewerbeanmeldung-entgegennehmen.ist.bpmn"),
    ("Baugenehmigung erteilen", "baugenehmigung-erteilen.soll.bpmn"),
])
def test_example_models_match_their_steckbrief(name: str, rel: str) -> None:
    full = f"modelle/{rel}"
    assert run(register(name, full, facts_of(EXAMPLES / rel, full))) == []
