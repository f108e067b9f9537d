"""DI coordinates that are no finite numbers (``x="NaN"``, ``y="1e400"``, ``INF``).

The XML schema lets them through (``xsd:double`` has NaN and INF, and 1e400 is a valid
lexical double), yet no tool can place such a shape. The rule that reports them (PK-B023:
the element has no usable diagram information) and ``render``, which leaves the shape out,
ask here, so that both name the same values.
"""

from __future__ import annotations

import math
from typing import Final

from lxml import etree

from prozesskit.bpmn.ns import DC_NS, DI_NS

_BOUNDS: Final = f"{{{DC_NS}}}Bounds"
_WAYPOINT: Final = f"{{{DI_NS}}}waypoint"
_ATTRS: Final = ("x", "y", "width", "height")


def not_finite(value: str) -> bool:
    """Whether an attribute value reads as a number that is not finite. Plain decimals
    (what every tool writes) are decided without ``float``; text that is no number at all
    is the schema's to report (PK-B002)."""
    if value.replace(".", "", 1).lstrip("-").isdigit():
        return False
    try:
        return not math.isfinite(float(value))
    except ValueError:
        return False


def non_finite(di: etree._Element) -> str:
    """``x="NaN", y="1e400"``: the coordinates of a BPMNShape's bounds or a BPMNEdge's
    waypoints that are no finite numbers, as written; "" when all are finite."""
    found = []
    for item in di.iterchildren(_BOUNDS, _WAYPOINT):
        get = item.get
        for name in _ATTRS:
            value = get(name)
            if value is not None and not_finite(value):
                found.append(f'{name}="{value}"')
    return ", ".join(found)
