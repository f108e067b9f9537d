"""The semantic BPMN diff on real models, each pair made by editing one with lxml.

Models: the example register's Gewerbeanmeldung (German names, pools, lanes, message
flows; written for this project) and OMG MIWG reference models from tests/data/corpus
(timers, conditions, default flows, vendor extensions; CC BY 3.0, see tests/data/README.md).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from helpers import CORPUS, EXAMPLE
from prozesskit.diff.bpmn import ModelUnreadable, diff_models
from prozesskit.diff.result import BpmnDiff, ElementChange

B = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
DC = "{http://www.omg.org/spec/DD/20100524/DC}"
BPMNDI = "{http://www.omg.org/spec/BPMN/20100524/DI}"
GEWERBE = EXAMPLE / "modelle" / "gewerbeanmeldung-entgegennehmen.ist.bpmn"
MIWG = CORPUS / "bpmn" / "miwg-reference"
MODDLE_ERRORS = CORPUS / "bpmn" / "bpmn-moddle" / "test" / "fixtures" / "bpmn" / "error"

Edit = Callable[[etree._Element], None]


def by_id(root: etree._Element, el_id: str) -> etree._Element:
    found = root.xpath("//*[@id=$id]", id=el_id)
    assert isinstance(found, list) and len(found) == 1, el_id
    el = found[0]
    assert isinstance(el, etree._Element)
    return el


def by_name(root: etree._Element, tag: str, name: str) -> etree._Element:
    found = [el for el in root.iter(B + tag) if el.get("name") == name]
    assert len(found) == 1, (tag, name)
    return found[0]


def shape(root: etree._Element, el_id: str) -> etree._Element:
    for di in root.iter(BPMNDI + "BPMNShape"):
        if di.get("bpmnElement") == el_id:
            bounds = di.find(DC + "Bounds")
            assert bounds is not None
            return bounds
    raise AssertionError(el_id)


def edited(path: Path, edit: Edit) -> bytes:
    root = etree.fromstring(path.read_bytes())
    edit(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def compare(path: Path, edit: Edit, *, extensions: bool = False) -> BpmnDiff:
    return diff_models(path.read_bytes(), edited(path, edit), old_file="alt.bpmn",
                       new_file="neu.bpmn", extensions=extensions)


def only_change(result: BpmnDiff) -> ElementChange:
    assert not result.added and not result.removed and not result.layout_changed, result
    assert len(result.changed) == 1, result.changed
    return result.changed[0]


@pytest.mark.parametrize("path", [*sorted(MIWG.glob("*.bpmn")), GEWERBE], ids=lambda p: p.name)
def test_a_model_equals_itself_even_reserialised(path: Path) -> None:
    raw = path.read_bytes()
    assert not diff_models(raw, raw, old_file="a", new_file="b").has_differences
    # lxml writes it anew (other encoding, quoting, empty-element form): still no difference
    reserialised = edited(path, lambda root: None)
    result = diff_models(raw, reserialised, old_file="a", new_file="b")
    assert not result.has_differences, [e.element.label for e in result.entries()]


def test_renamed_task_is_named_with_old_and_new_name() -> None:
    def rename(root: etree._Element) -> None:
        by_id(root, "Task_Pruefen").set("name", "Gewerbeanmeldung vollständig prüfen")

    change = only_change(compare(GEWERBE, rename))
    assert change.id == "Task_Pruefen"
    assert not change.layout_changed
    assert [c.text for c in change.changes] == [
        "Name geändert: 'Gewerbeanmeldung auf Vollständigkeit prüfen' → "
        "'Gewerbeanmeldung vollständig prüfen'"
    ]
    assert change.old.label == (
        "Aufgabe 'Gewerbeanmeldung auf Vollständigkeit prüfen' (Task_Pruefen)")
    assert change.changes[0].property == "name"


def test_moved_shape_only_is_layout() -> None:
    def move(root: etree._Element) -> None:
        bounds = shape(root, "Task_Gebuehr")
        bounds.set("x", str(float(bounds.get("x", "0")) + 40))

    result = compare(GEWERBE, move)
    assert not result.changed and not result.added and not result.removed
    assert [info.id for info in result.layout_changed] == ["Task_Gebuehr"]


def test_moved_waypoint_is_layout_of_the_flow() -> None:
    def bend(root: etree._Element) -> None:
        for edge in root.iter(BPMNDI + "BPMNEdge"):
            if edge.get("bpmnElement") == "Flow_Ja":
                edge[0].set("y", "999")

    result = compare(GEWERBE, bend)
    assert [info.id for info in result.layout_changed] == ["Flow_Ja"]
    assert not result.changed


def _move_to_lane(root: etree._Element, node: str, lane: str) -> None:
    for ref in root.iter(B + "flowNodeRef"):
        if ref.text == node:
            parent = ref.getparent()
            assert parent is not None
            parent.remove(ref)
    new_ref = etree.SubElement(by_id(root, lane), B + "flowNodeRef")
    new_ref.text = node


def test_task_moved_to_another_lane_is_a_change_of_responsibility() -> None:
    def move(root: etree._Element) -> None:
        _move_to_lane(root, "Task_Gebuehr", "Lane_Buergerservice")
        bounds = shape(root, "Task_Gebuehr")
        bounds.set("y", str(float(bounds.get("y", "0")) - 150))  # drawn into the other lane

    result = compare(GEWERBE, move)
    change = only_change(result)
    assert change.id == "Task_Gebuehr"
    assert [c.text for c in change.changes] == [
        "Verantwortung geändert: Lane 'Sachbearbeitung Gewerbe' → 'Bürgerservice'"
    ]
    assert change.changes[0].property == "lane"
    assert (change.changes[0].old, change.changes[0].new) == (
        "Lane_Sachbearbeitung", "Lane_Buergerservice")
    # the shape moved too, but that is not what the change is: not in the layout group
    assert change.layout_changed
    assert not result.layout_changed
    # the lanes' own flowNodeRef lists are not reported as changes of the lanes
    assert {c.id for c in result.changed} == {"Task_Gebuehr"}


def test_task_moved_into_another_pool_changes_pool_and_lane() -> None:
    def move(root: etree._Element) -> None:
        collaboration = by_id(root, "Collaboration_1")
        process = etree.SubElement(root, B + "process", id="Process_Kammer")
        collaboration.remove(by_id(root, "Pool_Beteiligte"))
        participant = etree.Element(B + "participant", id="Pool_Beteiligte",
                                    name="Beteiligte Stellen", processRef="Process_Kammer")
        collaboration.insert(2, participant)
        for ref in list(root.iter(B + "flowNodeRef")):
            if ref.text == "Task_Uebermitteln":
                parent = ref.getparent()
                assert parent is not None
                parent.remove(ref)
        task = by_id(root, "Task_Uebermitteln")
        parent = task.getparent()
        assert parent is not None
        parent.remove(task)
        process.append(task)

    result = compare(GEWERBE, move)
    change = next(c for c in result.changed if c.id == "Task_Uebermitteln")
    texts = [c.text for c in change.changes]
    assert "Verantwortung geändert: Lane 'Sachbearbeitung Gewerbe' → keine Lane" in texts
    assert ("Verantwortung geändert: Pool 'Ordnungsamt – Gewerbeangelegenheiten' → "
            "'Beteiligte Stellen'") in texts
    assert [info.id for info in result.added] == ["Process_Kammer"]


def test_condition_and_default_flow() -> None:
    def edit(root: etree._Element) -> None:
        gateway = by_id(root, "Gateway_Vollstaendig")
        gateway.set("default", "Flow_Ja")
        condition = etree.SubElement(by_id(root, "Flow_Nein"), B + "conditionExpression")
        condition.text = "${unterlagenVollstaendig == false}"

    result = compare(GEWERBE, edit)
    changes = {c.id: [p.text for p in c.changes] for c in result.changed}
    assert changes == {
        "Gateway_Vollstaendig": [
            "Standardfluss hinzugefügt: Sequenzfluss 'ja' (Flow_Ja)"],
        "Flow_Nein": ["Bedingung hinzugefügt: '${unterlagenVollstaendig == false}'"],
    }


def test_changed_condition_and_default_in_a_miwg_model() -> None:
    path = MIWG / "A.2.1.bpmn"
    root = etree.fromstring(path.read_bytes())
    gateway = by_name(root, "exclusiveGateway", "Gateway\r\n(Split Flow)")
    old_default = gateway.get("default")
    outgoing = [f for f in root.iter(B + "sequenceFlow") if f.get("sourceRef") == gateway.get("id")]
    other = next(f for f in outgoing if f.get("id") != old_default)
    condition = other.find(B + "conditionExpression")
    assert condition is not None and not condition.text  # empty, with a language attribute

    def edit(root: etree._Element) -> None:
        by_id(root, str(gateway.get("id"))).set("default", str(other.get("id")))
        cond = by_id(root, str(other.get("id"))).find(B + "conditionExpression")
        assert cond is not None
        cond.text = "betrag > 1000"

    result = compare(path, edit)
    by_element = {c.id: c for c in result.changed}
    default_change = by_element[str(gateway.get("id"))].changes
    assert [(c.property, c.old, c.new) for c in default_change] == [
        ("default", old_default, other.get("id"))]
    assert default_change[0].text.startswith("Standardfluss geändert: Sequenzfluss")
    cond_change = by_element[str(other.get("id"))].changes
    assert [(c.property, c.old, c.new, c.text) for c in cond_change] == [
        ("conditionExpression", None, "betrag > 1000", "Bedingung hinzugefügt: 'betrag > 1000'")]


def test_timer_details_are_semantic() -> None:
    path = MIWG / "C.9.1.bpmn"

    def edit(root: etree._Element) -> None:
        duration = by_id(root, "BoundaryEvent_2").find(f"{B}timerEventDefinition/{B}timeDuration")
        assert duration is not None and duration.text == "P7D"
        duration.text = "P14D"

    change = only_change(compare(path, edit))
    assert change.id == "BoundaryEvent_2"
    assert [c.text for c in change.changes] == ["Zeitgeber (Dauer) geändert: 'P7D' → 'P14D'"]
    assert change.old.label == "Angeheftetes Ereignis '1 week' (BoundaryEvent_2)"


def test_event_definition_kind_change() -> None:
    def edit(root: etree._Element) -> None:
        event = by_id(root, "Event_Nachgereicht")
        definition = by_id(root, "MessageEventDefinition_Nachgereicht")
        event.remove(definition)
        timer = etree.SubElement(event, B + "timerEventDefinition", id="Timer_1")
        etree.SubElement(timer, B + "timeDuration").text = "P14D"

    change = only_change(compare(GEWERBE, edit))
    assert [c.text for c in change.changes] == [
        "Ereignisart geändert: Nachricht → Zeitgeber",
        "Zeitgeber (Dauer) hinzugefügt: 'P14D'",
    ]


def test_documentation_text_is_semantic_but_not_its_line_breaks() -> None:
    def document(root: etree._Element) -> None:
        doc = etree.Element(B + "documentation")
        doc.text = "Prüfung nach\n    § 14 GewO"
        by_id(root, "Task_Pruefen").insert(0, doc)

    change = only_change(compare(GEWERBE, document))
    assert [c.text for c in change.changes] == [
        "Dokumentation hinzugefügt: 'Prüfung nach § 14 GewO'"]

    base = edited(GEWERBE, document)

    def reflow(root: etree._Element) -> None:
        document(root)
        doc = by_id(root, "Task_Pruefen")[0]
        doc.text = "Prüfung nach § 14\nGewO"

    assert not diff_models(base, edited(GEWERBE, reflow), old_file="a",
                           new_file="b").has_differences


def test_type_change_task_to_user_task() -> None:
    def retype(root: etree._Element) -> None:
        by_id(root, "Task_Gebuehr").tag = B + "userTask"

    change = only_change(compare(GEWERBE, retype))
    assert [c.text for c in change.changes] == ["Typ geändert: Aufgabe → Benutzeraufgabe"]


def test_extension_elements_ignored_unless_asked() -> None:
    path = MIWG / "A.2.1.bpmn"

    def edit(root: etree._Element) -> None:
        ext = next(root.iter(B + "extensionElements"))
        target = next(el for el in ext.iter() if isinstance(el.tag, str) and el.attrib
                      and not el.tag.startswith(B))
        name = next(iter(target.attrib))
        target.set(name, target.get(name, "") + "-geändert")
        # and a vendor attribute on a task
        by_name(root, "task", "Task 2").set("{http://example.org/adonis}farbe", "rot")

    plain = compare(path, edit)
    assert not plain.has_differences
    assert plain.notes and "--mit-erweiterungen" in plain.notes[0]
    with_ext = compare(path, edit, extensions=True)
    assert with_ext.has_differences
    properties = [c.property for change in with_ext.changed for c in change.changes]
    assert any(p.startswith("extensionElements/") for p in properties), properties
    assert any(p.endswith("farbe") for p in properties), properties


def test_bpmn_defaults_and_rewrapped_labels_are_no_change() -> None:
    def edit(root: etree._Element) -> None:
        by_id(root, "Task_Gebuehr").set("completionQuantity", "1")
        by_id(root, "Task_Gebuehr").set("isForCompensation", "false")
        by_id(root, "Flow_Ja").set("name", "  ja ")
        pruefen = by_id(root, "Task_Pruefen")
        pruefen.set("name", "Gewerbeanmeldung auf\nVollständigkeit prüfen")
        timer_id = by_id(root, "MessageEventDefinition_Eingang")
        timer_id.set("id", "MessageEventDefinition_0x7f")  # sub-element ids are regenerated

    assert not compare(GEWERBE, edit).has_differences


def test_added_and_removed_elements_in_flow_order() -> None:
    def edit(root: etree._Element) -> None:
        process = by_id(root, "Process_Gewerbeanmeldung")
        # a new step between Gebühr and Bestätigung
        etree.SubElement(process, B + "task", id="Task_Bezahlt", name="Zahlungseingang prüfen")
        flow = by_id(root, "Flow_Festgesetzt")
        flow.set("targetRef", "Task_Bezahlt")
        etree.SubElement(process, B + "sequenceFlow", id="Flow_Bezahlt",
                         sourceRef="Task_Bezahlt", targetRef="Task_Bestaetigen")
        # the Nachforderung loop removed: nein goes straight back
        for gone in ("Task_Nachfordern", "Flow_Nachgefordert", "MessageFlow_Nachforderung"):
            el = by_id(root, gone)
            parent = el.getparent()
            assert parent is not None
            parent.remove(el)
        by_id(root, "Flow_Nein").set("targetRef", "Event_Nachgereicht")

    result = compare(GEWERBE, edit)
    assert [i.id for i in result.added] == ["Task_Bezahlt", "Flow_Bezahlt"]
    assert [i.id for i in result.removed] == [
        "Task_Nachfordern", "Flow_Nachgefordert", "MessageFlow_Nachforderung"]
    listing = [(e.kind, e.element.id) for e in result.entries()]
    # flow order: the Nein branch (removed task) comes before the Ja branch's Gebühr step,
    # the new task right after the flow that now leads to it; message flows at the end
    assert listing == [
        ("changed", "Flow_Nein"),
        ("removed", "Task_Nachfordern"),
        ("removed", "Flow_Nachgefordert"),
        ("changed", "Flow_Festgesetzt"),
        ("added", "Task_Bezahlt"),
        ("added", "Flow_Bezahlt"),
        ("removed", "MessageFlow_Nachforderung"),
    ]
    nein = next(c for c in result.changed if c.id == "Flow_Nein")
    assert [c.text for c in nein.changes] == [
        "Ziel geändert: Sendeaufgabe 'Fehlende Unterlagen nachfordern' (Task_Nachfordern) → "
        "Zwischenereignis (eintretend) 'Unterlagen nachgereicht' (Event_Nachgereicht)"]


def test_flow_order_follows_the_sequence_flows_not_the_document() -> None:
    def rename_all(root: etree._Element) -> None:
        process = by_id(root, "Process_Gewerbeanmeldung")
        nodes = [el for el in process if el.get("name") and "Flow" not in str(el.get("id"))]
        for el in nodes:
            el.set("name", str(el.get("name")) + " (neu)")
        # reverse the document order of the flow nodes: the listing must not care
        for el in nodes:
            process.remove(el)
        for el in reversed(nodes):
            process.insert(1, el)

    result = compare(GEWERBE, rename_all)
    assert [c.id for c in result.changed] == [
        "Start_Eingang", "Task_Pruefen", "Gateway_Vollstaendig", "Task_Nachfordern",
        "Task_Erfassen", "Event_Nachgereicht", "Task_Gebuehr", "Task_Bestaetigen",
        "Task_Uebermitteln", "End_Abgeschlossen",
    ]


def test_duplicate_ids_are_noted() -> None:
    def duplicate(root: etree._Element) -> None:
        by_id(root, "Task_Gebuehr").set("id", "Task_Erfassen")

    result = compare(GEWERBE, duplicate)
    assert any("Task_Erfassen" in note and "mehrfach" in note for note in result.notes)
    assert [i.id for i in result.removed] == ["Task_Gebuehr"]
    # the second element with the id is not compared as part of its process either
    assert "Process_Gewerbeanmeldung" not in {c.id for c in result.changed}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x "y">]>\n<d>&x;</d>', "DOCTYPE"),
        ((MODDLE_ERRORS / "not-bpmn.bpmn").read_bytes(), "Wurzelelement"),
        (b"<bpmn:definitions xmlns:bpmn='http://www.omg.org/spec/BPMN/20100524/MODEL'>"
         b"<bpmn:process id='P'>", "nicht wohlgeformt"),
    ],
    ids=["doctype-entity", "not-bpmn", "truncated"],
)
def test_unreadable_model_is_a_german_error_naming_the_file(raw: bytes, expected: str) -> None:
    with pytest.raises(ModelUnreadable) as info:
        diff_models(GEWERBE.read_bytes(), raw, old_file="alt.bpmn", new_file="neu.bpmn")
    message = str(info.value)
    assert message.startswith("neu.bpmn")
    assert expected in message
    assert "verglichen" in message


def test_drawn_data_output_is_an_element_of_its_own() -> None:
    """C.8.1 draws a process's dataOutput as a shape: moving it is its layout change,
    renaming it a change of that data output, not of the whole process."""
    path = MIWG / "C.8.1.bpmn"
    root = etree.fromstring(path.read_bytes())
    outputs = {el.get("id"): el for el in root.iter(B + "dataOutput")}
    drawn = next(di.get("bpmnElement") for di in root.iter(BPMNDI + "BPMNShape")
                 if di.get("bpmnElement") in outputs)
    assert drawn is not None

    def move(root: etree._Element) -> None:
        bounds = shape(root, drawn)
        bounds.set("x", str(float(bounds.get("x", "0")) + 25))

    result = compare(path, move)
    assert [(i.id, i.type) for i in result.layout_changed] == [(drawn, "dataOutput")]
    assert result.layout_changed[0].label.startswith("Datenausgabe '")

    def rename(root: etree._Element) -> None:
        by_id(root, drawn).set("name", "Begründung")

    change = only_change(compare(path, rename))
    assert change.id == drawn
    assert [c.property for c in change.changes] == ["name"]


def test_wrong_case_element_is_read_as_bpmn_means_it() -> None:
    """``<bpmn:Task>`` (bpmnlint and validate read it as a task, PK-B004) equals ``<bpmn:task>``
    and can be renamed like any task."""
    raw = GEWERBE.read_bytes()
    start = raw.index(b'<bpmn:task id="Task_Gebuehr"')
    end = raw.index(b"</bpmn:task>", start) + len(b"</bpmn:task>")
    block = raw[start:end].replace(b"<bpmn:task ", b"<bpmn:Task ").replace(
        b"</bpmn:task>", b"</bpmn:Task>")
    wrong = raw[:start] + block + raw[end:]
    result = diff_models(raw, wrong, old_file="a", new_file="b")
    assert not result.has_differences, [e.element.label for e in result.entries()]
    renamed = wrong.replace(b'festsetzen"', b'berechnen"')
    change = only_change(diff_models(raw, renamed, old_file="a", new_file="b"))
    assert (change.id, change.old.type) == ("Task_Gebuehr", "task")


EMPTY = (b'<?xml version="1.0" encoding="UTF-8"?>\n<definitions '
         b'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x"/>\n')


def test_every_element_type_of_the_corpus_has_a_german_name() -> None:
    """Finding 11.4: resource, globalUserTask, choreography … were shown by their XML names."""
    from prozesskit.diff.wording import TYPE_NAMES

    english: dict[str, str] = {}
    for path in sorted((CORPUS / "bpmn").rglob("*.bpmn")):
        try:
            result = diff_models(EMPTY, path.read_bytes(), old_file="leer.bpmn", new_file="b")
        except ModelUnreadable:
            continue
        for element in result.added:
            if element.type not in TYPE_NAMES:
                english.setdefault(element.type, path.name)
    assert english == {}
    raw = (MODDLE_ERRORS.parent / "choreography-task.bpmn").read_bytes()
    labels = [e.label for e in diff_models(EMPTY, raw, old_file="a", new_file="b").added]
    assert "Choreographie 'Default Choreography' (Choreography_1)" in labels
    b20 = diff_models(EMPTY, (MIWG / "B.2.0.bpmn").read_bytes(), old_file="a", new_file="b")
    assert any(e.label.startswith("Globale Benutzeraufgabe '") for e in b20.added)


def test_a_type_without_a_german_name_reads_as_an_element() -> None:
    from prozesskit.diff.wording import type_name

    assert type_name("globalUserTask") == "Globale Benutzeraufgabe"
    assert type_name("vendorThing") == "Element <vendorThing>"
