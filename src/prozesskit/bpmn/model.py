"""A per-model index built once, so that every rule is a cheap lookup, not an XPath query.

bpmnlint's rules walk moddle objects; ours walk lxml elements through this index: elements
by id and by BPMN type, sequence flows by source and target, the containing scope
(process or sub-process) of each flow element, participants, lanes and DI shapes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from prozesskit.bpmn.casing import normalise_case
from prozesskit.bpmn.parse import BPMN_NS, BPMNDI_NS

_B = "{" + BPMN_NS + "}"
_DI = "{" + BPMNDI_NS + "}"

TASKS = frozenset({
    "task", "userTask", "serviceTask", "sendTask", "receiveTask", "manualTask",
    "businessRuleTask", "scriptTask",
})
SUBPROCESSES = frozenset({"subProcess", "adHocSubProcess", "transaction"})
ACTIVITIES = TASKS | SUBPROCESSES | {"callActivity"}
CATCH_EVENTS = frozenset({"startEvent", "intermediateCatchEvent", "boundaryEvent"})
THROW_EVENTS = frozenset({"endEvent", "intermediateThrowEvent", "implicitThrowEvent"})
EVENTS = CATCH_EVENTS | THROW_EVENTS
GATEWAYS = frozenset({
    "exclusiveGateway", "inclusiveGateway", "parallelGateway", "complexGateway",
    "eventBasedGateway",
})
FLOW_NODES = GATEWAYS | EVENTS | ACTIVITIES
DATA_ELEMENTS = frozenset({"dataObject", "dataObjectReference", "dataStoreReference"})
#: moddle ``flowElements``: flow nodes, sequence flows and data elements. The one definition:
#: what makes a pool or sub-process "have content" (FIM rules) is what bpmnlint's rules walk.
FLOW_ELEMENTS = FLOW_NODES | DATA_ELEMENTS | {"sequenceFlow"}
EVENT_DEFINITIONS = frozenset({
    "messageEventDefinition", "timerEventDefinition", "errorEventDefinition",
    "escalationEventDefinition", "cancelEventDefinition", "compensateEventDefinition",
    "conditionalEventDefinition", "linkEventDefinition", "signalEventDefinition",
    "terminateEventDefinition",
})


_LOCAL_CACHE: dict[object, str] = {}
_LOCAL_CACHE_MAX = 4096


def local(el: etree._Element) -> str:
    """BPMN type of an element (``task``), or '' for comments and foreign namespaces.

    Rules ask this hundreds of thousands of times per register; the answer depends only on
    the tag, so it is memoised by tag (bounded, since tags come from untrusted files).
    """
    tag = el.tag
    try:
        return _LOCAL_CACHE[tag]
    except KeyError:
        pass
    result = tag[len(_B) :] if isinstance(tag, str) and tag.startswith(_B) else ""
    if len(_LOCAL_CACHE) < _LOCAL_CACHE_MAX:
        _LOCAL_CACHE[tag] = result
    return result


@dataclass
class BpmnModel:
    """Index over one parsed model. Build with :func:`index_model`."""

    file: str
    root: etree._Element
    by_id: dict[str, etree._Element] = field(default_factory=dict)
    by_type: dict[str, list[etree._Element]] = field(default_factory=lambda: defaultdict(list))
    flows_out: dict[str, list[etree._Element]] = field(default_factory=lambda: defaultdict(list))
    flows_in: dict[str, list[etree._Element]] = field(default_factory=lambda: defaultdict(list))
    duplicate_ids: list[etree._Element] = field(default_factory=list)
    #: (flow node, "incoming"|"outgoing") → ids in its child elements, collected in one pass
    declared: dict[tuple[etree._Element, str], list[str]] = field(default_factory=dict)
    #: elements written in another case (``<bpmn:Task>``), renamed; with the name as written
    renamed: list[tuple[etree._Element, str]] = field(default_factory=list)

    def of_type(self, *types: str) -> Iterator[etree._Element]:
        for name in types:
            yield from self.by_type.get(name, ())

    def outgoing(self, el: etree._Element) -> list[etree._Element]:
        """Sequence flows whose sourceRef is this element."""
        return self.flows_out.get(el.get("id", ""), [])

    def incoming(self, el: etree._Element) -> list[etree._Element]:
        """Sequence flows whose targetRef is this element."""
        return self.flows_in.get(el.get("id", ""), [])

    def declared_refs(self, el: etree._Element, which: str) -> list[str]:
        """Ids in ``<incoming>``/``<outgoing>`` children, as moddle reads them."""
        return self.declared.get((el, which), [])

    def flow_elements(self, scope: etree._Element) -> list[etree._Element]:
        """Direct flow elements (nodes, flows, data objects) of a process or sub-process.

        Resource roles, lanes, properties or vendor extensions are not content: a pool
        whose process holds only a ``<potentialOwner>`` is still an empty (black-box) pool.
        """
        return [child for child in scope if local(child) in FLOW_ELEMENTS]

    def processes(self) -> list[etree._Element]:
        return self.by_type.get("process", [])

    def participants(self) -> list[etree._Element]:
        return self.by_type.get("participant", [])

    # --- moddle views for the bpmnlint port (additions; nothing above changes) ----------

    def ref_incoming(self, el: etree._Element) -> list[etree._Element]:
        """Elements named in ``<incoming>`` children that exist: moddle's ``node.incoming``.

        moddle drops unresolved references (with a warning), so bpmnlint never sees them;
        duplicates stay.
        """
        by_id = self.by_id
        return [by_id[ref] for ref in self.declared_refs(el, "incoming") if ref in by_id]

    def ref_outgoing(self, el: etree._Element) -> list[etree._Element]:
        """Elements named in ``<outgoing>`` children that exist: moddle's ``node.outgoing``."""
        by_id = self.by_id
        return [by_id[ref] for ref in self.declared_refs(el, "outgoing") if ref in by_id]

    def ref(self, el: etree._Element, attribute: str) -> etree._Element | None:
        """The element an id-reference attribute (``default``, ``attachedToRef``) resolves to."""
        value = el.get(attribute)
        return self.by_id.get(value) if value else None

    def plane_elements(self) -> Iterator[etree._Element]:
        """Shapes and edges directly on each diagram's plane (moddle's ``planeElement``).

        A diagram has one plane; moddle reads a second ``<BPMNPlane>`` into the same
        single-valued ``plane``, so the last one wins and the shapes of the others are lost.
        """
        for diagram in self.root.iterchildren(_DI + "BPMNDiagram"):
            planes = list(diagram.iterchildren(_DI + "BPMNPlane"))
            if planes:
                yield from planes[-1].iterchildren(_DI + "BPMNShape", _DI + "BPMNEdge")

    @cached_property
    def di_by_element(self) -> dict[str, etree._Element]:
        """Plane element by the id it shows, if that id exists; the last diagram wins (moddle)."""
        result: dict[str, etree._Element] = {}
        for di in self.plane_elements():
            ref = di.get("bpmnElement")
            if ref and ref in self.by_id:
                result[ref] = di
        return result


