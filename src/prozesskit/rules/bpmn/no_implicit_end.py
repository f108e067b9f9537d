"""Kein implizites Ende: jedes Element außer Endereignissen braucht einen ausgehenden
Sequenzfluss.

Ein Element ohne ausgehenden Fluss beendet seinen Pfad stillschweigend; das Ergebnis
bleibt unbenannt. Ausgenommen sind Ereignis-Teilprozesse, auslösende Link-Ereignisse,
Kompensation und Elemente in Ad-hoc-Teilprozessen.

Richtig::

    (Start) → [Antrag prüfen] → (Antrag geprüft)

Falsch::

    (Start) → [Antrag prüfen]      Pfad endet ohne Endereignis
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
    enclosing_process,
    is_for_compensation,
    named,
    only_definitions_of,
    parent_type,
    triggered_by_event,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B030"
NAME = "kein-implizites-ende"
TITLE = "Kein implizites Ende"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "no-implicit-end"


def _has_compensation_activity(el: etree._Element) -> bool:
    """An association in the enclosing process's artifacts starts at this event."""
    process = enclosing_process(el)
    el_id = el.get("id")
    return process is not None and any(
        local(child) == "association" and child.get("sourceRef") == el_id for child in process)


def _compensation_boundary(el: etree._Element) -> bool:
    return (local(el) == "boundaryEvent"
            and only_definitions_of(el, "compensateEventDefinition")
            and _has_compensation_activity(el))


def _exempt(el: etree._Element) -> bool:
    kind = local(el)
    return (triggered_by_event(el)
            or (kind == "intermediateThrowEvent"
                and only_definitions_of(el, "linkEventDefinition"))
            or parent_type(el) == "adHocSubProcess" or kind == "endEvent"
            or _compensation_boundary(el) or is_for_compensation(el))


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for el in all_of(model, ACTIVITIES | EVENTS | GATEWAYS):
        if not _exempt(el) and not model.ref_outgoing(el):
            yield Finding(f"{named(el)} ist ein implizites Ende (kein ausgehender "
                          "Sequenzfluss)", element=el.get("id"),
                          hint="Den Pfad mit einem benannten Endereignis abschließen.")
