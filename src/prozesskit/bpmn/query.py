"""Queries over a :class:`BpmnModel` that the convention rules share.

Kept apart from :mod:`prozesskit.bpmn.model` so that the index stays small; everything
here is a pure function of the index.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

# re-exported: the convention rules take every label helper from here
from prozesskit.bpmn.labels import comparable_name as comparable_name
from prozesskit.bpmn.labels import normalise_label as normalise_label
from prozesskit.bpmn.model import ACTIVITIES, GATEWAYS, BpmnModel, local
from prozesskit.bpmn.parse import BPMNDI_NS


def source_line(el: etree._Element) -> int | None:
    """1-based line of the element's start tag, if lxml recorded one."""
    value: object = el.sourceline
    return value if isinstance(value, int) and value > 0 else None


def label(el: etree._Element) -> str | None:
    """The normalised ``name`` attribute of an element."""
    return normalise_label(el.get("name"))


def activities(model: BpmnModel) -> Iterator[etree._Element]:
    """Tasks, sub-processes and call activities, in type order."""
    return model.of_type(*sorted(ACTIVITIES))


def gateways(model: BpmnModel) -> Iterator[etree._Element]:
    return model.of_type(*sorted(GATEWAYS))


def is_splitting(model: BpmnModel, gateway: etree._Element) -> bool:
    """More than one outgoing sequence flow."""
    return len(model.outgoing(gateway)) > 1


def is_joining(model: BpmnModel, gateway: etree._Element) -> bool:
    """More than one incoming and at most one outgoing sequence flow."""
    return len(model.incoming(gateway)) > 1 and len(model.outgoing(gateway)) <= 1


def expanded_flags(model: BpmnModel) -> dict[str, list[str | None]]:
    """``isExpanded`` of every ``BPMNShape``, by the id of the element it shows."""
    flags: dict[str, list[str | None]] = {}
    for shape in model.root.iter("{" + BPMNDI_NS + "}BPMNShape"):
        ref = shape.get("bpmnElement")
        if ref:
            flags.setdefault(ref, []).append(shape.get("isExpanded"))
    return flags


def is_collapsed_subprocess(
    model: BpmnModel, el: etree._Element, flags: dict[str, list[str | None]]
) -> bool:
    """A sub-process drawn collapsed: no shape of it says ``isExpanded="true"``.

    As in bpmn-js, a sub-process shape without ``isExpanded`` is collapsed. A sub-process
    without any shape counts as collapsed when it has no flow elements of its own.
    ``flags`` comes from :func:`expanded_flags`.
    """
    shapes = flags.get(el.get("id", ""))
    if shapes:
        return "true" not in shapes
    return not model.flow_elements(el)


def process_of(model: BpmnModel, participant: etree._Element) -> etree._Element | None:
    ref = participant.get("processRef")
    if not ref:
        return None
    el = model.by_id.get(ref)
    return el if el is not None and local(el) == "process" else None


def has_flow_elements(model: BpmnModel, process: etree._Element | None) -> bool:
    return process is not None and bool(model.flow_elements(process))


def is_collapsed_participant(model: BpmnModel, participant: etree._Element) -> bool:
    """A pool without content: no process, or a process without flow elements."""
    return not has_flow_elements(model, process_of(model, participant))


def main_participant(model: BpmnModel, participants: list[etree._Element]) -> etree._Element | None:
    """The pool whose process has the most flow elements; ties go to the first one.

    ``None`` when no participant has a process with flow elements.
    """
    best: etree._Element | None = None
    best_size = 0
    for participant in participants:
        process = process_of(model, participant)
        size = len(model.flow_elements(process)) if process is not None else 0
        if size > best_size:
            best, best_size = participant, size
    return best


def collaborations(model: BpmnModel) -> list[etree._Element]:
    return list(model.of_type("collaboration"))


def participants_of(collaboration: etree._Element) -> list[etree._Element]:
    return [child for child in collaboration if local(child) == "participant"]


def documentation_text(el: etree._Element) -> str:
    """All ``<documentation>`` texts of the element, joined by newlines."""
    return "\n".join((child.text or "") for child in el if local(child) == "documentation")
