"""Jede ``subProzessID`` einer Aktivitätengruppe ist ein Teilprozess im BPMN-Modell.

Die Strukturbeschreibung eines FIM-Prozesses ordnet jede Aktivitätengruppe einem
(zugeklappten) Teilprozess des Modells zu: ``subProzessID`` ist dessen BPMN-id. Eine id, die
im Modell des Prozesses kein Teilprozess (oder Aufruf-Aktivität) ist, verweist ins Leere.
Geprüft wird nur, wenn der Prozess ein lesbares Modell mitbringt.

Richtig::

    <xprozess:subProzessID>_c44a10cf-0b69-481b-b36c-69a0f7641161</xprozess:subProzessID>
    <bpmn:subProcess id="_c44a10cf-0b69-481b-b36c-69a0f7641161" name="Anzeige empfangen"/>

Falsch::

    <xprozess:subProzessID>_gibt-es-nicht</xprozess:subProzessID>
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.exchange.xprozess.dokument import XProzessDoc
from prozesskit.exchange.xprozess.lesen import text
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext
from prozesskit.rules.xprozess._helpers import line, walk

CODE = "PK-P015"
NAME = "xprozess-subprozess-id"
TITLE = "XProzess: subProzessID ist ein Teilprozess im Modell"
SCOPE = Scope.XPROZESS
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")


def check(doc: XProzessDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for prozess_id, element in doc.prozess_elemente():
        modelle = [m for m in doc.modelle if m.prozess_id == prozess_id and m.bpmn is not None]
        if not modelle:
            continue
        known = frozenset().union(*(m.teilprozesse for m in modelle))
        for sub in walk(element, "subProzessID"):
            value = text(sub)
            if value is not None and value not in known:
                yield Finding(f"subProzessID '{value}' (Prozess {prozess_id}) ist kein "
                              "Teilprozess im Modell des Prozesses", line=line(sub),
                              hint="Die id eines Teilprozesses (subProcess) des Modells "
                              "angeben oder das Modell ergänzen.")
