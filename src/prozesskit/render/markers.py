"""The small pictograms inside shapes: event definitions, task types, gateway kinds,
activity markers. Drawn after the BPMN 2.0 specification's tables (section 10 and 13),
each in a local frame around (0, 0), placed and scaled with a ``transform``."""

from __future__ import annotations

from typing import Final

from prozesskit.render.svg import FILL, STROKE, num

BLACK: Final = STROKE

# --- event definitions, for a circle of radius 18 --------------------------------------
_EVENT: Final[dict[str, str]] = {
    "message": "M-8 -6 H8 V6 H-8 Z M-8 -6 L0 0.5 L8 -6",
    "timer": ("M0 -11 A11 11 0 1 1 0 11 A11 11 0 1 1 0 -11 Z "
              "M0 -11 V-8 M11 0 H8 M0 11 V8 M-11 0 H-8 M0 0 L0 -7 M0 0 L5 2"),
    "conditional": "M-6 -9 H6 V9 H-6 Z M-4 -5 H4 M-4 -1 H4 M-4 3 H4 M-4 7 H4",
    "signal": "M0 -10 L9 7 H-9 Z",
    "error": "M-8 9 L-3 -8 L2 2 L8 -9 L3 8 L-2 -2 Z",
    "escalation": "M0 -10 L7 9 L0 2 L-7 9 Z",
    "compensate": "M-10 0 L-1 -6 V6 Z M-1 0 L8 -6 V6 Z",
    "cancel": "M-7 -9 L9 7 L7 9 L-9 -7 Z M7 -9 L9 -7 L-7 9 L-9 7 Z",
    "link": "M-8 -3 H1 V-8 L9 0 L1 8 V3 H-8 Z",
    "terminate": "M0 -11 A11 11 0 1 1 0 11 A11 11 0 1 1 0 -11 Z",
    "multiple": "M0 -10 L9.5 -3 L6 8 H-6 L-9.5 -3 Z",
    "parallelMultiple": "M-3 -10 H3 V-3 H10 V3 H3 V10 H-3 V3 H-10 V-3 H-3 Z",
}


def event_kinds(definitions: list[str]) -> str | None:
    """The marker for a list of event definition kinds (``message``, ``timer`` …)."""
    if not definitions:
        return None
    if len(definitions) > 1:
        return "multiple"
    return definitions[0] if definitions[0] in _EVENT else None


def event_marker(kind: str, cx: float, cy: float, r: float, *, filled: bool,
                 parallel: bool = False) -> str:
    if kind == "multiple" and parallel:
        kind = "parallelMultiple"
    d = _EVENT[kind]
    scale = r / 18
    fill = BLACK if filled or kind == "terminate" else FILL
    out = (f'<path transform="translate({num(cx)} {num(cy)}) scale({num(scale)})" d="{d}" '
           f'fill="{fill}" stroke="{STROKE}" stroke-width="1.5" stroke-linejoin="round"/>')
    if kind == "message" and filled:  # the envelope's flap stays visible on black
        out += (f'<path transform="translate({num(cx)} {num(cy)}) scale({num(scale)})" '
                f'd="M-8 -6 L0 0.5 L8 -6" fill="none" stroke="{FILL}" stroke-width="1.5"/>')
    return out


# --- task types, drawn in the top-left corner --------------------------------------------
_TASK: Final[dict[str, tuple[str, str]]] = {
    "userTask": ("M-6 8 V4 C-6 0 -3 -1 0 -1 C3 -1 6 0 6 4 V8 Z "
                 "M0 -9 A4 4 0 1 1 0 -1 A4 4 0 1 1 0 -9 Z", FILL),
    "serviceTask": ("M-1.5 -9 H1.5 L2 -6 L4.5 -7.5 L7 -5 L5.5 -2.5 L9 -1.5 V1.5 L5.5 2.5 "
                    "L7 5 L4.5 7.5 L2 6 L1.5 9 H-1.5 L-2 6 L-4.5 7.5 L-7 5 L-5.5 2.5 "
                    "L-9 1.5 V-1.5 L-5.5 -2.5 L-7 -5 L-4.5 -7.5 L-2 -6 Z "
                    "M0 -3 A3 3 0 1 1 0 3 A3 3 0 1 1 0 -3 Z", FILL),
    "sendTask": ("M-8 -6 H8 V6 H-8 Z", BLACK),
    "receiveTask": ("M-8 -6 H8 V6 H-8 Z M-8 -6 L0 0.5 L8 -6", FILL),
    "manualTask": ("M-8 -1 C-8 -4 -6 -6 -3 -6 H7 C8.5 -6 8.5 -4 7 -4 H1 H6 C7.5 -4 7.5 -1.5 6 "
                   "-1.5 H1 H5 C6.5 -1.5 6.5 1 5 1 H1 H4 C5.5 1 5.5 3.5 4 3.5 H-3 C-6 3.5 "
                   "-8 2 -8 -1 Z", FILL),
    "businessRuleTask": ("M-8 -6 H8 V7 H-8 Z M-8 -2 H8 M-8 2.5 H8 M-3 -2 V7", FILL),
    "scriptTask": ("M-5 -8 H7 C4 -5 4 -2 6 1 C8 4 8 6 5 8 H-7 C-4 5 -4 2 -6 -1 C-8 -4 "
                   "-8 -6 -5 -8 Z M-3 -4 H3 M-2 0 H4 M-1 4 H5", FILL),
}


