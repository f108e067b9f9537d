"""Die Pflichtfelder aus Profil und Konventionen (Mindestanforderungen) sind ausgefüllt.

Ein Prozessregister ist nur vergleichbar, wenn alle Kommunen dieselben Angaben pflegen.
Welche Felder Pflicht sind, legt das Netzwerk fest: jedes eingebaute Profil bringt
Vorgaben mit (unten aufgelistet; ``prozesskit:empfohlen`` verlangt die
``organisationseinheit``), das Manifest ergänzt unter ``konventionen.pflichtfelder``
eigene, und die Option ``felder`` dieser Regel weitere. Felder werden mit Punkt
adressiert (``kennzahlen.fallzahl_pro_jahr``). Ausgefüllt heißt: vorhanden und nicht
leer (kein ``null``, kein leerer Text, keine leere Liste).

Gestrichene Prozesse (``status: entfaellt``) sind ausgenommen: für sie pflegt niemand
mehr Kennzahlen.

Richtig: mit ``pflichtfelder: [organisationseinheit, kennzahlen.fallzahl_pro_jahr]``

    id: wohngeld-bewilligen
    name: Wohngeld bewilligen
    produkt:
      bereich: "05"
    organisationseinheit: Amt für Soziales und Wohnen
    kennzahlen:
      fallzahl_pro_jahr: 1450

Falsch: mit denselben Pflichtfeldern

    id: wohngeld-bewilligen
    name: Wohngeld bewilligen
    produkt:
      bereich: "05"
    organisationseinheit: ""
    kennzahlen:
      bearbeitungszeit_min: 95
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, field_validator

from prozesskit.model.steckbrief import Steckbrief
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.rules.steckbrief._data import is_filled, known_field, lookup, raw_str

CODE = "PK-S010"
NAME = "pflichtfelder"
TITLE = "Pflichtfelder aus Profil und Konventionen sind ausgefüllt"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")

_EMPFOHLEN = ("organisationseinheit",)
_STRENG = (
    "prozessverantwortlich",
    "kennzahlen.fallzahl_pro_jahr",
    "kennzahlen.bearbeitungszeit_min",
    "prioritaet",
)
#: What FIM's Prozesssteckbrief cannot do without: the Leistung and its legal frame.
_FIM = ("leika", "rechtsgrundlagen", "ausloeser", "ergebnis")

#: Pflichtfelder each built-in profile brings; the config engine adds the manifest's.
#: ``streng`` and ``fim`` both build on ``empfohlen``; ``fim`` does not imply ``streng``.
PROFILE_FIELDS: dict[str, tuple[str, ...]] = {
    "empfohlen": _EMPFOHLEN,
    "streng": _EMPFOHLEN + _STRENG,
    "fim": _EMPFOHLEN + _FIM,
}


def unknown_fields(fields: tuple[str, ...] | list[str]) -> list[str]:
    """Entries that name no Steckbrief field; for the config engine to check the manifest."""
    return [field for field in fields if not known_field(Steckbrief, field)]


class Options(BaseModel):
    """``felder``: further Pflichtfelder on top of the profile's and the manifest's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    felder: list[str] = []

    @field_validator("felder")
    @classmethod
    def _felder_gibt_es(cls, value: list[str]) -> list[str]:
        unknown = unknown_fields(value)
        if unknown:
            raise ValueError(
                "unbekannte Felder: " + ", ".join(unknown)
                + " (Felder mit Punkt adressieren, z. B. kennzahlen.fallzahl_pro_jahr)"
            )
        return value


def required_fields(options: Options | None, ctx: RuleContext) -> tuple[str, ...]:
    """Context fields first, then the option's, each once, in the order given."""
    extra = options.felder if options is not None else []
    return tuple(dict.fromkeys((*ctx.pflichtfelder, *extra)))


def origin(field: str, ctx: RuleContext) -> str:
    """Who asks for a Pflichtfeld, for the hint: the profile or the conventions file that
    brought it (the first one, as the configuration was resolved), else this rule's option
    ``felder`` – so that a user looks in the right place, not in a profile never used."""
    quelle = ctx.pflichtfeld_quellen.get(field)
    if quelle is not None:
        return f"Verlangt vom {quelle}" if quelle.startswith("Profil ") else \
            f"Verlangt von {quelle}"
    return f"Verlangt von der Option 'felder' der Regel {CODE}"


def missing_fields(data: object, fields: tuple[str, ...]) -> Iterator[tuple[str, bool]]:
    """(field, present but empty) for each of ``fields`` not filled in the raw data; none
    for a struck process. Also what ``bericht`` lists, so that both always agree."""
    if raw_str(data, "status") == "entfaellt":
        return
    for field in fields:
        present, value = lookup(data, field)
        if not is_filled(value):
            yield field, present


def check(sb: SteckbriefDoc, options: Options | None, ctx: RuleContext) -> Iterator[Finding]:
    """Works on the raw data: a Pflichtfeld must be written in the file, defaults don't count."""
    for field, present in missing_fields(sb.data, required_fields(options, ctx)):
        state = "ist leer" if present else "fehlt"
        yield Finding(
            f"Pflichtfeld '{field}' {state}",
            path=tuple(field.split(".")),
            hint=f"{origin(field, ctx)}; bitte ausfüllen. Ist der Prozess gestrichen, "
            "'status: entfaellt' mit status_grund setzen.",
        )
