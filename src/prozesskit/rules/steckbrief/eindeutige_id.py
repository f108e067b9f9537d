"""Jede id kommt im Register nur einmal vor.

Die ``id`` ist die Kennung, über die Modelle, Importe, die Bibliothek und die Webansicht
einen Prozess finden. Zwei Steckbriefe mit derselben id (etwa in verschiedenen
Unterordnern von ``steckbriefe/``) machen jeden Verweis mehrdeutig. Gemeldet wird jedes
weitere Vorkommen, mit Verweis auf das erste (nach Dateipfad sortiert).

Richtig: ``steckbriefe/ordnung/gewerbeanmeldung-entgegennehmen.yaml`` und
``steckbriefe/ordnung/gewerbeabmeldung-entgegennehmen.yaml``

    id: gewerbeanmeldung-entgegennehmen
    ---
    id: gewerbeabmeldung-entgegennehmen

Falsch: ``steckbriefe/ordnung/gewerbeanmeldung-entgegennehmen.yaml`` und
``steckbriefe/wirtschaft/gewerbeanmeldung-entgegennehmen.yaml``

    id: gewerbeanmeldung-entgegennehmen
    ---
    id: gewerbeanmeldung-entgegennehmen
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RegisterFacts, RuleContext

CODE = "PK-S006"
NAME = "eindeutige-id"
TITLE = "Die id jedes Steckbriefs ist im Register eindeutig"
SCOPE = Scope.REGISTER
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")


def check(facts: RegisterFacts, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """Sorted by file so that 'the first' is the same on every machine and run."""
    first: dict[str, str] = {}
    for sb in sorted(facts.steckbriefe, key=lambda s: s.file):
        if sb.id is None:
            continue
        if sb.id not in first:
            first[sb.id] = sb.file
            continue
        line, column = sb.at("id")
        yield Finding(
            f"id '{sb.id}' ist schon in {first[sb.id]} vergeben",
            file=sb.file, line=line, column=column,
            hint="Ist es derselbe Prozess, eine der Dateien löschen; sonst eine eigene id "
            "vergeben und die Datei entsprechend umbenennen.",
        )
