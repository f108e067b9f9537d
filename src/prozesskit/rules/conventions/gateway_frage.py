"""Verzweigende Gateways stellen eine Frage, die mit „?“ endet.

Ein exklusives oder inklusives Gateway mit mehr als einem ausgehenden Sequenzfluss
entscheidet etwas; sein Name ist die Frage, die entschieden wird („Antrag vollständig?“).
Die Antworten stehen an den ausgehenden Flüssen (Regel ``gateway-ausgaenge-beschriftet``).
Zeilenumbrüche im Namen zählen als Leerzeichen.

Richtig::

    <bpmn:exclusiveGateway id="Gateway_1" name="Unterlagen vollständig?" />

Falsch::

    <bpmn:exclusiveGateway id="Gateway_1" />
    <bpmn:exclusiveGateway id="Gateway_2" name="Vollständigkeit" />
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.bpmn.model import BpmnModel
from prozesskit.bpmn.query import is_splitting, label, source_line
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext

CODE = "PK-B053"
NAME = "gateway-als-frage"
TITLE = "Verzweigende Gateways als Frage mit „?“ benennen"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")

HINT = "Die Entscheidung als Frage formulieren, z. B. „Unterlagen vollständig?“."


def check(model: BpmnModel, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for el in model.of_type("exclusiveGateway", "inclusiveGateway"):
        if not is_splitting(model, el):
            continue
        name = label(el)
        if name is None:
            message = "Verzweigendes Gateway hat keinen Namen; die Entscheidung fehlt"
        elif not name.endswith("?"):
            message = f"Verzweigendes Gateway „{name}“ ist nicht als Frage formuliert (kein „?“)"
        else:
            continue
        yield Finding(message, element=el.get("id"), line=source_line(el), hint=HINT)
