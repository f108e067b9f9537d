"""Ein ereignisbasiertes Gateway hat mindestens zwei ausgehende Flüsse, keiner davon bedingt.

Das ereignisbasierte Gateway wartet auf das erste von mehreren Ereignissen; mit nur einem
Weg ist es überflüssig, und Bedingungen an seinen Flüssen sind nicht erlaubt.

Richtig::

    <◇> → (✉ Antwort eingegangen)
        → (⏱ 14 Tage vergangen)

Falsch::

    <◇> → (✉ Antwort eingegangen)      nur ein Weg
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import has_condition, named, named_with_id
from prozesskit.rules.context import RuleContext

CODE = "PK-B032"
NAME = "ereignisbasiertes-gateway"
TITLE = "Ereignisbasierte Gateways: mindestens zwei unbedingte Flüsse"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "event-based-gateway"


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for gateway in model.of_type("eventBasedGateway"):
        outgoing = model.ref_outgoing(gateway)
        if len(outgoing) < 2:
            yield Finding(f"{named(gateway)} braucht mindestens zwei ausgehende "
                          "Sequenzflüsse", element=gateway.get("id"),
                          hint="Alle erwarteten Ereignisse als Wege modellieren.")
        for flow in outgoing:
            if has_condition(flow):
                yield Finding(f"{named(flow)} aus {named_with_id(gateway)} darf keine Bedingung "
                              "haben", element=flow.get("id"),
                              hint="Die Bedingung entfernen.")
