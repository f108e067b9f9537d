"""The diagram interchange (BPMN DI) of a parsed model as plain geometry.

Each ``BPMNDiagram`` becomes a :class:`Diagram`: its shapes and edges in document order,
each with the semantic element it shows. DI coordinates come from untrusted files, so a
value that is not a finite number within ±1,000,000 drops the shape or edge instead of
producing a drawing kilometres wide or an SVG with ``nan`` in it, and is named
(:mod:`prozesskit.bpmn.koordinaten` decides, for validate too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from prozesskit.bpmn.koordinaten import box_usable, point_usable, unusable
from prozesskit.bpmn.ns import BPMN_NS, BPMNDI_NS, DC_NS, DI_NS

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
    #: what the label says (set by the document writer, which needs it for the title too)
    text: str = ""


@dataclass(slots=True)
class Edge:
    element: etree._Element
    kind: str
    waypoints: list[tuple[float, float]]
    label: Box | None
    text: str = ""


@dataclass(slots=True)
class Diagram:
    id: str
    name: str
    shapes: list[Shape] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    #: German sentences for shapes and edges left out because a coordinate cannot be
    #: drawn (the drawing must not be silently incomplete)
    ausgelassen: list[str] = field(default_factory=list)


def semantic_index(root: etree._Element) -> dict[str, etree._Element]:
    """Every BPMN element with an id (the parser keeps lxml's own id table off)."""
    index: dict[str, etree._Element] = {}
    for el in root.iter(_BPMN + "*"):  # lxml filters by namespace in C
        ident = el.get("id")
        if ident is not None and ident not in index:
            index[ident] = el
    return index


def local(el: etree._Element) -> str:
    tag = el.tag
    assert isinstance(tag, str)
    return tag[tag.rfind("}") + 1:]


def _box(parent: etree._Element) -> Box | None:
    # iterchildren filters in C; find() would go through lxml's Python ElementPath
    bounds = next(parent.iterchildren(_BOUNDS), None)
    if bounds is None:
        return None
    get = bounds.get
    try:
        x, y = float(get("x")), float(get("y"))  # type: ignore[arg-type]  # None: TypeError
        w, h = float(get("width")), float(get("height"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return Box(x, y, w, h) if box_usable(x, y, w, h) else None


def _waypoints(edge: etree._Element) -> list[tuple[float, float]]:
    """The edge's points; an edge with a point that is no finite number is dropped whole."""
    try:
        found = [(float(wp.get("x")), float(wp.get("y")))  # type: ignore[arg-type]
                 for wp in edge.iterchildren(_WAYPOINT)]
    except (TypeError, ValueError):
        return []
    for x, y in found:
        if not point_usable(x, y):
            return []
    return found


def _label(di: etree._Element) -> Box | None:
    label = next(di.iterchildren(_LABEL), None)
    return _box(label) if label is not None else None


_FLAGS: Final[dict[str | None, bool | None]] = {"true": True, "false": False, "1": True, "0": False}


def _left_out(diagram: Diagram, element: etree._Element, item: etree._Element,
              what: str) -> None:
    faults = unusable(item, text_too=True)
    if faults:
        name = element.get("name")
        shown = f"'{name}' ({element.get('id')})" if name else f"'{element.get('id')}'"
        why = " und ".join(f"die Koordinaten {values} {fault}" for values, fault in faults)
        diagram.ausgelassen.append(f"{what} von {shown} fehlt in der Zeichnung: {why}")


def diagrams(root: etree._Element, index: dict[str, etree._Element]) -> list[Diagram]:
    """All diagrams in file order; shapes and edges whose element is unknown are left out."""
    found: list[Diagram] = []
    flag = _FLAGS.get  # xsd:boolean; anything else counts as absent
    # diagrams are children of <definitions>: no walk through the whole model
    for number, di in enumerate(root.iterchildren(_DIAGRAM), start=1):
        diagram = Diagram(di.get("id") or f"Diagramm {number}",
                          di.get("name") or di.get("id") or f"Diagramm {number}")
        for plane in di.iterchildren(_PLANE):
            for item in plane.iterchildren(_SHAPE, _EDGE):
                element = index.get(item.get("bpmnElement") or "")
                if element is None:
                    continue
                if item.tag == _SHAPE:
                    box = _box(item)
                    if box is None:
                        _left_out(diagram, element, item, "Form")
                    else:
                        diagram.shapes.append(Shape(
                            element, local(element), box, _label(item),
                            flag(item.get("isHorizontal")), flag(item.get("isExpanded")),
                            flag(item.get("isMarkerVisible")),
                        ))
                    continue
                waypoints = _waypoints(item)
                if len(waypoints) >= 2:
                    diagram.edges.append(Edge(element, local(element), waypoints, _label(item)))
                else:
                    _left_out(diagram, element, item, "Kante")
        found.append(diagram)
    return found
