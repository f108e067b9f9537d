"""Flusselemente, verzweigende Gateways, bedingte Sequenzflüsse, Pools und Lanes brauchen
eine Bezeichnung.

Ein Modell wird von Menschen gelesen: Aufgaben, Ereignisse und Entscheidungen ohne Namen
lassen offen, was geschieht. Ausgenommen sind parallele und ereignisbasierte Gateways,
zusammenführende Gateways, Teilprozesse und Sequenzflüsse ohne Bedingung.

Richtig::

    (Antrag eingegangen) → [Antrag prüfen] → <Vollständig?> → (Antrag erledigt)

Falsch::

    ( ) → [ ] → ( )          Start, Aufgabe und Ende ohne Namen
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import (
    FLOW_NODES,
    GATEWAYS,
    SUBPROCESSES,
    all_of,
    has_condition,
    named,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B010"
NAME = "bezeichnung-erforderlich"
TITLE = "Elemente brauchen eine Bezeichnung"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "label-required"

_CANDIDATES = FLOW_NODES | {"sequenceFlow", "participant", "lane"}
_EXEMPT = SUBPROCESSES | {"parallelGateway", "eventBasedGateway"}


def _exempt(model: BpmnModel, el: etree._Element) -> bool:
    kind = local(el)
    if kind in _EXEMPT:
        return True
    if kind in GATEWAYS:
        return len(model.ref_outgoing(el)) <= 1  # joining gateway
    return kind == "sequenceFlow" and not has_condition(el)


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for el in all_of(model, _CANDIDATES):
        if not _exempt(model, el) and not (el.get("name") or "").strip():
            yield Finding(f"{named(el)} hat keine Bezeichnung", element=el.get("id"),
                          hint="Einen aussagekräftigen Namen vergeben (Verb + Objekt).")
