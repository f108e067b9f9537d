"""Jede Variante hat einen eigenen LeiKa-Schlüssel und einen Namen.

Ein Prozess kann mehrere LeiKa-Leistungen abdecken: "Aufenthaltserlaubnis erteilen" ist
für die Prozessmanagerin *ein* Prozess, der LeiKa kennt dafür einen Schlüssel je
Aufenthaltszweck. Der Hauptschlüssel steht in ``leika``, die weiteren Leistungen stehen
unter ``varianten`` mit ``leika`` und ``name``. Diese Regel meldet

- einen Schlüssel, der im Steckbrief zweimal vorkommt (als ``leika`` und als Variante
  oder in zwei Varianten): eine Leistung ist eine Variante, nicht zwei;
- einen Variantennamen, der leer ist oder nur aus Leerzeichen besteht, und zwei Varianten
  mit demselben Namen: der Name ist das, woran Leser die Variante unterscheiden.

Format und Katalog der Variantenschlüssel prüfen PK-S014 und PK-S015, doppelte
Schlüssel in verschiedenen Steckbriefen PK-S023.

Richtig::

    id: aufenthaltserlaubnis-erteilen
    name: Aufenthaltserlaubnis erteilen
    produkt:
      bereich: "02"
    leika: "99010001001009"
    varianten:
      - leika: "99010001001027"
        name: zum Studium
      - leika: "99010001001008"
        name: zur Berufsausbildung

Falsch::

    id: aufenthaltserlaubnis-erteilen
    name: Aufenthaltserlaubnis erteilen
    produkt:
      bereich: "02"
    leika: "99010001001009"
    varianten:
      - leika: "99010001001009"   # schon der Hauptschlüssel
        name: zur Beschäftigung
      - leika: "99010001001027"
        name: " "                 # kein Name
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from prozesskit.leika.felder import VARIANTEN, valid_keys
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.yamlio.fieldpath import field_path

CODE = "PK-S022"
NAME = "varianten-eindeutig"
TITLE = "Varianten haben eigene LeiKa-Schlüssel und Namen"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")


def check(sb: SteckbriefDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """Raw data, so that a file whose schema check failed elsewhere still hears of it."""
    data = sb.data
    items = data.get(VARIANTEN) if isinstance(data, Mapping) else None
    if not isinstance(items, list) or not items:
        return
    yield from _doppelte_schluessel(data)
    yield from _namen(items)


def _doppelte_schluessel(data: Any) -> Iterator[Finding]:
    first: dict[str, str] = {}
    for path, key in valid_keys(data):
        if path == ("quelle", "leika"):
            continue  # the source's key is normally the main key: no repeat
        field = field_path(path)
        if key in first:
            yield Finding(
                f"LeiKa-Schlüssel {key} steht schon in '{first[key]}'",
                path=path,
                hint="Eine LeiKa-Leistung ist eine Variante: den doppelten Eintrag löschen.",
            )
        else:
            first[key] = field


def _namen(items: list[Any]) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue  # the schema reports an item that is no mapping
        name = item.get("name")
        if not isinstance(name, str):
            continue  # missing or not text: the schema's message
        folded = " ".join(name.split()).casefold()
        if not folded:
            yield Finding(
                "Variante ohne Namen: der Name besteht nur aus Leerzeichen",
                path=(VARIANTEN, index, "name"),
                hint="Kurz sagen, was die Variante ausmacht, z. B. 'zum Studium'.",
            )
        elif folded in seen:
            yield Finding(
                f"Variantenname '{name.strip()}' hat schon varianten[{seen[folded]}]",
                path=(VARIANTEN, index, "name"),
                hint="Varianten an ihrem Namen unterscheidbar machen.",
            )
        else:
            seen[folded] = index
