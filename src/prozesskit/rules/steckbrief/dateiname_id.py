"""Dateiname und id eines Steckbriefs stimmen überein.

Die ``id`` ist die stabile Kennung eines Prozesses; Verweise, Importe aus der Bibliothek
und die Webansicht finden einen Steckbrief über ``steckbriefe/<id>.yaml``. Weicht der
Dateiname von der ``id`` ab, findet man die Datei nicht mehr über die Kennung, und eine
zweite Datei mit demselben Prozess entsteht leicht. Unterordner unter ``steckbriefe/``
sind erlaubt; verglichen wird nur der Dateiname ohne ``.yaml``.

Richtig: Datei ``steckbriefe/gewerbeanmeldung-entgegennehmen.yaml``

    id: gewerbeanmeldung-entgegennehmen
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"

Falsch: Datei ``steckbriefe/gewerbeanmeldung.yaml``

    id: gewerbeanmeldung-entgegennehmen
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from prozesskit.model.codes import ID_PATTERN
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.rules.steckbrief._data import raw_str

CODE = "PK-S005"
NAME = "dateiname-id"
TITLE = "Dateiname entspricht der id des Steckbriefs"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")


def check(sb: SteckbriefDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """Compare the file stem with the raw ``id``, so it works even if the schema failed."""
    ident = raw_str(sb.data, "id")
    if ident is None:
        return  # missing or non-text id: the schema check (PK-S004) reports it
    stem = PurePosixPath(sb.file.replace("\\", "/")).stem
    if stem == ident:
        return
    yield Finding(
        f"Dateiname '{stem}' passt nicht zur id '{ident}'",
        path=("id",),
        hint=_hint(stem, ident),
    )


def _hint(stem: str, ident: str) -> str:
    """Renaming the file keeps the id stable; offer the id only if the stem is a valid id."""
    hint = f"Die Datei in '{ident}.yaml' umbenennen (git mv)"
    if re.fullmatch(ID_PATTERN, stem):
        hint += f" oder die id auf '{stem}' ändern (eine veröffentlichte id besser nicht)"
    return hint + "."