def task_marker(kind: str, x: float, y: float) -> str:
    found = _TASK.get(kind)
    if found is None:
        return ""
    d, fill = found
    out = (f'<path transform="translate({num(x + 15)} {num(y + 15)})" d="{d}" fill="{fill}" '
           f'stroke="{STROKE}" stroke-width="1.2" stroke-linejoin="round"/>')
    if kind == "sendTask":
        out += (f'<path transform="translate({num(x + 15)} {num(y + 15)})" '
                f'd="M-8 -6 L0 0.5 L8 -6" fill="none" stroke="{FILL}" stroke-width="1.2"/>')
    if kind == "businessRuleTask":
        out += (f'<path transform="translate({num(x + 15)} {num(y + 15)})" d="M-8 -6 H8 V-2 '
                f'H-8 Z" fill="{BLACK}" stroke="{STROKE}" stroke-width="1.2"/>')
    return out


# --- activity markers at the bottom centre, each 14 wide ----------------------------------
_ACTIVITY: Final[dict[str, str]] = {
    "collapsed": "M-7 -7 H7 V7 H-7 Z M0 -4.5 V4.5 M-4.5 0 H4.5",
    "loop": "M-3.5 5 A6 6 0 1 1 3.5 5 M-3.5 5 L-6.5 4 M-3.5 5 L-3 2",
    "parallel": "M-4 -6 V6 M0 -6 V6 M4 -6 V6",
    "sequential": "M-6 -4 H6 M-6 0 H6 M-6 4 H6",
    "compensation": "M-7 0 L-1 -5 V5 Z M-1 0 L5 -5 V5 Z",
    "adhoc": "M-6 1 C-4 -3 -2 -3 0 0 C2 3 4 3 6 -1",
}


def activity_markers(names: list[str], cx: float, bottom: float) -> str:
    """Markers side by side, centred, 4 px above the bottom edge."""
    if not names:
        return ""
    step = 18.0
    start = cx - step * (len(names) - 1) / 2
    y = bottom - 11
    parts = []
    for i, name in enumerate(names):
        fill = BLACK if name == "compensation" else "none"
        parts.append(
            f'<path transform="translate({num(start + i * step)} {num(y)})" '
            f'd="{_ACTIVITY[name]}" fill="{fill}" stroke="{STROKE}" stroke-width="1.5"/>'
        )
    return "".join(parts)


# --- gateways, for a diamond 50 wide --------------------------------------------------------
def gateway_marker(kind: str, cx: float, cy: float, size: float, *,
                   marker_visible: bool, instantiate: bool, parallel_events: bool) -> str:
    s = size / 50
    where = f'transform="translate({num(cx)} {num(cy)}) scale({num(s)})"'
    if kind == "exclusiveGateway":
        if not marker_visible:
            return ""
        return (f'<path {where} d="M-7 -9 L-3.5 -9 L0 -3.5 L3.5 -9 L7 -9 L1.8 0 L7 9 L3.5 9 '
                f'L0 3.5 L-3.5 9 L-7 9 L-1.8 0 Z" fill="{BLACK}" stroke="{STROKE}" '
                f'stroke-width="1"/>')
    if kind == "parallelGateway":
        return (f'<path {where} d="M-2 -12 H2 V-2 H12 V2 H2 V12 H-2 V2 H-12 V-2 H-2 Z" '
                f'fill="{BLACK}" stroke="{STROKE}" stroke-width="1"/>')
    if kind == "inclusiveGateway":
        return (f'<circle {where} cx="0" cy="0" r="10" fill="none" stroke="{STROKE}" '
                f'stroke-width="3"/>')
    if kind == "complexGateway":
        return (f'<path {where} d="M0 -12 V12 M-12 0 H12 M-8.5 -8.5 L8.5 8.5 M8.5 -8.5 '
                f'L-8.5 8.5" fill="none" stroke="{STROKE}" stroke-width="3.5"/>')
    if kind == "eventBasedGateway":
        out = (f'<circle {where} cx="0" cy="0" r="13" fill="none" stroke="{STROKE}" '
               f'stroke-width="1"/>')
        if not instantiate:
            out += (f'<circle {where} cx="0" cy="0" r="10.5" fill="none" stroke="{STROKE}" '
                    f'stroke-width="1"/>')
        d = _EVENT["parallelMultiple" if parallel_events else "multiple"]
        inner = f'transform="translate({num(cx)} {num(cy)}) scale({num(s * 0.7)})"'
        return out + (f'<path {inner} d="{d}" fill="none" stroke="{STROKE}" '
                      f'stroke-width="1.5" stroke-linejoin="round"/>')
    return ""
