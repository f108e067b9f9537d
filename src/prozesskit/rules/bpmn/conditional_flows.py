"""Verzweigt ein Element bedingt, braucht jeder ausgehende Fluss eine Bedingung.

Hat ein Element einen Standardfluss oder mindestens einen bedingten ausgehenden Fluss,
muss jeder weitere ausgehende Fluss eine Bedingung tragen oder der Standardfluss sein.

Richtig::

    <Vollständig?> —[ja]→ [Bescheid erstellen]
                   —[nein]→ [Unterlagen anfordern]

Falsch::

    <Vollständig?> —[ja]→ [Bescheid erstellen]
                   ——→ [Unterlagen anfordern]     Fluss ohne Bedingung
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import (
    FLOW_NODES,
    all_of,
    default_flow_id,
    has_condition,
    named,
    named_with_id,
    unconditional,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B022"
NAME = "bedingte-sequenzfluesse"
TITLE = "Bedingte Verzweigungen brauchen Bedingungen an allen Flüssen"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "conditional-flows"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for node in all_of(model, FLOW_NODES):
        outgoing = model.ref_outgoing(node)
        default = default_flow_id(model, node)
        if not (default or any(has_condition(flow) for flow in outgoing)):
            continue
        for flow in unconditional(outgoing, default):
            yield Finding(f"{named(flow)} aus {named_with_id(node)} hat keine Bedingung",
                          element=flow.get("id"),
                          hint="Eine Bedingung angeben oder den Fluss als Standardfluss setzen.")
