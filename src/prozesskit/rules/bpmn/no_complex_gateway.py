"""Komplexe Gateways sollen nicht verwendet werden.

Die Semantik des komplexen Gateways ist schwer verständlich und wird von vielen Werkzeugen
nicht ausgeführt. Exklusive, inklusive oder parallele Gateways verwenden.

Richtig::

    [Antrag prüfen] → <X> → …

Falsch::

    [Antrag prüfen] → <*> → …     komplexes Gateway
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import named
from prozesskit.rules.context import RuleContext

CODE = "PK-B018"
NAME = "kein-komplexes-gateway"
TITLE = "Keine komplexen Gateways"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "no-complex-gateway"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for el in model.of_type("complexGateway"):
        yield Finding(f"{named(el)} soll nicht verwendet werden", element=el.get("id"),
                      hint="Durch ein exklusives, inklusives oder paralleles Gateway ersetzen.")
