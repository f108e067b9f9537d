"""Zusammenführende Gateways bleiben unbenannt.

Ein Gateway mit mehreren eingehenden und höchstens einem ausgehenden Sequenzfluss führt
Pfade nur zusammen; es entscheidet nichts. Ein Name (oft eine kopierte Frage) lässt Leser
eine Entscheidung suchen, die es nicht gibt. Gilt für alle Gateway-Arten.

Richtig::

    <bpmn:exclusiveGateway id="Gateway_Join" />

Falsch::

    <bpmn:exclusiveGateway id="Gateway_Join" name="Unterlagen vollständig?" />
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.bpmn.model import BpmnModel
from prozesskit.bpmn.query import gateways, is_joining, label, source_line
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext

CODE = "PK-B055"
NAME = "zusammenfuehrung-unbenannt"
TITLE = "Zusammenführende Gateways nicht benennen"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")


def check(model: BpmnModel, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for el in gateways(model):
        name = label(el)
        if name is not None and is_joining(model, el):
            yield Finding(f"Zusammenführendes Gateway trägt den Namen „{name}“",
                          element=el.get("id"), line=source_line(el),
                          hint="Den Namen entfernen; nur verzweigende Gateways stellen "
                               "eine Frage.")
