"""Startereignisse in (normalen) Teilprozessen müssen leer sein.

Ein eingebetteter Teilprozess startet, wenn der Fluss ihn erreicht; ein Auslöser wie
Nachricht oder Zeitgeber an seinem Startereignis ist bedeutungslos. Ereignis-Teilprozesse
sind ausgenommen.

Richtig::

    Teilprozess: ( ) → [Unterlagen prüfen] → ( )

Falsch::

    Teilprozess: (✉) → [Unterlagen prüfen] → ( )
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import (
    SUBPROCESSES,
    all_of,
    event_definitions,
    flow_elements,
    named,
    named_with_id,
    triggered_by_event,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B027"
NAME = "teilprozess-leeres-startereignis"
TITLE = "Teilprozesse starten mit leerem Startereignis"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "sub-process-blank-start-event"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for sub in all_of(model, SUBPROCESSES):
        if triggered_by_event(sub):
            continue
        for el in flow_elements(sub):
            if local(el) == "startEvent" and event_definitions(el):
                yield Finding(f"{named(el)} im Teilprozess {named_with_id(sub)} muss leer sein",
                              element=el.get("id"),
                              hint="Die Ereignisdefinition entfernen.")
