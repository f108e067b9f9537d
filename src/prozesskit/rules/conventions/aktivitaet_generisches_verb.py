"""Aktivitäten sagen konkret, was getan wird: keine Allerweltsverben.

Verben wie „durchführen“, „bearbeiten“, „erledigen“, „machen“, „abwickeln“, „tätigen“,
„vornehmen“, „behandeln“, „managen“ oder „handhaben“ verraten nicht, was in der Aktivität
geschieht. Geprüft wird das letzte Wort des Namens (nach Normalisierung von
Zeilenumbrüchen); die Liste lässt sich mit der Option ``verben`` erweitern.

Richtig::

    <bpmn:task id="Task_1" name="Antrag auf Vollständigkeit prüfen" />

Falsch::

    <bpmn:task id="Task_1" name="Antrag bearbeiten" />
    <bpmn:task id="Task_2" name="Prüfung durchführen" />

Optionen::

    PK-B051:
      verben: [abarbeiten]   # zusätzliche Allerweltsverben
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from prozesskit.bpmn.model import BpmnModel
from prozesskit.bpmn.query import activities, label, source_line
from prozesskit.model.naming import generic_verbs, name_words
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.context import RuleContext

CODE = "PK-B051"
NAME = "aktivitaet-konkretes-verb"
TITLE = "Aktivitäten ohne Allerweltsverb („durchführen“, „bearbeiten“ …)"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")



class Options(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}

    verben: tuple[str, ...] = ()


def check(model: BpmnModel, options: Options | None, ctx: RuleContext) -> Iterator[Finding]:
    generic = generic_verbs(options.verben if options else ())
    for el in activities(model):
        name = label(el)
        parts = name_words(name) if name else []
        if parts and parts[-1].casefold() in generic:
            yield Finding(
                f"Aktivität „{name}“ endet auf das Allerweltsverb „{parts[-1]}“",
                element=el.get("id"), line=source_line(el),
                hint="Das Verb nennen, das die Tätigkeit beschreibt: prüfen, erfassen, "
                     "berechnen, entscheiden, versenden …")
