"""Prozesse mit Außenwirkung brauchen im FIM-Profil einen LeiKa-Schlüssel.

FIM verknüpft Prozess, Leistungsbeschreibung und Formular über den LeiKa-Schlüssel.
Im Profil ``fim`` braucht daher jeder Steckbrief eines *externen* Prozesses das Feld
``leika``. Ein Prozess gilt als extern, wenn

1. ``merkmale.extern`` auf ``true`` steht, oder
2. ``ozg`` angegeben ist (OZG-Leistungen richten sich immer an Bürger oder
   Unternehmen), oder
3. unter ``beteiligte`` ein Außenbeteiligter steht: ein Eintrag, der eines der Wörter
   aus der Option ``externe_beteiligte`` enthält (Groß-/Kleinschreibung und Umlaute
   egal; voreingestellt u. a. Bürger, Antragsteller, Unternehmen, Gewerbetreibende,
   Einwohner, Eltern, Halter).

``merkmale.extern: false`` erklärt einen Prozess ausdrücklich für intern und geht den
Punkten 2 und 3 vor. ``quelle.leika`` zählt nicht: es nennt die Quelle, nicht die
Leistung des Prozesses.

Richtig::

    id: gewerbeanmeldung
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"
    leika: "99050012104000"
    beteiligte:
      - Gewerbetreibende

Falsch::

    id: gewerbeanmeldung
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"
    beteiligte:
      - Gewerbetreibende   # extern, aber kein leika
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from prozesskit.leika.felder import value_at
from prozesskit.leika.text import fold
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc

CODE = "PK-S020"
NAME = "leika-fim-pflicht"
TITLE = "Externer Prozess hat im FIM-Profil einen LeiKa-Schlüssel"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.ERROR
PROFILES = ("fim",)

EXTERNE_BETEILIGTE: tuple[str, ...] = (
    "Bürger", "Antragsteller", "Unternehmen", "Gewerbetreibende", "Einwohner", "Eltern",
    "Halter", "Kunde", "Kundin", "Betrieb", "Bauherr", "Arbeitgeber", "Steuerpflichtige",
    "Empfänger",
)


class Options(BaseModel):
    """Which words in ``beteiligte`` mark a process as external."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    externe_beteiligte: tuple[str, ...] = EXTERNE_BETEILIGTE


def extern_grund(data: Any, words: tuple[str, ...]) -> str | None:
    """Why the Steckbrief counts as external (for the message), or None when internal."""
    merkmale = value_at(data, ("merkmale",))
    flag = merkmale.get("extern") if isinstance(merkmale, Mapping) else None
    if flag is False:
        return None
    if flag is True:
        return "merkmale.extern ist true"
    if value_at(data, ("ozg",)):
        return "ozg ist angegeben"
    beteiligte = value_at(data, ("beteiligte",))
    if isinstance(beteiligte, list):
        folded = [(fold(w), w) for w in words]
        for entry in beteiligte:
            if not isinstance(entry, str):
                continue
            text = fold(entry)
            for needle, word in folded:
                if needle in text:
                    return f"Beteiligte „{entry}“ ({word})"
    return None


def check(sb: SteckbriefDoc, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    if value_at(sb.data, ("leika",)):
        return
    opts = options if isinstance(options, Options) else Options()
    grund = extern_grund(sb.data, opts.externe_beteiligte)
    if grund is None:
        return
    quelle = value_at(sb.data, ("quelle", "leika"))
    hint = (f'quelle.leika nennt {quelle}: passt er, als leika: "{quelle}" übernehmen.'
            if isinstance(quelle, str) and quelle else
            "'prozesskit leika vorschlagen' schlägt passende Schlüssel vor.")
    yield Finding(
        f"Externer Prozess ({grund}) ohne LeiKa-Schlüssel: im FIM-Profil ist leika Pflicht",
        path=("leika",),
        hint=hint,
    )
