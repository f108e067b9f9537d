"""Ein terminierendes Endereignis ist überflüssig, wenn es das einzige Ende ist.

Terminieren beendet alle noch laufenden Pfade. Endet der Prozess ohnehin nur dort (neben
unterbrechenden Ereignis-Teilprozessen), genügt ein normales Endereignis.

Richtig::

    (Start) → [Antrag prüfen] → (Ende)

Falsch::

    (Start) → [Antrag prüfen] → (◉ Ende)     einziges Ende, terminierend
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import (
    CONTAINERS,
    FLOW_NODES,
    all_of,
    flow_elements,
    has_definition,
    is_interrupting,
    named,
    triggered_by_event,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B028"
NAME = "ueberfluessige-terminierung"
TITLE = "Keine überflüssigen terminierenden Endereignisse"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "superfluous-termination"


def _terminate_end(el: etree._Element) -> bool:
    return local(el) == "endEvent" and has_definition(el, "terminateEventDefinition")


def _interrupting_event_sub(el: etree._Element) -> bool:
    return triggered_by_event(el) and any(
        local(child) == "startEvent" and is_interrupting(child) for child in flow_elements(el))


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for scope in all_of(model, CONTAINERS):
        ends = [el for el in flow_elements(scope)
                if local(el) in FLOW_NODES and not model.ref_outgoing(el)]
        terminating = [el for el in ends if _terminate_end(el)]
        if len(terminating) != 1:
            continue
        if all(_interrupting_event_sub(el) or _terminate_end(el) for el in ends):
            el = terminating[0]
            yield Finding(f"Terminierung an {named(el)} ist überflüssig", element=el.get("id"),
                          hint="Ein normales Endereignis verwenden.")
