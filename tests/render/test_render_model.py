"""The renderer on small models written here: escaping, bad DI, the notation details the
issue names (exclusive marker, boundary events, default and conditional flows)."""

from __future__ import annotations

import pytest
from lxml import etree

from prozesskit.render import RenderError, render_model
from prozesskit.render.fonts import text_width, wrap

SVG = "{http://www.w3.org/2000/svg}"
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
        'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
        'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="d">')


def _model(process: str, shapes: str) -> bytes:
    return (f'{HEAD}<process id="p">{process}</process><bpmndi:BPMNDiagram id="dia">'
            f'<bpmndi:BPMNPlane id="pl" bpmnElement="p">{shapes}</bpmndi:BPMNPlane>'
            '</bpmndi:BPMNDiagram></definitions>').encode()


def _shape(ref: str, x: float | str, y: float, w: float, h: float, extra: str = "") -> str:
    return (f'<bpmndi:BPMNShape id="{ref}_di" bpmnElement="{ref}"{extra}>'
            f'<dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}"/></bpmndi:BPMNShape>')


def _edge(ref: str, *pts: tuple[float, float]) -> str:
    wps = "".join(f'<di:waypoint x="{x}" y="{y}"/>' for x, y in pts)
    return f'<bpmndi:BPMNEdge id="{ref}_di" bpmnElement="{ref}">{wps}</bpmndi:BPMNEdge>'


def _group(svg: str, ident: str) -> etree._Element:
    tree = etree.fromstring(svg.encode())
    found = tree.find(f".//{SVG}g[@data-bpmn-id='{ident}']")
    assert found is not None, ident
    return found


def test_hostile_names_and_documentation_stay_text() -> None:
    raw = _model(
        '<task id="t" name="&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;">'
        "<documentation>&lt;img src=x onerror=alert(1)&gt;</documentation></task>",
        _shape("t", 0, 0, 100, 80),
    )
    svg = render_model(raw, "m.bpmn")[0].svg
    assert "<script" not in svg and "<img" not in svg
    tree = etree.fromstring(svg.encode())
    assert not list(tree.iter("{*}script"))
    g = _group(svg, "t")
    assert g.findtext(f"{SVG}title") == "Aufgabe „<script>alert(1)</script> & \"x\"“"
    assert g.findtext(f"{SVG}desc") == "<img src=x onerror=alert(1)>"
    assert "".join(g.find(f"{SVG}text").itertext()).startswith("<script>")  # type: ignore[union-attr]


def test_model_without_di_is_a_german_error() -> None:
    raw = f'{HEAD}<process id="p"><task id="t"/></process></definitions>'.encode()
    with pytest.raises(RenderError) as caught:
        render_model(raw, "ohne-layout.bpmn")
    assert str(caught.value).startswith("ohne-layout.bpmn: Das Modell enthält kein "
                                        "Diagramm-Layout (BPMN-DI")


def test_di_that_points_nowhere_counts_as_no_di() -> None:
    raw = _model('<task id="t"/>', _shape("gibt-es-nicht", 0, 0, 100, 80))
    with pytest.raises(RenderError, match="kein Diagramm-Layout"):
        render_model(raw, "m.bpmn")


def test_broken_xml_is_refused_not_drawn_from_a_guess() -> None:
    raw = _model('<task id="t" name="a"/>', _shape("t", 0, 0, 100, 80))[:-30]
    with pytest.raises(RenderError) as caught:
        render_model(raw, "kaputt.bpmn")
    message = str(caught.value)
    assert message.startswith("kaputt.bpmn:")
    assert "nicht wohlgeformt" in message and "fehlerfreiem XML" in message
    assert "reparierten Lesung" not in message


def test_doctype_is_refused_like_everywhere() -> None:
    raw = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + _model("", "")[39:]
    with pytest.raises(RenderError, match="DOCTYPE"):
        render_model(raw, "m.bpmn")


def test_coordinates_that_are_not_numbers_drop_the_shape() -> None:
    raw = _model('<task id="a" name="A"/><task id="b" name="B"/>',
                 _shape("a", 0, 0, 100, 80) + _shape("b", "nan", 0, 100, 80)
                 + _shape("b", 1e300, 0, 100, 80))
    svg = render_model(raw, "m.bpmn")[0].svg
    assert "nan" not in svg and "inf" not in svg
    types = [g.get("data-bpmn-id") for g in etree.fromstring(svg.encode()).iter(f"{SVG}g")]
    assert types == ["a"]


def test_exclusive_marker_only_where_the_di_says_so() -> None:
    raw = _model('<exclusiveGateway id="x1"/><exclusiveGateway id="x2"/>',
                 _shape("x1", 0, 0, 50, 50, ' isMarkerVisible="true"')
                 + _shape("x2", 100, 0, 50, 50))
    svg = render_model(raw, "m.bpmn")[0].svg
    assert len(list(_group(svg, "x1").iter(f"{SVG}path"))) == 2  # diamond + X
    assert len(list(_group(svg, "x2").iter(f"{SVG}path"))) == 1  # diamond only


