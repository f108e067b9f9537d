"""Aktivitäten und Ereignisse dürfen nicht mehrere eingehende Sequenzflüsse haben.

Mehrere eingehende Flüsse an einer Aktivität sehen wie eine Zusammenführung aus, sind aber
keine: die Aktivität startet für jeden ankommenden Fluss erneut. Zusammenführungen werden
mit einem Gateway modelliert.

Richtig::

    [Gebühr berechnen]      → <+> → [Bescheid erstellen]
    [Unterlagen anfordern]  ↗

Falsch::

    [Gebühr berechnen]      → [Bescheid erstellen]
    [Unterlagen anfordern]  ↗
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import ACTIVITIES, EVENTS, all_of, named
from prozesskit.rules.context import RuleContext

CODE = "PK-B015"
NAME = "keine-scheinzusammenfuehrung"
TITLE = "Zusammenführungen nur über Gateways"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "fake-join"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for el in all_of(model, ACTIVITIES | EVENTS):
        count = len(model.ref_incoming(el))
        if count > 1:
            yield Finding(f"Die {count} eingehenden Sequenzflüsse an {named(el)} werden nicht "
                          "zusammengeführt", element=el.get("id"),
                          hint="Ein zusammenführendes Gateway vor das Element setzen.")
