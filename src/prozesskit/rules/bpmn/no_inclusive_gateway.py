"""Inklusive Gateways sollen nicht verwendet werden.

Inklusive (ODER-)Gateways sind schwer zu lesen, besonders beim Zusammenführen. Meist
lässt sich der Ablauf mit exklusiven und parallelen Gateways klarer darstellen.

Richtig::

    [Antrag prüfen] → <X> → …

Falsch::

    [Antrag prüfen] → <O> → …     inklusives Gateway
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import named
from prozesskit.rules.context import RuleContext

CODE = "PK-B033"
NAME = "kein-inklusives-gateway"
TITLE = "Keine inklusiven Gateways"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "no-inclusive-gateway"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for el in model.of_type("inclusiveGateway"):
        yield Finding(f"{named(el)} soll nicht verwendet werden", element=el.get("id"),
                      hint="Mit exklusiven und parallelen Gateways modellieren.")
