"""LeiKa-Schlüssel müssen 14 Ziffern haben und mit 99 beginnen.

Der LeiKa-Schlüssel (Leistungskatalog der öffentlichen Verwaltung) ist 14-stellig und
beginnt immer mit ``99``. Er muss in Anführungszeichen stehen: ohne sie liest YAML ihn
als Zahl. Geprüft werden ``leika``, ``quelle.leika`` und der Schlüssel jeder Variante
(``varianten[].leika``).

Abgrenzung zum Schema: Das Schema lehnt einen falschen Wert in diesen Feldern ebenfalls
ab. Damit derselbe Fehler nicht zweimal erscheint, meldet diese Regel nur, wenn die
Schemaprüfung fehlgeschlagen ist (sonst ist das Format ja richtig), und die Engine
ersetzt die Schema-Meldung für die Pfade in ``SCHEMA_PATHS`` durch diese, genauere
Meldung (mit Hinweis auf fehlende Anführungszeichen oder Ziffern).

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
    leika: 9905001210400   # 13 Ziffern und ohne Anführungszeichen
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.leika.felder import LEIKA_PATHS, is_key, key_paths, value_at
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.yamlio.fieldpath import field_path

CODE = "PK-S014"
NAME = "leika-format"
TITLE = "LeiKa-Schlüssel hat 14 Ziffern und beginnt mit 99"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
#: Schema errors at these paths are replaced by this rule's finding (see docstring).
SCHEMA_PATHS = (*LEIKA_PATHS, ("varianten[]", "leika"))


def describe(value: Any) -> str:
    """What is wrong with the value, in words a Prozessmanagerin can act on."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return "ist kein Text"
    if value == "":
        return "ist leer"
    text = str(value)
    if isinstance(value, int):
        return (f"steht ohne Anführungszeichen und wird als Zahl gelesen"
                f"{'' if len(text) == 14 and text.startswith('99') else f' ({len(text)} Ziffern)'}")
    digits = text.replace(" ", "")
    if not digits.isdigit():
        return "enthält andere Zeichen als Ziffern"
    if len(digits) != 14:
        return f"hat {len(digits)} statt 14 Ziffern"
    if not digits.startswith("99"):
        return "beginnt nicht mit 99"
    return "enthält Leerzeichen"


def check(sb: SteckbriefDoc, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    if sb.model is not None:
        return  # the schema accepted the file, so every LeiKa field has the right form
    for path in key_paths(sb.data):
        value = value_at(sb.data, path)
        if value is None or is_key(value):
            continue  # '' is no key either: the schema refuses it, so must this rule
        field = field_path(path)
        yield Finding(
            f"LeiKa-Schlüssel in '{field}' {describe(value)}: erwartet werden 14 Ziffern, "
            "beginnend mit 99, in Anführungszeichen",
            path=path,
            hint=f'Beispiel: {field.split(".")[-1]}: "99050012104000"',
        )
