"""LeiKa-Leistung vom Typ 1 (Bund regelt und vollzieht) im Register einer Kommune.

Die LeiKa-Typisierung sagt, wer eine Leistung regelt und wer sie vollzieht. Typ 1
heißt: Regelungs- und Vollzugskompetenz beim Bund (z. B. Bundesagentur für Arbeit,
Bundesamt für Justiz). Im Prozessregister einer Kommune ist ein solcher Schlüssel fast
immer ein Versehen – meist gibt es eine Nachbarleistung vom Typ 2/3 (Regelung Bund,
Vollzug Land oder Kommune). Wirkt die Kommune tatsächlich nur mit (nimmt sie etwa
Anträge für eine Bundesbehörde entgegen), die Warnung für diesen Steckbrief mit
Begründung unterdrücken. Gemischte Angaben wie „1, 2/3“ gelten nicht als Typ 1.

Richtig::

    id: gewerbeanmeldung
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"
    leika: "99050012104000"   # Gewerbe Anmeldung, Typ 2/3

Falsch::

    id: gewerbezentralregister-auskunft
    name: Auskunft aus dem Gewerbezentralregister erteilen
    produkt:
      bereich: "02"
    leika: "99052002109000"   # Gewerbezentralregister Einsicht gewähren, Typ 1
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.leika.catalog import Leistung
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.rules.steckbrief._data import raw_str

CODE = "PK-S016"
NAME = "leika-bundesvollzug"
TITLE = "LeiKa-Leistung wird nicht vom Bund allein geregelt und vollzogen"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")
BUND = "1"


def is_bundesvollzug(leistung: Leistung) -> bool:
    """Only a pure Typ 1; "1, 2/3" says some variants are executed locally."""
    return leistung.typen == frozenset({BUND})


def check(sb: SteckbriefDoc, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    key = raw_str(sb.data, "leika")
    if not key:
        return
    leistung = ctx.leika.get(key)
    if leistung is None or not is_bundesvollzug(leistung):
        return
    yield Finding(
        f"LeiKa-Leistung {key} „{leistung.bezeichnung}“ hat die Typisierung 1 "
        f"({leistung.typ_text}): sie wird vom Bund geregelt und vollzogen, nicht von "
        "einer Kommune",
        path=("leika",),
        hint="Schlüssel prüfen (oft passt eine Leistung vom Typ 2/3); wirkt die Kommune "
             "nur mit, die Warnung mit Begründung unterdrücken.",
    )
