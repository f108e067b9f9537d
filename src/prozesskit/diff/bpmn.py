"""Semantic diff of two BPMN models, modelled on bpmn-js-differ and stricter where it errs.

Elements are matched by id. Like bpmn-js-differ the result has four groups: added,
removed, changed (old and new value per property) and layout-changed. Unlike it:

- **Responsibility is semantic.** A flow node's lane (the innermost lane whose
  ``flowNodeRef`` names it) and pool (the participant whose ``processRef`` is its process)
  are properties of the node. bpmn-js-differ skips reference lists such as
  ``Lane.flowNodeRef`` and so reports a task moved to another lane as a layout change;
  for a register that move is a change of who does the work.
- Default flow, condition expressions, event definitions with their details (a timer's
  duration, a message reference), documentation text and loop markers are properties of
  the element that owns them, so the change is reported where a reader looks for it.
- Vendor extensions (``extensionElements`` and attributes in foreign namespaces; a real
  ADONIS export carries ~700 of them) are left out unless asked for: tools rewrite them
  on every save, and they would bury the one change that matters.
- Attributes equal to BPMN's default (``cancelActivity="true"``) count as absent, names
  are compared as read (a label re-wrapped with ``&#10;`` is not renamed), documentation
  with runs of blanks folded, and ids of sub-elements (``timerEventDefinition id=…``),
  which modelling tools regenerate, are not compared.
- Layout is the diagram interchange only: bounds, waypoints, label bounds and the shape
  flags (``isExpanded``, …) of each element's shapes and edges. An element is
  "layout-changed" only when its semantics are unchanged ("nur Layout geändert").

Flow order: the four groups are sorted by a traversal of the *new* model. Pools in the
collaboration's order (each: the participant, its process, its lanes, then its flow),
then processes without a pool. Within a process or sub-process: breadth-first from its
start events (in document order) along sequence flows: a node's outgoing flows follow it
in document order, then their targets; an attached boundary event and an activity's data
associations come right after the activity, a sub-process's content right after the
sub-process. Nodes not reached this way start new traversals in document order; other
elements of the process (data objects, annotations) follow. Then the collaboration's
message flows and annotations, then root elements (messages, signals, …). A removed
element takes the place after the last element before it in the *old* model's order that
still exists.

Input is untrusted: both files go through :func:`prozesskit.bpmn.parse.parse_bpmn`
(no entities, no DOCTYPE, no network, bounded size and element count); a file that does
not parse strictly is refused, not compared from a repaired read.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from prozesskit.bpmn.casing import normalise_case
from prozesskit.bpmn.labels import normalise_label
from prozesskit.bpmn.model import EVENT_DEFINITIONS, FLOW_NODES, SUBPROCESSES
from prozesskit.bpmn.ns import BPMN_NS, BPMNDI_NS
from prozesskit.bpmn.parse import parse_bpmn
from prozesskit.diff.result import BpmnDiff, ElementChange, ElementInfo, PropertyChange
from prozesskit.diff.wording import event_kinds, property_label, type_name
from prozesskit.errors import InputError
from prozesskit.limits import gekuerzt

_B = "{" + BPMN_NS + "}"
_DI = "{" + BPMNDI_NS + "}"
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
_B_LEN = len(_B)

#: children of a process or sub-process that are elements of their own in the diff
_SCOPE_TRACKED = FLOW_NODES | {
    "sequenceFlow", "dataObject", "dataObjectReference", "dataStoreReference",
    "textAnnotation", "association", "group",
}
_COLLABORATION_TRACKED = frozenset({
    "participant", "messageFlow", "textAnnotation", "association", "group", "conversation",
    "subConversation", "callConversation", "conversationLink",
})
_DATA_ASSOCIATIONS = frozenset({"dataInputAssociation", "dataOutputAssociation"})
#: children whose content is compared elsewhere: derived from flows and lanes, or lanes
_DERIVED_CHILDREN = frozenset({"incoming", "outgoing", "flowNodeRef", "childLaneSet", "laneSet"})

#: BPMN 2.0 XSD defaults: writing them out or leaving them away means the same
_DEFAULTS: dict[str, frozenset[str]] = {
    "isInterrupting": frozenset({"true"}),
    "cancelActivity": frozenset({"true"}),
    "parallelMultiple": frozenset({"false"}),
    "isForCompensation": frozenset({"false"}),
    "startQuantity": frozenset({"1"}),
    "completionQuantity": frozenset({"1"}),
    "gatewayDirection": frozenset({"Unspecified"}),
    "instantiate": frozenset({"false"}),
    "eventGatewayType": frozenset({"Exclusive"}),
    "triggeredByEvent": frozenset({"false"}),
    "isClosed": frozenset({"false"}),
    "processType": frozenset({"None"}),
    "implementation": frozenset({"##WebService", "##unspecified"}),
    "isCollection": frozenset({"false"}),
    "associationDirection": frozenset({"None"}),
    "textFormat": frozenset({"text/plain"}),
    "isSequential": frozenset({"false"}),
    "behavior": frozenset({"All"}),
    "ordering": frozenset({"Parallel"}),
    "cancelRemainingInstances": frozenset({"true"}),
    "waitForCompletion": frozenset({"true"}),
    "isUnlimited": frozenset({"false"}),
}
_NUMERIC_DI = frozenset({"x", "y", "width", "height"})
_REF_NAMES = frozenset({"default", "calledElement", "parentElement", "parentLane"})
#: shown first, in this order; the rest alphabetically
_PROPERTY_ORDER = {key: i for i, key in enumerate((
    "elementType", "name", "lane", "pool", "parentElement", "parentLane", "sourceRef",
    "targetRef", "default", "conditionExpression", "eventDefinitions", "attachedToRef",
    "cancelActivity", "gatewayDirection", "processRef", "text", "documentation",
))}
_SHOWN = 100
_LAST_SEGMENT = re.compile(r"[^/@\[\]]+(?=(\[\d+\])?$)")


class ModelUnreadable(InputError):
    """One of the two models cannot be compared (not XML, DOCTYPE, too large, not BPMN)."""


@dataclass(slots=True)
class _Node:
    id: str
    kind: str
    el: etree._Element
    #: id of what directly contains it: process, sub-process, collaboration, the activity
    #: of a data association, the process of a lane; None for root elements
    scope: str | None
    #: id of the top-level process it belongs to (pool lookup)
    process: str | None
    #: a sub-process containing it (None at a process's top level)
    parent: str | None = None
    parent_lane: str | None = None


@dataclass
class _Snapshot:
    """What the diff needs of one model, collected in one walk over its semantic part."""

    file: str
    root: etree._Element
    nodes: dict[str, _Node] = field(default_factory=dict)
    lane_of: dict[str, str] = field(default_factory=dict)
    pool_of: dict[str, str] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)

    def add(self, el: etree._Element, kind: str, scope: str | None, process: str | None,
            **extra: str | None) -> str | None:
        el_id = el.get("id")
        if not el_id:
            return None
        if el_id in self.nodes:
            self.duplicates.append(el_id)
            return None
        self.nodes[el_id] = _Node(el_id, kind, el, scope, process, **extra)
        return el_id

    def qname(self, clark: str) -> str:
        """``camunda:assignee`` for ``{http://camunda.org/…}assignee`` (prefix as written)."""
        uri, _, name = clark[1:].partition("}")
        prefix = self.prefixes.get(uri)
        if prefix is None:
            found = [p for p, u in self.root.nsmap.items() if u == uri and p]
            prefix = found[0] if found else uri
            self.prefixes[uri] = prefix
        return f"{prefix}:{name}"


def _kind(el: etree._Element) -> str:
    tag = el.tag
    if isinstance(tag, str) and tag.startswith(_B):
        return tag[_B_LEN:]
    return ""


def _element_kind(el: etree._Element) -> str:
    """:func:`_kind` for the elements the walk looks at; ``<bpmn:Task>`` and other names in
    the wrong case are read as BPMN means them, as validate and bpmnlint read them
    (casing.py). BPMN's element names all start in lower case."""
    kind = _kind(el)
    if kind and kind[0].isupper():
        normalise_case({kind: [el]})
        kind = _kind(el)
    return kind


# --- reading -------------------------------------------------------------------------


def read_model(raw: bytes, file: str) -> etree._Element:
    """Parse one model strictly and safely; anything less is :class:`ModelUnreadable`."""
    parsed, problems = parse_bpmn(raw, file)
    if parsed is None or parsed.repaired or problems:
        problem = problems[0] if problems else None
        message = problem.message if problem else "BPMN-Datei nicht lesbar"
        if problem is not None and problem.hint:
            message = f"{message}. {problem.hint}"
        raise ModelUnreadable(
            f"{message} (Modell kann nicht verglichen werden)",
            file=file, line=problem.line if problem else None,
        )
    return parsed.root


# --- collecting the elements ----------------------------------------------------------


def _collect(root: etree._Element, file: str, drawn: Iterable[str]) -> _Snapshot:
    """The compared elements of a model; ``drawn``: ids its diagram shows."""
    snap = _Snapshot(file, root)
    for child in root:
        kind = _element_kind(child)
        if not kind:
            continue
        el_id = snap.add(child, kind, None, None)
        if kind == "process":
            _scope(snap, child, el_id, el_id, None)
        elif kind == "collaboration":
            _collaboration(snap, child, el_id)
    missing = {ref for ref in drawn if ref not in snap.nodes}
    if missing:
        _track_drawn(snap, missing)
    return snap


def _track_drawn(snap: _Snapshot, missing: set[str]) -> None:
    """Elements the diagram draws but the walk does not compare on their own (a process's
    data input drawn as a shape): elements of their own, inside their nearest compared
    ancestor, so that moving or renaming them is reported under their own name."""
    for el in snap.root.iter(_B + "*"):
        el_id = el.get("id")
        if el_id not in missing or el_id in snap.nodes:
            continue
        owner = next((a for a in el.iterancestors() if _tracked(snap, a)), None)
        if owner is None:
            snap.add(el, _kind(el), None, None)
            continue
        holder = snap.nodes[str(owner.get("id"))]
        process = holder.id if holder.kind == "process" else holder.process
        snap.add(el, _kind(el), holder.id, process, parent=holder.parent)


def _tracked(snap: _Snapshot, el: etree._Element) -> bool:
    el_id = el.get("id")
    return el_id is not None and el_id in snap.nodes and snap.nodes[el_id].el is el


def _scope(snap: _Snapshot, scope: etree._Element, scope_id: str | None,
           process: str | None, parent: str | None) -> None:
    for child in scope:
        kind = _element_kind(child)
        if kind == "laneSet":
            _lanes(snap, child, scope_id, process, None)
            continue
        if kind not in _SCOPE_TRACKED:
            continue
        el_id = snap.add(child, kind, scope_id, process, parent=parent)
        if el_id is None:
            continue
        if kind in SUBPROCESSES:
            _scope(snap, child, el_id, process, el_id)
        for grandchild in child:
            grand_kind = _element_kind(grandchild)
            if grand_kind in _DATA_ASSOCIATIONS:
                snap.add(grandchild, grand_kind, el_id, process, parent=el_id)


def _lanes(snap: _Snapshot, lane_set: etree._Element, scope_id: str | None,
           process: str | None, parent_lane: str | None) -> None:
    for lane in lane_set:
        if _element_kind(lane) != "lane":
            continue
        lane_id = snap.add(lane, "lane", scope_id, process, parent_lane=parent_lane)
        for child in lane:
            kind = _element_kind(child)
            if kind == "flowNodeRef" and lane_id is not None:
                ref = (child.text or "").strip()
                if ref:
                    snap.lane_of[ref] = lane_id  # child lanes come later: innermost wins
            elif kind == "childLaneSet":
                _lanes(snap, child, scope_id, process, lane_id)


def _collaboration(snap: _Snapshot, collaboration: etree._Element, scope_id: str | None) -> None:
    for child in collaboration:
        kind = _element_kind(child)
        if kind not in _COLLABORATION_TRACKED:
            continue
        el_id = snap.add(child, kind, scope_id, None)
        if kind == "participant" and el_id is not None:
            process = child.get("processRef")
            if process:
                snap.pool_of.setdefault(process, el_id)


# --- properties -----------------------------------------------------------------------


def _elements(el: etree._Element) -> list[etree._Element]:
    """Child elements without comments and processing instructions (filtered in C)."""
    return list(el.iterchildren(etree.Element))


def _text(el: etree._Element) -> str:
    return " ".join("".join(str(part) for part in el.itertext()).split())


def _attributes(snap: _Snapshot, el: etree._Element, prefix: str, out: dict[str, str],
                extensions: bool) -> bool:
    """Compared attributes of ``el`` into ``out``; True if it had any."""
    found = False
    for raw_name, raw_value in el.attrib.items():
        name, value = str(raw_name), str(raw_value)
        if name == "id":
            continue
        if name[0] == "{":
            if not extensions or name.startswith(_XSI):
                continue
            name = snap.qname(name)
        elif value in _DEFAULTS.get(name, ()):
            continue
        elif name == "name":
            label = normalise_label(value)
            if label is None:
                continue  # name="" is no name
            value = label
        out[f"{prefix}@{name}" if prefix else name] = value
        found = True
    return found


def _flatten(snap: _Snapshot, el: etree._Element, key: str, out: dict[str, str],
             extensions: bool) -> None:
    """A sub-element as ``key`` (its text), ``key@attr`` and ``key/child`` entries."""
    has_attributes = _attributes(snap, el, key, out, extensions)
    children = _elements(el)
    text = " ".join((el.text or "").split())
    if text or not (has_attributes or children):
        out[key] = text
    _children(snap, children, key + "/", out, extensions)


def _children(snap: _Snapshot, children: list[etree._Element], prefix: str,
              out: dict[str, str], extensions: bool) -> None:
    counts: dict[str, int] = {}
    for child in children:
        counts[child.tag] = counts.get(child.tag, 0) + 1
    seen: dict[str, int] = {}
    nodes = snap.nodes
    for child in children:
        kind = _kind(child)
        if not kind and not extensions:
            continue
        if child.get("id") in nodes:
            continue  # an element of its own (or a second one with its id: see notes)
        name = kind or snap.qname(child.tag)
        if counts[child.tag] > 1:
            seen[child.tag] = seen.get(child.tag, 0) + 1
            name = f"{name}[{seen[child.tag]}]"
        _flatten(snap, child, prefix + name, out, extensions)


def _own_children(snap: _Snapshot, el: etree._Element, out: dict[str, str],
                  extensions: bool) -> tuple[list[str], list[str]]:
    """Sub-elements of a compared element into ``out``; returns its documentation texts
    and event definition kinds, which become properties of their own."""
    docs: list[str] = []
    events: list[str] = []
    plain: list[etree._Element] = []
    definitions: list[etree._Element] = []
    for child in _elements(el):
        kind = _kind(child)
        if kind in _DERIVED_CHILDREN:
            continue
        if kind == "documentation":
            docs.append(_text(child))
        elif kind == "extensionElements":
            if extensions:
                _children(snap, _elements(child), "extensionElements/", out, extensions)
        elif kind in EVENT_DEFINITIONS:
            events.append(kind)
            definitions.append(child)
        else:
            plain.append(child)
    _children(snap, plain, "", out, extensions)
    # an event definition stands for its details only; its kind is ``eventDefinitions``
    details: dict[str, str] = {}
    _children(snap, definitions, "", details, extensions)
    out.update((key, value) for key, value in details.items() if "/" in key or "@" in key)
    return docs, events


def _properties(snap: _Snapshot, node: _Node, extensions: bool) -> dict[str, str]:
    """Everything compared about one element, as flat key → text."""
    out: dict[str, str] = {"elementType": node.kind}
    _attributes(snap, node.el, "", out, extensions)
    docs, events = _own_children(snap, node.el, out, extensions)
    documentation = " ".join(" ".join(docs).split())
    if documentation:
        out["documentation"] = documentation
    if events:
        out["eventDefinitions"] = " ".join(events)
    out.update(_context(snap, node))
    return out


def _context(snap: _Snapshot, node: _Node) -> dict[str, str]:
    """What an element is part of: lane, pool, sub-process, parent lane."""
    out: dict[str, str] = {}
    lane = snap.lane_of.get(node.id)
    if lane:
        out["lane"] = lane
    if node.kind != "process" and node.process is not None:
        pool = snap.pool_of.get(node.process)
        if pool:
            out["pool"] = pool
    if node.parent:
        out["parentElement"] = node.parent
    if node.parent_lane:
        out["parentLane"] = node.parent_lane
    return out


# --- layout ---------------------------------------------------------------------------


def _drawn(root: etree._Element) -> dict[str, list[etree._Element]]:
    """Per element id: its shapes and edges, in every diagram."""
    result: dict[str, list[etree._Element]] = defaultdict(list)
    for di in root.iter(_DI + "BPMNShape", _DI + "BPMNEdge"):
        ref = di.get("bpmnElement")
        if ref:
            result[ref].append(di)
    return result


def _signature(di: etree._Element) -> tuple[object, ...]:
    """Bounds, waypoints, label bounds and flags of one shape or edge, ids left out and
    coordinates as numbers (``100`` = ``100.0``)."""
    signature = []
    for part in di.iter(etree.Element):
        attributes: list[tuple[str, object]] = []
        for raw_name, raw_value in part.attrib.items():
            name, value = str(raw_name), str(raw_value)
            if name in ("id", "bpmnElement"):
                continue
            if name in _NUMERIC_DI:
                try:
                    attributes.append((name, round(float(value), 2)))
                    continue
                except ValueError:
                    pass
            attributes.append((name, value))
        attributes.sort(key=lambda pair: pair[0])
        signature.append((part.tag, tuple(attributes)))
    return tuple(signature)


def _same_layout(old: list[etree._Element] | None, new: list[etree._Element] | None) -> bool:
    if old is None or new is None:
        return old is new
    if len(old) != len(new):
        return False
    # most shapes are unchanged attribute for attribute (ids included): the cheap first test
    if all(_raw(a) == _raw(b) for a, b in zip(old, new, strict=True)):
        return True
    return [_signature(a) for a in old] == [_signature(b) for b in new]


def _raw(di: etree._Element) -> list[object]:
    return [part.attrib.values() for part in di.iter(etree.Element)]


def _bytes(el: etree._Element) -> bytes:
    return etree.tostring(el, with_tail=False)


def _same_roots(old: etree._Element, new: etree._Element) -> set[str]:
    """Ids of root elements (processes, collaborations, messages …) written the same."""
    before = {el.get("id"): el for el in old.iterchildren(_B + "*") if el.get("id")}
    same: set[str] = set()
    for el in new.iterchildren(_B + "*"):
        el_id = el.get("id")
        if el_id and el_id in before and _bytes(before[el_id]) == _bytes(el):
            same.add(el_id)
    return same


def _same_diagrams(old: etree._Element, new: etree._Element) -> bool:
    before = list(old.iterchildren(_DI + "BPMNDiagram"))
    after = list(new.iterchildren(_DI + "BPMNDiagram"))
    return len(before) == len(after) and all(
        _bytes(a) == _bytes(b) for a, b in zip(before, after, strict=True))


def _root_of(node: _Node) -> str:
    """The root element an element is written in: its process, its collaboration, itself."""
    if node.scope is None:
        return node.id
    return node.process or node.scope


# --- flow order -----------------------------------------------------------------------


class _FlowOrder:
    """Ids of one model in flow order (the rule is in the module docstring)."""

    def __init__(self, snap: _Snapshot) -> None:
        self.nodes = snap.nodes
        self.members: dict[str | None, list[str]] = defaultdict(list)
        self.out_flows: dict[str, list[str]] = defaultdict(list)
        self.boundaries: dict[str, list[str]] = defaultdict(list)
        for node_id, node in self.nodes.items():
            self.members[node.scope].append(node_id)
            if node.kind == "sequenceFlow":
                self.out_flows[node.el.get("sourceRef", "")].append(node_id)
            elif node.kind == "boundaryEvent":
                self.boundaries[node.el.get("attachedToRef", "")].append(node_id)
        self.order: list[str] = []
        self.seen: set[str] = set()

    def ids(self) -> list[str]:
        nodes, members = self.nodes, self.members
        collaborations = [n.id for n in nodes.values() if n.kind == "collaboration"]
        for collaboration in collaborations:
            self.emit(collaboration)
            for member in members.get(collaboration, ()):
                if nodes[member].kind == "participant" and self.emit(member):
                    self.pool(nodes[member].el.get("processRef"))
        for node in nodes.values():
            if node.kind == "process":
                self.pool(node.id)
        for collaboration in collaborations:
            for member in members.get(collaboration, ()):
                self.emit(member)
        for node_id in nodes:
            self.emit(node_id)
        return self.order

    def emit(self, node_id: str | None) -> bool:
        if node_id is None or node_id in self.seen or node_id not in self.nodes:
            return False
        self.seen.add(node_id)
        self.order.append(node_id)
        return True

    def pool(self, process: str | None) -> None:
        """A process: itself, its lanes, its flow."""
        if not self.emit(process):
            return
        assert process is not None
        for member in self.members.get(process, ()):
            if self.nodes[member].kind == "lane":
                self.emit(member)
        self.traverse(process)

    def traverse(self, scope: str) -> None:
        """Breadth-first from the start events, then from every node not reached, then the
        scope's other elements."""
        queue: deque[str] = deque()
        inside = self.members.get(scope, ())
        for member in inside:
            if self.nodes[member].kind == "startEvent":
                self.place(member, queue)
        self.drain(queue)
        for member in inside:
            if self.nodes[member].kind in FLOW_NODES and member not in self.seen:
                self.place(member, queue)
                self.drain(queue)
        for member in inside:
            self.emit(member)

    def place(self, node_id: str, queue: deque[str]) -> None:
        """A node reached: it, its boundary events, then what it contains (a sub-process's
        content, an activity's data associations)."""
        if not self.emit(node_id):
            return
        queue.append(node_id)
        for boundary in self.boundaries.get(node_id, ()):
            self.place(boundary, queue)
        if self.nodes[node_id].kind in SUBPROCESSES:
            self.traverse(node_id)
        else:  # data associations, drawn data inputs/outputs
            for member in self.members.get(node_id, ()):
                self.emit(member)

    def drain(self, queue: deque[str]) -> None:
        while queue:
            for flow in self.out_flows.get(queue.popleft(), ()):
                if self.emit(flow):
                    target = self.nodes[flow].el.get("targetRef")
                    if target in self.nodes:
                        self.place(target, queue)


def _positions(old_order: list[str], new_order: list[str]) -> dict[str, int]:
    """One position per id over both models: new order, removed ids after their old
    predecessor that survived."""
    in_new = {node_id: i for i, node_id in enumerate(new_order)}
    keys: dict[str, tuple[int, int, int]] = {node_id: (i, 0, 0) for node_id, i in in_new.items()}
    anchor = -1
    for j, node_id in enumerate(old_order):
        if node_id in in_new:
            anchor = in_new[node_id]
        else:
            keys[node_id] = (anchor, 1, j)
    return {node_id: i for i, node_id in enumerate(sorted(keys, key=keys.__getitem__))}


# --- describing changes ---------------------------------------------------------------


def _name(node: _Node) -> str | None:
    if node.kind == "textAnnotation":
        for child in node.el:
            if _kind(child) == "text":
                return normalise_label(_text(child))
        return None
    return normalise_label(node.el.get("name"))


def _info(node: _Node, position: int) -> ElementInfo:
    return ElementInfo(node.id, node.kind, _name(node), position)


def _is_reference(key: str) -> bool:
    match = _LAST_SEGMENT.search(key)
    last = match.group(0) if match else key
    return last in _REF_NAMES or last.endswith("Ref")


def _shorten(text: str) -> str:
    return gekuerzt(text, _SHOWN)  # diff shows more of a value than a message quotes


def _ref_text(value: str, first: _Snapshot, second: _Snapshot) -> str:
    labels = []
    for ref in value.split():
        node = first.nodes.get(ref) or second.nodes.get(ref)
        if node is None:
            labels.append(ref)
        else:
            name = _name(node)
            labels.append(f"{type_name(node.kind)}{f' {_quote(name)}' if name else ''} ({ref})")
    return ", ".join(labels)


def _quote(text: str) -> str:
    return f"'{_shorten(text)}'"


def _value_text(key: str, value: str, first: _Snapshot, second: _Snapshot) -> str:
    if key == "elementType":
        return type_name(value)
    if key == "eventDefinitions":
        return event_kinds(value)
    if _is_reference(key):
        return _ref_text(value, first, second)
    if value in ("true", "false"):
        return "ja" if value == "true" else "nein"
    return _quote(value)


def _holder_names(value: str | None, snap: _Snapshot, other: str | None,
                  other_snap: _Snapshot) -> str:
    """Lane/pool names: ``'Sachbearbeitung'``, with the id where the name does not tell."""
    if value is None:
        return ""
    names = []
    for ref in value.split():
        node = snap.nodes.get(ref)
        name = _name(node) if node else None
        other_node = other_snap.nodes.get(other) if other else None
        same = other_node is not None and _name(other_node) == name
        names.append(f"{_quote(name)} ({ref})" if name and same else
                     _quote(name) if name else f"({ref})")
    return ", ".join(names)


def _responsibility(key: str, old: str | None, new: str | None,
                    sa: _Snapshot, sb: _Snapshot) -> str:
    noun = "Lane" if key == "lane" else "Pool"
    before = _holder_names(old, sa, new, sb)
    after = _holder_names(new, sb, old, sa)
    if old is None:
        return f"Verantwortung geändert: keine {noun} → {noun} {after}"
    if new is None:
        return f"Verantwortung geändert: {noun} {before} → keine {noun}"
    return f"Verantwortung geändert: {noun} {before} → {after}"


def _describe(key: str, old: str | None, new: str | None,
              sa: _Snapshot, sb: _Snapshot) -> PropertyChange:
    label = property_label(key)
    if key in ("lane", "pool"):
        text = _responsibility(key, old, new, sa, sb)
    elif old is None:
        shown = _value_text(key, new or "", sb, sa) if new else ""
        text = f"{label} hinzugefügt" + (f": {shown}" if shown else "")
    elif new is None:
        shown = _value_text(key, old, sa, sb) if old else ""
        text = f"{label} entfernt" + (f" (war {shown})" if shown else "")
    else:
        text = (f"{label} geändert: {_value_text(key, old, sa, sb)} → "
                f"{_value_text(key, new, sb, sa)}")
    return PropertyChange(key, label, old, new, text)


def _property_key(key: str) -> tuple[int, str]:
    return (_PROPERTY_ORDER.get(key, len(_PROPERTY_ORDER)), key)


def _changes(old: dict[str, str], new: dict[str, str], sa: _Snapshot,
             sb: _Snapshot) -> tuple[PropertyChange, ...]:
    keys = sorted({*old, *new}, key=_property_key)
    return tuple(
        _describe(key, old.get(key), new.get(key), sa, sb)
        for key in keys
        if old.get(key) != new.get(key)
    )


# --- the diff -------------------------------------------------------------------------


def _notes(snap: _Snapshot) -> Iterable[str]:
    for el_id in dict.fromkeys(snap.duplicates):
        yield (f"{snap.file}: die id '{el_id}' kommt mehrfach vor; verglichen wird nur das "
               "erste Element mit dieser id")


def diff_trees(old: etree._Element, new: etree._Element, *, old_file: str, new_file: str,
               extensions: bool = False) -> BpmnDiff:
    """Compare two parsed models (roots from :func:`read_model`)."""
    layout_a, layout_b = _drawn(old), _drawn(new)
    drawn = layout_a.keys() | layout_b.keys()  # the same elements on both sides
    sa, sb = _collect(old, old_file, drawn), _collect(new, new_file, drawn)
    positions = _positions(_FlowOrder(sa).ids(), _FlowOrder(sb).ids())
    # whole processes and collaborations written the same need no look inside; nor do
    # diagrams (most edits touch one process or only the layout)
    same_roots = _same_roots(old, new)
    collaborations = {n.id for snap in (sa, sb) for n in snap.nodes.values()
                      if n.kind == "collaboration"}
    context_same = collaborations <= same_roots
    layout_same = _same_diagrams(old, new)
    added: list[ElementInfo] = []
    changed: list[ElementChange] = []
    layout: list[ElementInfo] = []
    for node_id, node in sb.nodes.items():
        before = sa.nodes.get(node_id)
        if before is None:
            added.append(_info(node, positions[node_id]))
            continue
        moved = not layout_same and not _same_layout(layout_a.get(node_id),
                                                     layout_b.get(node_id))
        root = _root_of(node)
        if context_same and root in same_roots and root == _root_of(before):
            # its whole process (collaboration …) is written the same: nothing can differ
            if moved:
                layout.append(_info(node, positions[node_id]))
            continue
        props_a = _properties(sa, before, extensions)
        props_b = _properties(sb, node, extensions)
        if props_a != props_b:
            changed.append(ElementChange(
                _info(before, positions[node_id]), _info(node, positions[node_id]),
                _changes(props_a, props_b, sa, sb), moved,
            ))
        elif moved:
            layout.append(_info(node, positions[node_id]))
    removed = [_info(node, positions[node_id]) for node_id, node in sa.nodes.items()
               if node_id not in sb.nodes]

    def ordered(items: list[ElementInfo]) -> tuple[ElementInfo, ...]:
        return tuple(sorted(items, key=lambda info: info.position))

    return BpmnDiff(
        old_file=old_file,
        new_file=new_file,
        extensions=extensions,
        added=ordered(added),
        removed=ordered(removed),
        changed=tuple(sorted(changed, key=lambda change: change.position)),
        layout_changed=ordered(layout),
        notes=(*_notes(sa), *_notes(sb)),
    )


def diff_models(old: bytes, new: bytes, *, old_file: str, new_file: str,
                extensions: bool = False) -> BpmnDiff:
    """Compare two BPMN files given as bytes; :class:`ModelUnreadable` if one cannot be read.

    ``extensions`` includes vendor extensions (``extensionElements``, attributes in other
    namespaces) in the comparison.
    """
    result = diff_trees(read_model(old, old_file), read_model(new, new_file),
                        old_file=old_file, new_file=new_file, extensions=extensions)
    if not result.has_differences and old != new:
        hidden = ("Herstellererweiterungen (mit --mit-erweiterungen vergleichen), "
                  if not extensions else "")
        result = BpmnDiff(
            old_file, new_file, extensions, notes=(*result.notes, (
                "Die Dateien unterscheiden sich nur in dem, was der Vergleich nicht wertet: "
                f"{hidden}Formatierung, Reihenfolge, ids von Unterelementen, "
                "Standardwerte oder Diagrammteile ohne Lage")),
        )
    return result
