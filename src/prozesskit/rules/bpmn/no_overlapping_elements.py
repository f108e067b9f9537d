"""Elemente dürfen sich im Diagramm nicht überlappen und nicht aus ihrem Pool oder
aufgeklappten Teilprozess herausragen.

Überlappende Formen verdecken einander; was aus dem Pool ragt, ist ihm optisch nicht
zuzuordnen. Randereignisse dürfen ihre Aktivität überlappen, Datenspeicher dürfen aus dem
Pool ragen.

Richtig::

    [Antrag prüfen]   [Bescheid erstellen]      mit Abstand

Falsch::

    [Antrag prü[Bescheid erstellen]             Formen übereinander
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from prozesskit.bpmn.koordinaten import box_usable
from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import (
    SUBPROCESSES,
    Box,
    bounds_of,
    flow_elements,
    is_true,
    named_by_id,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B024"
NAME = "keine-ueberlappenden-elemente"
TITLE = "Keine überlappenden Elemente im Diagramm"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "no-overlapping-elements"


def _rects(checker: _Checker, elements: list[etree._Element],
           ) -> list[tuple[float, float, float, float, etree._Element]]:
    """(x1, x2, y1, y2, element) of every valid box; NaN boxes never collide (all
    comparisons with NaN are false in JavaScript too), nor do others that cannot be drawn
    (PK-B023 reports them; bpmn.koordinaten decides, as for render)."""
    rects = []
    for el in elements:
        box = checker.box(el)
        if box is None:
            continue
        x, y, w, h = box
        if x is None or y is None or w is None or h is None:  # not a valid shape for bpmnlint
            continue
        if box_usable(x, y, w, h):
            rects.append((x, x + w, y, y + h, el))
    return rects


def _left(rect: tuple[float, float, float, float, etree._Element]) -> float:
    return rect[0]


def _outside(child: Box | None, parent: Box | None) -> bool:
    """bpmnlint's check, except for coordinates that cannot be drawn (NaN compares false,
    so bpmnlint calls such a shape "outside"; one two million pixels away is outside of
    everything): PK-B023 says what they are."""
    if child is None or parent is None or not (child.valid and parent.valid):
        return False
    if not (box_usable(*child) and box_usable(*parent)):  # type: ignore[arg-type]
        return False
    cx, cy, cw, ch = child.x or 0.0, child.y or 0.0, child.width or 0.0, child.height or 0.0
    px, py, pw, ph = parent.x or 0.0, parent.y or 0.0, parent.width or 0.0, parent.height or 0.0
    inside = cx >= px and cy >= py and cx + cw <= px + pw and cy + ch <= py + ph
    return not inside


class _Checker:
    def __init__(self, model: BpmnModel) -> None:
        self.di = model.di_by_element
        self.overlapping: dict[str, None] = {}
        self.outside: dict[str, None] = {}
        self._boxes: dict[str, Box | None] = {}

    def box(self, el: etree._Element) -> Box | None:
        key = el.get("id") or ""
        try:
            return self._boxes[key]
        except KeyError:
            box = self._boxes[key] = bounds_of(self.di.get(key))
            return box

    def attached(self, a: etree._Element, b: etree._Element) -> bool:
        return (a.get("attachedToRef") == b.get("id") and local(a) == "boundaryEvent") or (
            b.get("attachedToRef") == a.get("id") and local(b) == "boundaryEvent")

    def pairs(self, elements: list[etree._Element]) -> None:
        """bpmnlint's pairwise check, as a sweep over x: same pairs, fewer comparisons."""
        boxes = sorted(_rects(self, elements), key=_left)
        for i, (ax1, ax2, ay1, ay2, a) in enumerate(boxes):
            for j in range(i + 1, len(boxes)):  # not boxes[i + 1:]: a copy per box is O(n²)
                bx1, bx2, by1, by2, b = boxes[j]
                if bx1 > ax2:
                    break  # sorted by x: no later box can touch this one
                if bx2 >= ax1 and ay2 >= by1 and by2 >= ay1 and not self.attached(a, b):
                    self.overlapping[a.get("id") or ""] = None
                    self.overlapping[b.get("id") or ""] = None

    def container(self, scope: etree._Element, parent: Box | None) -> None:
        children = list(flow_elements(scope))
        elements = [el for el in children if el.get("id") in self.di]
        self.pairs(elements)
        for el in elements:
            if local(el) != "dataStoreReference" and _outside(self.box(el), parent):
                self.outside[el.get("id") or ""] = None
        for sub in children:
            if local(sub) in SUBPROCESSES:
                di = self.di.get(sub.get("id") or "")
                expanded = di is not None and is_true(di, "isExpanded")
                self.container(sub, bounds_of(di) if expanded else None)


def _run(model: BpmnModel) -> _Checker:
    checker = _Checker(model)
    pool_of: dict[str, Box | None] = {}
    for collaboration in model.of_type("collaboration"):
        participants = [p for p in collaboration if local(p) == "participant"]
        checker.pairs(participants)
        for participant in participants:
            ref = participant.get("processRef")
            if ref:
                pool_of[ref] = checker.box(participant)
    for process in model.of_type("process"):
        checker.container(process, pool_of.get(process.get("id") or ""))
    return checker


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    checker = _run(model)
    for el_id in checker.overlapping:
        yield Finding(f"{named_by_id(model, el_id)} überlappt ein anderes Element", element=el_id,
                      hint="Die Formen im Diagramm auseinanderschieben.")
    for el_id in checker.outside:
        yield Finding(f"{named_by_id(model, el_id)} ragt aus seinem Pool oder Teilprozess heraus",
                      element=el_id, hint="Die Form ganz in ihren Container verschieben.")
