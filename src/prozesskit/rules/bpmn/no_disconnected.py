"""Aufgaben, Gateways, Teilprozesse und Ereignisse müssen mit dem Fluss verbunden sein.

Ein Element ohne ein- und ausgehenden Sequenzfluss wird nie erreicht. Ausgenommen sind
Ereignis-Teilprozesse, Kompensationsaktivitäten und -randereignisse sowie Elemente in
Ad-hoc-Teilprozessen.

Richtig::

    (Start) → [Antrag prüfen] → (Ende)

Falsch::

    (Start) → (Ende)      [Antrag prüfen] steht unverbunden daneben
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import (
    EVENTS,
    GATEWAYS,
    SUBPROCESSES,
    TASKS,
    all_of,
    event_definitions,
    is_for_compensation,
    named,
    parent_type,
    triggered_by_event,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B013"
NAME = "keine-unverbundenen-elemente"
TITLE = "Elemente müssen mit dem Sequenzfluss verbunden sein"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "no-disconnected"

_CANDIDATES = TASKS | GATEWAYS | SUBPROCESSES | EVENTS


def _compensation_linked(el: etree._Element) -> bool:
    if is_for_compensation(el):
        return True
    defs = event_definitions(el)
    return (local(el) == "boundaryEvent" and len(defs) == 1
            and local(defs[0]) == "compensateEventDefinition")


def _exempt(el: etree._Element) -> bool:
    return (triggered_by_event(el) or _compensation_linked(el)
            or parent_type(el) == "adHocSubProcess")


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for el in all_of(model, _CANDIDATES):
        if _exempt(el) or model.ref_incoming(el) or model.ref_outgoing(el):
            continue
        yield Finding(f"{named(el)} ist mit keinem Sequenzfluss verbunden",
                      element=el.get("id"),
                      hint="Das Element in den Fluss einbinden oder entfernen.")
