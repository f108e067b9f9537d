"""Formen haben die Standardgröße ihres Typs.

Einheitliche Größen machen Modelle verschiedener Kommunen vergleichbar und ruhig lesbar.
Standard (wie bpmn-js): Aufgaben, Aufrufaktivitäten und zugeklappte Teilprozesse 100×80,
Gateways 50×50, Ereignisse 36×36, Datenobjekte 36×50, Datenspeicher 50×50, leere Pools 60
breit (quer: 60 hoch). Aufgeklappte Teilprozesse, Lanes und Pools mit Inhalt richten sich
nach ihrem Inhalt. Die Größen lassen sich je Typ einstellen; ``null`` schaltet die Prüfung
für einen Typ ab.

Richtig::

    <bpmndi:BPMNShape bpmnElement="Task_1"><dc:Bounds … width="100" height="80"/>

Falsch::

    <bpmndi:BPMNShape bpmnElement="Task_1"><dc:Bounds … width="140" height="95"/>

Optionen::

    groessen:
      "bpmn:Task": {breite: 120, hoehe: 80}
      "bpmn:Participant": null
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lxml import etree
from pydantic import BaseModel, Field

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import (
    EVENTS,
    GATEWAYS,
    SUBPROCESSES,
    TASKS,
    bounds_of,
    is_true,
    named,
)
from prozesskit.rules.context import RuleContext

CODE = "PK-B036"
NAME = "standardgroesse"
TITLE = "Formen in Standardgröße"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("streng",)
BPMNLINT = "standard-size"


class Groesse(BaseModel):
    """Erwartete Größe; fehlt ein Maß, wird es nicht geprüft."""

    model_config = {"extra": "forbid", "frozen": True}
    breite: float | None = None
    hoehe: float | None = None


_DEFAULTS: dict[str, Groesse | None] = {
    "bpmn:Task": Groesse(breite=100, hoehe=80),
    "bpmn:CallActivity": Groesse(breite=100, hoehe=80),
    "bpmn:SubProcess": Groesse(breite=100, hoehe=80),
    "bpmn:Gateway": Groesse(breite=50, hoehe=50),
    "bpmn:Event": Groesse(breite=36, hoehe=36),
    "bpmn:DataObjectReference": Groesse(breite=36, hoehe=50),
    "bpmn:DataStoreReference": Groesse(breite=50, hoehe=50),
    "bpmn:Participant": Groesse(breite=60, hoehe=60),
}


class Options(BaseModel):
    """``groessen``: erwartete Größe je bpmnlint-Typ (``bpmn:Task`` …), ``null`` = nicht prüfen."""

    model_config = {"extra": "forbid", "frozen": True}
    groessen: dict[str, Groesse | None] = Field(default_factory=dict)

    @classmethod
    def from_bpmnlint(cls, config: Mapping[str, Any] | None) -> Options:
        """Translate a bpmnlint config (``{'bpmn:Task': {width, height}}``); malformed
        entries are ignored for that type, as bpmnlint does."""
        sizes: dict[str, Groesse | None] = {}
        for key, value in (config or {}).items():
            if isinstance(value, Mapping):
                sizes[key] = Groesse(breite=_number(value.get("width")),
                                     hoehe=_number(value.get("height")))
            else:
                sizes[key] = None
        return cls(groessen=sizes)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


# bpmnlint's CHECKED_TYPES in order: the first that matches decides
_CHECKED: tuple[tuple[str, frozenset[str]], ...] = (
    ("bpmn:SubProcess", SUBPROCESSES),
    ("bpmn:CallActivity", frozenset({"callActivity"})),
    ("bpmn:Task", TASKS),
    ("bpmn:Gateway", GATEWAYS),
    ("bpmn:Event", EVENTS),
    ("bpmn:DataObjectReference", frozenset({"dataObjectReference"})),
    ("bpmn:DataStoreReference", frozenset({"dataStoreReference"})),
)


def _participant(model: BpmnModel, el: etree._Element, shape: etree._Element,
                 sizes: Mapping[str, Groesse | None]) -> Groesse | None:
    if model.ref(el, "processRef") is not None:
        return None  # pools with content follow their content
    horizontal = shape.get("isHorizontal") is None or shape.get("isHorizontal") == "true"
    size = sizes.get("bpmn:Participant")
    value = None if size is None else (size.hoehe if horizontal else size.breite)
    if value is None:
        return None
    return Groesse(hoehe=value) if horizontal else Groesse(breite=value)


def _expected(model: BpmnModel, el: etree._Element, shape: etree._Element,
              sizes: Mapping[str, Groesse | None]) -> Groesse | None:
    kind = local(el)
    if kind == "participant":
        return _participant(model, el, shape, sizes)
    if kind in SUBPROCESSES and is_true(shape, "isExpanded"):
        return None
    for key, kinds in _CHECKED:
        if kind in kinds:
            return sizes.get(key)
    return None


def _message(expected: Groesse) -> str:
    if expected.hoehe is None:
        return f"erwartet Breite {expected.breite:g}"
    if expected.breite is None:
        return f"erwartet Höhe {expected.hoehe:g}"
    return f"erwartet {expected.breite:g}×{expected.hoehe:g}"


def _mismatch(expected: Groesse, width: float, height: float) -> bool:
    return ((expected.breite is not None and width != expected.breite)
            or (expected.hoehe is not None and height != expected.hoehe))


def check(model: BpmnModel, options: Options | None, ctx: RuleContext) -> Iterator[Finding]:
    sizes = {**_DEFAULTS, **(options.groessen if options else {})}
    for shape in model.plane_elements():
        if not shape.tag.endswith("}BPMNShape"):
            continue
        el = model.ref(shape, "bpmnElement")
        box = bounds_of(shape)
        if el is None or box is None or box.width is None or box.height is None:
            continue
        expected = _expected(model, el, shape, sizes)
        if expected is not None and _mismatch(expected, box.width, box.height):
            yield Finding(f"{named(el)} hat keine Standardgröße: {box.width:g}×{box.height:g}, "
                          f"{_message(expected)}", element=el.get("id"),
                          hint="Die Form im Modellierungswerkzeug auf Standardgröße setzen.")
