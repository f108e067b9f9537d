"""Horizontal bar charts as plain SVG for the dashboard: no chart library, no script.

A chart is an image with a text alternative (``role="img"`` and a ``<title>``/``<desc>``
that say what is counted); the page shows the same numbers in a table beside it, which is
what screen readers and copy-paste use. Colours come from the stylesheet through classes
(``balken-<klasse>``), so a strict Content-Security-Policy needs no inline style, and every
text is escaped by :func:`prozesskit.render.svg.esc`.
"""

from __future__ import annotations

from dataclasses import dataclass

from prozesskit.render.fonts import text_width
from prozesskit.render.svg import esc, num

_ROW = 30.0
_BAR = 20.0
_LABEL_W = 300.0
_BAR_W = 360.0
_FONT = 14.0


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    count: int
    css: str = ""  # class suffix for the colour (a status code), "" for the default


def _fit(label: str) -> str:
    """Shorten a label to the label column (the table beside the chart has it in full)."""
    if text_width(label, _FONT) <= _LABEL_W - 10:
        return label
    while label and text_width(label + "…", _FONT) > _LABEL_W - 10:
        label = label[:-1]
    return label.rstrip() + "…"


def bar_chart(ident: str, title: str, bars: list[Bar]) -> str:
    most = max((bar.count for bar in bars), default=0) or 1
    height = _ROW * max(len(bars), 1) + 10
    width = _LABEL_W + _BAR_W + 60
    summary = "; ".join(f"{bar.label}: {bar.count}" for bar in bars) or "keine Daten"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagramm" role="img" '
        f'aria-labelledby="{esc(ident)}-t {esc(ident)}-d" viewBox="0 0 {num(width)} '
        f'{num(height)}" width="{num(width)}" height="{num(height)}">',
        f'<title id="{esc(ident)}-t">{esc(title)}</title>',
        f'<desc id="{esc(ident)}-d">{esc(summary)}</desc>',
    ]
    for row, bar in enumerate(bars):
        y = 5 + row * _ROW
        length = _BAR_W * bar.count / most
        css = f"balken balken-{esc(bar.css)}" if bar.css else "balken"
        rect = (f'<rect class="{css}" x="{num(_LABEL_W)}" y="{num(y)}" '
                f'width="{num(length)}" height="{num(_BAR)}"/>' if bar.count else "")
        parts.append(
            f'<text class="achse" x="{num(_LABEL_W - 8)}" y="{num(y + _BAR / 2 + 5)}" '
            f'text-anchor="end" font-size="{num(_FONT)}">{esc(_fit(bar.label))}</text>'
            f'{rect}<text class="wert" x="{num(_LABEL_W + length + 6)}" '
            f'y="{num(y + _BAR / 2 + 5)}" font-size="{num(_FONT)}">{bar.count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
