"""Jeder aktive Prozess hat im Register einen eigenen Namen.

Zwei aktive Prozesse mit demselben Namen sind meist ein doppelt angelegter Prozess oder
zwei Varianten, deren Unterschied der Name verschweigt. Groß-/Kleinschreibung und
mehrfache Leerzeichen zählen nicht als Unterschied. Entfallene Prozesse
(``status: entfaellt``) zählen nicht mit: ein Nachfolger darf den alten Namen tragen.

Richtig: zwei Varianten, im Namen unterschieden

    name: Fahrzeug zulassen (Neuzulassung)
    ---
    name: Fahrzeug zulassen (Wiederzulassung)

Falsch: zwei aktive Prozesse mit demselben Namen

    name: Fahrzeug zulassen
    ---
    name: fahrzeug  zulassen
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RegisterFacts, RuleContext
from prozesskit.rules.register._helpers import fold_name, later_duplicates

CODE = "PK-S007"
NAME = "eindeutiger-name"
TITLE = "Aktive Prozesse haben verschiedene Namen"
SCOPE = Scope.REGISTER
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")


def check(facts: RegisterFacts, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """Like PK-S006, over names folded for case and spacing; struck processes do not count."""
    active = (sb for sb in facts.steckbriefe if sb.name and sb.status != "entfaellt")
    for sb, first in later_duplicates(active, lambda sb: fold_name(sb.name or "")):
        line, column = sb.at("name")
        yield Finding(
            f"Prozessname '{sb.name}' kommt schon in {first} vor",
            file=sb.file, line=line, column=column, related=(first,),
            hint="Doppelt angelegt? Dann einen Steckbrief streichen (status: entfaellt). "
            "Varianten eines Prozesses unter 'varianten' in einem Steckbrief führen.",
        )
