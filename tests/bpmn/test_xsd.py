"""XSD validation of BPMN models: offline schema, MIWG reference models, vendor noise,
real errors with lines, and the whole third-party corpus through all convention rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from helpers import CORPUS, DATA
from prozesskit.bpmn import xsd
from prozesskit.bpmn.facts import extract_bpmn_facts
from prozesskit.bpmn.model import index_model
from prozesskit.bpmn.parse import parse_bpmn
from prozesskit.problem import Level, Problem
from prozesskit.rules import rule_modules
from prozesskit.rules.base import Scope
from prozesskit.rules.context import RuleContext

MIWG = CORPUS / "bpmn" / "miwg-reference"
MODDLE = CORPUS / "bpmn" / "bpmn-moddle" / "test" / "fixtures" / "bpmn"

CONVENTION_RULE_MODULES = [m for m in rule_modules({"bpmn"})
                           if m.__name__.startswith("prozesskit.rules.conventions.")]


def validate(raw: bytes, name: str = "modell.bpmn") -> list[Problem]:
    parsed, problems = parse_bpmn(raw, name)
    assert parsed is not None, problems
    return xsd.validate_xsd(parsed.root, name)


def corpus_files() -> list[Path]:
    return sorted(p for folder in (CORPUS, DATA / "bpmnlint") for p in folder.rglob("*")
                  if p.suffix in {".bpmn", ".xml"})


MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:vendor="http://vendor.example/ns"
    id="Definitions_1" targetNamespace="https://prozesskit.de/test">
  <bpmn:process id="Process_1" name="Gewerbeanmeldung entgegennehmen">
    <bpmn:startEvent id="Start_1" name="Gewerbeanmeldung eingegangen" />
    {task}
  </bpmn:process>
</bpmn:definitions>
"""


def test_schema_is_packaged_with_licence_note() -> None:
    names = {p.name for p in xsd.XSD_DIR.iterdir()}
    assert names >= xsd.XSD_FILES
    assert {"NOTICE", "README.md"} <= names


def test_schema_compiles_once() -> None:
    assert xsd.schema() is xsd.schema()


def test_resolver_maps_only_local_files() -> None:
    doc = ('<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
           '<xsd:include schemaLocation="http://example.invalid/evil.xsd"/></xsd:schema>')
    parser = xsd._schema_parser()
    with pytest.raises(etree.XMLSchemaParseError):
        etree.XMLSchema(etree.fromstring(doc, parser))


@pytest.mark.parametrize("path", sorted(MIWG.glob("*.bpmn")), ids=lambda p: p.name)
def test_miwg_reference_models_are_schema_valid(path: Path) -> None:
    assert validate(path.read_bytes(), path.name) == []


def test_there_are_21_miwg_models() -> None:
    assert len(list(MIWG.glob("*.bpmn"))) == 21


def test_corpus_is_in_the_repository() -> None:
    """MIWG, bpmn-moddle, Camunda and bpmnlint's fixtures: files the tests own, with licences."""
    files = corpus_files()
    assert len(files) > 400
    assert all(DATA in p.parents for p in files)
    for folder in ("miwg-reference", "bpmn-moddle", "camunda-bpm-examples"):
        assert list((CORPUS / "bpmn" / folder).glob("LICENSE*")), folder


@pytest.mark.parametrize("name", [
    "vendor/bizagi-nested-ns-definition.bpmn", "vendor/case-agile-local-ns-declaration.bpmn",
    "vendor/signavio-complex-no-extensions.bpmn", "vendor/yaoqiang-event-definitions.bpmn",
    "di-extension.bpmn", "extension-elements.bpmn", "extension-attributes.bpmn",
])
def test_vendor_exports_give_no_schema_errors(name: str) -> None:
    problems = validate((MODDLE / name).read_bytes(), name)
    assert [p for p in problems if p.level is Level.ERROR] == []
    assert all(p.rule == "PK-B003" for p in problems)


def test_di_extension_content_is_vendor_warning() -> None:
    problems = validate((MODDLE / "di-extension.bpmn").read_bytes())
    assert problems and {p.rule for p in problems} == {"PK-B003"}
    assert all(p.message.startswith("Herstellererweiterung") for p in problems)
    assert [p.line for p in problems] == [8, 13]


def test_vendor_element_outside_extension_elements_is_warning() -> None:
    task = ('<bpmn:task id="Task_1" name="Antrag prüfen"><vendor:meta a="1" />'
            "</bpmn:task>")
    problems = validate(MINIMAL.format(task=task).encode())
    assert [(p.rule, p.level, p.line, p.element) for p in problems] == [
        ("PK-B003", Level.WARN, 7, "Task_1")]


def test_vendor_attribute_is_fine() -> None:
    task = '<bpmn:task id="Task_1" name="Antrag prüfen" vendor:farbe="rot" />'
    assert validate(MINIMAL.format(task=task).encode()) == []


