"""Link-Ereignisse brauchen einen Namen, und zu jedem Namen gehören im selben Prozess
genau ein empfangendes und mindestens ein auslösendes Link-Ereignis.

Link-Ereignisse sind Seitenverbinder: Ein auslösendes Link-Ereignis springt zum
empfangenden Link-Ereignis gleichen Namens im selben (Teil-)Prozess.

Richtig::

    … → (» Weiter zur Prüfung)        (» Weiter zur Prüfung) → …

Falsch::

    … → (» )                          Link ohne Namen
    … → (» Prüfung)                   kein empfangendes Link-Ereignis „Prüfung“
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import (
    CATCH_EVENTS,
    CONTAINERS,
    EVENTS,
    THROW_EVENTS,
    all_of,
    first_definition,
    flow_elements,
    named,
    one_line,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B025"
NAME = "link-ereignis"
TITLE = "Link-Ereignisse benannt und paarweise"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "link-event"


def _link_name(event: etree._Element) -> str | None:
    """Name of the first link event definition; None if the event is no link event."""
    definition = first_definition(event, "linkEventDefinition")
    return None if definition is None else definition.get("name") or ""


def _by_name(scope: etree._Element) -> dict[str, list[etree._Element]]:
    """Link events grouped like min-dash ``groupBy`` does: unnamed ones under '_'."""
    groups: dict[str, list[etree._Element]] = {}
    for el in flow_elements(scope):
        if local(el) in EVENTS:
            name = _link_name(el)
            if name is not None:
                groups.setdefault(name or "_", []).append(el)
    return groups


def _group(name: str, events: list[etree._Element]) -> Iterator[Finding]:
    """Grouped by the name as bpmnlint groups it; quoted on one line (:func:`one_line`)."""
    name = one_line(name)
    if len(events) == 1:
        event = events[0]
        missing = "empfangendes" if local(event) in THROW_EVENTS else "auslösendes"
        yield Finding(f"Zu {named(event)} fehlt im selben Prozess ein {missing} "
                      f"Link-Ereignis namens '{name}'", element=event.get("id"))
        return
    catches = [el for el in events if local(el) in CATCH_EVENTS]
    if len(catches) > 1:
        for event in catches:
            yield Finding(f"Empfangendes Link-Ereignis '{name}' ist im selben Prozess "
                          f"mehrfach vorhanden: {named(event)}", element=event.get("id"))
    elif not catches:
        for event in events:
            yield Finding(f"Zu {named(event)} fehlt im selben Prozess ein empfangendes "
                          f"Link-Ereignis namens '{name}'", element=event.get("id"))


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for scope in all_of(model, CONTAINERS):
        groups = _by_name(scope)
        for unnamed in groups.get("_", []):
            if not _link_name(unnamed):
                yield Finding(f"{named(unnamed)} hat keinen Link-Namen",
                              element=unnamed.get("id"),
                              hint="In der Link-Ereignisdefinition einen Namen vergeben.")
        for name, events in groups.items():
            yield from _group(name, events)
