"""Jede unter ``modelle`` eingetragene Modelldatei gibt es im Register.

Ein Verweis auf eine fehlende Datei entsteht beim Umbenennen oder Verschieben eines
Modells oder wenn das Modell nie eingecheckt wurde; die Webansicht zeigt dann nichts,
und der Modellierungsstatus verspricht zu viel. Pfade gelten relativ zur Wurzel des
Registers (dort liegt ``prozesskit.yaml``). Groß-/Kleinschreibung zählt: unter Windows
findet sich ``Modelle/X.bpmn`` auch so, auf dem Server und in der CI nicht. Ein Pfad mit
``..`` oder ein absoluter Pfad (``/…``, ``C:…``) wird gemeldet, auch wenn die Datei
dort zufällig liegt: wohin er zeigt, hängt davon ab, wo das Register ausgecheckt ist.

Richtig: die Datei ``modelle/kfz-zulassen.ist.bpmn`` ist eingecheckt

    modelle:
      - art: ist
        datei: modelle/kfz-zulassen.ist.bpmn

Falsch: im Register liegt nur ``modelle/kfz-zulassung.ist.bpmn``

    modelle:
      - art: ist
        datei: modelle/kfz-zulassen.ist.bpmn
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from prozesskit.problem import Level
from prozesskit.register.modelpath import path_problem
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import ModelRef, RegisterFacts, RuleContext
from prozesskit.rules.register._helpers import model_refs

CODE = "PK-S008"
NAME = "modelldatei-fehlt"
TITLE = "Eingetragene Modelldatei existiert"
SCOPE = Scope.REGISTER
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")


def check(facts: RegisterFacts, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    """One finding per missing or unusable reference, at the line of its ``datei``."""
    for sb, _index, ref, path in model_refs(facts.steckbriefe):
        if path is None:
            yield Finding(
                f"Pfad der Modelldatei '{ref.datei}' ({ref.art.upper()}-Modell) "
                f"{path_problem(ref.datei)}: Modellpfade gelten relativ zur Registerwurzel",
                file=sb.file, line=ref.line, column=ref.column,
                hint=_hint(ref, path, facts.files),
            )
        elif path not in facts.files:
            yield Finding(
                f"Modelldatei '{ref.datei}' ({ref.art.upper()}-Modell) gibt es im Register "
                "nicht",
                file=sb.file, line=ref.line, column=ref.column,
                hint=_hint(ref, path, facts.files), related=(path,),
            )


def _hint(ref: ModelRef, wanted: str | None, files: frozenset[str]) -> str:
    """Point at the likely intended file: same path in other case, or same name elsewhere."""
    same_case = sorted(f for f in files if wanted and f.casefold() == wanted.casefold())
    if same_case:
        return (f"Gemeint ist wohl '{same_case[0]}': Groß-/Kleinschreibung im Pfad angleichen "
                "(unter Windows fällt der Unterschied nicht auf).")
    base = PurePosixPath(ref.datei.replace("\\", "/")).name
    elsewhere = sorted(f for f in files if PurePosixPath(f).name == base)
    if elsewhere:
        return f"Eine Datei '{base}' liegt unter '{elsewhere[0]}': Pfad anpassen."
    return ("Das Modell einchecken oder den Pfad relativ zur Registerwurzel ohne '..' angeben "
            "(z. B. modelle/<id>.ist.bpmn).")
