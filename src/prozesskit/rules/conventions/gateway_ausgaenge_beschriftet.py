"""Die ausgehenden Flüsse eines verzweigenden Gateways tragen die Antwort.

Jeder Sequenzfluss, der ein exklusives oder inklusives Gateway mit mehr als einem Ausgang
verlässt, ist mit der Antwort auf die Frage des Gateways beschriftet („ja“, „nein“,
„Unterlagen fehlen“). Bedingungsausdrücke werden nicht verlangt, Beschriftungen schon.

Richtig::

    <bpmn:exclusiveGateway id="Gateway_1" name="Unterlagen vollständig?" />
    <bpmn:sequenceFlow id="Flow_ja" name="ja" sourceRef="Gateway_1" targetRef="Task_2" />
    <bpmn:sequenceFlow id="Flow_nein" name="nein" sourceRef="Gateway_1" targetRef="Task_3" />

Falsch::

    <bpmn:sequenceFlow id="Flow_ja" sourceRef="Gateway_1" targetRef="Task_2" />
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.bpmn.model import BpmnModel
from prozesskit.bpmn.query import is_splitting, label, source_line
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext

CODE = "PK-B054"
NAME = "gateway-ausgaenge-beschriftet"
TITLE = "Ausgehende Flüsse verzweigender Gateways beschriften"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")


def check(model: BpmnModel, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for gateway in model.of_type("exclusiveGateway", "inclusiveGateway"):
        if not is_splitting(model, gateway):
            continue
        question = label(gateway)
        for flow in model.outgoing(gateway):
            if label(flow) is None:
                about = f" „{question}“" if question else ""
                yield Finding(
                    f"Ausgehender Sequenzfluss des Gateways{about} ist nicht beschriftet",
                    element=flow.get("id"), line=source_line(flow),
                    hint="Den Fluss mit der Antwort beschriften, z. B. „ja“ / „nein“.")
