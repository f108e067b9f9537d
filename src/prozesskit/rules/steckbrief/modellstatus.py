"""Der Modellierungsstatus passt zu den eingetragenen Modellen – in beide Richtungen.

``modellierung.status`` zeigt im Register und auf dem Dashboard, wie weit ein Prozess
modelliert ist. ``ist_modelliert`` verspricht ein IST-Modell; ``soll_modelliert``,
``abgestimmt`` und ``freigegeben`` versprechen ein SOLL-Modell. Fehlt das Modell unter
``modelle``, zählt das Netzwerk einen Fortschritt, den es nicht gibt.

Umgekehrt: sind unter ``modelle`` Modelle eingetragen, der Status ist aber
``nicht_modelliert`` (auch, wenn ``modellierung.status`` fehlt: das ist der Standardwert),
fehlt der Prozess in jeder Übersicht der modellierten Prozesse, obwohl es Modelle gibt.
Ein Modell in Arbeit passt zu ``in_modellierung``.

Ob die eingetragene Datei existiert, prüft PK-S008 (modelldatei-fehlt).

Richtig:

    id: wohngeld-bewilligen
    name: Wohngeld bewilligen
    produkt:
      bereich: "05"
    modellierung:
      status: abgestimmt
    modelle:
      - art: soll
        datei: modelle/wohngeld-bewilligen.soll.bpmn

Falsch:

    id: wohngeld-bewilligen
    name: Wohngeld bewilligen
    produkt:
      bereich: "05"
    modellierung:
      status: abgestimmt
    modelle:
      - art: ist
        datei: modelle/wohngeld-bewilligen.ist.bpmn
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.model.codes import STATUS_VERLANGT_MODELLE
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc

CODE = "PK-S018"
NAME = "modellstatus"
TITLE = "Modellierungsstatus passt zu den eingetragenen Modellen"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")


def check(sb: SteckbriefDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """Needs the validated model: status and model kinds must be known code values."""
    if sb.model is None:
        return
    status = sb.model.modellierung.status
    present = {modell.art for modell in sb.model.modelle}
    for art in sorted(STATUS_VERLANGT_MODELLE.get(status, frozenset()) - present):
        yield Finding(
            f"Modellierungsstatus '{status}' verlangt ein {art.upper()}-Modell, unter "
            f"'modelle' ist aber keines mit 'art: {art}' eingetragen",
            path=("modellierung", "status"),
            hint=f"Das {art.upper()}-Modell unter 'modelle' eintragen "
            f"(art: {art}, datei: modelle/<id>.{art}.bpmn) oder den Status zurücksetzen.",
        )
    if status == "nicht_modelliert" and present:
        count = len(sb.model.modelle)
        listed = "ist ein Modell" if count == 1 else f"sind {count} Modelle"
        written = "status" in sb.model.modellierung.model_fields_set
        state = "'nicht_modelliert'" if written else "nicht angegeben (also 'nicht_modelliert')"
        yield Finding(
            f"Unter 'modelle' {listed} eingetragen (art: {', '.join(sorted(present))}), "
            f"der Modellierungsstatus ist aber {state}",
            path=("modellierung", "status") if written else ("modelle",),
            hint="modellierung.status setzen: 'in_modellierung', solange am Modell gearbeitet "
            "wird, sonst 'ist_modelliert', 'soll_modelliert', 'abgestimmt' oder 'freigegeben'.",
        )
