"""Ein entfallener Prozess nennt den Grund.

Prozesse werden im Register nicht gelöscht, sondern mit ``status: entfaellt`` gestrichen,
damit Verweise, Modelle und die Geschichte in git erhalten bleiben. Wer später auf den
Steckbrief stößt, muss erfahren, warum der Prozess entfällt (Aufgabe abgegeben,
Rechtsgrundlage aufgehoben, in einem anderen Prozess aufgegangen): dafür ist
``status_grund`` da.

Ein ``status_grund`` bei einem aktiven Prozess meldet diese Regel nicht: nach einer
Wiederaufnahme ist der alte Grund harmlose Geschichte.

Richtig:

    id: hundesteuermarke-ausgeben
    name: Hundesteuermarke ausgeben
    produkt:
      bereich: "16"
    status: entfaellt
    status_grund: Seit 2024 digitale Hundesteuermarke über das Serviceportal

Falsch:

    id: hundesteuermarke-ausgeben
    name: Hundesteuermarke ausgeben
    produkt:
      bereich: "16"
    status: entfaellt
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.rules.steckbrief._data import is_filled

CODE = "PK-S009"
NAME = "entfall-grund"
TITLE = "Entfallener Prozess braucht einen status_grund"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")


def check(sb: SteckbriefDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """Only validated Steckbriefe: status and reason must have their schema types."""
    model = sb.model
    if model is None or model.status != "entfaellt" or is_filled(model.status_grund):
        return
    yield Finding(
        "Der Prozess ist als entfallen markiert (status: entfaellt), aber status_grund fehlt",
        path=("status",),
        hint="Unter status_grund kurz angeben, warum der Prozess entfällt, z. B. "
        "'Aufgabe 2024 an den Kreis abgegeben'.",
    )
