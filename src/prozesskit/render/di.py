"""The diagram interchange (BPMN DI) of a parsed model as plain geometry.

Each ``BPMNDiagram`` becomes a :class:`Diagram`: its shapes and edges in document order,
each with the semantic element it shows. DI coordinates come from untrusted files, so a
value that is not a finite number within :data:`MAX_COORD` drops the shape or edge instead
of producing a drawing kilometres wide or an SVG with ``nan`` in it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from prozesskit.bpmn.ns import BPMN_NS, BPMNDI_NS, DC_NS, DI_NS

MAX_COORD: Final = 1_000_000.0

_DIAGRAM: Final = f"{{{BPMNDI_NS}}}BPMNDiagram"
_PLANE: Final = f"{{{BPMNDI_NS}}}BPMNPlane"
_SHAPE: Final = f"{{{BPMNDI_NS}}}BPMNShape"
_EDGE: Final = f"{{{BPMNDI_NS}}}BPMNEdge"
_LABEL: Final = f"{{{BPMNDI_NS}}}BPMNLabel"
_BOUNDS: Final = f"{{{DC_NS}}}Bounds"
_WAYPOINT: Final = f"{{{DI_NS}}}waypoint"
_BPMN: Final = f"{{{BPMN_NS}}}"


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(slots=True)
class Shape:
    element: etree._Element
    kind: str
    box: Box
    label: Box | None
    horizontal: bool | None
    expanded: bool | None
    marker_visible: bool | None


@dataclass(slots=True)
class Edge:
    element: etree._Element
    kind: str
    waypoints: list[tuple[float, float]]
    label: Box | None


@dataclass(slots=True)
class Diagram:
    id: str
    name: str
    shapes: list[Shape] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def semantic_index(root: etree._Element) -> dict[str, etree._Element]:
    """Every BPMN element with an id (the parser keeps lxml's own id table off)."""
    index: dict[str, etree._Element] = {}
    for el in root.iter():
        tag = el.tag
        if isinstance(tag, str) and tag.startswith(_BPMN):
            ident = el.get("id")
            if ident is not None and ident not in index:
                index[ident] = el
    return index


def local(el: etree._Element) -> str:
    tag = el.tag
    assert isinstance(tag, str)
    return tag[tag.rfind("}") + 1:]


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value) or abs(value) > MAX_COORD:
        return None
    return value


def _box(parent: etree._Element) -> Box | None:
    bounds = parent.find(_BOUNDS)
    if bounds is None:
        return None
    x, y = _number(bounds.get("x")), _number(bounds.get("y"))
    w, h = _number(bounds.get("width")), _number(bounds.get("height"))
    if x is None or y is None or w is None or h is None or w < 0 or h < 0:
        return None
    return Box(x, y, w, h)


def _label(di: etree._Element) -> Box | None:
    label = di.find(_LABEL)
    return _box(label) if label is not None else None


def _flag(value: str | None) -> bool | None:
    if value is None:
        return None
    value = value.strip().lower()
    return True if value in ("true", "1") else False if value in ("false", "0") else None


def diagrams(root: etree._Element, index: dict[str, etree._Element]) -> list[Diagram]:
    """All diagrams in file order; shapes and edges whose element is unknown are left out."""
    found: list[Diagram] = []
    for number, di in enumerate(root.iter(_DIAGRAM), start=1):
        diagram = Diagram(di.get("id") or f"Diagramm {number}",
                          di.get("name") or di.get("id") or f"Diagramm {number}")
        for plane in di.iter(_PLANE):
            for item in plane.iter(_SHAPE, _EDGE):
                element = index.get(item.get("bpmnElement") or "")
                if element is None:
                    continue
                if item.tag == _SHAPE:
                    box = _box(item)
                    if box is not None:
                        diagram.shapes.append(Shape(
                            element, local(element), box, _label(item),
                            _flag(item.get("isHorizontal")), _flag(item.get("isExpanded")),
                            _flag(item.get("isMarkerVisible")),
                        ))
                    continue
                waypoints = []
                for wp in item.iter(_WAYPOINT):
                    x, y = _number(wp.get("x")), _number(wp.get("y"))
                    if x is not None and y is not None:
                        waypoints.append((x, y))
                if len(waypoints) >= 2:
                    diagram.edges.append(Edge(element, local(element), waypoints, _label(item)))
        found.append(diagram)
    return found
