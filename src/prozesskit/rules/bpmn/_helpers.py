"""Shared predicates of the bpmnlint port: moddle's type hierarchy and attribute semantics.

bpmnlint walks bpmn-moddle objects. To report exactly what it reports we mirror how moddle
reads the XML: ``is(node, 'bpmn:Task')`` matches every task subtype, ``node.incoming`` and
``node.outgoing`` are the ``<incoming>``/``<outgoing>`` children that resolve (not the
sequence flows' ``sourceRef``/``targetRef``), booleans are ``true`` only when the attribute
reads exactly ``true`` and ``isInterrupting`` defaults to true.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from lxml import etree

# the BPMN type sets live with the index; re-exported for the rules
from prozesskit.bpmn.model import ACTIVITIES as ACTIVITIES
from prozesskit.bpmn.model import CATCH_EVENTS as CATCH_EVENTS
from prozesskit.bpmn.model import DATA_ELEMENTS as DATA_ELEMENTS
from prozesskit.bpmn.model import EVENT_DEFINITIONS as EVENT_DEFINITIONS
from prozesskit.bpmn.model import EVENTS as EVENTS
from prozesskit.bpmn.model import FLOW_ELEMENTS as FLOW_ELEMENTS
from prozesskit.bpmn.model import FLOW_NODES as FLOW_NODES
from prozesskit.bpmn.model import GATEWAYS as GATEWAYS
from prozesskit.bpmn.model import SUBPROCESSES as SUBPROCESSES
from prozesskit.bpmn.model import TASKS as TASKS
from prozesskit.bpmn.model import THROW_EVENTS as THROW_EVENTS
from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.bpmn.parse import DC_NS

_DC_BOUNDS = "{" + DC_NS + "}Bounds"

CONTAINERS = SUBPROCESSES | {"process"}  # moddle FlowElementsContainer (without choreography)
# moddle knows ``default`` only on these (an attribute elsewhere lands in $attrs)
WITH_DEFAULT = ACTIVITIES | {"exclusiveGateway", "inclusiveGateway", "complexGateway"}

GERMAN_TYPES = {
    "process": "Prozess", "subProcess": "Teilprozess", "adHocSubProcess": "Ad-hoc-Teilprozess",
    "transaction": "Transaktion", "callActivity": "Aufrufaktivität", "task": "Aufgabe",
    "userTask": "Benutzeraufgabe", "serviceTask": "Serviceaufgabe", "sendTask": "Sendeaufgabe",
    "receiveTask": "Empfangsaufgabe", "manualTask": "Manuelle Aufgabe",
    "businessRuleTask": "Geschäftsregelaufgabe", "scriptTask": "Skriptaufgabe",
    "startEvent": "Startereignis", "endEvent": "Endereignis",
    "intermediateCatchEvent": "Zwischenereignis (empfangend)",
    "intermediateThrowEvent": "Zwischenereignis (auslösend)",
    "boundaryEvent": "Randereignis", "implicitThrowEvent": "Ereignis",
    "exclusiveGateway": "Exklusives Gateway", "inclusiveGateway": "Inklusives Gateway",
    "parallelGateway": "Paralleles Gateway", "complexGateway": "Komplexes Gateway",
    "eventBasedGateway": "Ereignisbasiertes Gateway", "sequenceFlow": "Sequenzfluss",
    "messageFlow": "Nachrichtenfluss", "participant": "Pool", "lane": "Lane",
    "collaboration": "Kollaboration", "dataObjectReference": "Datenobjekt",
    "dataStoreReference": "Datenspeicher", "textAnnotation": "Textanmerkung",
    "association": "Assoziation", "group": "Gruppe", "message": "Nachricht",
    "error": "Fehler", "escalation": "Eskalation", "signal": "Signal",
}


def named(el: etree._Element) -> str:
    """``Aufgabe 'Antrag prüfen'``: type and name if any, for the element a finding is about.

    Without the id: the finding carries it as ``element``, and every output format shows it
    (text appends ``(Task_1)``), so an id here would be printed twice.
    """
    kind = GERMAN_TYPES.get(local(el), "Element")
    name = one_line(el.get("name"))
    return f"{kind} '{name}'" if name else kind


def one_line(text: str | None) -> str:
    """A name or label as a finding quotes it: modellers break long names (``&#10;``), and
    a line break in a finding splits it in every line-oriented output (text, GitHub
    annotations, grep in CI logs). Every rule that puts a name into a message uses this."""
    return " ".join((text or "").split())


def named_with_id(el: etree._Element) -> str:
    """``Teilprozess 'Prüfung' (Sub_1)``: for another element a message mentions, whose id
    is not the finding's ``element``."""
    ident = el.get("id") or "ohne ID"
    return f"{named(el)} ({ident})"


def named_by_id(model: BpmnModel, el_id: str) -> str:
    """:func:`named` for a finding that only knows the id (DI shapes, flow ends)."""
    el = model.by_id.get(el_id)
    return named(el) if el is not None else "Element"


def all_of(model: BpmnModel, types: Iterable[str]) -> Iterator[etree._Element]:
    """Every element of the given BPMN types, anywhere in the model (bpmnlint's traversal)."""
    return model.of_type(*sorted(types))


def is_true(el: etree._Element, attribute: str) -> bool:
    """moddle's Boolean coercion: only the literal ``true`` is true."""
    return el.get(attribute) == "true"


def triggered_by_event(el: etree._Element) -> bool:
    """An event sub-process (``triggeredByEvent`` exists on sub-processes only)."""
    return local(el) in SUBPROCESSES and is_true(el, "triggeredByEvent")


def is_for_compensation(el: etree._Element) -> bool:
    return local(el) in ACTIVITIES and is_true(el, "isForCompensation")


def is_interrupting(start: etree._Element) -> bool:
    """``isInterrupting`` defaults to true in moddle."""
    value = start.get("isInterrupting")
    return value is None or value == "true"


def event_definitions(el: etree._Element) -> list[etree._Element]:
    """Contained event definitions (moddle ``eventDefinitions``; ``eventDefinitionRef`` not)."""
    return [child for child in el if local(child) in EVENT_DEFINITIONS]


def first_definition(el: etree._Element, kind: str) -> etree._Element | None:
    """The first event definition of the given kind (``linkEventDefinition`` …), if any."""
    return next((d for d in event_definitions(el) if local(d) == kind), None)


def has_definition(el: etree._Element, kind: str) -> bool:
    return first_definition(el, kind) is not None


def enclosing_process(el: etree._Element) -> etree._Element | None:
    """The ``<process>`` an element sits in, however deeply nested; None outside one."""
    parent = el.getparent()
    while parent is not None and local(parent) != "process":
        parent = parent.getparent()
    return parent


def unconditional(flows: list[etree._Element], default: str | None) -> list[etree._Element]:
    """Flows without a condition that are not the default flow (bpmnlint's test)."""
    return [flow for flow in flows
            if not has_condition(flow) and (default is None or flow.get("id") != default)]


def only_definitions_of(el: etree._Element, kind: str) -> bool:
    """At least one event definition and all of the given kind."""
    defs = event_definitions(el)
    return bool(defs) and all(local(d) == kind for d in defs)


def has_condition(flow: etree._Element) -> bool:
    """A ``<conditionExpression>`` child exists (moddle: ``!!flow.conditionExpression``)."""
    return any(local(child) == "conditionExpression" for child in flow)


def default_flow_id(model: BpmnModel, node: etree._Element) -> str | None:
    """Id of the default flow if the node type has ``default`` and the reference resolves."""
    if local(node) not in WITH_DEFAULT:
        return None
    target = model.ref(node, "default")
    return target.get("id") if target is not None else None


def flow_elements(scope: etree._Element) -> Iterator[etree._Element]:
    """moddle ``flowElements``: direct flow nodes, sequence flows and data elements."""
    for child in scope:
        if local(child) in FLOW_ELEMENTS:
            yield child


def parent_type(el: etree._Element) -> str:
    parent = el.getparent()
    return local(parent) if parent is not None else ""


_JS_FLOAT = re.compile(r"\s*([+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|Infinity))")


def js_float(value: str | None) -> float | None:
    """moddle's ``Real`` coercion (JavaScript ``parseFloat``): None if absent, NaN if junk."""
    if value is None:
        return None
    if value.replace(".", "", 1).isdigit():  # the common case: plain decimals as DI writes them
        return float(value)
    match = _JS_FLOAT.match(value)
    return float(match.group(1).replace("Infinity", "inf")) if match else math.nan


class Box(NamedTuple):
    """DI bounds as bpmnlint sees them; ``valid`` is its isValidShapeElement.

    A named tuple: the overlap and size rules build one per shape of every model.
    """

    x: float | None
    y: float | None
    width: float | None
    height: float | None

    @property
    def valid(self) -> bool:
        return None not in self


def bounds_of(di: etree._Element | None) -> Box | None:
    """``<dc:Bounds>`` of a DI shape; x/y default to the *string* '0' in moddle, so a
    missing x or y makes the box invalid for bpmnlint."""
    if di is None:
        return None
    bounds = next(di.iterchildren(_DC_BOUNDS), None)  # in C, unlike find()'s path
    if bounds is None:
        return None
    get = bounds.get
    return Box(js_float(get("x")), js_float(get("y")), js_float(get("width")),
               js_float(get("height")))
