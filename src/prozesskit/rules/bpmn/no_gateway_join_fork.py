"""Ein Gateway darf nicht zugleich zusammenführen und verzweigen.

Ein Gateway mit mehreren ein- und ausgehenden Flüssen ist schwer zu lesen und in seiner
Bedeutung mehrdeutig. Dafür zwei Gateways hintereinander modellieren.

Richtig::

    → <X> → <X> →
    ↗           ↘

Falsch::

    → <X> →
    ↗     ↘
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import GATEWAYS, all_of, named
from prozesskit.rules.context import RuleContext

CODE = "PK-B016"
NAME = "gateway-nicht-zusammenfuehren-und-verzweigen"
TITLE = "Gateways führen entweder zusammen oder verzweigen"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "no-gateway-join-fork"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for el in all_of(model, GATEWAYS):
        if len(model.ref_incoming(el)) > 1 and len(model.ref_outgoing(el)) > 1:
            yield Finding(f"{named(el)} führt zusammen und verzweigt zugleich",
                          element=el.get("id"),
                          hint="In ein zusammenführendes und ein verzweigendes Gateway teilen.")
