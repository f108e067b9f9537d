"""Start- und Endereignisse heißen wie ein erreichter Zustand: „Objekt + Partizip“.

Ein Ereignis ist etwas, das eingetreten ist: „Antrag eingegangen“, „Bescheid versandt“,
„Frist abgelaufen“. Ein Name wie eine Aufgabe („Antrag prüfen“) oder ein bloßes „Start“ /
„Ende“ sagt nicht, in welchem Zustand der Prozess beginnt oder endet.

Heuristik (Deutsch hat keine eindeutige Endung für das Partizip II), angewandt auf das
letzte Wort eines mindestens zweiwortigen Namens, nach Normalisierung von Zeilenumbrüchen:

1. Es muss kleingeschrieben sein („Ende“, „Bescheid“ sind Substantive).
2. Zustand ist: ein schwaches Partizip II oder eine Verbform auf -t („erteilt“,
   „abgelehnt“, „versandt“, „eingereicht“); ein Partizip I auf -end („ausstehend“); ein
   Adjektiv auf -ig, -lich, -bar, -los, -frei („vollständig“, „unzulässig“).
3. Ein Wort auf -en ist ein starkes Partizip II, wenn es nach Abtrennen trennbarer
   Vorsilben (ab, an, auf, aus, ein, zu, zurück …) mit „ge“ beginnt und kein Infinitiv
   mit „ge“-Stamm ist („eingegangen“, „abgeschlossen“, „angenommen“; nicht „genehmigen“,
   „abgeben“); oder wenn es ein bekanntes Partizip mit untrennbarer Vorsilbe ist
   („erhalten“, „entschieden“, „verworfen“, „verstrichen“, „unterschrieben“ …).
4. Alles andere auf -en/-ern/-eln gilt als Infinitiv, also als Aufgabe („Antrag prüfen“).

Unbenannte Ereignisse werden nicht gemeldet.

Richtig::

    <bpmn:startEvent id="Start_1" name="Gewerbeanmeldung eingegangen" />
    <bpmn:endEvent id="Ende_1" name="Bescheid versandt" />

Falsch::

    <bpmn:startEvent id="Start_1" name="Antrag prüfen" />
    <bpmn:endEvent id="Ende_1" name="Ende" />
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.bpmn.query import label, source_line
from prozesskit.model.naming import name_words
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext

CODE = "PK-B052"
NAME = "ereignis-als-zustand"
TITLE = "Start- und Endereignisse als Zustand benennen („Antrag eingegangen“)"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")

_PREFIXES: Final = (
    "ab", "an", "auf", "aus", "bei", "dar", "durch", "ein", "fest", "fort", "frei", "her",
    "hin", "los", "mit", "nach", "statt", "teil", "um", "vor", "weg", "weiter", "wieder",
    "zu", "zurück", "zusammen", "über", "unter",
)
# longest first, so that "zurück" is cut before "zu"
_SEPARABLE: Final = re.compile(
    "^(?:" + "|".join(sorted(_PREFIXES, key=len, reverse=True)) + ")*"
)
_STATE_SUFFIX: Final = re.compile(r"(t|end|ig|lich|bar|los|frei)$")
GE_INFINITIVES: Final = frozenset({
    "geben", "gehen", "gelten", "genehmigen", "gewähren", "gestatten", "gestalten",
    "gewinnen", "gebrauchen", "gefährden", "gehören", "gelangen", "genießen", "geschehen",
    "gewährleisten", "gewichten", "gebieten", "gedenken", "genügen", "gestehen",
})
STRONG_PARTICIPLES: Final = frozenset({
    "erhalten", "entschieden", "beschieden", "verworfen", "bestanden", "verstrichen",
    "unterschrieben", "überwiesen", "erschienen", "entstanden", "erloschen", "verliehen",
    "vergeben", "verloren", "erfahren", "begonnen", "beschlossen", "entzogen", "verzogen",
    "vollzogen", "übernommen", "unternommen", "vernommen", "entnommen", "überschritten",
    "unterblieben", "verblieben", "erwiesen", "verwiesen", "zugewiesen",
})
HINT: Final = ("Als erreichten Zustand benennen: „Objekt + Partizip“, z. B. „Antrag "
               "eingegangen“, „Bescheid versandt“.")


def is_state_word(word: str) -> bool:
    """Whether the last word of an event name reads as a state (see module docs)."""
    if not word or word != word.lower() or not word.isalpha():
        return False
    if word in STRONG_PARTICIPLES or _STATE_SUFFIX.search(word):
        return True
    if word.endswith("en"):
        stem = _SEPARABLE.sub("", word)
        return (stem.startswith("ge") and len(stem) > 4
                and stem not in GE_INFINITIVES and word not in GE_INFINITIVES)
    return False


def problem(name: str) -> str | None:
    parts = name_words(name)
    if len(parts) < 2:
        return "nennt keinen Zustand („Objekt + Partizip“)"
    if not is_state_word(parts[-1]):
        return f"endet nicht auf einen Zustand („{parts[-1]}“); wirkt wie eine Aufgabe"
    return None


def check(model: BpmnModel, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for el in model.of_type("startEvent", "endEvent"):
        name = label(el)
        if name is None:
            continue
        reason = problem(name)
        if reason:
            kind = "Startereignis" if local(el) == "startEvent" else "Endereignis"
            yield Finding(f"{kind} „{name}“ {reason}", element=el.get("id"),
                          line=source_line(el), hint=HINT)
