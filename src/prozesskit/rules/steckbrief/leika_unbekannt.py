"""LeiKa-Schlüssel sollte im mitgelieferten LeiKa-Katalog stehen.

prozesskit bringt den LeiKa-Katalog mit Stand 2019 mit (Leistungskatalog der
öffentlichen Verwaltung, FITKO / IT-Planungsrat, über die OZG-Datenbank NRW der KDN).
Ein Schlüssel, der dort fehlt, ist oft ein Tippfehler – er kann aber auch neuer als 2019
sein (z. B. Wohngeld ``99107023037000``). Deshalb ist dies nur eine Warnung: bitte im
aktuellen LeiKa prüfen. Geprüft werden ``leika``, ``quelle.leika`` und die Schlüssel der
Varianten (``varianten[].leika``); ein Wert mit falschem Format ist Sache von PK-S014.

Richtig::

    id: gewerbeanmeldung
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"
    leika: "99050012104000"

Falsch::

    id: gewerbeanmeldung
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"
    leika: "99050012104999"   # gibt es im Katalog nicht
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.leika.felder import valid_keys
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc

CODE = "PK-S015"
NAME = "leika-unbekannt"
TITLE = "LeiKa-Schlüssel steht im LeiKa-Katalog"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")


def check(sb: SteckbriefDoc, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    keys = list(valid_keys(sb.data))
    if not keys:
        return  # do not load the catalogue for files without a key
    catalog = ctx.leika
    for path, key in keys:
        if key in catalog:
            continue
        yield Finding(
            f"LeiKa-Schlüssel {key} ist nicht im LeiKa-Katalog (Stand {catalog.stand}) "
            "enthalten; neuere Schlüssel fehlen dort — bitte im aktuellen LeiKa prüfen",
            path=path,
            hint="Tippfehler? 'prozesskit leika <Stichwort>' sucht passende Schlüssel.",
        )
