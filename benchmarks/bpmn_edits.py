"""Realistic edits of a BPMN model for the diff benchmark, made on the lxml tree.

Each edit is what a modeller does between two versions of a process: rename a step, move
a shape, hand a task to another lane, change a condition, the default flow, a timer or a
documentation text, add a step, remove a flow, touch a vendor extension. An edit returns
False where the model has nothing it could apply to; :func:`edit_model` then tries others.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from lxml import etree

B = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
DI = "{http://www.omg.org/spec/BPMN/20100524/DI}"
DC = "{http://www.omg.org/spec/DD/20100524/DC}"
_NODES = ("task", "userTask", "serviceTask", "sendTask", "receiveTask", "manualTask",
          "subProcess", "callActivity", "startEvent", "endEvent", "exclusiveGateway",
          "intermediateCatchEvent", "intermediateThrowEvent")

Edit = Callable[[etree._Element, random.Random], bool]


def _all(root: etree._Element, *names: str) -> list[etree._Element]:
    return [el for name in names for el in root.iter(B + name)]


def rename(root: etree._Element, rng: random.Random) -> bool:
    named = [el for el in _all(root, *_NODES) if el.get("name")]
    if not named:
        return False
    el = rng.choice(named)
    el.set("name", f"{el.get('name')} (überarbeitet)")
    return True


def move_shape(root: etree._Element, rng: random.Random) -> bool:
    bounds = [b for shape in root.iter(DI + "BPMNShape") for b in shape.iterchildren(DC + "Bounds")]
    if not bounds:
        return False
    b = rng.choice(bounds)
    b.set("x", str(float(b.get("x", "0")) + 25))
    return True


def move_to_lane(root: etree._Element, rng: random.Random) -> bool:
    for lane_set in rng.sample(_all(root, "laneSet"), k=len(_all(root, "laneSet"))):
        lanes = list(lane_set.iterchildren(B + "lane"))
        refs = [(lane, ref) for lane in lanes for ref in lane.iterchildren(B + "flowNodeRef")]
        if len(lanes) < 2 or not refs:
            continue
        lane, ref = rng.choice(refs)
        target = rng.choice([other for other in lanes if other is not lane])
        lane.remove(ref)
        target.append(ref)
        return True
    return False


def condition(root: etree._Element, rng: random.Random) -> bool:
    flows = [f for f in _all(root, "sequenceFlow")
             if f.find(B + "conditionExpression") is not None]
    if flows:
        cond = rng.choice(flows).find(B + "conditionExpression")
        assert cond is not None
        cond.text = f"betrag > {rng.randint(100, 9999)}"
        return True
    gateways = {g.get("id") for g in _all(root, "exclusiveGateway", "inclusiveGateway")}
    candidates = [f for f in _all(root, "sequenceFlow") if f.get("sourceRef") in gateways]
    if not candidates:
        return False
    etree.SubElement(rng.choice(candidates), B + "conditionExpression").text = "antrag.vollstaendig"
    return True


def default_flow(root: etree._Element, rng: random.Random) -> bool:
    flows = _all(root, "sequenceFlow")
    for gateway in rng.sample(_all(root, "exclusiveGateway", "inclusiveGateway"),
                              k=len(_all(root, "exclusiveGateway", "inclusiveGateway"))):
        outgoing = [f.get("id") for f in flows if f.get("sourceRef") == gateway.get("id")]
        choices = [f for f in outgoing if f and f != gateway.get("default")]
        if choices:
            gateway.set("default", rng.choice(choices))
            return True
    return False


def timer(root: etree._Element, rng: random.Random) -> bool:
    values = list(root.iter(B + "timeDuration", B + "timeCycle", B + "timeDate"))
    if not values:
        return False
    rng.choice(values).text = f"P{rng.randint(2, 30)}D"
    return True


def documentation(root: etree._Element, rng: random.Random) -> bool:
    nodes = _all(root, *_NODES)
    if not nodes:
        return False
    el = rng.choice(nodes)
    doc = el.find(B + "documentation")
    if doc is None:
        doc = etree.Element(B + "documentation")
        el.insert(0, doc)
    doc.text = f"Rechtsgrundlage geprüft, Stand {rng.randint(1, 28)}.03.2026"
    return True


def add_step(root: etree._Element, rng: random.Random) -> bool:
    processes = [p for p in _all(root, "process") if len(p)]
    if not processes:
        return False
    process = rng.choice(processes)
    sources = [el for el in process if el.tag in {B + n for n in _NODES} and el.get("id")]
    number = rng.randint(1000, 9999)
    task_id = f"Task_neu_{number}"
    etree.SubElement(process, B + "task", id=task_id, name="Ergebnis dokumentieren")
    if sources:
        etree.SubElement(process, B + "sequenceFlow", id=f"Flow_neu_{number}",
                         sourceRef=str(rng.choice(sources).get("id")), targetRef=task_id)
    return True


def remove_flow(root: etree._Element, rng: random.Random) -> bool:
    flows = _all(root, "sequenceFlow")
    if not flows:
        return False
    flow = rng.choice(flows)
    parent = flow.getparent()
    assert parent is not None
    parent.remove(flow)
    for edge in list(root.iter(DI + "BPMNEdge")):
        if edge.get("bpmnElement") == flow.get("id"):
            edge_parent = edge.getparent()
            assert edge_parent is not None
            edge_parent.remove(edge)
    return True


def extension(root: etree._Element, rng: random.Random) -> bool:
    """A vendor attribute inside ``extensionElements`` (prozesskit ignores it by default)."""
    targets = [el for ext in root.iter(B + "extensionElements") for el in ext.iter(etree.Element)
               if el.attrib and not str(el.tag).startswith(B)]
    if not targets:
        return False
    el = rng.choice(targets)
    name = rng.choice(sorted(el.attrib))
    el.set(name, f"{el.get(name)}-{rng.randint(1, 99)}")
    return True


EDITS: dict[str, Edit] = {
    "rename": rename, "move_shape": move_shape, "move_to_lane": move_to_lane,
    "condition": condition, "default_flow": default_flow, "timer": timer,
    "documentation": documentation, "add_step": add_step, "remove_flow": remove_flow,
    "extension": extension,
}


def edit_model(root: etree._Element, rng: random.Random, count: int) -> list[str]:
    """Apply ``count`` different edits that fit this model (at least one); their names."""
    done: list[str] = []
    for name in rng.sample(sorted(EDITS), k=len(EDITS)):
        if len(done) == count:
            break
        if EDITS[name](root, rng):
            done.append(name)
    if not done:
        add_step(root, rng)
        done.append("add_step")
    return done
