"""One diagram as one SVG document: layers in drawing order, a ``<g>`` per element with
its BPMN id and a ``<title>``, the viewBox around everything drawn."""

from __future__ import annotations

from typing import Final

from lxml import etree

from prozesskit.bpmn.ns import BPMN_NS
from prozesskit.render import labels
from prozesskit.render.di import Diagram, Edge, Shape
from prozesskit.render.edges import draw_edge
from prozesskit.render.shapes import CONTAINERS, Context, draw_shape, is_expanded
from prozesskit.render.svg import esc, num

MAX_DESC_CHARS: Final = 2000
_MARGIN: Final = 30.0
_DOC: Final = f"{{{BPMN_NS}}}documentation"

#: how a screen reader names each kind (German, as the rest of the tool)
KIND_NAMES: Final[dict[str, str]] = {
    "task": "Aufgabe", "userTask": "Benutzeraufgabe", "serviceTask": "Serviceaufgabe",
    "sendTask": "Sendeaufgabe", "receiveTask": "Empfangsaufgabe",
    "manualTask": "Manuelle Aufgabe", "businessRuleTask": "Geschäftsregelaufgabe",
    "scriptTask": "Skriptaufgabe", "subProcess": "Teilprozess",
    "adHocSubProcess": "Ad-hoc-Teilprozess", "transaction": "Transaktion",
    "callActivity": "Aufrufaktivität", "startEvent": "Startereignis",
    "endEvent": "Endereignis", "intermediateCatchEvent": "Zwischenereignis (eintretend)",
    "intermediateThrowEvent": "Zwischenereignis (auslösend)",
    "boundaryEvent": "Angeheftetes Ereignis", "exclusiveGateway": "Exklusives Gateway",
    "parallelGateway": "Paralleles Gateway", "inclusiveGateway": "Inklusives Gateway",
    "eventBasedGateway": "Ereignisbasiertes Gateway", "complexGateway": "Komplexes Gateway",
    "participant": "Pool", "lane": "Lane", "sequenceFlow": "Sequenzfluss",
    "messageFlow": "Nachrichtenfluss", "association": "Assoziation",
    "dataInputAssociation": "Datenassoziation", "dataOutputAssociation": "Datenassoziation",
    "dataObjectReference": "Datenobjekt", "dataObject": "Datenobjekt",
    "dataStoreReference": "Datenspeicher", "dataInput": "Dateneingabe",
    "dataOutput": "Datenausgabe", "textAnnotation": "Textanmerkung", "group": "Gruppe",
}


def _layer(shape: Shape, ctx: Context) -> tuple[int, float]:
    """Containers behind their content: pools, lanes, then open sub-processes (larger
    first, so a nested one lies on its parent), then the other shapes; boundary events on
    their activity; edges above all shapes (layer 5); groups and annotations on top."""
    kind = shape.kind
    if kind == "participant":
        return 0, 0.0
    if kind == "lane":
        return 1, 0.0
    if kind in CONTAINERS and is_expanded(shape, ctx):
        return 2, -shape.box.w * shape.box.h
    if kind == "boundaryEvent":
        return 4, 0.0
    if kind in ("group", "textAnnotation"):
        return 6, 0.0
    return 3, 0.0


def _title(kind: str, text: str) -> str:
    noun = KIND_NAMES.get(kind, kind)
    name = " ".join(text.split())
    return f"{noun} „{name}“" if name else noun


def _desc(el: etree._Element) -> str:
    doc = next(el.iterchildren(_DOC), None)
    text = " ".join((doc.text or "").split()) if doc is not None else ""
    if not text:
        return ""
    if len(text) > MAX_DESC_CHARS:
        text = text[: MAX_DESC_CHARS - 1] + "…"
    return f"<desc>{esc(text)}</desc>"


def _extent(diagram: Diagram) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for shape in diagram.shapes:
        for box in (shape.box, shape.label):
            if box is not None:
                xs += (box.x, box.x + box.w)
                ys += (box.y, box.y + box.h)
    for edge in diagram.edges:
        xs += [p[0] for p in edge.waypoints]
        ys += [p[1] for p in edge.waypoints]
        if edge.label is not None:
            xs += (edge.label.x, edge.label.x + edge.label.w)
            ys += (edge.label.y, edge.label.y + edge.label.h)
    if not xs:
        return 0.0, 0.0, 100.0, 100.0
    x0, y0 = min(xs) - _MARGIN, min(ys) - _MARGIN
    return x0, y0, max(xs) + _MARGIN - x0, max(ys) + _MARGIN - y0


def render_diagram(diagram: Diagram, index: dict[str, etree._Element], *, title: str,
                   id_prefix: str = "") -> str:
    """The SVG text of one diagram. ``id_prefix`` keeps ids unique when a page shows
    several drawings (IST and SOLL side by side); ``data-bpmn-id`` always has the bare id."""
    shown = frozenset(s.element.get("id") or "" for s in diagram.shapes)
    ctx = Context(index, shown)
    items: list[tuple[tuple[int, float], int, Shape | Edge]] = []
    for order, shape in enumerate(diagram.shapes):
        items.append((_layer(shape, ctx), order, shape))
    for order, edge in enumerate(diagram.edges):
        items.append(((5, 0.0), order, edge))
    items.sort(key=lambda item: (item[0], item[1]))
    used: set[str] = set()
    body: list[str] = []
    prefix = esc(id_prefix)
    for _, _, item in items:
        el, kind = item.element, item.kind
        bpmn_id = el.get("id") or ""
        text = item.text = labels.element_text(el, kind, index)
        drawn = draw_shape(item, ctx) if isinstance(item, Shape) else draw_edge(item, ctx)
        safe_id = esc(bpmn_id)
        ident = f' id="{prefix}{safe_id}"' if bpmn_id not in used else ""
        used.add(bpmn_id)
        body.append(
            f'<g{ident} class="bpmn-element bpmn-{kind}" data-bpmn-id="{safe_id}" '
            f'data-bpmn-type="{kind}"><title>{esc(_title(kind, text))}</title>'
            f"{_desc(el)}{drawn}</g>"
        )
    x, y, w, h = _extent(diagram)
    label_id = esc(f"{id_prefix}pk-diagramm-{diagram.id}")
    count = len(items)
    summary = f"BPMN-Diagramm mit {count} {'Element' if count == 1 else 'Elementen'}"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{label_id}-titel {label_id}-beschreibung" '
        f'width="{num(w)}" height="{num(h)}" viewBox="{num(x)} {num(y)} {num(w)} {num(h)}">'
        f'<title id="{label_id}-titel">{esc(title)}</title>'
        f'<desc id="{label_id}-beschreibung">{esc(summary)}</desc>'
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" fill="#ffffff"/>'
        + "".join(body)
        + "</svg>\n"
    )
