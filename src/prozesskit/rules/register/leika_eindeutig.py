"""Ein LeiKa-Schlüssel gehört im Register zu einem Prozess je Stelle.

Eine LeiKa-Leistung wird in einem Register von einem Prozess erbracht: entweder als dessen
Hauptschlüssel (``leika``) oder als eine seiner Varianten (``varianten[].leika``). Steht
derselbe Schlüssel in zwei Steckbriefen derselben Organisationseinheit (oder einer ohne
Organisationseinheit), ist der Prozess doppelt angelegt – oft wurde eine Variante zusätzlich
als eigener Steckbrief übernommen –, und Abgleiche nach LeiKa-Schlüssel (``netz``, ``leika
vorschlagen``, Importe) können die beiden nicht auseinanderhalten.

Erbringen zwei Stellen dieselbe Leistung, sind es zwei Prozesse: Standesamt und Jugendamt
beurkunden beide Vaterschaftsanerkennungen. Verschiedene, ausgefüllte
``organisationseinheit`` erlauben deshalb denselben Schlüssel. Gemeldet wird jedes weitere
Vorkommen mit Verweis auf das erste (nach Dateipfad sortiert); gestrichene Prozesse
(``status: entfaellt``) zählen nicht, ``quelle.leika`` zählt nicht (sie sagt, woher ein
Prozess stammt, nicht was er ist).

Richtig: ``aufenthaltserlaubnis-erteilen.yaml``

    organisationseinheit: Ausländerbehörde
    leika: "99010001001000"
    varianten:
      - leika: "99010001001027"
        name: zum Studium

Falsch: zusätzlich ``aufenthaltserlaubnis-zum-studium-erteilen.yaml``

    organisationseinheit: Ausländerbehörde
    leika: "99010001001027"
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import LeikaRef, RegisterFacts, RuleContext, SteckbriefFacts

CODE = "PK-S023"
NAME = "leika-eindeutig"
TITLE = "Jeder LeiKa-Schlüssel gehört im Register zu einem Prozess je Stelle"
SCOPE = Scope.REGISTER
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")


def _stelle(sb: SteckbriefFacts) -> str | None:
    oe = " ".join((sb.organisationseinheit or "").split()).casefold()
    return oe or None


def check(facts: RegisterFacts, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """Sorted by file, so that 'the first' is the same on every run (as PK-S006)."""
    seen: dict[str, list[tuple[SteckbriefFacts, LeikaRef]]] = {}
    active = (sb for sb in facts.steckbriefe if sb.status != "entfaellt")
    for sb in sorted(active, key=lambda s: s.file):
        own: set[str] = set()
        for ref in sb.leika:
            if ref.key in own:
                continue  # twice in one Steckbrief: PK-S022's finding
            own.add(ref.key)
            earlier = seen.setdefault(ref.key, [])
            stelle = _stelle(sb)
            clash = next((item for item in earlier if stelle is None
                          or _stelle(item[0]) in (None, stelle)), None)
            earlier.append((sb, ref))
            if clash is None:
                continue
            other, feld = clash[0].file, clash[1].feld
            art = "als Variante" if "[" in feld else "als Hauptschlüssel"
            yield Finding(
                f"LeiKa-Schlüssel {ref.key} ('{ref.feld}') steht schon in {other} ({art})",
                file=sb.file, line=ref.line, column=ref.column, related=(other,),
                hint="Derselbe Prozess? Dann einen Steckbrief streichen (status: entfaellt) "
                "und die Leistung dort unter 'varianten' führen. Erbringt eine andere Stelle "
                "die Leistung, die Organisationseinheit eintragen.",
            )
