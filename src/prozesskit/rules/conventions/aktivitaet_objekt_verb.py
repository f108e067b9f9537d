"""Aktivitäten heißen „Objekt + Verb im Infinitiv“.

Aufgaben, Teilprozesse und Aufrufaktivitäten beschreiben, was getan wird, in der Form
„Objekt (+ Ergänzung) + Verb im Infinitiv“, z. B. „Antrag formell prüfen“. Geprüft wird:
mindestens zwei Wörter, und das letzte Wort ist ein kleingeschriebener Infinitiv
(endet auf -en, -ern oder -eln, nur Kleinbuchstaben). Zeilenumbrüche im Namen zählen als
Leerzeichen, ein Klammerzusatz am Ende („(optional)“) wird nicht mitgezählt.
Unbenannte Aktivitäten meldet diese Regel nicht (das tut die Regel für Pflichtbeschriftungen).

Grenze der Heuristik: Partizipien auf -en („Antrag eingegangen“) sehen wie Infinitive aus
und werden hier nicht erkannt.

Richtig::

    <bpmn:task id="Task_1" name="Antrag formell prüfen" />
    <bpmn:userTask id="Task_2" name="Gebühr festsetzen" />

Falsch::

    <bpmn:task id="Task_1" name="Prüfung des Antrags" />
    <bpmn:task id="Task_2" name="Antrag wird geprüft" />
    <bpmn:task id="Task_3" name="Prüfen" />
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from prozesskit.bpmn.model import BpmnModel
from prozesskit.bpmn.query import activities, label, source_line
from prozesskit.model.naming import INFINITIVE, name_words
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext

CODE = "PK-B050"
NAME = "aktivitaet-objekt-verb"
TITLE = "Aktivitäten heißen „Objekt + Verb im Infinitiv“"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")

HINT: Final = ("Als „Objekt + Verb im Infinitiv“ benennen, z. B. „Antrag formell prüfen“ "
               "statt „Prüfung des Antrags“.")


def problem(name: str) -> str | None:
    """Why the name is not „Objekt + Verb im Infinitiv“, or ``None`` if it is."""
    parts = name_words(name)
    if len(parts) < 2:
        return "besteht nur aus einem Wort; es fehlt das Objekt oder das Verb"
    if not INFINITIVE.match(parts[-1]):
        return f"endet nicht auf ein Verb im Infinitiv („{parts[-1]}“)"
    return None


def check(model: BpmnModel, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for el in activities(model):
        name = label(el)
        if name is None:
            continue
        reason = problem(name)
        if reason:
            yield Finding(f"Aktivitätsname „{name}“ {reason}", element=el.get("id"),
                          line=source_line(el), hint=HINT)
