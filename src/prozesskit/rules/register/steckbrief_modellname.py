"""Der Name des Modells stimmt mit dem Namen des Steckbriefs überein.

Ein Steckbrief verweist unter ``modelle`` auf seine BPMN-Modelle. Der Prozess im Modell
heißt wie der Steckbrief, damit Register, Modellierungswerkzeug und Prozessportal dieselbe
Bezeichnung zeigen. Verglichen wird mit dem Namen des Prozesses (``<bpmn:process name>``)
oder des Pools (``<bpmn:participant name>``): es genügt, wenn einer davon passt.
Der Vergleich ignoriert Groß-/Kleinschreibung und Zeilenumbrüche; ein Zusatz „(IST)“
oder „(SOLL)“ am Ende ist erlaubt.

Nicht gemeldet werden Verweise auf fehlende oder nicht lesbare Modelle und Pfade mit
``..`` oder absolute Pfade (das meldet PK-S008) sowie Steckbriefe ohne Namen.

Richtig: Steckbrief ``name: Gewerbeanmeldung entgegennehmen``, im Modell

    <bpmn:process id="Process_1" name="Gewerbeanmeldung entgegennehmen (IST)" />

Falsch: derselbe Steckbrief, im Modell

    <bpmn:process id="Process_1" name="Gewerbe anmelden" />
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.bpmn.labels import comparable_name
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import (
    BpmnFacts,
    ModelRef,
    RegisterFacts,
    RuleContext,
    SteckbriefFacts,
)
from prozesskit.rules.register._helpers import model_refs

CODE = "PK-S030"
NAME = "modellname-wie-steckbrief"
TITLE = "Prozessname im Modell wie im Steckbrief"
SCOPE = Scope.REGISTER
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")


def _shown_name(facts: BpmnFacts) -> str | None:
    """The name a reader would call the model: referenced process, else any process/pool."""
    referenced = {n.process_ref for n in facts.names if n.kind == "participant"}
    ordered = sorted(facts.names, key=lambda n: (n.kind != "process" or n.id not in referenced,
                                                 n.kind != "process"))
    return next((n.name for n in ordered if n.name), None)


def _finding(sb: SteckbriefFacts, index: int, ref: ModelRef, facts: BpmnFacts
             ) -> Finding | None:
    wanted = comparable_name(sb.name)
    if wanted is None:
        return None
    names = {comparable_name(n.name) for n in facts.names} - {None}
    if wanted in names:
        return None
    shown = _shown_name(facts)
    if shown:
        message = f"Das Modell '{ref.datei}' heißt „{shown}“, der Steckbrief aber „{sb.name}“"
    else:
        message = (f"Das Modell '{ref.datei}' hat keinen benannten Prozess oder Pool; "
                   f"der Steckbrief heißt „{sb.name}“")
    return Finding(
        message,
        path=("modelle", index, "datei"), line=ref.line, column=ref.column, file=sb.file,
        related=(facts.file,),
        hint="Prozess oder Pool im Modell wie den Steckbrief benennen (ein Zusatz „(IST)“ "
             "oder „(SOLL)“ ist erlaubt) oder den Steckbrief umbenennen.")


def check(register: RegisterFacts, options: NoOptions | None, ctx: RuleContext
          ) -> Iterator[Finding]:
    for sb, index, ref, path in model_refs(register.steckbriefe):
        facts = register.modelle.get(path) if path is not None else None
        if facts is None or not facts.parsed:
            continue
        finding = _finding(sb, index, ref, facts)
        if finding:
            yield finding
