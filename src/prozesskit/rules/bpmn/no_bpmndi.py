"""Jedes sichtbare Element braucht Diagramm-Informationen (BPMNDI).

Elemente ohne Form oder Kante im Diagramm existieren nur im XML: Sie sind in keinem
Modellierungswerkzeug zu sehen, werden aber ausgeführt und geprüft. Datenobjekte (nicht
ihre Referenzen) haben keine eigene Darstellung und sind ausgenommen.

Richtig::

    <sequenceFlow id="Flow_1" …/>   und   <bpmndi:BPMNEdge bpmnElement="Flow_1">…

Falsch::

    <sequenceFlow id="Flow_1" …/>   ohne BPMNEdge

Ebenso unbrauchbar sind Koordinaten, die keine endlichen Zahlen sind (``x="NaN"``,
``y="1e400"``) oder weiter als 1.000.000 vom Ursprung liegen (Breite und Höhe: negativ
oder über 1.000.000): das Schema lässt sie zu, aber kein Werkzeug kann die Form sinnvoll
platzieren, und ``render`` lässt sie weg.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from prozesskit.bpmn.koordinaten import unusable
from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import (
    FLOW_ELEMENTS,
    SUBPROCESSES,
    named,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B023"
NAME = "diagramminformationen-erforderlich"
TITLE = "Sichtbare Elemente brauchen Diagramm-Informationen"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "no-bpmndi"

_ARTIFACTS = frozenset({"textAnnotation", "association", "group"})
#: moddle's ChoreographyActivity is a flow node; a sub-choreography has flow elements
_CHOREOGRAPHY = frozenset({"choreographyTask", "subChoreography", "callChoreography"})
#: root elements bpmnlint walks: processes and collaborations (a choreography is one)
ROOTS = frozenset({"process", "collaboration", "choreography"})


def _lanes(lane_set: etree._Element | None) -> Iterator[etree._Element]:
    """Lanes of a lane set and, recursively, of their child lane sets."""
    if lane_set is None:
        return
    for lane in lane_set:
        if local(lane) == "lane":
            yield lane
            yield from _lanes(_first(lane, "childLaneSet"))


def _first(el: etree._Element, kind: str) -> etree._Element | None:
    return next((child for child in el if local(child) == kind), None)


def _visual(container: etree._Element) -> Iterator[etree._Element]:
    """bpmnlint's getAllBpmnElements for one root element or nested container."""
    for child in container:
        kind = local(child)
        if kind in _ARTIFACTS or kind in ("participant", "messageFlow"):
            yield child
        elif kind in FLOW_ELEMENTS or kind in _CHOREOGRAPHY:
            yield child
            if kind in SUBPROCESSES or kind == "subChoreography":
                yield from _visual(child)
    yield from _lanes(_first(container, "laneSet"))


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    refs = model.di_by_element  # shown elements by id (shared with the overlap rule)
    for root in model.root:
        if local(root) not in ROOTS:
            continue
        for el in _visual(root):
            di = refs.get(el.get("id") or "")
            if di is None:
                if local(el) != "dataObject":
                    yield Finding(f"{named(el)} hat keine Diagramm-Informationen (BPMNDI)",
                                  element=el.get("id"),
                                  hint="Das Modell im Modellierungswerkzeug öffnen, das "
                                       "Element platzieren und neu speichern.")
                continue
            faults = unusable(di)
            if faults:
                why = " und ".join(f"{fault} ({values})" for values, fault in faults)
                yield Finding(f"{named(el)}: die Koordinaten im Diagramm {why}; das Element "
                              "lässt sich weder zeichnen noch auf Überlappung prüfen",
                              element=el.get("id"),
                              hint="Das Element im Modellierungswerkzeug neu platzieren und "
                                   "das Modell neu speichern (oder die Werte in der Datei "
                                   "durch Zahlen ersetzen).")
