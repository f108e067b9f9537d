"""Which DI coordinates can be drawn: THE one answer for ``render`` (and the site, which
draws with it) and ``validate`` (PK-B023 reports them, PK-B024 does not compare them).

A coordinate is usable when it is a finite number and x, y lie within ±:data:`MAX_COORD`
and width and height within 0 … :data:`MAX_COORD`. The XML schema lets the others through
(``xsd:double`` has NaN and INF, 1e400 is a valid lexical double, and it has no bounds),
yet no tool can place such a shape, and one two million pixels out makes a drawing
kilometres wide. ``render`` leaves the shape out and names it; ``validate`` reports it;
both name the same values with the same words (:func:`unusable`).
"""

from __future__ import annotations

import math
from typing import Final

from lxml import etree

from prozesskit.bpmn.ns import DC_NS, DI_NS

#: Largest |x|, |y|, width and height drawn (a real model spans a few thousand)
MAX_COORD: Final = 1_000_000.0

_BOUNDS: Final = f"{{{DC_NS}}}Bounds"
_WAYPOINT: Final = f"{{{DI_NS}}}waypoint"

#: What is wrong with a group of values, as the predicate of "die Koordinaten … "
KEINE_ZAHL: Final = "sind keine Zahlen"
NICHT_ENDLICH: Final = "sind keine endlichen Zahlen"
AUSSERHALB: Final = "liegen außerhalb von ±1.000.000"
GROESSE: Final = "sind als Breite oder Höhe negativ oder größer als 1.000.000"


def box_usable(x: float, y: float, w: float, h: float) -> bool:
    """Whether a shape's bounds can be drawn (one comparison chain each rejects NaN,
    which never compares true, the infinities and the absurd)."""
    return (-MAX_COORD <= x <= MAX_COORD and -MAX_COORD <= y <= MAX_COORD
            and 0 <= w <= MAX_COORD and 0 <= h <= MAX_COORD)


def point_usable(x: float, y: float) -> bool:
    """Whether an edge's waypoint can be drawn."""
    return -MAX_COORD <= x <= MAX_COORD and -MAX_COORD <= y <= MAX_COORD


#: Attributes checked and the least value each may have (x and y may be negative)
_LOWEST: Final = {"x": -MAX_COORD, "y": -MAX_COORD, "width": 0.0, "height": 0.0}


def unusable(di: etree._Element, *, text_too: bool = False) -> list[tuple[str, str]]:
    """``[('x="NaN", y="1e400"', NICHT_ENDLICH), ('x="2000160"', AUSSERHALB)]``: the
    values of a BPMNShape's bounds or a BPMNEdge's waypoints that cannot be drawn, as
    written, grouped by what is wrong with them; [] when all can. Text that is no number
    at all only with ``text_too``: validate's schema check reports it already (PK-B002).
    PK-B023 asks this for every shape and edge of every model: the usable case is one
    ``float`` and one comparison per value, nothing else."""
    found: dict[str, list[str]] | None = None
    lowest = _LOWEST.get
    for item in di.iterchildren(_BOUNDS, _WAYPOINT):
        for name, value in item.items():
            low = lowest(name)  # type: ignore[arg-type]  # attribute names are str here
            if low is None:
                continue
            try:
                number = float(value)
            except ValueError:
                if not text_too:
                    continue
                fault = KEINE_ZAHL
            else:
                if low <= number <= MAX_COORD:  # NaN compares false: below
                    continue
                fault = NICHT_ENDLICH if not math.isfinite(number) else \
                    GROESSE if low == 0.0 else AUSSERHALB
            if found is None:
                found = {}
            shown = f'{name}="{value}"'  # type: ignore[str-bytes-safe]  # lxml gives str
            found.setdefault(fault, []).append(shown)
    return [(", ".join(values), fault) for fault, values in found.items()] if found else []
