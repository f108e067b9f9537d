"""Die Verrichtung im Prozessnamen sagt, was geschieht, statt nur „bearbeiten“.

Verben wie „durchführen“, „bearbeiten“ oder „abwickeln“ passen auf jeden Prozess und
sagen darum nichts: ob ein Antrag geprüft, bewilligt oder abgelehnt wird, bleibt offen.
Die Benennungsempfehlungen von FIM und der PICTURE-Methode raten zu einem Verb, das das
Ergebnis benennt („bewilligen“, „ausstellen“, „erteilen“, „eintragen“).

Geprüft wird das letzte Wort des Namens (ohne eine Angabe in Klammern am Ende). Die
Option ``verben`` ergänzt die eingebaute Liste um weitere Verben des Netzwerks.

Richtig:

    id: wohngeld-bewilligen
    name: Wohngeld bewilligen
    produkt:
      bereich: "05"

Falsch:

    id: wohngeldantrag-bearbeiten
    name: Wohngeldantrag bearbeiten
    produkt:
      bereich: "05"
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from prozesskit.model.naming import generic_verbs, name_words
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.rules.steckbrief._data import raw_str

CODE = "PK-S012"
NAME = "generisches-verb"
TITLE = "Prozessname ohne nichtssagende Verrichtung"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")



class Options(BaseModel):
    """``verben``: further verbs the network considers meaningless in a process name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    verben: list[str] = []


def check(sb: SteckbriefDoc, options: Options | None, ctx: RuleContext) -> Iterator[Finding]:
    """Works on the raw name, like PK-S011, so both findings appear together."""
    name = raw_str(sb.data, "name")
    words = name_words(name) if name else []
    generic = generic_verbs(options.verben if options is not None else ())
    if len(words) < 2 or words[-1].casefold() not in generic:
        return  # a one-word name is PK-S011's finding
    yield Finding(
        f"'{words[-1]}' im Prozessnamen '{name}' sagt nicht, was mit dem Objekt geschieht",
        path=("name",),
        hint="Ein Verb wählen, das das Ergebnis benennt, z. B. 'prüfen', 'bewilligen', "
        "'ausstellen', 'erteilen' oder 'eintragen'.",
    )
