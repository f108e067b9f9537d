"""PK-S030: Steckbrief name ↔ process name, details beyond its fixtures (test_rule_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

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
from prozesskit.rules.register import modelldatei_fehlt, steckbrief_modellname

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "PK-S030"
INVALID = FIXTURES / "invalid-prozessname" / "modelle" / "gewerbeanmeldung.ist.bpmn"
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


def test_path_is_normalised() -> None:
    path = INVALID
    facts = facts_of(path, "modelle/x.bpmn")
    reg = register("Gewerbeanmeldung entgegennehmen", "./modelle/x.bpmn", None)
    reg = RegisterFacts(reg.files, reg.steckbriefe, {"modelle/x.bpmn": facts})
    assert len(run(reg)) == 1
    reg = register("Gewerbeanmeldung entgegennehmen", "modelle\\x.bpmn", None)
    reg = RegisterFacts(reg.files, reg.steckbriefe, {"modelle/x.bpmn": facts})
    assert len(run(reg)) == 1


@pytest.mark.parametrize("datei", ["modelle/../modelle/x.bpmn", "/modelle/x.bpmn",
                                   "C:/register/modelle/x.bpmn"])
def test_path_leaving_the_root_is_one_problem_for_both_rules(datei: str) -> None:
    """PK-S008 and PK-S030 read a reference alike: no name comparison, one clear problem.

    Before, PK-S030 collapsed '..' and compared the name, while PK-S008 kept it and
    called the same file missing.
    """
    facts = facts_of(INVALID, "modelle/x.bpmn")
    reg = register("Gewerbeanmeldung entgegennehmen", datei, None)
    reg = RegisterFacts(reg.files | {"modelle/x.bpmn"}, reg.steckbriefe, {"modelle/x.bpmn": facts})
    assert run(reg) == []
    (finding,) = modelldatei_fehlt.check(reg, None, RuleContext())
    assert "gibt es im Register nicht" not in finding.message
    assert ("enthält '..'" in finding.message) or ("absoluter Pfad" in finding.message)
    assert "Registerwurzel" in finding.message


def test_missing_or_unparsed_model_and_nameless_steckbrief_are_skipped() -> None:
    rel = "modelle/fehlt.bpmn"
    assert run(register("Gewerbeanmeldung entgegennehmen", rel, None)) == []
    assert run(register("Gewerbeanmeldung entgegennehmen", rel, BpmnFacts(rel, False))) == []
    path = INVALID
    assert run(register(None, rel, facts_of(path, rel))) == []


def test_model_without_names() -> None:
    rel = "modelle/leer.bpmn"
    findings = run(register("Gewerbeanmeldung entgegennehmen", rel, BpmnFacts(rel, True)))
    assert findings[0].message == (
        "Das Modell 'modelle/leer.bpmn' hat keinen benannten Prozess oder Pool; "
        "der Steckbrief heißt „Gewerbeanmeldung entgegennehmen“")


def test_message_is_a_german_sentence() -> None:
    """Was „Modell modelle/x.bpmn heißt „…“, der Steckbrief „…““: no verb for the Steckbrief."""
    rel = "modelle/gewerbeanmeldung.ist.bpmn"
    (finding,) = run(register("Gewerbeanmeldung entgegennehmen", rel, facts_of(INVALID, rel)))
    assert finding.message == (
        "Das Modell 'modelle/gewerbeanmeldung.ist.bpmn' heißt „Gewerbe anmelden“, "
        "der Steckbrief aber „Gewerbeanmeldung entgegennehmen“")


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
