"""Eine Kennzahl mit Nachkommastellen ist keine Zahl mit deutschem Tausenderpunkt.

YAML liest ``1.500`` als 1,5: wer „eintausendfünfhundert“ meint und den Tausenderpunkt
schreibt, wie es im Deutschen üblich ist, bekommt eine Bearbeitungszeit von anderthalb
Minuten, und die Priorisierung (Fallzahl × Bearbeitungszeit) rechnet mit einem
Tausendstel. Bei ganzen Zahlen (``fallzahl_pro_jahr``) lehnt schon das Schema jeden Punkt
ab; ``bearbeitungszeit_min`` und ``durchlaufzeit_tage`` dürfen Kommazahlen sein, deshalb
hier eine Warnung, wenn der Wert wie ein Tausenderpunkt aussieht: ein bis drei Ziffern,
dann Gruppen aus genau drei Ziffern (``1.500``, ``12.000``). ``1.5`` oder ``0.25`` bleiben
still.

Richtig:

    id: gewerbeanmeldung-entgegennehmen
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"
    kennzahlen:
      bearbeitungszeit_min: 1500
      durchlaufzeit_tage: 1.5

Falsch:

    id: gewerbeanmeldung-entgegennehmen
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"
    kennzahlen:
      bearbeitungszeit_min: 1.500
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc

CODE = "PK-S025"
NAME = "kennzahl-tausenderpunkt"
TITLE = "Kennzahl mit Nachkommastellen sieht nicht wie ein Tausenderpunkt aus"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")

_FIELDS = ("bearbeitungszeit_min", "durchlaufzeit_tage")
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")


def check(sb: SteckbriefDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """Works on the text as written: the float 1.5 cannot tell ``1.500`` from ``1.5``."""
    kennzahlen = sb.data.get("kennzahlen") if isinstance(sb.data, dict) else None
    if not isinstance(kennzahlen, dict):
        return
    for field in _FIELDS:
        value = kennzahlen.get(field)
        if not isinstance(value, float):
            continue
        written = sb.doc.written(("kennzahlen", field))
        if written is None or not _THOUSANDS.fullmatch(written):
            continue
        shown = f"{value:g}".replace(".", ",")
        yield Finding(
            f"'kennzahlen.{field}: {written}' ist {shown} – oder "
            f"{written.replace('.', '')} mit Tausenderpunkt gemeint?",
            path=("kennzahlen", field),
            hint=f"Tausender ohne Punkt schreiben: {written.replace('.', '')}; ist {shown} "
            f"gemeint, ohne Nullen am Ende: {value:g}.",
        )
