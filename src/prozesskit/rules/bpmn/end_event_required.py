"""Jeder Prozess und jeder Teilprozess braucht ein Endereignis.

Ohne Endereignis bleibt offen, mit welchem Ergebnis der Prozess endet.
Ad-hoc-Teilprozesse sind ausgenommen.

Richtig::

    (Antrag eingegangen) → [Antrag prüfen] → (Antrag erledigt)

Falsch::

    (Antrag eingegangen) → [Antrag prüfen]     kein Endereignis
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import all_of, flow_elements, named
from prozesskit.rules.context import RuleContext

CODE = "PK-B012"
NAME = "endereignis-erforderlich"
TITLE = "Prozesse und Teilprozesse brauchen ein Endereignis"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "end-event-required"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for scope in all_of(model, ("process", "subProcess", "transaction")):
        if not any(local(el) == "endEvent" for el in flow_elements(scope)):
            yield Finding(f"Endereignis fehlt in {named(scope)}", element=scope.get("id"),
                          hint="Ein Endereignis modellieren, das das Ergebnis benennt.")
