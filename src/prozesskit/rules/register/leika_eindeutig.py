"""Ein LeiKa-Schlüssel gehört im Register zu einem Prozess.

Eine LeiKa-Leistung wird in einem Register von genau einem Prozess erbracht: entweder als
dessen Hauptschlüssel (``leika``) oder als eine seiner Varianten (``varianten[].leika``).
Steht derselbe Schlüssel in zwei Steckbriefen, ist der Prozess doppelt angelegt (oft: eine
Variante wurde zusätzlich als eigener Steckbrief übernommen), und Abgleiche nach
LeiKa-Schlüssel (``netz``, ``leika vorschlagen``, Importe) können die beiden nicht
auseinanderhalten. Gemeldet wird jedes weitere Vorkommen mit Verweis auf das erste (nach
Dateipfad sortiert); gestrichene Prozesse (``status: entfaellt``) zählen nicht.
``quelle.leika`` zählt nicht: sie sagt, woher ein Prozess stammt, nicht was er ist.

Richtig: ``aufenthaltserlaubnis-erteilen.yaml``

    leika: "99010001001009"
    varianten:
      - leika: "99010001001027"
        name: zum Studium

Falsch: zusätzlich ``aufenthaltserlaubnis-zum-studium-erteilen.yaml``

    leika: "99010001001027"
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RegisterFacts, RuleContext

CODE = "PK-S023"
NAME = "leika-eindeutig"
TITLE = "Jeder LeiKa-Schlüssel gehört im Register zu einem Prozess"
SCOPE = Scope.REGISTER
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")


def check(facts: RegisterFacts, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """Sorted by file, so that 'the first' is the same on every run (as PK-S006)."""
    first: dict[str, tuple[str, str]] = {}  # key → (file, field)
    active = (sb for sb in facts.steckbriefe if sb.status != "entfaellt")
    for sb in sorted(active, key=lambda s: s.file):
        own: set[str] = set()
        for ref in sb.leika:
            if ref.key in own:
                continue  # twice in one Steckbrief: PK-S022's finding
            own.add(ref.key)
            if ref.key not in first:
                first[ref.key] = (sb.file, ref.feld)
                continue
            other, feld = first[ref.key]
            art = "als Variante" if "[" in feld else "als Hauptschlüssel"
            yield Finding(
                f"LeiKa-Schlüssel {ref.key} ('{ref.feld}') steht schon in {other} ({art})",
                file=sb.file, line=ref.line, column=ref.column, related=(other,),
                hint="Derselbe Prozess? Dann einen Steckbrief streichen (status: entfaellt) "
                "und die Leistung dort unter 'varianten' führen.",
            )
