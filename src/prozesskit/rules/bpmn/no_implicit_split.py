"""Aktivitäten und Ereignisse dürfen den Fluss nicht implizit aufteilen.

Gehen von einer Aktivität oder einem Ereignis mehrere unbedingte Sequenzflüsse aus, laufen
alle parallel weiter – oft ungewollt. Verzweigungen werden mit einem Gateway modelliert.

Richtig::

    [Antrag prüfen] → <+> → [Gebühr berechnen]
                          → [Bescheid vorbereiten]

Falsch::

    [Antrag prüfen] → [Gebühr berechnen]
                    → [Bescheid vorbereiten]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import (
    ACTIVITIES,
    EVENTS,
    all_of,
    default_flow_id,
    named,
    unconditional,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B014"
NAME = "keine-implizite-verzweigung"
TITLE = "Verzweigungen nur über Gateways"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "no-implicit-split"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for el in all_of(model, ACTIVITIES | EVENTS):
        default = default_flow_id(model, el)
        plain = unconditional(model.ref_outgoing(el), default)
        if len(plain) > 1:
            yield Finding(f"Fluss verzweigt sich implizit an {named(el)} "
                          f"({len(plain)} unbedingte ausgehende Sequenzflüsse)",
                          element=el.get("id"),
                          hint="Ein paralleles oder exklusives Gateway einfügen.")
