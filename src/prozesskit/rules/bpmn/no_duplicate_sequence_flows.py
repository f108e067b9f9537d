"""Zwischen zwei Elementen darf es keinen doppelten Sequenzfluss geben.

Zwei Sequenzflüsse mit gleicher Quelle, gleichem Ziel und gleicher Bedingung sind ein
Modellierungsfehler (oft übereinander gezeichnet und unsichtbar). Gemeldet werden der
doppelte Fluss, seine Quelle und sein Ziel.

Richtig::

    [Antrag prüfen] ──→ [Bescheid erstellen]

Falsch::

    [Antrag prüfen] ══→ [Bescheid erstellen]     zwei gleiche Flüsse
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import named_by_id
from prozesskit.rules.context import RuleContext

CODE = "PK-B017"
NAME = "keine-doppelten-sequenzfluesse"
TITLE = "Keine doppelten Sequenzflüsse"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "no-duplicate-sequence-flows"


def _end(model: BpmnModel, flow: etree._Element, attribute: str) -> str:
    """Resolved end's id, or the flow's own id when the reference does not resolve."""
    target = model.ref(flow, attribute)
    return (target.get("id") or "") if target is not None else (flow.get("id") or "")


def _condition(flow: etree._Element) -> str:
    for child in flow:
        if local(child) == "conditionExpression":
            return child.text or ""
    return ""


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    seen: set[tuple[str, str, str]] = set()
    reported_out: set[str] = set()
    reported_in: set[str] = set()
    for flow in model.of_type("sequenceFlow"):
        source, target = _end(model, flow, "sourceRef"), _end(model, flow, "targetRef")
        key = (source, target, _condition(flow))
        if key not in seen:
            seen.add(key)
            continue
        yield Finding(f"Der Sequenzfluss von {source} nach {target} ist doppelt",
                      element=flow.get("id"), hint="Den doppelten Sequenzfluss löschen.")
        if source not in reported_out:
            reported_out.add(source)
            yield Finding(f"{named_by_id(model, source)} hat doppelte ausgehende Sequenzflüsse",
                          element=source)
        if target not in reported_in:
            reported_in.add(target)
            yield Finding(f"{named_by_id(model, target)} hat doppelte eingehende Sequenzflüsse",
                          element=target)
