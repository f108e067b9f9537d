"""Nachrichtenflüsse nennen, was ausgetauscht wird.

Ein Nachrichtenfluss zwischen Pools trägt den Namen der Nachricht oder des Dokuments
(„Gewerbeanmeldung“, „Bescheid“). Ohne Namen bleibt offen, was übermittelt wird.

Richtig::

    <bpmn:messageFlow id="Msg_1" name="Gewerbeanmeldung" sourceRef="Pool_Antragsteller"
                      targetRef="Start_1" />

Falsch::

    <bpmn:messageFlow id="Msg_1" sourceRef="Pool_Antragsteller" targetRef="Start_1" />
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.bpmn.model import BpmnModel
from prozesskit.bpmn.query import label, source_line
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext

CODE = "PK-B056"
NAME = "nachrichtenfluss-benannt"
TITLE = "Nachrichtenflüsse benennen"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")


def check(model: BpmnModel, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for flow in model.of_type("messageFlow"):
        if label(flow) is None:
            yield Finding("Nachrichtenfluss hat keinen Namen", element=flow.get("id"),
                          line=source_line(flow),
                          hint="Die Nachricht benennen, z. B. „Gewerbeanmeldung“ oder "
                               "„Bescheid“.")
