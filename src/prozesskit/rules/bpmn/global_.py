"""Globale Elemente (Nachricht, Fehler, Eskalation, Signal) sind benannt, eindeutig und
werden verwendet.

Nachrichten, Fehler, Eskalationen und Signale werden auf Ebene der Definitionen angelegt
und von Ereignissen, Aufgaben oder Nachrichtenflüssen referenziert. Ein leerer Name, ein
doppelter Name oder ein nie referenziertes Element deutet auf Reste früherer Fassungen.

Richtig::

    <message id="Message_1" name="Antrag"/>  …  <messageEventDefinition messageRef="Message_1"/>

Falsch::

    <message id="Message_2" name=""/>          leer benannt und nirgends verwendet
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import CONTAINERS, EVENTS, event_definitions, named
from prozesskit.rules.context import RuleContext

CODE = "PK-B034"
NAME = "globale-elemente"
TITLE = "Globale Elemente benannt, eindeutig und verwendet"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "global"

# root element type -> (referencing element types, reference attribute)
_REFERENCES = {
    "error": (frozenset({"errorEventDefinition"}), "errorRef"),
    "escalation": (frozenset({"escalationEventDefinition"}), "escalationRef"),
    "message": (frozenset({"messageEventDefinition", "messageFlow", "receiveTask",
                           "sendTask"}), "messageRef"),
    "signal": (frozenset({"signalEventDefinition"}), "signalRef"),
}
_DIRECT = frozenset({"messageFlow", "receiveTask", "sendTask"})
#: bpmnlint reads every one of these attributes on every referencing element
_ATTRIBUTES = tuple(attribute for _, attribute in _REFERENCES.values())


def _referencing(container: etree._Element, found: list[etree._Element]) -> None:
    """bpmnlint's traversal: flow elements (recursively), event definitions, message flows."""
    for child in container:
        kind = local(child)
        if kind in EVENTS:
            found.extend(event_definitions(child))
        if kind in _DIRECT:
            found.append(child)
        if kind in CONTAINERS:
            _referencing(child, found)


def _referenced_ids(model: BpmnModel) -> set[tuple[str, str]]:
    """(referencing type, referenced id) pairs whose reference resolves."""
    found: list[etree._Element] = []
    for root in model.root:
        if local(root) in ("process", "collaboration", "choreography"):  # moddle: a
            _referencing(root, found)  # choreography is a collaboration
    pairs = set()
    for el in found:
        for attribute in _ATTRIBUTES:
            value = el.get(attribute)
            if value and value in model.by_id:
                pairs.add((local(el), value))
    return pairs


def _findings(el: etree._Element, used: bool, unique: bool) -> Iterator[Finding]:
    name = el.get("name")
    if name is not None and not name.strip():  # bpmnlint: only an empty *given* name
        yield Finding(f"{named(el)} hat einen leeren Namen", element=el.get("id"))
    if not used:
        yield Finding(f"{named(el)} wird nirgends verwendet", element=el.get("id"),
                      hint="Das Element löschen oder referenzieren.")
    if not unique:
        yield Finding(f"Name von {named(el)} ist nicht eindeutig", element=el.get("id"))


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    roots = [el for el in model.root if local(el) in _REFERENCES]
    if not roots:
        return
    pairs = _referenced_ids(model)
    names: dict[tuple[str, str | None], int] = {}
    for el in roots:
        key = (local(el), el.get("name"))
        names[key] = names.get(key, 0) + 1
    for el in roots:
        kinds, _ = _REFERENCES[local(el)]
        el_id = el.get("id") or ""
        used = any((kind, el_id) in pairs for kind in kinds)
        yield from _findings(el, used, names[(local(el), el.get("name"))] == 1)
