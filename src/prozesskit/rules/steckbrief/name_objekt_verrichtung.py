"""Der Prozessname folgt dem Muster „Objekt + Verrichtung“.

Nach den Benennungsregeln von FIM und der PICTURE-Methode heißt ein Prozess nach dem,
woran gearbeitet wird (Objekt, ein Substantiv), und dem, was damit geschieht (Verrichtung,
ein Verb im Infinitiv): „Gewerbeanmeldung entgegennehmen“, „Wohngeld bewilligen“. So
lassen sich Register verschiedener Kommunen vergleichen und Prozesse nach Objekt sortieren.

Geprüft wird: mindestens zwei Wörter; das erste Wort beginnt groß (Substantiv, auch
„eAkte“); das letzte Wort ist ein kleingeschriebener Infinitiv auf -en, -ern oder -eln.
Eine Angabe in Klammern am Ende („(Neuzulassung)“) zählt nicht mit.

Richtig:

    id: fahrzeug-zulassen-neuzulassung
    name: Fahrzeug zulassen (Neuzulassung)
    produkt:
      bereich: "02"

Falsch:

    id: fahrzeugzulassung
    name: Fahrzeugzulassung
    produkt:
      bereich: "02"
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.model.naming import INFINITIVE, name_words
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.rules.steckbrief._data import raw_str

CODE = "PK-S011"
NAME = "name-objekt-verrichtung"
TITLE = "Prozessname besteht aus Objekt und Verrichtung"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")

#: A lower-case ASCII prefix before a capital: "eAkte", "iKfz-Antrag".
_PREFIX = frozenset("abcdefghijklmnopqrstuvwxyz")
_PATH = ("name",)
_HINT = "Nach dem Muster „Objekt + Verrichtung“ benennen, z. B. 'Gewerbeanmeldung entgegennehmen'."


def check(sb: SteckbriefDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """Works on the raw name, so a schema error elsewhere does not hide a bad name."""
    name = raw_str(sb.data, "name")
    if name is None or not name.strip():
        return  # missing or empty name: the schema check reports it
    words = name_words(name)
    if len(words) < 2:
        yield Finding(
            f"Prozessname '{name}' hat kein Objekt und keine Verrichtung: mindestens zwei "
            "Wörter erwartet", path=_PATH, hint=_HINT)
        return
    yield from _check_verb(name, words[-1])
    yield from _check_object(name, words[0])


def _check_verb(name: str, verb: str) -> Iterator[Finding]:
    if INFINITIVE.match(verb):
        return
    yield Finding(
        f"Prozessname '{name}' endet nicht auf eine Verrichtung im Infinitiv: '{verb}' ist "
        "kein kleingeschriebenes Verb auf -en, -ern oder -eln",
        path=_PATH,
        hint="Die Verrichtung ans Ende stellen, z. B. 'Wohngeldantrag prüfen' statt "
        "'Prüfung Wohngeldantrag'.",
    )


def _is_noun(word: str) -> bool:
    """Capitalised by Unicode, not by an A–Z list: 'Élan-Förderung', 'İzin' and 'Œuvre'
    begin with capitals just as 'Ärger' does (titlecase 'ǅ' counts too); or an
    e-/i-prefixed compound such as 'eAkte'."""
    first = word[:1]
    if first.isupper() or first.istitle():
        return True
    return first in _PREFIX and word[1:2].isupper()


def _check_object(name: str, noun: str) -> Iterator[Finding]:
    if _is_noun(noun):
        return
    if not noun[:1].isalpha():  # '§ 34 …', '3-Tage-Frist …': no letter to be small
        yield Finding(
            f"Prozessname '{name}' beginnt mit '{noun}' statt mit einem Objekt (Substantiv)",
            path=_PATH,
            hint="Mit dem Objekt beginnen, Paragraph oder Nummer dahinter, z. B. "
            "'Bauvoranfrage nach § 34 BauGB beantworten' statt '§ 34 BauGB-Anfrage beantworten'.",
        )
        return
    yield Finding(
        f"Prozessname '{name}' beginnt nicht mit einem Objekt: '{noun}' ist kleingeschrieben",
        path=_PATH,
        hint="Mit dem Objekt (Substantiv, großgeschrieben) beginnen, z. B. "
        "'Reisepass ausstellen' statt 'ausstellen Reisepass'.",
    )
