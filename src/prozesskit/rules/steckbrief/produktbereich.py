"""Der Produktbereich gibt es im Produktrahmen des Registers, Gruppe und Produkt passen dazu.

Über ``produkt`` wird ein Prozess dem Haushalt zugeordnet. Welche Produktbereiche es
gibt, hängt vom Produktrahmen ab, den das Manifest unter ``produktrahmen`` nennt:
NKF-NRW kennt die Bereiche 01–17, der IMK-Produktrahmen 11, 12, 21–29, 31–36, 41, 42,
51–57 und 61 (21–24, 25–29 und 31–35 sind je ein Bereich; angegeben werden darf der
Bereich „21-24“ oder eine Zahl daraus). Eine angegebene Produktgruppe
(``produkt.gruppe``) und ein Produkt (``produkt.produkt``) beginnen mit dem Bereich, das
Produkt zudem mit der Gruppe, wenn beide angegeben sind.

Richtig: im Produktrahmen NKF-NRW

    id: gewerbeanmeldung-entgegennehmen
    name: Gewerbeanmeldung entgegennehmen
    produkt:
      bereich: "02"
      gruppe: "02.01"
      produkt: "02.01.03"

Falsch: im Produktrahmen NKF-NRW (52 ist der IMK-Bereich Bauen und Wohnen, NKF-NRW: 10)

    id: bauantrag-genehmigen
    name: Bauantrag genehmigen
    produkt:
      bereich: "52"
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.model import produktrahmen
from prozesskit.model.steckbrief import Produkt
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext, SteckbriefDoc

CODE = "PK-S013"
NAME = "produktbereich"
TITLE = "Produktbereich passt zum Produktrahmen des Registers"
SCOPE = Scope.STECKBRIEF
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")


def check(sb: SteckbriefDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """Needs the validated model: only then is ``produkt.bereich`` a two-digit code."""
    if sb.model is None:
        return
    yield from findings(sb.model.produkt, ctx.produktrahmen)


def findings(produkt: Produkt, rahmen: str) -> Iterator[Finding]:
    """The rule on one ``produkt`` (also ``import-xlsx`` on an edited row, before it writes)."""
    if rahmen not in produktrahmen.RAHMEN:
        return  # an unknown Produktrahmen is the manifest schema's problem
    codes = produktrahmen.bereich_codes(rahmen, produkt.bereich)
    if not codes:
        yield _unknown_bereich(produkt.bereich, rahmen)
        return
    yield from _check_hierarchy(produkt, codes)


def _unknown_bereich(bereich: str, rahmen: str) -> Finding:
    other = next((name for name in produktrahmen.RAHMEN if name != rahmen), None)
    found = produktrahmen.find_bereich(other, bereich) if other else None
    hint = "Einen Produktbereich aus dem Produktrahmen des Registers wählen."
    if found is not None:
        hint = (f"'{bereich}' ist im Produktrahmen {other} der Bereich „{found[1]}“: "
                f"ist im Manifest (produktrahmen) der richtige Rahmen eingestellt?")
    return Finding(
        f"Produktbereich '{bereich}' gibt es im Produktrahmen {rahmen} nicht "
        f"(erlaubt: {produktrahmen.span(rahmen)})",
        path=("produkt", "bereich"),
        hint=hint,
    )


def _check_hierarchy(produkt: Produkt, codes: tuple[str, ...]) -> Iterator[Finding]:
    """Gruppe and Produkt numbers start with the Bereich; the Produkt also with the Gruppe."""
    gruppe_ok = produkt.gruppe is None or produkt.gruppe.startswith(codes)
    if not gruppe_ok:
        yield _outside("Produktgruppe", produkt.gruppe, "zum Produktbereich", produkt.bereich,
                       ("produkt", "gruppe"))
    if produkt.produkt is None:
        return
    if not produkt.produkt.startswith(codes):
        yield _outside("Produkt", produkt.produkt, "zum Produktbereich", produkt.bereich,
                       ("produkt", "produkt"))
    elif gruppe_ok and produkt.gruppe and not produkt.produkt.startswith(produkt.gruppe):
        yield _outside("Produkt", produkt.produkt, "zur Produktgruppe", produkt.gruppe,
                       ("produkt", "produkt"))


def _outside(what: str, number: str | None, parent: str, parent_number: str,
             path: tuple[str, ...]) -> Finding:
    return Finding(
        f"{what} '{number}' gehört nicht {parent} '{parent_number}'",
        path=path,
        hint="Die Nummer beginnt mit der Nummer der übergeordneten Ebene (Bereich '02' → "
        "Gruppe '02.01' → Produkt '02.01.03'); Nummer oder übergeordnete Ebene korrigieren.",
    )
