"""Ein Gateway mit genau einem ein- und einem ausgehenden Fluss ist überflüssig.

Es entscheidet nichts und führt nichts zusammen.

Richtig::

    [Antrag prüfen] → [Bescheid erstellen]

Falsch::

    [Antrag prüfen] → <X> → [Bescheid erstellen]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import GATEWAYS, all_of, named
from prozesskit.rules.context import RuleContext

CODE = "PK-B021"
NAME = "ueberfluessiges-gateway"
TITLE = "Keine überflüssigen Gateways"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "superfluous-gateway"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for el in all_of(model, GATEWAYS):
        if len(model.ref_incoming(el)) == 1 and len(model.ref_outgoing(el)) == 1:
            yield Finding(f"{named(el)} ist überflüssig: genau ein eingehender und ein "
                          "ausgehender Sequenzfluss", element=el.get("id"),
                          hint="Das Gateway entfernen und die Flüsse direkt verbinden.")
