"""Jeder Prozess und jeder Teilprozess braucht ein Startereignis.

Ohne Startereignis ist nicht zu erkennen, wodurch der Prozess ausgelöst wird.
Ad-hoc-Teilprozesse sind ausgenommen.

Richtig::

    (Antrag eingegangen) → [Antrag prüfen] → (Antrag erledigt)

Falsch::

    [Antrag prüfen] → (Antrag erledigt)     kein Startereignis
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import all_of, flow_elements, named
from prozesskit.rules.context import RuleContext

CODE = "PK-B011"
NAME = "startereignis-erforderlich"
TITLE = "Prozesse und Teilprozesse brauchen ein Startereignis"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "start-event-required"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for scope in all_of(model, ("process", "subProcess", "transaction")):
        if not any(local(el) == "startEvent" for el in flow_elements(scope)):
            yield Finding(f"Startereignis fehlt in {named(scope)}", element=scope.get("id"),
                          hint="Ein Startereignis modellieren, das den Auslöser benennt.")