def test_unknown_bpmn_attribute_is_error_with_line() -> None:
    task = '<bpmn:task id="Task_1" name="Antrag prüfen" status="offen" />'
    problems = validate(MINIMAL.format(task=task).encode())
    assert [(p.rule, p.level, p.line, p.element) for p in problems] == [
        ("PK-B002", Level.ERROR, 7, "Task_1")]
    assert "Attribut 'status' ist nicht erlaubt" in problems[0].message
    assert "<bpmn:task>" in problems[0].message


def test_misplaced_element_is_error_with_line() -> None:
    task = ('<bpmn:task id="Task_1" name="Antrag prüfen">\n'
            "      <bpmn:outgoing>Flow_1</bpmn:outgoing>\n"
            "      <bpmn:documentation>zu spät</bpmn:documentation>\n"
            "    </bpmn:task>")
    problems = validate(MINIMAL.format(task=task).encode())
    assert [(p.rule, p.level, p.line, p.element) for p in problems] == [
        ("PK-B002", Level.ERROR, 9, "Task_1")]
    assert "ist hier nicht erlaubt" in problems[0].message


def test_missing_required_attribute_is_error() -> None:
    task = '<bpmn:sequenceFlow id="Flow_1" sourceRef="Start_1" />'
    problems = validate(MINIMAL.format(task=task).encode())
    assert [(p.rule, p.line) for p in problems] == [("PK-B002", 7)]
    assert "Pflichtattribut 'targetRef' fehlt" in problems[0].message


@pytest.mark.parametrize(("edit", "german"), [
    (("<semantic:startEvent", "Text <semantic:startEvent"),
     "Element <bpmn:process>: Text ist hier nicht erlaubt, nur Kindelemente"),
    (("<semantic:process ", '<semantic:process processType="Offen" '),
     "Element <bpmn:process>: Wert 'Offen' ist nicht erlaubt; erlaubt: 'None', 'Public', "
     "'Private'"),
    (("<semantic:outgoing>", '<semantic:outgoing><semantic:task id="T_9"/>'),
     "Element <bpmn:outgoing>: Kindelemente sind hier nicht erlaubt, nur ein Wert"),
])
def test_common_schema_errors_are_german(edit: tuple[str, str], german: str) -> None:
    """libxml2's English must not stand inside a German finding: the common schema
    complaints are translated like 'Pflichtattribut … fehlt'."""
    raw = (MIWG / "A.1.0.bpmn").read_bytes().replace(edit[0].encode(), edit[1].encode(), 1)
    messages = [p.message for p in validate(raw) if p.rule == "PK-B002"]
    assert f"BPMN-Schemafehler: {german}" in messages
    english = ("content", "allowed", "facet", "not an element", "type definition")
    assert not [m for m in messages if any(word in m for word in english)], messages


def test_unknown_bpmn_element_is_error_not_vendor() -> None:
    task = '<bpmn:aufgabe id="Task_1" name="Antrag prüfen" />'
    problems = validate(MINIMAL.format(task=task).encode())
    assert [p.rule for p in problems] == ["PK-B002"]


def test_rule_modules_split_errors_and_warnings() -> None:
    task = ('<bpmn:task id="Task_1" name="Antrag prüfen" status="x"><vendor:meta />'
            "</bpmn:task>")
    parsed, _ = parse_bpmn(MINIMAL.format(task=task).encode(), "m.bpmn")
    assert parsed is not None
    model = index_model(parsed.root, "m.bpmn")
    by_code = {m.CODE: list(m.check(model, None, RuleContext()))
               for m in CONVENTION_RULE_MODULES if m.CODE in {"PK-B002", "PK-B003"}}
    assert len(by_code["PK-B002"]) == 1 and len(by_code["PK-B003"]) == 1
    assert by_code["PK-B002"][0].element == "Task_1"


def test_validation_of_many_models_in_one_process() -> None:
    """The schema is compiled once and reused; 500 validations give no spurious errors."""
    roots = []
    for path in sorted(MIWG.glob("*.bpmn")):
        parsed, _ = parse_bpmn(path.read_bytes(), path.name)
        assert parsed is not None
        roots.append(parsed.root)
    xsd.schema()
    batch = (roots * 25)[:500]
    for root in batch:
        xsd._last = None  # no cache hit: every model validated
        assert xsd.validate_xsd(root, "m.bpmn") == []


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(DATA)))
def test_corpus_file_gets_an_answer(path: Path) -> None:
    parsed, problems = parse_bpmn(path.read_bytes(), path.name)
    if parsed is None:
        assert problems
        return
    model = index_model(parsed.root, path.name)
    answer = xsd.validate_xsd(parsed.root, path.name)
    for module in CONVENTION_RULE_MODULES:
        if module.SCOPE is Scope.BPMN:
            answer += [Problem(path.name, f.line, None, module.CODE, module.LEVEL, f.message)
                       for f in module.check(model, None, RuleContext())]
    facts = extract_bpmn_facts(model)
    assert facts.parsed
    assert all(isinstance(p, Problem) for p in answer)
