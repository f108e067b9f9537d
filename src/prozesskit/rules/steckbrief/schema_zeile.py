"""Die Schema-Zeile führt vom Ordner der Datei zum Steckbrief-Schema des Registers.

Die Zeile ``# yaml-language-server: $schema=…`` am Dateianfang sagt dem Editor (VS Code mit
der YAML-Erweiterung), gegen welches Schema er die Datei prüft und welche Felder er
vorschlägt. Der Pfad gilt vom Ordner der Datei aus: in einem Unterordner von
``steckbriefe/`` braucht er ein ``../`` mehr. Führt er nicht zu
``.prozesskit/schemas/steckbrief.schema.json``, prüft der Editor die Datei stillschweigend
nicht. Ohne Schema-Zeile (die Arbeitsbereich-Einstellungen können den Ordner zuordnen) oder
mit einer URL wird nichts gemeldet. ``prozesskit neu`` schreibt die richtige Zeile.

Richtig: in steckbriefe/ordnung/gewerbe-anmelden.yaml

    # yaml-language-server: $schema=../../.prozesskit/schemas/steckbrief.schema.json
    id: gewerbe-anmelden
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"

Falsch: in steckbriefe/ordnung/gewerbe-anmelden.yaml

    # yaml-language-server: $schema=../.prozesskit/schemas/steckbrief.schema.json
    id: gewerbe-anmelden
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.yamlio.schemazeile import SCHEMA_COMMENT, check_schema_line

CODE = "PK-S021"
NAME = "schema-zeile"
TITLE = "Schema-Zeile führt zum Steckbrief-Schema"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")


def check(sb: SteckbriefDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """Works on the text, whatever the schema says: a broken file needs the editor most."""
    wrong = check_schema_line(sb.file, sb.doc.text)
    if wrong is None:
        return
    yield Finding(
        f"Die Schema-Zeile zeigt auf '{wrong.written}': von diesem Ordner aus ist das nicht das "
        "Steckbrief-Schema des Registers, der Editor prüft und ergänzt die Datei nicht",
        line=wrong.line,
        column=1,
        hint=f"Richtig: {SCHEMA_COMMENT}{wrong.expected}",
    )
