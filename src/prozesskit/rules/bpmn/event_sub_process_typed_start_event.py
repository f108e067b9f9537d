"""Startereignisse in Ereignis-Teilprozessen brauchen eine Ereignisdefinition.

Ein Ereignis-Teilprozess wird durch ein Ereignis ausgelöst (Nachricht, Zeitgeber, Fehler …);
ein leeres Startereignis lässt offen, durch welches.

Richtig::

    Ereignis-Teilprozess: (⏱ Frist abgelaufen) → [Erinnerung senden] → ( )

Falsch::

    Ereignis-Teilprozess: ( ) → [Erinnerung senden] → ( )
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

CODE = "PK-B026"
NAME = "ereignis-teilprozess-typisierter-start"
TITLE = "Ereignis-Teilprozesse starten mit typisiertem Startereignis"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "event-sub-process-typed-start-event"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for sub in all_of(model, SUBPROCESSES):
        if not triggered_by_event(sub):
            continue
        for el in flow_elements(sub):
            if local(el) == "startEvent" and not event_definitions(el):
                yield Finding(f"{named(el)} im Ereignis-Teilprozess {named_with_id(sub)} hat keine "
                              "Ereignisdefinition", element=el.get("id"),
                              hint="Den Auslöser festlegen (z. B. Nachricht, Zeitgeber, Fehler).")
