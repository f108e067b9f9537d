"""The body of each shape kind: the outline the BPMN specification gives it, its
markers and its label. One function per family; :func:`draw_shape` picks it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from lxml import etree

from prozesskit.bpmn.ns import BPMN_NS
from prozesskit.render import labels, markers
from prozesskit.render.di import Box, Shape, local
from prozesskit.render.svg import FILL, circle, num, path, rect

_BPMN: Final = f"{{{BPMN_NS}}}"
_EVENT_DEF: Final = f"{{{BPMN_NS}}}eventDefinitionRef"
TASKS: Final = frozenset({"task", "userTask", "serviceTask", "sendTask", "receiveTask",
                          "manualTask", "businessRuleTask", "scriptTask"})
SUBPROCESSES: Final = frozenset({"subProcess", "adHocSubProcess", "transaction"})
EVENTS: Final = frozenset({"startEvent", "endEvent", "intermediateCatchEvent",
                           "intermediateThrowEvent", "boundaryEvent", "implicitThrowEvent"})
GATEWAYS: Final = frozenset({"exclusiveGateway", "parallelGateway", "inclusiveGateway",
                             "eventBasedGateway", "complexGateway"})
CONTAINERS: Final = SUBPROCESSES | {"callActivity"}
HEADER: Final = 30.0


@dataclass(frozen=True, slots=True)
class Context:
    index: dict[str, etree._Element]
    #: ids of elements that have a shape in this diagram (decides collapsed sub-processes)
    shown: frozenset[str]


def draw_shape(shape: Shape, ctx: Context) -> str:
    kind = shape.kind
    if kind in TASKS:
        return _activity(shape, ctx)
    if kind in SUBPROCESSES or kind == "callActivity":
        return _activity(shape, ctx)
    if kind in EVENTS:
        return _event(shape, ctx)
    if kind in GATEWAYS:
        return _gateway(shape, ctx)
    if kind == "participant":
        return _pool(shape, ctx)
    if kind == "lane":
        return _lane(shape, ctx)
    if kind in ("dataObjectReference", "dataObject", "dataInput", "dataOutput"):
        return _data_object(shape, ctx)
    if kind == "dataStoreReference":
        return _data_store(shape, ctx)
    if kind == "textAnnotation":
        return _annotation(shape, ctx)
    if kind == "group":
        return _group(shape, ctx)
    return _other(shape, ctx)


def _external_label(shape: Shape, ctx: Context) -> str:
    text = shape.text
    if shape.label is not None:
        return labels.at_label(text, shape.label)
    return labels.below(text, shape.box)


def _children(el: etree._Element) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str)]


def is_expanded(shape: Shape, ctx: Context) -> bool:
    """Drawn open, with its content: ``isExpanded``, else whether its children are shown."""
    if shape.kind == "callActivity":
        return bool(shape.expanded)
    if shape.expanded is not None:
        return shape.expanded
    # no isExpanded: expanded when the diagram draws one of its children
    return any(c.get("id") in ctx.shown for c in _children(shape.element))


def _activity(shape: Shape, ctx: Context) -> str:
    el, kind, b = shape.element, shape.kind, shape.box
    expanded = (kind in SUBPROCESSES or kind == "callActivity") and is_expanded(shape, ctx)
    width = 5.0 if kind == "callActivity" else 2.0
    dash = "1.5 3" if kind == "subProcess" and el.get("triggeredByEvent") == "true" else None
    out = [rect(b.x, b.y, b.w, b.h, rx=10, width=width, dash=dash)]
    if kind == "transaction":
        out.append(rect(b.x + 3, b.y + 3, b.w - 6, b.h - 6, rx=7, width=1.5, fill="none"))
    out.append(markers.task_marker(kind, b.x, b.y))
    found: list[str] = []
    for child in _children(el):
        name = local(child)
        if name == "standardLoopCharacteristics":
            found.append("loop")
        elif name == "multiInstanceLoopCharacteristics":
            found.append("sequential" if child.get("isSequential") == "true" else "parallel")
    if el.get("isForCompensation") == "true":
        found.append("compensation")
    if kind == "adHocSubProcess":
        found.append("adhoc")
    if (kind in SUBPROCESSES or kind == "callActivity") and not expanded:
        found.insert(0, "collapsed")
    out.append(markers.activity_markers(found, b.cx, b.y + b.h))
    text = shape.text
    if shape.label is not None and expanded:
        out.append(labels.at_label(text, shape.label, labels.EMBEDDED_SIZE))
    else:
        out.append(labels.in_box(text, b, labels.EMBEDDED_SIZE, top=expanded))
    return "".join(out)


def event_definitions(el: etree._Element, index: dict[str, etree._Element]) -> list[str]:
    kinds: list[str] = []
    for child in _children(el):
        name = local(child)
        if name.endswith("EventDefinition"):
            kinds.append(name[: -len("EventDefinition")])
        elif child.tag == _EVENT_DEF:
            ref = index.get((child.text or "").strip())
            if ref is not None and local(ref).endswith("EventDefinition"):
                kinds.append(local(ref)[: -len("EventDefinition")])
    return kinds


def _event(shape: Shape, ctx: Context) -> str:
    el, kind, b = shape.element, shape.kind, shape.box
    r = min(b.w, b.h) / 2
    cx, cy = b.cx, b.cy
    out: list[str] = []
    if kind == "startEvent":
        dash = "6 3" if el.get("isInterrupting") == "false" else None
        out.append(circle(cx, cy, r, width=2, dash=dash))
    elif kind == "endEvent":
        out.append(circle(cx, cy, r, width=4))
    else:
        dash = "6 3" if kind == "boundaryEvent" and el.get("cancelActivity") == "false" else None
        out.append(circle(cx, cy, r, width=1.5, dash=dash))
        out.append(circle(cx, cy, max(r - 3, 1), width=1.5, fill="none", dash=dash))
    marker = markers.event_kinds(event_definitions(el, ctx.index))
    if marker is not None:
        filled = kind in ("endEvent", "intermediateThrowEvent", "implicitThrowEvent")
        out.append(markers.event_marker(marker, cx, cy, r, filled=filled,
                                        parallel=el.get("parallelMultiple") == "true"))
    out.append(_external_label(shape, ctx))
    return "".join(out)


def _gateway(shape: Shape, ctx: Context) -> str:
    el, b = shape.element, shape.box
    d = (f"M{num(b.cx)} {num(b.y)} L{num(b.x + b.w)} {num(b.cy)} L{num(b.cx)} "
         f"{num(b.y + b.h)} L{num(b.x)} {num(b.cy)} Z")
    out = [path(d, width=2, fill=FILL)]
    out.append(markers.gateway_marker(
        shape.kind, b.cx, b.cy, min(b.w, b.h),
        marker_visible=bool(shape.marker_visible),
        instantiate=el.get("instantiate") == "true",
        parallel_events=el.get("eventGatewayType") == "Parallel",
    ))
    out.append(_external_label(shape, ctx))
    return "".join(out)


def _horizontal(shape: Shape) -> bool:
    return shape.horizontal is not False


def _pool(shape: Shape, ctx: Context) -> str:
    el, b = shape.element, shape.box
    text = shape.text
    out = [rect(b.x, b.y, b.w, b.h, width=2, fill="none")]
    if not el.get("processRef"):  # a black-box pool: its name in the middle
        out.append(labels.in_box(text, b, labels.EMBEDDED_SIZE))
    elif _horizontal(shape):
        out.append(path(f"M{num(b.x + HEADER)} {num(b.y)} V{num(b.y + b.h)}", width=2))
        out.append(labels.rotated(text, b, HEADER))
    else:
        out.append(path(f"M{num(b.x)} {num(b.y + HEADER)} H{num(b.x + b.w)}", width=2))
        out.append(labels.in_box(text, Box(b.x, b.y, b.w, HEADER), labels.EMBEDDED_SIZE))
    if any(local(child) == "participantMultiplicity" for child in _children(el)):
        out.append(markers.activity_markers(["parallel"], b.cx, b.y + b.h))
    return "".join(out)


def _lane(shape: Shape, ctx: Context) -> str:
    b = shape.box
    text = shape.text
    out = [rect(b.x, b.y, b.w, b.h, width=1.5, fill="none")]
    if _horizontal(shape):
        out.append(path(f"M{num(b.x + HEADER)} {num(b.y)} V{num(b.y + b.h)}", width=1.5))
        out.append(labels.rotated(text, b, HEADER))
    else:
        out.append(path(f"M{num(b.x)} {num(b.y + HEADER)} H{num(b.x + b.w)}", width=1.5))
        out.append(labels.in_box(text, Box(b.x, b.y, b.w, HEADER), labels.EMBEDDED_SIZE))
    return "".join(out)


def _data_object(shape: Shape, ctx: Context) -> str:
    b = shape.box
    fold = min(10.0, b.w / 3, b.h / 3)
    d = (f"M{num(b.x)} {num(b.y)} H{num(b.x + b.w - fold)} L{num(b.x + b.w)} "
         f"{num(b.y + fold)} V{num(b.y + b.h)} H{num(b.x)} Z")
    out = [path(d, width=2, fill=FILL),
           path(f"M{num(b.x + b.w - fold)} {num(b.y)} V{num(b.y + fold)} H{num(b.x + b.w)}",
                width=1.5)]
    el = shape.element
    target = el
    if shape.kind == "dataObjectReference":
        target = ctx.index.get(el.get("dataObjectRef") or "", el)
    if target.get("isCollection") == "true":
        out.append(markers.activity_markers(["parallel"], b.cx, b.y + b.h + 3))
    if shape.kind in ("dataInput", "dataOutput"):
        fill = markers.BLACK if shape.kind == "dataOutput" else "none"
        out.append(path(f"M{num(b.x + 4)} {num(b.y + 7)} h6 v-3 l5 5 l-5 5 v-3 h-6 z",
                        width=1, fill=fill))
    out.append(_external_label(shape, ctx))
    return "".join(out)


def _data_store(shape: Shape, ctx: Context) -> str:
    b = shape.box
    e = max(min(b.h * 0.12, 10.0), 3.0)
    rx = b.w / 2
    body = (f"M{num(b.x)} {num(b.y + e)} A{num(rx)} {num(e)} 0 0 1 {num(b.x + b.w)} "
            f"{num(b.y + e)} V{num(b.y + b.h - e)} A{num(rx)} {num(e)} 0 0 1 {num(b.x)} "
            f"{num(b.y + b.h - e)} Z")
    rims = "".join(
        f"M{num(b.x)} {num(b.y + e * k)} A{num(rx)} {num(e)} 0 0 0 {num(b.x + b.w)} "
        f"{num(b.y + e * k)} " for k in (1, 2, 3)
    ).strip()
    return path(body, width=2, fill=FILL) + path(rims, width=1.5) + _external_label(shape, ctx)


def _annotation(shape: Shape, ctx: Context) -> str:
    b = shape.box
    d = f"M{num(b.x + 10)} {num(b.y)} H{num(b.x)} V{num(b.y + b.h)} H{num(b.x + 10)}"
    text = shape.text
    return path(d, width=1.5) + labels.left_in_box(text, b)


def _group(shape: Shape, ctx: Context) -> str:
    b = shape.box
    text = shape.text
    out = rect(b.x, b.y, b.w, b.h, rx=10, width=1.5, fill="none", dash="8 3 1 3")
    if shape.label is not None:
        return out + labels.at_label(text, shape.label)
    return out + labels.in_box(text, Box(b.x, b.y, b.w, 24), labels.EXTERNAL_SIZE)


def _other(shape: Shape, ctx: Context) -> str:
    """Conversations, choreographies and what else BPMN knows: a plain box with the name."""
    b = shape.box
    text = shape.text
    return rect(b.x, b.y, b.w, b.h, rx=4, width=1.5) + labels.in_box(text, b, labels.EXTERNAL_SIZE)
