"""Element names in the wrong case (``<bpmn:Task>``): read as BPMN means them, with a warning.

bpmnlint's reader (bpmn-moddle) matches BPMN element names case-insensitively, so a model
with ``<bpmn:Task>`` is linted as a task there; an exact reader would see an unknown element
and let every rule miss it. The index (:func:`prozesskit.bpmn.model.index_model`) renames
such elements to the BPMN schema's spelling before any rule, the XSD check or the facts see
the tree, and each one is reported (PK-B004).

Valid models must not pay for this: the index already groups elements by local name, so
only the few distinct names of a model are looked at, and the schema's names are loaded
only when a model uses one outside the everyday set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from lxml import etree

from prozesskit.bpmn.ns import BPMN_NS
from prozesskit.problem import Level, Problem

RULE_CASING = "PK-B004"

_B = "{" + BPMN_NS + "}"
_XSD_ELEMENT = re.compile(r'<xsd:element name="(\w+)"')
_GENERATED_PREFIX = re.compile(r"ns\d+")

#: spelled right in nearly every model: no schema lookup for these
_EVERYDAY = frozenset({
    "definitions", "process", "collaboration", "participant", "messageFlow", "laneSet", "lane",
    "flowNodeRef", "sequenceFlow", "incoming", "outgoing", "conditionExpression", "task",
    "userTask", "serviceTask", "sendTask", "receiveTask", "manualTask", "businessRuleTask",
    "scriptTask", "subProcess", "callActivity", "startEvent", "endEvent",
    "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent", "exclusiveGateway",
    "parallelGateway", "inclusiveGateway", "eventBasedGateway", "documentation",
    "extensionElements", "textAnnotation", "text", "association", "dataObject",
    "dataObjectReference", "dataStoreReference", "dataStore", "dataInputAssociation",
    "dataOutputAssociation", "sourceRef", "targetRef", "message", "messageEventDefinition",
    "timerEventDefinition", "terminateEventDefinition", "errorEventDefinition", "error",
    "signal", "signalEventDefinition", "timeDuration", "timeDate", "timeCycle", "property",
    "ioSpecification", "dataInput", "dataOutput", "inputSet", "outputSet", "group",
    "category", "categoryValue", "linkEventDefinition", "multiInstanceLoopCharacteristics",
    "standardLoopCharacteristics",
})


@cache
def _by_lower() -> dict[str, str]:
    """Lower-case name → the schema's spelling, for every element the BPMN 2.0 XSD declares."""
    names: set[str] = set()
    folder = Path(__file__).with_name("xsd")  # the package data the XSD rule compiles
    for schema in ("BPMN20.xsd", "Semantic.xsd"):
        names.update(_XSD_ELEMENT.findall((folder / schema).read_text("utf-8")))
    return {name.lower(): name for name in names}


def normalise_case(
    by_type: Mapping[str, Sequence[etree._Element]],
) -> list[tuple[etree._Element, str]]:
    """Rename the elements whose local name is a BPMN name in another case; returns each
    renamed element with the name as written."""
    renamed: list[tuple[etree._Element, str]] = []
    for written, elements in by_type.items():
        if written in _EVERYDAY:
            continue
        spelled = _by_lower().get(written.lower())
        if spelled is None or spelled == written:
            continue
        for el in elements:
            el.tag = _B + spelled
            renamed.append((el, written))
    return renamed


def _written_prefix(prefix: str | None) -> str:
    """lxml names a namespace it had to add ``ns0``; there the file wrote moddle's ``bpmn``
    without declaring it (see recover.py)."""
    if not prefix:
        return ""
    return "bpmn:" if _GENERATED_PREFIX.fullmatch(prefix) else f"{prefix}:"


def casing_problems(renamed: Sequence[tuple[etree._Element, str]], file: str) -> list[Problem]:
    """One warning per renamed element, with its line and id."""
    problems: list[Problem] = []
    for el, written in renamed:
        prefix = _written_prefix(el.prefix)
        spelled = str(el.tag)[len(_B):]
        source: object = el.sourceline
        problems.append(Problem(
            file, source if isinstance(source, int) else None, None, RULE_CASING, Level.WARN,
            f"Elementname <{prefix}{written}> ist falsch geschrieben: BPMN kennt nur "
            f"<{prefix}{spelled}>; das Element wurde als {spelled} gelesen und geprüft",
            element=el.get("id"),
            hint=f"<{prefix}{spelled}> schreiben (Groß-/Kleinschreibung wie im BPMN-Standard), "
                 "sonst lesen andere Werkzeuge das Element nicht.",
        ))
    return problems
