"""Beschriftungen gehören nur an Sequenzflüsse, deren Beschriftung etwas aussagt.

Eine Beschriftung ist sinnvoll an den Ausgängen eines verzweigenden exklusiven oder
inklusiven Gateways (die Antwort auf die Frage des Gateways), an bedingten Sequenzflüssen
und am Standardfluss. An jedem anderen Sequenzfluss wiederholt sie nur, was das Diagramm
schon zeigt, und lenkt vom Ablauf ab.

Richtig::

    [Antrag prüfen] → <Vollständig?> —ja→ [Bescheid erstellen]
                                     —nein→ [Unterlagen nachfordern]

Falsch::

    [Antrag prüfen] —geprüft→ [Bescheid erstellen]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import default_flow_id, has_condition, one_line
from prozesskit.rules.context import RuleContext

CODE = "PK-B037"
NAME = "ueberfluessige-beschriftung"
TITLE = "Keine überflüssigen Beschriftungen an Sequenzflüssen"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "superfluous-label"

_DECISIONS = frozenset({"exclusiveGateway", "inclusiveGateway"})


def _meaningful(model: BpmnModel, flow: etree._Element) -> bool:
    """bpmnlint's three exceptions: a condition, the default flow, an XOR/OR fork."""
    if has_condition(flow):
        return True
    source = model.ref(flow, "sourceRef")
    if source is None:
        return False
    if default_flow_id(model, source) == flow.get("id"):
        return True
    return local(source) in _DECISIONS and len(model.ref_outgoing(source)) > 1


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for flow in model.of_type("sequenceFlow"):
        label = one_line(flow.get("name"))
        if label and not _meaningful(model, flow):
            yield Finding(f"Die Beschriftung '{label}' des Sequenzflusses ist überflüssig: "
                          "keine Bedingung, kein Standardfluss und kein Ausgang eines "
                          "verzweigenden exklusiven oder inklusiven Gateways",
                          element=flow.get("id"),
                          hint="Die Beschriftung entfernen; Beschriftungen gehören an die "
                               "Ausgänge verzweigender Gateways und an bedingte Flüsse.")
