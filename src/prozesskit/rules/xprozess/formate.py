"""Nachrichten-UUID und Zeitpunkte haben das vorgeschriebene Format.

``nachrichtUUID`` ist eine UUID (8-4-4-4-12 Hexadezimalziffern); Zeitpunkte
(``erstellungszeitpunkt``, ``letzterAenderungszeitpunkt``, Freigabezeitpunkte, Beginn und
Ende eines Zeitraums) sind ``xs:dateTime``: Datum, ``T``, Uhrzeit, optional Sekundenbruchteile
und Zeitzone. Der Erstellungszeitpunkt der Nachricht braucht eine Zeitzone, sonst ist er
mehrdeutig.

Richtig::

    <xprozess:nachrichtUUID>7a90138d-c30e-44b9-8058-fc48be05d8ec</xprozess:nachrichtUUID>
    <xprozess:erstellungszeitpunkt>2022-04-04T15:41:44.699+02:00</xprozess:erstellungszeitpunkt>

Falsch::

    <xprozess:nachrichtUUID>Export 17</xprozess:nachrichtUUID>
    <xprozess:erstellungszeitpunkt>04.04.2022 15:41</xprozess:erstellungszeitpunkt>
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from prozesskit.exchange.xprozess.dokument import XProzessDoc
from prozesskit.exchange.xprozess.lesen import kid, text
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext
from prozesskit.rules.xprozess._helpers import line, local, walk, where

CODE = "PK-P011"
NAME = "xprozess-formate"
TITLE = "XProzess: UUID und Zeitpunkte im richtigen Format"
SCOPE = Scope.XPROZESS
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DATETIME = re.compile(r"^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:"
                      r"[0-5]\d(\.\d+)?(Z|[+-](0\d|1[0-4]):[0-5]\d)?$")
ZONE = re.compile(r"(Z|[+-]\d\d:\d\d)$")
ZEITPUNKTE = ("erstellungszeitpunkt", "letzterAenderungszeitpunkt", "fachlicherFreigabezeitpunkt",
              "formellerFreigabezeitpunkt", "beginn", "ende", "aenderungszeitpunkt")


def check(doc: XProzessDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    kopf = kid(doc.root, "nachrichtenkopf")
    uuid = kid(kopf, "nachrichtUUID") if kopf is not None else None
    value = text(uuid)
    if uuid is not None and value is not None and not UUID.match(value):
        yield Finding(f"nachrichtUUID '{value}' ist keine UUID", line=line(uuid),
                      hint="Eine zufällige UUID (Version 4) angeben, z. B. "
                      "7a90138d-c30e-44b9-8058-fc48be05d8ec.")
    for element in walk(doc.root, *ZEITPUNKTE):
        moment = text(element)
        if moment is None:
            continue  # an empty optional element: read as absent
        if not DATETIME.match(moment):
            yield Finding(f"{where(element)} '{moment}' ist kein xs:dateTime",
                          line=line(element),
                          hint="Format JJJJ-MM-TTThh:mm:ss mit Zeitzone, z. B. "
                          "2022-04-04T15:41:44+02:00.")
        elif local(element) == "erstellungszeitpunkt" and element.getparent() is kopf and \
                not ZONE.search(moment):
            yield Finding(f"Der Erstellungszeitpunkt '{moment}' hat keine Zeitzone",
                          line=line(element), hint="Die Zeitzone anhängen, z. B. +01:00 oder Z.")
