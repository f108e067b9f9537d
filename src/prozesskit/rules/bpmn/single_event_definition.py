"""Ein Ereignis hat höchstens eine Ereignisdefinition.

Mehrere Definitionen an einem Ereignis (z. B. Nachricht und Zeitgeber) sind schwer zu
lesen und werden von Werkzeugen unterschiedlich ausgeführt.

Richtig::

    (✉ Antrag eingegangen)

Falsch::

    (✉⏱ Antrag oder Frist)     Nachricht und Zeitgeber an einem Ereignis
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import EVENTS, all_of, event_definitions, named
from prozesskit.rules.context import RuleContext

CODE = "PK-B020"
NAME = "eine-ereignisdefinition"
TITLE = "Höchstens eine Ereignisdefinition je Ereignis"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "single-event-definition"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for el in all_of(model, EVENTS):
        count = len(event_definitions(el))
        if count > 1:
            yield Finding(f"{named(el)} hat {count} Ereignisdefinitionen",
                          element=el.get("id"),
                          hint="Je Auslöser ein eigenes Ereignis modellieren "
                               "(z. B. hinter einem ereignisbasierten Gateway).")