def index_model(root: etree._Element, file: str) -> BpmnModel:
    """One pass over the tree: ids, types, flows. Everything else is derived lazily.

    Elements written in another case than BPMN's (``<bpmn:Task>``) are renamed in the tree
    first, as bpmnlint's reader takes them (see casing.py); only such a model is indexed twice.
    """
    model = _index(root, file)
    renamed = normalise_case(model.by_type)
    if renamed:
        model = _index(root, file)
        model.renamed = renamed
    return model


def _index(root: etree._Element, file: str) -> BpmnModel:
    model = BpmnModel(file=file, root=root)
    # only BPMN-namespace elements: lxml filters in C, and the diagram part (shapes, bounds,
    # waypoints: often half the tree) never becomes Python objects here
    by_type, by_id, duplicates = model.by_type, model.by_id, model.duplicate_ids
    flows_out, flows_in, declared = model.flows_out, model.flows_in, model.declared
    for el in root.iter(_B + "*"):
        kind = local(el)
        by_type[kind].append(el)
        el_id = el.get("id")
        if el_id:
            if el_id in by_id:
                duplicates.append(el)
            else:
                by_id[el_id] = el
        if kind == "sequenceFlow":
            flows_out[el.get("sourceRef", "")].append(el)
            flows_in[el.get("targetRef", "")].append(el)
        elif kind == "incoming" or kind == "outgoing":
            parent = el.getparent()
            if parent is not None:
                declared.setdefault((parent, kind), []).append((el.text or "").strip())
    return model
