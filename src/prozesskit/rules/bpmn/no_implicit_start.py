"""Kein impliziter Start: jedes Element außer Start- und Randereignissen braucht einen
eingehenden Sequenzfluss.

Ein Element ohne eingehenden Fluss startet beim Prozessstart implizit mit – das ist fast
immer ungewollt. Ausgenommen sind Kompensationsaktivitäten, Ereignis-Teilprozesse,
empfangende Link-Ereignisse und Elemente in Ad-hoc-Teilprozessen.

Richtig::

    (Start) → [Antrag prüfen] → (Ende)

Falsch::

    [Antrag prüfen] → (Ende)      Aufgabe ohne eingehenden Fluss
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import (
    ACTIVITIES,
    EVENTS,
    GATEWAYS,
    all_of,
    is_for_compensation,
    named,
    only_definitions_of,
    parent_type,
    triggered_by_event,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B029"
NAME = "kein-impliziter-start"
TITLE = "Kein impliziter Start"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "no-implicit-start"


def _exempt(el: etree._Element) -> bool:
    kind = local(el)
    return (is_for_compensation(el) or parent_type(el) == "adHocSubProcess"
            or triggered_by_event(el) or kind in ("startEvent", "boundaryEvent")
            or (kind == "intermediateCatchEvent"
                and only_definitions_of(el, "linkEventDefinition")))


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for el in all_of(model, ACTIVITIES | EVENTS | GATEWAYS):
        if not _exempt(el) and not model.ref_incoming(el):
            yield Finding(f"{named(el)} ist ein impliziter Start (kein eingehender "
                          "Sequenzfluss)", element=el.get("id"),
                          hint="Das Element an den Fluss anschließen oder ein "
                               "Startereignis davorsetzen.")
