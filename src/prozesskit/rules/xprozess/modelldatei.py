"""Modelldateien sind sicheres Base64 eines ZIP mit genau einem Eintrag ``<dateiname>.xml``.

So tragen echte Exporte (ADONIS) ihr BPMN-Modell, und so schreibt es prozesskit: ``inhalt``
ist Base64 eines ZIP-Archivs mit genau einem Eintrag, der ``dateiname`` plus ``.xml`` heißt.
Der Inhalt wird mit denselben Grenzen gelesen wie ein Paket: gültiges Base64, keine
Pfade aus dem Zielordner heraus, keine Links, höchstens so groß wie ein BPMN-Modell, keine
ZIP-Bombe (Größe und Packrate werden beim Entpacken gezählt), Prüfsumme stimmt. Ein
Modell, das nicht gelesen werden kann, wird auch nicht geprüft.

Richtig::

    <xprozess:dateiname>gewerbe-anmelden.soll</xprozess:dateiname>
    ...
    <xprozess:inhalt>UEsDBBQAAAAAA…</xprozess:inhalt>   (ZIP mit gewerbe-anmelden.soll.xml)

Falsch::

    <xprozess:inhalt>kein base64!</xprozess:inhalt>
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.exchange.xprozess.dokument import XProzessDoc
from prozesskit.exchange.xprozess.nutzlast import erwarteter_name
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext

CODE = "PK-P014"
NAME = "xprozess-modelldatei"
TITLE = "XProzess: Modelldatei ist sicheres Base64-ZIP mit einem Eintrag"
SCOPE = Scope.XPROZESS
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")


def check(doc: XProzessDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for modell in doc.modelle:
        shown = f"Modelldatei '{modell.dateiname}' (Prozess {modell.prozess_id})"
        if modell.fehler is not None:
            yield Finding(f"{shown}: {modell.fehler}", line=modell.line,
                          hint="Das Modell neu exportieren; prozesskit liest nur sichere "
                          "Inhalte.")
        elif modell.eintrag is not None and modell.dateiname and \
                modell.eintrag != erwarteter_name(modell.dateiname):
            yield Finding(f"{shown}: der ZIP-Eintrag heißt '{modell.eintrag}', erwartet "
                          f"'{erwarteter_name(modell.dateiname)}'", line=modell.line,
                          hint="Eintrag und dateiname müssen zusammenpassen (dateiname + "
                          "'.xml').")
