"""Jede Modelldatei im Modellordner gehört zu einem Steckbrief.

Ein BPMN-Modell, auf das kein Steckbrief unter ``modelle`` verweist, erscheint in keiner
Übersicht: meist ist nach dem Umbenennen die alte Datei liegen geblieben oder der
Eintrag im Steckbrief vergessen. Geprüft werden alle ``.bpmn``-Dateien in den
Modellordnern (Standard ``modelle/``, auch in Unterordnern); Verweise aus entfallenen
Prozessen zählen mit.

Richtig: ``modelle/wohngeld-bewilligen.ist.bpmn`` ist eingetragen

    modelle:
      - art: ist
        datei: modelle/wohngeld-bewilligen.ist.bpmn

Falsch: im Ordner liegt zusätzlich ``modelle/wohngeld-bewilligen-alt.ist.bpmn``

    modelle:
      - art: ist
        datei: modelle/wohngeld-bewilligen.ist.bpmn
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.problem import Level
from prozesskit.register.modelpath import model_path
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RegisterFacts, RuleContext
from prozesskit.rules.register._helpers import model_refs

CODE = "PK-S017"
NAME = "verwaiste-modelldatei"
TITLE = "Modelldatei wird von einem Steckbrief verwendet"
SCOPE = Scope.REGISTER
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")


def model_files(facts: RegisterFacts) -> list[str]:
    """``.bpmn`` files under any model directory, sorted for a stable report."""
    prefixes = tuple(f"{model_path(d)}/" for d in facts.model_dirs if model_path(d))
    return sorted(f for f in facts.files
                  if f.startswith(prefixes) and f.casefold().endswith(".bpmn"))


def check(facts: RegisterFacts, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """The finding sits on the model file itself; it has no line to point at."""
    referenced = {path for _sb, _index, _ref, path in model_refs(facts.steckbriefe)}
    for path in model_files(facts):
        if path in referenced:
            continue
        yield Finding(
            f"Modelldatei '{path}' wird von keinem Steckbrief verwendet",
            file=path,
            hint="Im passenden Steckbrief unter 'modelle' eintragen oder die Datei löschen "
            "(git rm), wenn sie nicht mehr gebraucht wird.",
        )
