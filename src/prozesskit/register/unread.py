"""Entries of a register that are never read (symlinks, FIFOs, devices): each one a problem.

Skipping them silently would let a folder scan say "Keine Probleme" about files it never
looked at; reading them would let a shared repo make us read files outside the register
(a symlink) or hang (a FIFO). So they are listed by discovery and reported here, under the
readability rule of the kind of file they stand for.
"""

from __future__ import annotations

from collections.abc import Iterable

from prozesskit.problem import Level, Problem
from prozesskit.validation.layout import STECKBRIEF_DIR

#: rel path → kind: "link" (symlink to a file or dangling), "linkdir", "special" (FIFO, ...)
Unread = tuple[tuple[str, str], ...]

_WHAT = {
    "link": ("Symbolischer Link: wird nicht gelesen (prozesskit liest nichts außerhalb des "
             "Registers)",
             "Die Datei selbst ins Register legen (kopieren) statt sie zu verlinken, oder den "
             "Link entfernen."),
    "linkdir": ("Symbolischer Link auf einen Ordner: was darin liegt, wird nicht geprüft",
                "Den Ordner selbst ins Register legen (kopieren) statt ihn zu verlinken, oder "
                "den Link entfernen."),
    "special": ("Keine normale Datei (FIFO, Gerät oder Socket): wird übersprungen",
                "Die Datei durch eine normale Datei ersetzen oder entfernen."),
}


def rule_for(rel: str, kind: str = "") -> str:
    """The readability rule of what ``rel`` stands for: Steckbrief (PK-S001) or model (PK-B001)."""
    in_steckbriefe = rel == STECKBRIEF_DIR or rel.startswith(STECKBRIEF_DIR + "/")
    if kind == "bpmn" or (kind != "steckbrief" and not in_steckbriefe):
        return "PK-B001"
    return "PK-S001"


def unread_problem(rel: str, what: str, kind: str = "") -> Problem:
    """``what``: "link", "linkdir" or "special"; ``kind``: "steckbrief" or "bpmn" if known."""
    message, hint = _WHAT[what]
    return Problem(rel, None, None, rule_for(rel, kind), Level.ERROR, message, hint=hint)


def unread_problems(entries: Iterable[tuple[str, str]], changed: frozenset[str] | None = None
                    ) -> list[Problem]:
    """Problems for discovery's unread entries; with ``changed``, only those among them."""
    return [unread_problem(rel, what) for rel, what in entries
            if changed is None or rel in changed]
