"""Bedingte Ereignisse in ausführbaren Prozessen brauchen eine Bedingung.

Ein bedingtes Ereignis (Conditional Event) ohne Bedingungsausdruck kann nie eintreten.
Geprüft werden nur Prozesse mit ``isExecutable="true"``.

Richtig::

    <conditionalEventDefinition><condition>${frist_abgelaufen}</condition></…>

Falsch::

    <conditionalEventDefinition/>      keine Bedingung
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import (
    EVENTS,
    all_of,
    enclosing_process,
    first_definition,
    is_true,
    named,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B035"
NAME = "bedingtes-ereignis"
TITLE = "Bedingte Ereignisse brauchen eine Bedingung"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("streng",)
BPMNLINT = "conditional-event"


def _executable(el: etree._Element) -> bool:
    process = enclosing_process(el)
    return process is not None and is_true(process, "isExecutable")


def _has_condition(definition: etree._Element) -> bool:
    return any(local(child) == "condition" and (child.text or "") for child in definition)


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for event in all_of(model, EVENTS):
        definition = first_definition(event, "conditionalEventDefinition")
        if definition is None or _has_condition(definition) or not _executable(event):
            continue
        yield Finding(f"{named(event)} ist ein bedingtes Ereignis ohne Bedingung",
                      element=event.get("id"),
                      hint="Einen Bedingungsausdruck angeben.")
