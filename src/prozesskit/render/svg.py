"""SVG text as strings: numbers, escaping, the few element forms the renderer writes.

Strings, not an lxml tree: building a tree and serialising it costs more than the parse of
the model, and the output must be byte-for-byte deterministic anyway. Only presentation
attributes are written (no ``style``), so a page with a Content-Security-Policy that
forbids inline styles shows the drawing unchanged.
"""

from __future__ import annotations

import re
from typing import Final

#: characters XML 1.0 forbids even as references; lxml never yields them, but a caller
#: of :func:`esc` may pass any str
_BAD_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def esc(text: str) -> str:
    """Text or attribute value: a name ``<script>`` stays text."""
    if not text.isprintable():  # C-fast test; the rare text with controls is cleaned
        text = _BAD_XML.sub("", text)
    # a chain of replace() is several times faster than translate() with a table
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


_NUMBERS: dict[float, str] = {}


def num(value: float) -> str:
    """Two decimals at most, no trailing zeros, never ``-0``: stable output across tools.

    The renderer's hottest function: diagrams repeat their coordinates, so results are
    memoised (bounded; the result depends on the value alone)."""
    text = _NUMBERS.get(value)
    if text is not None:
        return text
    whole = int(value)
    if value == whole:
        text = str(whole)
    else:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        if text == "-0":
            text = "0"
    if len(_NUMBERS) < 100_000:
        _NUMBERS[value] = text
    return text


def points(coords: list[tuple[float, float]]) -> str:
    return " ".join([f"{num(x)},{num(y)}" for x, y in coords])


STROKE: Final = "#22242a"
FILL: Final = "#ffffff"
#: Arial's metrics, also on Linux (Liberation Sans is metric-compatible): the widths in
#: fonts.py then hold wherever the SVG is shown
FONT: Final = "Arial, 'Liberation Sans', Helvetica, sans-serif"


def rect(x: float, y: float, w: float, h: float, *, rx: float = 0, width: float = 2,
         fill: str = FILL, dash: str | None = None) -> str:
    corner = f' rx="{num(rx)}"' if rx else ""
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}"{corner} '
            f'fill="{fill}" stroke="{STROKE}" stroke-width="{num(width)}"{dashed}/>')


def circle(cx: float, cy: float, r: float, *, width: float = 2, fill: str = FILL,
           dash: str | None = None) -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}" fill="{fill}" '
            f'stroke="{STROKE}" stroke-width="{num(width)}"{dashed}/>')


def path(d: str, *, width: float = 2, fill: str = "none", dash: str | None = None,
         stroke: str = STROKE) -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<path d="{d}" fill="{fill}" stroke="{stroke}" stroke-width="{num(width)}"'
            f' stroke-linejoin="round"{dashed}/>')
