"""Ein Prozess oder Teilprozess hat höchstens ein leeres Startereignis.

Mehrere Startereignisse ohne Ereignisdefinition sind nicht zu unterscheiden: Es bleibt
offen, wann welches auslöst.

Richtig::

    (Antrag eingegangen) → …
    (✉ Nachricht eingegangen) → …

Falsch::

    ( ) → …
    ( ) → …     zwei leere Startereignisse
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import (
    CONTAINERS,
    all_of,
    event_definitions,
    flow_elements,
    named,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B019"
NAME = "ein-leeres-startereignis"
TITLE = "Höchstens ein leeres Startereignis je Prozess"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "single-blank-start-event"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for scope in all_of(model, CONTAINERS):
        blank = [el for el in flow_elements(scope)
                 if local(el) == "startEvent" and not event_definitions(el)]
        if len(blank) > 1:
            yield Finding(f"{named(scope)} hat {len(blank)} leere Startereignisse",
                          element=scope.get("id"),
                          hint="Nur ein leeres Startereignis; weitere typisieren "
                               "(z. B. Nachricht, Zeitgeber).")
