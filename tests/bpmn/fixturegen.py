"""Small builder for the BPMN test fixtures and example models of the convention rules.

Not a test. Writes valid BPMN 2.0 with complete DI (shapes on a grid, orthogonal edges),
so that the fixtures pass the XSD and bpmnlint's layout rules. Run

    PYTHONPATH=src python tests/bpmn/fixturegen.py

to regenerate ``tests/fixtures/rules/PK-*/`` and the example models.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parents[2]

SIZES = {"event": (36, 36), "gateway": (50, 50), "activity": (100, 80)}
EVENTS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent"}
GATEWAYS = {"exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway"}

COL0 = 300  # centre x of column 0
COLW = 150
ROWH = 130
POOL_X = 160


def _kind(tag: str) -> str:
    if tag in EVENTS:
        return "event"
    if tag in GATEWAYS:
        return "gateway"
    return "activity"


@dataclass
class Node:
    id: str
    tag: str
    name: str | None
    col: float
    row: int
    attrs: str = ""
    inner: str = ""  # child elements after incoming/outgoing (event definitions)
    doc: str | None = None
    expanded: bool | None = None

    @property
    def size(self) -> tuple[int, int]:
        return SIZES[_kind(self.tag)]


@dataclass
class Flow:
    id: str
    src: str
    tgt: str
    name: str | None = None


@dataclass
class Pool:
    id: str
    name: str
    where: str  # "above" | "below" | "main"
    process: str | None = None  # process id (main pool or pool with content)


@dataclass
class Msg:
    id: str
    src: str
    tgt: str
    name: str | None


@dataclass
class Model:
    process_id: str
    process_name: str | None
    nodes: list[Node] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    pools: list[Pool] = field(default_factory=list)
    msgs: list[Msg] = field(default_factory=list)
    lanes: list[tuple[str, str, int, int]] = field(default_factory=list)  # id, name, rows
    extra_processes: list[str] = field(default_factory=list)  # raw XML
    namespaces: str = ""
    extra_diagrams: list[str] = field(default_factory=list)  # raw XML
    top: int = 80
    rows: int = 1

    def node(self, id: str, tag: str, name: str | None, col: float, row: int = 0,
             **kw: object) -> None:
        self.nodes.append(Node(id, tag, name, col, row, **kw))  # type: ignore[arg-type]
        self.rows = max(self.rows, row + 1)

    def flow(self, id: str, src: str, tgt: str, name: str | None = None) -> None:
        self.flows.append(Flow(id, src, tgt, name))

    # geometry -----------------------------------------------------------------------
    def pool_y(self) -> int:
        return self.top + (100 if any(p.where == "above" for p in self.pools) else 0)

    def centre(self, n: Node) -> tuple[float, float]:
        return COL0 + n.col * COLW, self.pool_y() + n.row * ROWH + ROWH / 2

    def bounds(self, n: Node) -> tuple[float, float, int, int]:
        cx, cy = self.centre(n)
        w, h = n.size
        return cx - w / 2, cy - h / 2, w, h

    def pool_width(self) -> float:
        last = max(n.col for n in self.nodes)
        return COL0 + last * COLW + 110 - POOL_X

    def by_id(self, id: str) -> Node:
        return next(n for n in self.nodes if n.id == id)

    def waypoints(self, f: Flow) -> list[tuple[float, float]]:
        s, t = self.by_id(f.src), self.by_id(f.tgt)
        (sx, sy), (tx, ty) = self.centre(s), self.centre(t)
        sw, sh = s.size
        tw, th = t.size
        if t.col > s.col and t.row == s.row:
            return [(sx + sw / 2, sy), (tx - tw / 2, ty)]
        if t.col > s.col and _kind(s.tag) == "gateway":
            exit_y = sy - sh / 2 if ty < sy else sy + sh / 2
            return [(sx, exit_y), (sx, ty), (tx - tw / 2, ty)]
        if t.col > s.col and _kind(t.tag) == "gateway":
            entry_y = ty - th / 2 if sy < ty else ty + th / 2
            return [(sx + sw / 2, sy), (tx, sy), (tx, entry_y)]
        if t.col > s.col:
            mid = (sx + sw / 2 + tx - tw / 2) / 2
            return [(sx + sw / 2, sy), (mid, sy), (mid, ty), (tx - tw / 2, ty)]
        # back edge: leave upwards, run above the source row, come down/up into target
        lane_y = sy - sh / 2 - 22
        entry = ty - th / 2 if ty > lane_y else ty + th / 2
        return [(sx, sy - sh / 2), (sx, lane_y), (tx, lane_y), (tx, entry)]

    # xml ----------------------------------------------------------------------------
    def _node_xml(self, n: Node) -> str:
        attrs = f' id="{n.id}"'
        if n.name is not None:
            attrs += f" name={quoteattr(n.name)}"
        attrs += n.attrs
        children = []
        if n.doc:
            children.append(f"<bpmn:documentation>{n.doc}</bpmn:documentation>")
        children += [f"<bpmn:incoming>{f.id}</bpmn:incoming>"
                     for f in self.flows if f.tgt == n.id]
        children += [f"<bpmn:outgoing>{f.id}</bpmn:outgoing>"
                     for f in self.flows if f.src == n.id]
        if n.inner:
            children.append(n.inner)
        if not children:
            return f"    <bpmn:{n.tag}{attrs} />"
        body = "\n".join("      " + c for c in children)
        return f"    <bpmn:{n.tag}{attrs}>\n{body}\n    </bpmn:{n.tag}>"

    def _flow_xml(self, f: Flow) -> str:
        name = f" name={quoteattr(f.name)}" if f.name is not None else ""
        return (f'    <bpmn:sequenceFlow id="{f.id}"{name} sourceRef="{f.src}" '
                f'targetRef="{f.tgt}" />')

    def _lanes_xml(self) -> str:
        if not self.lanes:
            return ""
        out = [f'    <bpmn:laneSet id="LaneSet_{self.process_id}">']
        for lane_id, name, first, last in self.lanes:
            out.append(f'      <bpmn:lane id="{lane_id}" name={quoteattr(name)}>')
            out += [f"        <bpmn:flowNodeRef>{n.id}</bpmn:flowNodeRef>"
                    for n in self.nodes if first <= n.row <= last]
            out.append("      </bpmn:lane>")
        out.append("    </bpmn:laneSet>")
        return "\n".join(out) + "\n"

    def _process_xml(self) -> str:
        name = f" name={quoteattr(self.process_name)}" if self.process_name else ""
        body = self._lanes_xml()
        body += "\n".join(self._node_xml(n) for n in self.nodes) + "\n"
        body += "\n".join(self._flow_xml(f) for f in self.flows) + "\n"
        return (f'  <bpmn:process id="{self.process_id}"{name} isExecutable="false">\n'
                f"{body}  </bpmn:process>\n")

    def _collab_xml(self) -> str:
        if not self.pools:
            return ""
        out = ['  <bpmn:collaboration id="Collaboration_1">']
        for p in self.pools:
            ref = f' processRef="{p.process}"' if p.process else ""
            out.append(f'    <bpmn:participant id="{p.id}" name={quoteattr(p.name)}{ref} />')
        for m in self.msgs:
            name = f" name={quoteattr(m.name)}" if m.name is not None else ""
            out.append(f'    <bpmn:messageFlow id="{m.id}"{name} sourceRef="{m.src}" '
                       f'targetRef="{m.tgt}" />')
        out.append("  </bpmn:collaboration>")
        return "\n".join(out) + "\n"

    def _pool_bounds(self, p: Pool) -> tuple[float, float, float, float]:
        width = self.pool_width()
        if p.where == "main":
            return POOL_X, self.pool_y(), width, self.rows * ROWH
        ordinal = [q for q in self.pools if q.where == p.where].index(p)
        if p.where == "above":
            return POOL_X, self.top - 0 + ordinal * 70, width, 60
        return POOL_X, self.pool_y() + self.rows * ROWH + 40 + ordinal * 70, width, 60

    def _msg_points(self, m: Msg) -> list[tuple[float, float]]:
        pools = {p.id: p for p in self.pools}
        if m.src in pools:
            _, py, _, ph = self._pool_bounds(pools[m.src])
            n = self.by_id(m.tgt)
            cx, cy = self.centre(n)
            _, h = n.size
            both = any(k.src == m.tgt and k.tgt == m.src for k in self.msgs)
            x = cx - 15 if both else cx
            if pools[m.src].where == "above":
                return [(x, py + ph), (x, cy - h / 2)]
            return [(x, py), (x, cy + h / 2)]
        n = self.by_id(m.src)
        _px, py, _, ph = self._pool_bounds(pools[m.tgt])
        cx, cy = self.centre(n)
        _, h = n.size
        both = any(k.src == m.tgt and k.tgt == m.src for k in self.msgs)
        x = cx + 15 if both else cx
        if pools[m.tgt].where == "above":
            return [(x, cy - h / 2), (x, py + ph)]
        return [(x, cy + h / 2), (x, py)]

    def _di_xml(self) -> str:
        plane = "Collaboration_1" if self.pools else self.process_id
        out = ['  <bpmndi:BPMNDiagram id="BPMNDiagram_1">',
               f'    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="{plane}">']

        def shape(el: str, x: float, y: float, w: float, h: float, extra: str = "") -> None:
            out.append(f'      <bpmndi:BPMNShape id="{el}_di" bpmnElement="{el}"{extra}>')
            out.append(f'        <dc:Bounds x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" />')
            out.append("      </bpmndi:BPMNShape>")

        def edge(el: str, pts: list[tuple[float, float]]) -> None:
            out.append(f'      <bpmndi:BPMNEdge id="{el}_di" bpmnElement="{el}">')
            out.extend(f"        <di:waypoint x=\"{x:g}\" y=\"{y:g}\" />" for x, y in pts)
            out.append("      </bpmndi:BPMNEdge>")

        for p in self.pools:
            shape(p.id, *self._pool_bounds(p), extra=' isHorizontal="true"')
        for lane_id, _, first, last in self.lanes:
            width = self.pool_width() - 30
            shape(lane_id, POOL_X + 30, self.pool_y() + first * ROWH, width,
                  (last - first + 1) * ROWH, extra=' isHorizontal="true"')
        for n in self.nodes:
            extra = ""
            if n.expanded is not None:
                extra = f' isExpanded="{str(n.expanded).lower()}"'
            shape(n.id, *self.bounds(n), extra=extra)
        for f in self.flows:
            edge(f.id, self.waypoints(f))
        for m in self.msgs:
            edge(m.id, self._msg_points(m))
        out += ["    </bpmndi:BPMNPlane>", "  </bpmndi:BPMNDiagram>"]
        return "\n".join(out) + "\n"

    def xml(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"'
            ' xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"'
            ' xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"'
            ' xmlns:di="http://www.omg.org/spec/DD/20100524/DI"'
            f'{self.namespaces}'
            ' id="Definitions_1" targetNamespace="https://prozesskit.de/beispiele"'
            ' exporter="prozesskit-fixturegen" exporterVersion="1">\n'
            + self._collab_xml() + self._process_xml() + "".join(self.extra_processes)
            + self._di_xml() + "".join(self.extra_diagrams) + "</bpmn:definitions>\n"
        )


MSG_DEF = '<bpmn:messageEventDefinition id="{}" />'


def linear(pid: str, pname: str, start: str, tasks: list[str], end: str,
           tag: str = "task") -> Model:
    """Start → tasks → end on one row."""
    m = Model(pid, pname)
    m.node("Start_1", "startEvent", start, 0)
    prev = "Start_1"
    for i, name in enumerate(tasks, 1):
        m.node(f"Task_{i}", tag, name, i)
        m.flow(f"Flow_{i}", prev, f"Task_{i}")
        prev = f"Task_{i}"
    m.node("End_1", "endEvent", end, len(tasks) + 1)
    m.flow(f"Flow_{len(tasks) + 1}", prev, "End_1")
    return m


def gewerbe(tasks: list[str] | None = None, start: str = "Gewerbeanmeldung eingegangen",
            end: str = "Gewerbeanmeldung bestätigt") -> Model:
    return linear("Process_Gewerbeanmeldung", "Gewerbeanmeldung entgegennehmen", start,
                  tasks or ["Gewerbeanmeldung auf Vollständigkeit prüfen",
                            "Gewerbeanmeldung im Fachverfahren erfassen",
                            "Empfangsbestätigung versenden"], end)


def decision(question: str | None = "Unterlagen vollständig?", yes: str | None = "ja",
             no: str | None = "nein", join_name: str | None = None) -> Model:
    """Baugenehmigung with a decision and a join."""
    m = Model("Process_Baugenehmigung", "Baugenehmigung erteilen")
    m.node("Start_1", "startEvent", "Bauantrag eingegangen", 0, 0)
    m.node("Task_Pruefen", "task", "Bauantrag formell prüfen", 1, 0)
    m.node("Gateway_Split", "exclusiveGateway", question, 2, 0)
    m.node("Task_Genehmigen", "task", "Baugenehmigung erstellen", 3, 0)
    m.node("Task_Ablehnen", "task", "Ablehnungsbescheid erstellen", 3, 1)
    m.node("Gateway_Join", "exclusiveGateway", join_name, 4, 0)
    m.node("Task_Zustellen", "task", "Bescheid zustellen", 5, 0)
    m.node("End_1", "endEvent", "Bescheid zugestellt", 6, 0)
    m.flow("Flow_1", "Start_1", "Task_Pruefen")
    m.flow("Flow_2", "Task_Pruefen", "Gateway_Split")
    m.flow("Flow_Ja", "Gateway_Split", "Task_Genehmigen", yes)
    m.flow("Flow_Nein", "Gateway_Split", "Task_Ablehnen", no)
    m.flow("Flow_3", "Task_Genehmigen", "Gateway_Join")
    m.flow("Flow_4", "Task_Ablehnen", "Gateway_Join")
    m.flow("Flow_5", "Gateway_Join", "Task_Zustellen")
    m.flow("Flow_6", "Task_Zustellen", "End_1")
    return m


def with_pools(m: Model, msg_name: str | None = "Gewerbeanmeldung",
               reply_name: str | None = "Empfangsbestätigung") -> Model:
    """Main pool plus a collapsed applicant pool above, message flows in and out."""
    m.pools = [Pool("Pool_Antragsteller", "Gewerbetreibende Person", "above"),
               Pool("Pool_Gewerbeamt", "Gewerbeamt", "main", m.process_id)]
    m.nodes[0].inner = MSG_DEF.format("MessageEventDefinition_Start")
    last_task = [n for n in m.nodes if n.tag == "task"][-1]
    m.msgs = [Msg("MessageFlow_Antrag", "Pool_Antragsteller", "Start_1", msg_name),
              Msg("MessageFlow_Bestaetigung", last_task.id, "Pool_Antragsteller",
                  reply_name)]
    return m


FIM_NS = ' xmlns:fim="urn:prozesskit:fim"'
CAMUNDA_NS = ' xmlns:camunda="http://camunda.org/schema/1.0/bpmn"'


def fixtures() -> dict[str, str]:  # noqa: PLR0915 - a catalogue, not logic
    f: dict[str, str] = {}
    # PK-B002 XSD -----------------------------------------------------------------------
    f["PK-B002/valid-gewerbeanmeldung.bpmn"] = gewerbe().xml()
    m = gewerbe()
    m.nodes[1].attrs = ' status="offen"'
    f["PK-B002/invalid-unbekanntes-attribut.bpmn"] = m.xml()
    m = gewerbe()
    m.nodes[2].inner = "<bpmn:documentation>Im Fachverfahren erfassen</bpmn:documentation>"
    f["PK-B002/invalid-dokumentation-falsch-platziert.bpmn"] = m.xml()
    # PK-B003 vendor ----------------------------------------------------------------------
    m = gewerbe()
    m.namespaces = CAMUNDA_NS
    m.nodes[1].attrs = ' camunda:assignee="gewerbe"'
    m.nodes[2].doc = None
    m.nodes[2].inner = ""
    f["PK-B003/valid-camunda-in-extensionelements.bpmn"] = m.xml().replace(
        '<bpmn:task id="Task_2" name="Gewerbeanmeldung im Fachverfahren erfassen">',
        '<bpmn:task id="Task_2" name="Gewerbeanmeldung im Fachverfahren erfassen">\n'
        "      <bpmn:extensionElements>\n"
        '        <camunda:properties><camunda:property name="fachverfahren" value="GEWAN" />'
        "</camunda:properties>\n"
        "      </bpmn:extensionElements>")
    m = gewerbe()
    m.namespaces = CAMUNDA_NS
    f["PK-B003/invalid-camunda-ausserhalb.bpmn"] = m.xml().replace(
        '<bpmn:task id="Task_2" name="Gewerbeanmeldung im Fachverfahren erfassen">',
        '<bpmn:task id="Task_2" name="Gewerbeanmeldung im Fachverfahren erfassen">\n'
        '      <camunda:properties><camunda:property name="fachverfahren" value="GEWAN" />'
        "</camunda:properties>")
    # PK-B050 Objekt + Verb -----------------------------------------------------------------
    f["PK-B050/valid-gewerbeanmeldung.bpmn"] = gewerbe(
        ["Gewerbeanmeldung formell&#10;prüfen".replace("&#10;", "\n"),
         "Gewerbeanmeldung im Fachverfahren erfassen (GEWAN)",
         "Daten an Finanzamt übermitteln"]).xml()
    f["PK-B050/invalid-gewerbeanmeldung.bpmn"] = gewerbe(
        ["Prüfung der Gewerbeanmeldung", "Erfassen", "Empfangsbestätigung wird versandt"]).xml()
    # PK-B051 generic verbs -------------------------------------------------------------------
    f["PK-B051/valid-gewerbeanmeldung.bpmn"] = gewerbe().xml()
    f["PK-B051/invalid-gewerbeanmeldung.bpmn"] = gewerbe(
        ["Gewerbeanmeldung bearbeiten", "Erfassung im Fachverfahren durchführen",
         "Empfangsbestätigung versenden"]).xml()
    # PK-B052 events as states ------------------------------------------------------------------
    f["PK-B052/valid-gewerbeanmeldung.bpmn"] = gewerbe(
        start="Gewerbeanmeldung eingegangen", end="Gewerbeanmeldung abgeschlossen").xml()
    f["PK-B052/valid-baugenehmigung.bpmn"] = decision().xml()
    f["PK-B052/invalid-gewerbeanmeldung.bpmn"] = gewerbe(
        start="Gewerbeanmeldung prüfen", end="Ende").xml()
    # PK-B053 gateway question ------------------------------------------------------------------
    f["PK-B053/valid-baugenehmigung.bpmn"] = decision().xml()
    f["PK-B053/invalid-baugenehmigung-ohne-fragezeichen.bpmn"] = decision(
        "Vollständigkeit").xml()
    f["PK-B053/invalid-baugenehmigung-ohne-namen.bpmn"] = decision(None).xml()
    # PK-B054 outgoing flows labelled -------------------------------------------------------------
    f["PK-B054/valid-baugenehmigung.bpmn"] = decision().xml()
    f["PK-B054/invalid-baugenehmigung.bpmn"] = decision(no=None).xml()
    # PK-B055 join unnamed ---------------------------------------------------------------------
    f["PK-B055/valid-baugenehmigung.bpmn"] = decision().xml()
    f["PK-B055/invalid-baugenehmigung.bpmn"] = decision(
        join_name="Unterlagen vollständig?").xml()
    # PK-B056 message flows named ------------------------------------------------------------------
    f["PK-B056/valid-gewerbeanmeldung.bpmn"] = with_pools(gewerbe()).xml()
    f["PK-B056/invalid-gewerbeanmeldung.bpmn"] = with_pools(gewerbe(), reply_name=None).xml()
    # PK-B060 no lanes ----------------------------------------------------------------------
    f["PK-B060/valid-gewerbeanmeldung.bpmn"] = with_pools(gewerbe()).xml()
    m = with_pools(gewerbe())
    m.lanes = [("Lane_Buergerservice", "Bürgerservice", 0, 0)]
    f["PK-B060/invalid-gewerbeanmeldung.bpmn"] = m.xml()
    # PK-B061 one pool per participant -------------------------------------------------------
    f["PK-B061/valid-gewerbeanmeldung.bpmn"] = with_pools(gewerbe()).xml()
    m = with_pools(gewerbe())
    m.pools.append(Pool("Pool_Antragsteller_2", "Gewerbetreibende  Person", "below"))
    m.msgs.append(Msg("MessageFlow_Kopie", "Task_3", "Pool_Antragsteller_2", "Kopie"))
    f["PK-B061/invalid-gewerbeanmeldung.bpmn"] = m.xml()
    # PK-B062 externals collapsed ------------------------------------------------------------
    f["PK-B062/valid-gewerbeanmeldung.bpmn"] = with_pools(gewerbe()).xml()
    m = with_pools(gewerbe())
    m.pools[0].process = "Process_Antragsteller"
    m.extra_processes.append(
        '  <bpmn:process id="Process_Antragsteller" name="Gewerbe anmelden" '
        'isExecutable="false">\n'
        '    <bpmn:task id="Task_Ausfuellen" name="Formular ausfüllen" />\n'
        '    <bpmn:task id="Task_Einreichen" name="Formular einreichen" />\n'
        "  </bpmn:process>\n")
    xml = m.xml()
    f["PK-B062/invalid-gewerbeanmeldung.bpmn"] = xml.replace(
        "    </bpmndi:BPMNPlane>",
        '      <bpmndi:BPMNShape id="Task_Ausfuellen_di" bpmnElement="Task_Ausfuellen">\n'
        '        <dc:Bounds x="700" y="-60" width="100" height="80" />\n'
        "      </bpmndi:BPMNShape>\n    </bpmndi:BPMNPlane>")
    # PK-B063 RAG ----------------------------------------------------------------------------
    f["PK-B063/valid-baugenehmigung.bpmn"] = rag_model(
        [' fim:rag="3"', "", ' fim:rag="5"'], [None, "RAG 7: Beteiligung durchführen", None]).xml()
    f["PK-B063/invalid-baugenehmigung.bpmn"] = rag_model(
        ["", ' fim:rag="12"', ""], [None, None, "Referenzaktivitätengruppe: 9"]).xml()
    # PK-S030 Steckbrief name -------------------------------------------------------------------
    f["PK-S030/valid-gewerbeanmeldung.bpmn"] = gewerbe().xml()
    m = with_pools(gewerbe())
    m.process_name = "Gewerbeanmeldung\nentgegennehmen (IST)"
    f["PK-S030/valid-gewerbeanmeldung-ist.bpmn"] = m.xml()
    m = gewerbe()
    m.process_name = "Gewerbe anmelden"
    f["PK-S030/invalid-gewerbeanmeldung.bpmn"] = m.xml()
    return f


def rag_model(attrs: list[str], docs: list[str | None]) -> Model:
    names = ["Bauantrag formell prüfen", "Stellungnahmen der Fachbehörden einholen",
             "Bauvorhaben baurechtlich beurteilen"]
    m = linear("Process_Baugenehmigung", "Baugenehmigung erteilen", "Bauantrag eingegangen",
               names, "Baugenehmigung erteilt", tag="subProcess")
    m.namespaces = FIM_NS
    for node, attr, doc in zip(m.nodes[1:4], attrs, docs, strict=True):
        node.attrs = attr
        node.doc = doc
        node.expanded = False
    return m


def gewerbeanmeldung_ist() -> Model:
    """IST model of the example register: two lanes, collapsed external pools."""
    m = Model("Process_Gewerbeanmeldung", "Gewerbeanmeldung entgegennehmen")
    send = "sendTask"
    m.node("Start_Eingang", "startEvent", "Gewerbeanmeldung eingegangen", 0, 1,
           inner=MSG_DEF.format("MessageEventDefinition_Eingang"))
    m.node("Gateway_Zusammenfuehrung", "exclusiveGateway", None, 1, 1)
    m.node("Task_Pruefen", "task", "Gewerbeanmeldung auf Vollständigkeit prüfen", 2, 1)
    m.node("Gateway_Vollstaendig", "exclusiveGateway", "Unterlagen vollständig?", 3, 1)
    m.node("Task_Nachfordern", send, "Fehlende Unterlagen nachfordern", 4, 0)
    m.node("Event_Nachgereicht", "intermediateCatchEvent", "Unterlagen nachgereicht", 5, 0,
           inner=MSG_DEF.format("MessageEventDefinition_Nachgereicht"))
    m.node("Task_Erfassen", "userTask", "Gewerbeanmeldung im Fachverfahren erfassen", 4, 2)
    m.node("Task_Gebuehr", "task", "Gebühr festsetzen", 5, 2)
    m.node("Task_Bestaetigen", send, "Empfangsbestätigung versenden", 6, 2)
    m.node("Task_Uebermitteln", send, "Gewerbemeldung an beteiligte Stellen übermitteln", 7, 2)
    m.node("End_Abgeschlossen", "endEvent", "Gewerbeanmeldung abgeschlossen", 8, 2)
    m.flow("Flow_Eingang", "Start_Eingang", "Gateway_Zusammenfuehrung")
    m.flow("Flow_ZurPruefung", "Gateway_Zusammenfuehrung", "Task_Pruefen")
    m.flow("Flow_Geprueft", "Task_Pruefen", "Gateway_Vollstaendig")
    m.flow("Flow_Nein", "Gateway_Vollstaendig", "Task_Nachfordern", "nein")
    m.flow("Flow_Nachgefordert", "Task_Nachfordern", "Event_Nachgereicht")
    m.flow("Flow_Nachgereicht", "Event_Nachgereicht", "Gateway_Zusammenfuehrung")
    m.flow("Flow_Ja", "Gateway_Vollstaendig", "Task_Erfassen", "ja")
    m.flow("Flow_Erfasst", "Task_Erfassen", "Task_Gebuehr")
    m.flow("Flow_Festgesetzt", "Task_Gebuehr", "Task_Bestaetigen")
    m.flow("Flow_Bestaetigt", "Task_Bestaetigen", "Task_Uebermitteln")
    m.flow("Flow_Uebermittelt", "Task_Uebermitteln", "End_Abgeschlossen")
    m.lanes = [("Lane_Buergerservice", "Bürgerservice", 0, 1),
               ("Lane_Sachbearbeitung", "Sachbearbeitung Gewerbe", 2, 2)]
    m.pools = [
        Pool("Pool_Gewerbetreibende", "Gewerbetreibende Person", "above"),
        Pool("Pool_Gewerbeamt", "Ordnungsamt – Gewerbeangelegenheiten", "main",
             m.process_id),
        Pool("Pool_Beteiligte", "Beteiligte Stellen (Finanzamt, IHK, Handwerkskammer)",
             "below"),
    ]
    m.msgs = [
        Msg("MessageFlow_Anmeldung", "Pool_Gewerbetreibende", "Start_Eingang",
            "Gewerbeanmeldung"),
        Msg("MessageFlow_Nachforderung", "Task_Nachfordern", "Pool_Gewerbetreibende",
            "Nachforderung"),
        Msg("MessageFlow_Unterlagen", "Pool_Gewerbetreibende", "Event_Nachgereicht",
            "Fehlende Unterlagen"),
        Msg("MessageFlow_Bestaetigung", "Task_Bestaetigen", "Pool_Gewerbetreibende",
            "Empfangsbestätigung"),
        Msg("MessageFlow_Gewerbemeldung", "Task_Uebermitteln", "Pool_Beteiligte",
            "Gewerbemeldung"),
    ]
    return m


def _beteiligung() -> tuple[str, str]:
    """Content and DI (second diagram) of the collapsed sub-process in the SOLL model."""
    inner = Model("Sub_Beteiligung", None)
    inner.node("Start_Beteiligung", "startEvent", "Beteiligung eingeleitet", 0)
    inner.node("Task_Ermitteln", "task", "Beteiligte Fachbehörden ermitteln", 1)
    inner.node("Task_Anfordern", "sendTask", "Stellungnahmen anfordern", 2)
    inner.node("Task_Auswerten", "task", "Stellungnahmen auswerten", 3)
    inner.node("End_Beteiligung", "endEvent", "Stellungnahmen ausgewertet", 4)
    ids = ["Start_Beteiligung", "Task_Ermitteln", "Task_Anfordern", "Task_Auswerten",
           "End_Beteiligung"]
    for i, (a, b) in enumerate(itertools.pairwise(ids), 1):
        inner.flow(f"Flow_Beteiligung_{i}", a, b)
    content = "\n".join(["  " + line for n in inner.nodes
                         for line in inner._node_xml(n).splitlines()]
                        + ["  " + inner._flow_xml(f) for f in inner.flows])
    di = (inner._di_xml().replace("BPMNDiagram_1", "BPMNDiagram_Beteiligung")
          .replace("BPMNPlane_1", "BPMNPlane_Beteiligung"))
    return content, di


def baugenehmigung_soll() -> Model:
    """SOLL model of the example register, FIM-conform: no lanes, collapsed externals."""
    m = Model("Process_Baugenehmigung", "Baugenehmigung erteilen")
    m.namespaces = FIM_NS
    content, di = _beteiligung()
    m.extra_diagrams.append(di)
    m.node("Start_Eingang", "startEvent", "Bauantrag eingegangen", 0, 1,
           inner=MSG_DEF.format("MessageEventDefinition_Bauantrag"))
    m.node("Gateway_Zusammenfuehrung", "exclusiveGateway", None, 1, 1)
    m.node("Task_Pruefen", "task", "Bauantrag formell prüfen", 2, 1)
    m.node("Gateway_Vollstaendig", "exclusiveGateway", "Bauantrag vollständig?", 3, 1)
    m.node("Task_Nachfordern", "sendTask", "Fehlende Bauvorlagen nachfordern", 4, 0)
    m.node("Event_Nachgereicht", "intermediateCatchEvent", "Bauvorlagen nachgereicht", 5, 0,
           inner=MSG_DEF.format("MessageEventDefinition_Bauvorlagen"))
    m.node("Sub_Beteiligung", "subProcess", "Stellungnahmen der Fachbehörden einholen", 4, 1,
           attrs=' fim:rag="7"', inner=content.strip(), expanded=False)
    m.node("Task_Beurteilen", "task", "Bauvorhaben bauplanungsrechtlich beurteilen", 5, 1,
           attrs=' fim:rag="5"')
    m.node("Gateway_Genehmigungsfaehig", "exclusiveGateway", "Vorhaben genehmigungsfähig?",
           6, 1)
    m.node("Task_Genehmigung", "task", "Baugenehmigung ausfertigen", 7, 1)
    m.node("Task_Ablehnung", "task", "Ablehnungsbescheid ausfertigen", 7, 2)
    m.node("Gateway_Bescheid", "exclusiveGateway", None, 8, 1)
    m.node("Task_Gebuehr", "task", "Gebühr festsetzen", 9, 1)
    m.node("Task_Zustellen", "sendTask", "Bescheid zustellen", 10, 1)
    m.node("End_Zugestellt", "endEvent", "Bescheid zugestellt", 11, 1)
    for flow in [
        ("Flow_Eingang", "Start_Eingang", "Gateway_Zusammenfuehrung"),
        ("Flow_ZurPruefung", "Gateway_Zusammenfuehrung", "Task_Pruefen"),
        ("Flow_Geprueft", "Task_Pruefen", "Gateway_Vollstaendig"),
        ("Flow_Unvollstaendig", "Gateway_Vollstaendig", "Task_Nachfordern", "nein"),
        ("Flow_Nachgefordert", "Task_Nachfordern", "Event_Nachgereicht"),
        ("Flow_Nachgereicht", "Event_Nachgereicht", "Gateway_Zusammenfuehrung"),
        ("Flow_Vollstaendig", "Gateway_Vollstaendig", "Sub_Beteiligung", "ja"),
        ("Flow_Beteiligt", "Sub_Beteiligung", "Task_Beurteilen"),
        ("Flow_Beurteilt", "Task_Beurteilen", "Gateway_Genehmigungsfaehig"),
        ("Flow_Genehmigungsfaehig", "Gateway_Genehmigungsfaehig", "Task_Genehmigung", "ja"),
        ("Flow_NichtGenehmigungsfaehig", "Gateway_Genehmigungsfaehig", "Task_Ablehnung",
         "nein"),
        ("Flow_Genehmigt", "Task_Genehmigung", "Gateway_Bescheid"),
        ("Flow_Abgelehnt", "Task_Ablehnung", "Gateway_Bescheid"),
        ("Flow_Bescheid", "Gateway_Bescheid", "Task_Gebuehr"),
        ("Flow_Festgesetzt", "Task_Gebuehr", "Task_Zustellen"),
        ("Flow_Zugestellt", "Task_Zustellen", "End_Zugestellt"),
    ]:
        m.flow(*flow)
    m.pools = [
        Pool("Pool_Bauherr", "Bauherrin oder Bauherr", "above"),
        Pool("Pool_Bauaufsicht", "Untere Bauaufsichtsbehörde", "main", m.process_id),
        Pool("Pool_Fachbehoerden", "Fachbehörden und Träger öffentlicher Belange", "below"),
    ]
    m.msgs = [
        Msg("MessageFlow_Bauantrag", "Pool_Bauherr", "Start_Eingang", "Bauantrag"),
        Msg("MessageFlow_Nachforderung", "Task_Nachfordern", "Pool_Bauherr", "Nachforderung"),
        Msg("MessageFlow_Bauvorlagen", "Pool_Bauherr", "Event_Nachgereicht", "Bauvorlagen"),
        Msg("MessageFlow_Ersuchen", "Sub_Beteiligung", "Pool_Fachbehoerden",
            "Beteiligungsersuchen"),
        Msg("MessageFlow_Stellungnahme", "Pool_Fachbehoerden", "Sub_Beteiligung",
            "Stellungnahme"),
        Msg("MessageFlow_Bescheid", "Task_Zustellen", "Pool_Bauherr", "Bescheid"),
    ]
    return m


EXAMPLES = {
    "gewerbeanmeldung-entgegennehmen.ist.bpmn": gewerbeanmeldung_ist,
    "baugenehmigung-erteilen.soll.bpmn": baugenehmigung_soll,
}


def main() -> None:
    base = ROOT / "tests" / "fixtures" / "rules"
    for rel, text in fixtures().items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"{len(fixtures())} Fixtures geschrieben")
    models = ROOT / "examples" / "kreis-musterland" / "modelle"
    models.mkdir(parents=True, exist_ok=True)
    for name, build in EXAMPLES.items():
        (models / name).write_text(build().xml(), encoding="utf-8")
    print(f"{len(EXAMPLES)} Beispielmodelle geschrieben")


if __name__ == "__main__":
    main()
