"""Where a label goes and how it breaks: at its DI label bounds when the model has them,
else wrapped inside the shape (activities, pools) or centred below it (events, gateways,
data), as modelling tools place them."""

from __future__ import annotations

from typing import Final

from lxml import etree

from prozesskit.bpmn.ns import BPMN_NS
from prozesskit.render.di import Box
from prozesskit.render.fonts import wrap
from prozesskit.render.svg import FONT, STROKE, esc, num

#: a label longer than this is cut (with "…"): a drawing is no place for a novel
MAX_LABEL_CHARS: Final = 500
EMBEDDED_SIZE: Final = 12.0
EXTERNAL_SIZE: Final = 11.0
EXTERNAL_WIDTH: Final = 90.0
_TEXT: Final = f"{{{BPMN_NS}}}text"
_STATE: Final = f"{{{BPMN_NS}}}dataState"


def element_text(el: etree._Element, kind: str, index: dict[str, etree._Element]) -> str:
    """What the element says: its name, an annotation's text, a group's category value."""
    if kind == "textAnnotation":
        node = next(el.iterchildren(_TEXT), None)
        text = (node.text or "") if node is not None else ""
    elif kind == "group":
        value = index.get(el.get("categoryValueRef") or "")
        text = (value.get("value") or "") if value is not None else ""
    else:
        text = el.get("name") or ""
        if kind in ("dataObjectReference", "dataStoreReference", "dataObject"):
            state = next(el.iterchildren(_STATE), None)
            if state is not None and state.get("name"):
                text = f"{text}\n[{state.get('name')}]"
    text = text.strip()
    if len(text) > MAX_LABEL_CHARS:
        text = text[: MAX_LABEL_CHARS - 1] + "…"
    return text


def text_lines(lines: list[str], x: float, top: float, size: float, *,
               anchor: str = "middle", rotate: tuple[float, float] | None = None) -> str:
    """A ``<text>`` with one ``<tspan>`` per line, first baseline one font size below top."""
    if not lines:
        return ""
    step = size * 1.2
    turn = f' transform="rotate(-90 {num(rotate[0])} {num(rotate[1])})"' if rotate else ""
    spans = "".join([
        f'<tspan x="{num(x)}" y="{num(top + size * 0.9 + i * step)}">{esc(line)}</tspan>'
        for i, line in enumerate(lines)
    ])
    return (f'<text font-family="{FONT}" font-size="{num(size)}" fill="{STROKE}" '
            f'text-anchor="{anchor}"{turn}>{spans}</text>')


def in_box(text: str, box: Box, size: float, *, pad: float = 5, top: bool = False) -> str:
    """Wrapped to the box, centred; ``top``: from the top edge (expanded sub-processes)."""
    if not text:
        return ""
    lines = wrap(text, max(box.w - 2 * pad, size), size)
    height = len(lines) * size * 1.2
    start = box.y + pad if top else box.cy - height / 2
    return text_lines(lines, box.cx, start, size)


def at_label(text: str, label: Box, size: float = EXTERNAL_SIZE) -> str:
    """At the DI label bounds. The bounds were sized with another font's metrics, so the
    text may run a little wider before it breaks."""
    if not text:
        return ""
    lines = wrap(text, max(label.w * 1.1 + 6, size * 3), size)
    height = len(lines) * size * 1.2
    return text_lines(lines, label.cx, label.cy - height / 2, size)


def below(text: str, box: Box, size: float = EXTERNAL_SIZE) -> str:
    """Under an event, gateway or data element that has no label bounds."""
    if not text:
        return ""
    lines = wrap(text, EXTERNAL_WIDTH, size)
    return text_lines(lines, box.cx, box.y + box.h + 5, size)


def at_point(text: str, x: float, y: float, size: float = EXTERNAL_SIZE) -> str:
    """An edge label without bounds: centred just above the middle of the edge."""
    if not text:
        return ""
    lines = wrap(text, EXTERNAL_WIDTH, size)
    return text_lines(lines, x, y - len(lines) * size * 1.2 - 2, size)


def left_in_box(text: str, box: Box, size: float = EXTERNAL_SIZE, pad: float = 5) -> str:
    """A text annotation: left-aligned inside its bracket, vertically centred."""
    if not text:
        return ""
    lines = wrap(text, max(box.w - 2 * pad, size), size)
    height = len(lines) * size * 1.2
    return text_lines(lines, box.x + pad, box.cy - height / 2, size, anchor="start")


def rotated(text: str, box: Box, band: float, size: float = EMBEDDED_SIZE) -> str:
    """A horizontal pool's or lane's name, turned to read upwards in its header band."""
    if not text:
        return ""
    lines = wrap(text, max(box.h - 10, size), size)
    cx, cy = box.x + band / 2, box.cy
    height = len(lines) * size * 1.2
    return text_lines(lines, cx, cy - height / 2, size, rotate=(cx, cy))
