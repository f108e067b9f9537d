"""Labels and names as text: no lxml, so that register rules comparing names (Steckbrief
against model) run without the BPMN machinery when only Steckbriefe changed."""

from __future__ import annotations

import re
from typing import Final

_HYPHEN_BREAK: Final = re.compile(r"(\w)-[ \t]*\r?\n\s*(?=[a-zäöüß])")
_SUFFIX: Final = re.compile(r"\s*\((ist|soll)\)\s*$", re.IGNORECASE)


def normalise_label(text: str | None) -> str | None:
    """A label as a reader sees it: line breaks and runs of blanks become one space.

    Modelling tools wrap long labels with ``&#10;``; a word split by a hyphen at a line
    break (``Gewerbe-&#10;anmeldung``) is joined again when the next line starts with a
    lowercase letter. Returns ``None`` for a missing or blank label.
    """
    if text is None:
        return None
    # the expression needs a line break; without one it would only scan every character
    joined = _HYPHEN_BREAK.sub(r"\1", text) if "\n" in text else text
    folded = " ".join(joined.split())
    return folded or None


def comparable_name(text: str | None) -> str | None:
    """A process name for comparison: casefolded, blanks folded, ``(IST)``/``(SOLL)`` cut."""
    norm = normalise_label(text)
    if norm is None:
        return None
    if norm.endswith(")"):  # "(IST)", "(SOLL)": the only suffix cut
        norm = _SUFFIX.sub("", norm)
    return norm.casefold() or None
