"""Connections: the line, its ends (arrowheads, the default-flow slash, the conditional
diamond, the message flow's open circle) and its label. Arrowheads are polygons computed
here rather than SVG ``<marker>`` definitions: no ids to clash when several drawings sit
on one page, and every viewer draws them the same."""

from __future__ import annotations

import math
from typing import Final

from lxml import etree

from prozesskit.bpmn.ns import BPMN_NS
from prozesskit.render import labels
from prozesskit.render.di import Edge
from prozesskit.render.shapes import GATEWAYS, Context
from prozesskit.render.svg import FILL, STROKE, num, points

_ARROW_LEN: Final = 11.0
_ARROW_HALF: Final = 4.0
_CONDITION: Final = f"{{{BPMN_NS}}}conditionExpression"


def _unit(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    return (dx / length, dy / length) if length else (1.0, 0.0)


def _head(wps: list[tuple[float, float]], *, filled: bool, at_start: bool = False) -> str:
    tip, before = (wps[0], wps[1]) if at_start else (wps[-1], wps[-2])
    ux, uy = _unit(before, tip)
    bx, by = tip[0] - ux * _ARROW_LEN, tip[1] - uy * _ARROW_LEN
    left = (bx - uy * _ARROW_HALF, by + ux * _ARROW_HALF)
    right = (bx + uy * _ARROW_HALF, by - ux * _ARROW_HALF)
    fill = STROKE if filled else FILL
    return (f'<polygon points="{points([tip, left, right])}" fill="{fill}" stroke="{STROKE}" '
            f'stroke-width="1" stroke-linejoin="round"/>')


def _open_head(wps: list[tuple[float, float]], *, at_start: bool = False) -> str:
    tip, before = (wps[0], wps[1]) if at_start else (wps[-1], wps[-2])
    ux, uy = _unit(before, tip)
    bx, by = tip[0] - ux * _ARROW_LEN, tip[1] - uy * _ARROW_LEN
    left = (bx - uy * _ARROW_HALF * 1.5, by + ux * _ARROW_HALF * 1.5)
    right = (bx + uy * _ARROW_HALF * 1.5, by - ux * _ARROW_HALF * 1.5)
    return (f'<polyline points="{points([left, tip, right])}" fill="none" stroke="{STROKE}" '
            f'stroke-width="1.5"/>')


def _line(wps: list[tuple[float, float]], *, width: float = 2, dash: str | None = None) -> str:
    dashed = f' stroke-dasharray="{dash}" stroke-linecap="round"' if dash else ""
    return (f'<polyline points="{points(wps)}" fill="none" stroke="{STROKE}" '
            f'stroke-width="{num(width)}" stroke-linejoin="round"{dashed}/>')


def _default_slash(wps: list[tuple[float, float]]) -> str:
    ux, uy = _unit(wps[0], wps[1])
    mx, my = wps[0][0] + ux * 10, wps[0][1] + uy * 10
    # a stroke across the line, tilted 45 degrees against it
    px, py = (ux - uy) * 0.7071 * 6, (uy + ux) * 0.7071 * 6
    return (f'<path d="M{num(mx - px)} {num(my - py)} L{num(mx + px)} {num(my + py)}" '
            f'fill="none" stroke="{STROKE}" stroke-width="2"/>')


def _condition_diamond(wps: list[tuple[float, float]]) -> str:
    ux, uy = _unit(wps[0], wps[1])
    x0, y0 = wps[0]
    corners = [
        (x0, y0),
        (x0 + ux * 8 - uy * 5, y0 + uy * 8 + ux * 5),
        (x0 + ux * 16, y0 + uy * 16),
        (x0 + ux * 8 + uy * 5, y0 + uy * 8 - ux * 5),
    ]
    return (f'<polygon points="{points(corners)}" fill="{FILL}" stroke="{STROKE}" '
            f'stroke-width="1.5"/>')


def _has_child(el: etree._Element, tag: str) -> bool:
    return next(el.iterchildren(tag), None) is not None


def draw_edge(edge: Edge, ctx: Context) -> str:
    el, kind, wps = edge.element, edge.kind, edge.waypoints
    out: list[str] = []
    if kind == "sequenceFlow":
        out.append(_line(wps))
        source = ctx.index.get(el.get("sourceRef") or "")
        source_kind = source.tag.rsplit("}", 1)[-1] if source is not None else ""
        if source is not None and source.get("default") == el.get("id"):
            out.append(_default_slash(wps))
        elif (_has_child(el, _CONDITION) and source_kind not in GATEWAYS
              and not source_kind.endswith("Event")):
            out.append(_condition_diamond(wps))
        out.append(_head(wps, filled=True))
    elif kind == "messageFlow":
        out.append(_line(wps, width=1.5, dash="10 6"))
        x0, y0 = wps[0]
        out.append(f'<circle cx="{num(x0)}" cy="{num(y0)}" r="4" fill="{FILL}" '
                   f'stroke="{STROKE}" stroke-width="1.5"/>')
        out.append(_head(wps, filled=False))
    elif kind == "association":
        out.append(_line(wps, width=1.5, dash="0.5 5"))
        direction = el.get("associationDirection")
        if direction in ("One", "Both"):
            out.append(_open_head(wps))
        if direction == "Both":
            out.append(_open_head(wps, at_start=True))
    elif kind in ("dataInputAssociation", "dataOutputAssociation"):
        out.append(_line(wps, width=1.5, dash="0.5 5"))
        out.append(_open_head(wps))
    else:
        out.append(_line(wps, width=1.5))
    text = edge.text
    if edge.label is not None:
        out.append(labels.at_label(text, edge.label))
    elif text:
        middle = len(wps) // 2
        a, b = wps[middle - 1], wps[middle]
        out.append(labels.at_point(text, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2))
    return "".join(out)
