"""Text widths without a browser: the advance widths of Helvetica/Arial (the metric-
compatible pair every system has), in thousandths of the font size.

Figures from Adobe's Core 14 AFM metrics for Helvetica, which Arial matches glyph for
glyph. Characters not in the table take the width of a digit, East-Asian wide characters
a full em: good enough to wrap a label so that it fits its shape.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Final

_GROUPS: Final[dict[int, str]] = {
    191: "'",
    222: "ijl",
    260: "|",
    278: " !,./:;I[\\]ft",
    333: "()-`r„“”‚‘’",
    334: "{}",
    355: '"',
    389: "*",
    400: "°",
    469: "^",
    500: "Jckstvxyz",
    556: "#$0123456789?L_abdeghnopquäöüéèáàâêëñç€§–",
    584: "+<=>~",
    611: "FTZß",
    667: "ABEKPSVXYÄ",
    722: "CDHNRUwÜ",
    778: "GOQÖ",
    833: "Mm",
    889: "%",
    944: "W",
    1000: "—…",
    1015: "@",
}
WIDTHS: Final[dict[str, int]] = {ch: w for w, chars in _GROUPS.items() for ch in chars}
_DEFAULT: Final = 556
#: how far a single word may run past the line before it is cut
OVERFLOW: Final = 1.15


def _width(ch: str) -> int:
    known = WIDTHS.get(ch)
    if known is not None:
        return known
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1000
    if unicodedata.combining(ch):
        return 0
    return _DEFAULT


@lru_cache(maxsize=8192)
def text_width(text: str, size: float) -> float:
    """Width in pixels of ``text`` set in Arial at ``size`` px (words repeat: cached)."""
    get = WIDTHS.get
    total = 0
    for ch in text:
        w = get(ch)
        total += w if w is not None else _width(ch)
    return total * size / 1000


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy line breaking at blanks; a word much longer than a line is cut, with "-".

    Line breaks in the model (``&#10;``, as modelling tools write them) are kept.
    """
    lines: list[str] = []
    space = text_width(" ", size)
    for paragraph in text.splitlines() or [""]:
        words = paragraph.split()
        line = ""
        line_w = 0.0
        for word in words:
            word_w = text_width(word, size)
            if line and line_w + space + word_w <= width:
                line += " " + word
                line_w += space + word_w
                continue
            if line:
                lines.append(line)
            # a German compound a little wider than the line stays whole (the padding takes
            # it); a longer one is cut with a hyphen rather than at an unmarked place
            while word_w > width * OVERFLOW and len(word) > 1:
                cut = _fit(word, width - text_width("-", size), size)
                lines.append(word[:cut] + "-")
                word = word[cut:]
                word_w = text_width(word, size)
            line, line_w = word, word_w
        if line:
            lines.append(line)
    return lines


def _fit(word: str, width: float, size: float) -> int:
    total = 0.0
    for i, ch in enumerate(word):
        total += _width(ch) * size / 1000
        if total > width:
            return max(i, 1)
    return len(word)
