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
from prozesskit.rules.register._helpers import later_duplicates

CODE = "PK-S006"
NAME = "eindeutige-id"
TITLE = "Die id jedes Steckbriefs ist im Register eindeutig"
SCOPE = Scope.REGISTER
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")


def check(facts: RegisterFacts, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for sb, first in later_duplicates(facts.steckbriefe, lambda sb: sb.id):
        line, column = sb.at("id")
        yield Finding(
            f"id '{sb.id}' ist schon in {first} vergeben",
            file=sb.file, line=line, column=column, related=(first,),
            hint="Ist es derselbe Prozess, eine der Dateien löschen; sonst eine eigene id "
            "vergeben und die Datei entsprechend umbenennen.",
        )
