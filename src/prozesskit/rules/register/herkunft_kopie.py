"""Ein als Vorlage kopierter Steckbrief trägt nicht die ``herkunft`` des Originals.

``herkunft`` trägt prozesskit beim Übernehmen aus einer Blaupause oder Bibliothek ein; sie
sagt, aus welchem Prozess der Quelle der Steckbrief stammt, und ist die Grundlage von
``diff`` und ``update``. Wer einen vorhandenen Steckbrief kopiert, um einen ähnlichen
Prozess anzulegen, und nur ``id`` und ``name`` ändert, lässt diese Angabe stehen: Dann
behaupten zwei Steckbriefe, derselbe Prozess der Quelle zu sein. ``diff`` und ``update``
übergehen die Kopie (sie steht nicht in ``prozesskit.lock``), ``netz`` hält sie für
veraltet, sobald die Quelle eine neue Version hat, und ``pack``/``beitragen`` geben die
falsche Herkunft weiter.

Gemeldet wird jeder Steckbrief, dessen ``herkunft`` (Art, Name der Quelle und id) ein
anderer Steckbrief des Registers auch trägt und dessen ``id`` nicht die id aus
``herkunft`` ist. Als Original gilt der Steckbrief mit dieser id (sonst der erste nach
Dateipfad). Ein einzelner Steckbrief mit anderer id ist keine Kopie: so sieht eine
Übernahme unter einer neuen id (``<id>-2``) aus.

Richtig: die Kopie ohne ``herkunft``

    id: zweitwohnungsteuer-erlassen
    name: Zweitwohnungsteuer erlassen
    status: aktiv

Falsch: die Kopie mit der ``herkunft`` von ``grundsteuer-festsetzen``

    id: zweitwohnungsteuer-erlassen
    name: Zweitwohnungsteuer erlassen
    herkunft:
      art: blaupause
      name: nrw-kommunal/gemeinde
      id: grundsteuer-festsetzen
      version: '2026.1'
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.problem import Level
from prozesskit.register.kopien import kopien
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RegisterFacts, RuleContext

CODE = "PK-S024"
NAME = "herkunft-kopie"
TITLE = "Ein als Vorlage kopierter Steckbrief trägt nicht die herkunft des Originals"
SCOPE = Scope.REGISTER
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")


def check(facts: RegisterFacts, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """Sorted by file, so that the findings come in the same order on every run."""
    found = kopien((sb.file, sb.id, sb.paket.get("herkunft")) for sb in facts.steckbriefe)
    for sb in sorted(facts.steckbriefe, key=lambda s: s.file):
        kopie = found.get(sb.file)
        if kopie is None:
            continue
        line, column = sb.at("herkunft")
        yield Finding(
            f"Kopie einer übernommenen Vorlage? 'herkunft' nennt '{kopie.herkunft_id}' aus "
            f"'{kopie.quelle}' wie {kopie.vorlage}, die id ist aber '{sb.id}'",
            file=sb.file, line=line, column=column, related=(kopie.vorlage,),
            hint="Ein kopierter Steckbrief ist ein eigener Prozess: den Abschnitt 'herkunft' "
            "entfernen. Sonst übergehen ihn diff und update, und netz hält ihn für veraltet. "
            "Neue Steckbriefe legt 'prozesskit neu' an.",
        )
