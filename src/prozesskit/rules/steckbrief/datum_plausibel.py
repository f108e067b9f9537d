"""Datumsangaben im Steckbrief sind plausibel: nicht in der Zukunft, nicht uralt.

``stand`` (letzte fachliche Prüfung), ``kennzahlen.stand`` (Erhebung der Zahlen) und
``modellierung.werkstatt`` (Prozesswerkstatt, in der das Modell abgestimmt wurde)
beschreiben Vergangenes; ein Datum in der Zukunft ist fast immer ein Tippfehler
(2052 statt 2025). Ein Datum vor 1990 (Option ``fruehestens``) ebenso – auch für den
geplanten ``modellierung.termin``, der sonst in der Zukunft liegen darf.

Ob ein Datum überhaupt gültig ist (31. Februar), prüft schon das Schema.
Die Option ``heute`` legt den Stichtag fest (für Tests und Auswertungen zu einem
früheren Stand); ohne sie gilt das Tagesdatum.

Richtig:

    id: gewerbeanmeldung-entgegennehmen
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"
    stand: 2024-11-04
    modellierung:
      status: abgestimmt
      werkstatt: 2024-09-18

Falsch:

    id: gewerbeanmeldung-entgegennehmen
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"
    stand: 2042-11-04
    kennzahlen:
      stand: 0224-01-01
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from prozesskit.model.steckbrief import Steckbrief
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc

CODE = "PK-S019"
NAME = "datum-plausibel"
TITLE = "Datumsangaben liegen nicht in der Zukunft und nicht vor 1990"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")

_LABELS = {
    "stand": "Stand der fachlichen Prüfung",
    "kennzahlen.stand": "Stand der Kennzahlen",
    "modellierung.werkstatt": "Datum der Prozesswerkstatt",
    "modellierung.termin": "Modellierungstermin",
}
#: Dates that record something done; ``modellierung.termin`` is planned and may lie ahead.
_PAST_ONLY = frozenset({"stand", "kennzahlen.stand", "modellierung.werkstatt"})


class Options(BaseModel):
    """``heute``: reference date (default: today); ``fruehestens``: earliest plausible date."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    heute: dt.date | None = None
    fruehestens: dt.date = dt.date(1990, 1, 1)


def _dates(model: Steckbrief) -> dict[str, dt.date | None]:
    return {
        "stand": model.stand,
        "kennzahlen.stand": model.kennzahlen.stand if model.kennzahlen else None,
        "modellierung.werkstatt": model.modellierung.werkstatt,
        "modellierung.termin": model.modellierung.termin,
    }


def check(sb: SteckbriefDoc, options: Options | None, ctx: RuleContext) -> Iterator[Finding]:
    """Needs the validated model: only then are the values real dates."""
    if sb.model is None:
        return
    opts = options if options is not None else Options()
    today = opts.heute or dt.date.today()
    for field, value in _dates(sb.model).items():
        if value is None:
            continue
        if value < opts.fruehestens:
            yield _finding(field, value, f"liegt vor dem {opts.fruehestens:%d.%m.%Y}")
        elif field in _PAST_ONLY and value > today:
            yield _finding(field, value, "liegt in der Zukunft")


def _finding(field: str, value: dt.date, problem: str) -> Finding:
    return Finding(
        f"{_LABELS[field]} ({field}: {value.isoformat()}) {problem}",
        path=tuple(field.split(".")),
        hint="Vermutlich ein Tippfehler in der Jahreszahl; das Datum im Format JJJJ-MM-TT prüfen.",
    )