def test_boundary_events_double_and_dashed_when_non_interrupting() -> None:
    raw = _model(
        '<task id="t"/><boundaryEvent id="b1" attachedToRef="t"><timerEventDefinition/>'
        '</boundaryEvent><boundaryEvent id="b2" attachedToRef="t" cancelActivity="false">'
        "<messageEventDefinition/></boundaryEvent>",
        _shape("t", 0, 0, 100, 80) + _shape("b1", 10, 62, 36, 36) + _shape("b2", 60, 62, 36, 36),
    )
    svg = render_model(raw, "m.bpmn")[0].svg
    for ident, dashed in (("b1", False), ("b2", True)):
        circles = list(_group(svg, ident).iter(f"{SVG}circle"))
        assert len(circles) == 2
        assert all((c.get("stroke-dasharray") is not None) == dashed for c in circles)
        assert list(_group(svg, ident).iter(f"{SVG}path"))  # the event definition marker


def test_end_events_are_thick() -> None:
    raw = _model('<startEvent id="s"/><endEvent id="e"/>',
                 _shape("s", 0, 0, 36, 36) + _shape("e", 100, 0, 36, 36))
    svg = render_model(raw, "m.bpmn")[0].svg
    start = _group(svg, "s").find(f"{SVG}circle")
    end = _group(svg, "e").find(f"{SVG}circle")
    assert start is not None and end is not None
    assert float(end.get("stroke-width", "0")) > float(start.get("stroke-width", "0"))


def test_default_flow_slash_and_conditional_diamond() -> None:
    raw = _model(
        '<task id="t" default="f1"/><task id="u"/><task id="v"/>'
        '<sequenceFlow id="f1" sourceRef="t" targetRef="u"/>'
        '<sequenceFlow id="f2" sourceRef="t" targetRef="v">'
        "<conditionExpression>x</conditionExpression></sequenceFlow>",
        _shape("t", 0, 0, 100, 80) + _shape("u", 200, 0, 100, 80) + _shape("v", 200, 150, 100, 80)
        + _edge("f1", (100, 40), (200, 40)) + _edge("f2", (50, 80), (50, 190), (200, 190)),
    )
    svg = render_model(raw, "m.bpmn")[0].svg
    default = _group(svg, "f1")
    assert list(default.iter(f"{SVG}path"))  # the slash
    assert len(list(default.iter(f"{SVG}polygon"))) == 1  # arrowhead only
    conditional = _group(svg, "f2")
    assert len(list(conditional.iter(f"{SVG}polygon"))) == 2  # diamond and arrowhead


def test_message_flow_dashed_with_circle_and_open_arrow() -> None:
    raw = (f'{HEAD}<collaboration id="c"><participant id="a" processRef="p"/>'
           '<participant id="b"/><messageFlow id="m" sourceRef="a" targetRef="b"/>'
           '</collaboration><process id="p"/><bpmndi:BPMNDiagram id="dia">'
           '<bpmndi:BPMNPlane id="pl" bpmnElement="c">'
           + _shape("a", 0, 0, 600, 200, ' isHorizontal="true"')
           + _shape("b", 0, 300, 600, 100, ' isHorizontal="true"')
           + _edge("m", (100, 200), (100, 300))
           + "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></definitions>").encode()
    svg = render_model(raw, "m.bpmn")[0].svg
    g = _group(svg, "m")
    line = g.find(f"{SVG}polyline")
    assert line is not None and line.get("stroke-dasharray")
    assert g.find(f"{SVG}circle") is not None
    head = g.find(f"{SVG}polygon")
    assert head is not None and head.get("fill") == "#ffffff"


def test_collapsed_subprocess_has_plus_and_call_activity_is_thick() -> None:
    raw = _model('<subProcess id="s"><task id="inner"/></subProcess><callActivity id="c"/>',
                 _shape("s", 0, 0, 100, 80, ' isExpanded="false"') + _shape("c", 200, 0, 100, 80))
    svg = render_model(raw, "m.bpmn")[0].svg
    assert any("M0 -4.5 V4.5" in (p.get("d") or "") for p in _group(svg, "s").iter(f"{SVG}path"))
    border = _group(svg, "c").find(f"{SVG}rect")
    assert border is not None and float(border.get("stroke-width", "0")) >= 4


def test_id_prefix_keeps_bare_id_in_data_attribute() -> None:
    raw = _model('<task id="t"/>', _shape("t", 0, 0, 100, 80))
    svg = render_model(raw, "m.bpmn", id_prefix="ist-")[0].svg
    g = _group(svg, "t")
    assert g.get("id") == "ist-t"


def test_wrapped_text_fits_the_width() -> None:
    text = "Antrag auf Erteilung einer Gewerbeerlaubnis nach § 34c GewO prüfen"
    lines = wrap(text, 120, 12)
    assert len(lines) > 1
    assert all(text_width(line, 12) <= 120 for line in lines)
    assert " ".join(lines) == text
    word = "Donaudampfschifffahrtsgesellschaftskapitän"
    long = wrap(word, 60, 12)
    assert len(long) > 2 and all(part.endswith("-") for part in long[:-1])
    assert "".join(part.rstrip("-") for part in long) == word
    assert all(text_width(p, 12) <= 60 for p in long)
    # a compound a little wider than the line stays whole (no "Gewerbeanmeld-ung")
    assert text_width("Gewerbeanmeldung", 11) > 90
    assert wrap("Gewerbeanmeldung eingegangen", 90, 11) == ["Gewerbeanmeldung", "eingegangen"]


def test_widths_follow_the_font_metrics() -> None:
    assert text_width("i", 10) < text_width("m", 10) < text_width("W", 10)
    assert text_width("Ä", 1000) == text_width("A", 1000)
    assert text_width("漢", 1000) == 1000
