"""Codes aus den bekannten Codelisten (Warnung).

Freigabestatus, Detaillierungsstufe, Referenzaktivitätengruppe, formelle Prüfung,
Modellierungsmethode, operatives Ziel, Handlungsform und Verfahrensart werden mit den Werten
verglichen, die in veröffentlichten FIM- und XProzess-Daten vorkommen. Ein anderer Wert ist
eine Warnung, kein Fehler: die Codelisten auf XRepository wachsen, und sie sind hier nicht
erreichbar. Statuscode 2 heißt in der Liste von 2020 „in Bearbeitung“, in ADONIS-Exporten
„fachlich freigegeben“: er wird angenommen, der Hinweis nennt beide Lesarten.

Richtig::

    <xprozess:detaillierungsstufe listURI="…"><code>101</code></xprozess:detaillierungsstufe>

Falsch::

    <xprozess:detaillierungsstufe listURI="…"><code>1</code></xprozess:detaillierungsstufe>
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.exchange.xprozess import codes
from prozesskit.exchange.xprozess.dokument import XProzessDoc
from prozesskit.exchange.xprozess.lesen import code
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext
from prozesskit.rules.xprozess._helpers import line, local, walk, where

CODE = "PK-P013"
NAME = "xprozess-codes"
TITLE = "XProzess: Codes aus den bekannten Codelisten"
SCOPE = Scope.XPROZESS
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")


def check(doc: XProzessDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for element in walk(doc.root, *codes.BEOBACHTET, "code"):
        name = local(element)
        parent = element.getparent()
        if name == "code":  # modellierungsmethode/code holds the code element
            if parent is None or local(parent) != "modellierungsmethode":
                continue
            name = "modellierungsmethode"
        elif name == "status" and (parent is None or local(parent) != "zustandsangaben"):
            continue
        value = code(element)
        if value is None or value in codes.BEOBACHTET[name]:
            continue
        known = ", ".join(sorted(codes.BEOBACHTET[name], key=lambda v: (len(v), v))[:12])
        yield Finding(f"{where(element)}: Code '{value}' steht nicht in der bekannten "
                      f"Codeliste ({known}{' …' if len(codes.BEOBACHTET[name]) > 12 else ''})",
                      line=line(element),
                      hint="Den Code gegen die aktuelle Codeliste auf XRepository prüfen.")
