"""Every MIWG reference model renders, and each SVG draws exactly what the model's DI
shows: per diagram, the number of elements of each BPMN type, counted here straight from
the XML (not through the renderer's DI reader)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from helpers import CORPUS
from prozesskit.render import render_model

MIWG = CORPUS / "bpmn" / "miwg-reference"
MODELS = sorted(MIWG.glob("*.bpmn"))
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
SVG = "{http://www.w3.org/2000/svg}"
#: the types the issue names (and what else the MIWG models draw)
TYPES = {
    "task", "userTask", "serviceTask", "sendTask", "receiveTask", "manualTask",
    "businessRuleTask", "scriptTask", "subProcess", "callActivity", "transaction",
    "adHocSubProcess", "startEvent", "endEvent", "intermediateCatchEvent",
    "intermediateThrowEvent", "boundaryEvent", "exclusiveGateway", "parallelGateway",
    "inclusiveGateway", "eventBasedGateway", "complexGateway", "sequenceFlow", "messageFlow",
    "lane", "participant", "dataObjectReference", "dataStoreReference", "textAnnotation",
    "group", "association", "dataInputAssociation", "dataOutputAssociation",
}


def _semantic(root: etree._Element) -> dict[str, str]:
    return {el.get("id", ""): etree.QName(el).localname for el in root.iter(f"{{{BPMN}}}*")
            if el.get("id")}


def _expected_per_diagram(root: etree._Element) -> list[Counter[str]]:
    """What each BPMNDiagram shows, by the type of the element each DI item points at."""
    semantic = _semantic(root)
    result = []
    for diagram in root.iter(f"{{{BPMNDI}}}BPMNDiagram"):
        counts: Counter[str] = Counter()
        for item in diagram.iter(f"{{{BPMNDI}}}BPMNShape", f"{{{BPMNDI}}}BPMNEdge"):
            kind = semantic.get(item.get("bpmnElement", ""))
            if kind is not None:
                counts[kind] += 1
        if counts:
            result.append(counts)
    return result


def _drawn(svg: str) -> Counter[str]:
    tree = etree.fromstring(svg.encode("utf-8"))
    return Counter(g.get("data-bpmn-type") for g in tree.iter(f"{SVG}g"))


def test_the_reference_models_are_all_here() -> None:
    assert len(MODELS) == 21


@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.stem)
def test_each_svg_draws_the_models_elements_by_type(model: Path) -> None:
    raw = model.read_bytes()
    root = etree.fromstring(raw)
    drawn = render_model(raw, model.name)
    expected = _expected_per_diagram(root)
    assert len(drawn) == len(expected) >= 1
    for diagram, counts in zip(drawn, expected, strict=True):
        assert _drawn(diagram.svg) == counts, diagram.name
    # and across the file: every element of the named types that has DI is drawn
    semantic = _semantic(root)
    with_di = {item.get("bpmnElement") for item in
               root.iter(f"{{{BPMNDI}}}BPMNShape", f"{{{BPMNDI}}}BPMNEdge")}
    model_types = Counter(kind for ident, kind in semantic.items()
                          if kind in TYPES and ident in with_di)
    drawn_ids: dict[str, str] = {}
    for diagram in drawn:
        for g in etree.fromstring(diagram.svg.encode()).iter(f"{SVG}g"):
            drawn_ids[g.get("data-bpmn-id", "")] = g.get("data-bpmn-type", "")
    assert Counter(k for k in drawn_ids.values() if k in TYPES) == model_types


def test_elements_without_di_are_the_only_ones_missing() -> None:
    """B.2.0's called global process has no DI: its three nodes and two flows are absent
    from the drawing, everything else of the model is there."""
    model = MIWG / "B.2.0.bpmn"
    raw = model.read_bytes()
    root = etree.fromstring(raw)
    semantic = {i: k for i, k in _semantic(root).items() if k in TYPES}
    drawn = {g.get("data-bpmn-id") for d in render_model(raw, model.name)
             for g in etree.fromstring(d.svg.encode()).iter(f"{SVG}g")}
    missing = Counter(kind for ident, kind in semantic.items() if ident not in drawn)
    assert missing == Counter({"startEvent": 1, "task": 1, "endEvent": 1, "sequenceFlow": 2})


@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.stem)
def test_svg_is_xml_with_an_id_per_element_and_titles(model: Path) -> None:
    raw = model.read_bytes()
    ids = set(_semantic(etree.fromstring(raw)))
    for diagram in render_model(raw, model.name):
        tree = etree.fromstring(diagram.svg.encode("utf-8"))
        assert tree.get("role") == "img"
        assert tree.find(f"{SVG}title") is not None
        assert tree.find(f"{SVG}desc") is not None
        groups = list(tree.iter(f"{SVG}g"))
        assert groups
        for g in groups:
            assert g.get("id") in ids, g.get("id")
            title = g.find(f"{SVG}title")
            assert title is not None and title.text
        seen = [g.get("id") for g in groups]
        assert len(seen) == len(set(seen))


def test_rendering_is_deterministic() -> None:
    for model in (MIWG / "B.2.0.bpmn", MIWG / "C.4.0.bpmn", MIWG / "A.4.1.bpmn"):
        raw = model.read_bytes()
        first = [d.svg.encode() for d in render_model(raw, model.name)]
        again = [d.svg.encode() for d in render_model(raw, model.name)]
        assert first == again


def test_several_diagrams_become_several_svgs() -> None:
    drawn = render_model((MIWG / "C.4.0.bpmn").read_bytes(), "C.4.0.bpmn")
    assert [d.name for d in drawn] == ["Onboarding employee", "IT", "Payroll", "Facilities"]
    assert len({d.svg for d in drawn}) == 4


def test_vertical_pools_and_lanes_have_their_band_on_top() -> None:
    """A.4.1 (as FIM exports do) lays pools out vertically: the header band is a
    horizontal line 30 px below the top, and the name is not turned."""
    raw = (MIWG / "A.4.1.bpmn").read_bytes()
    root = etree.fromstring(raw)
    svg = etree.fromstring(render_model(raw, "A.4.1.bpmn")[0].svg.encode())
    vertical = [s for s in root.iter(f"{{{BPMNDI}}}BPMNShape")
                if s.get("isHorizontal") == "false"]
    assert len(vertical) == 5  # two pools, three lanes
    for shape in vertical:
        bounds = shape[0]
        x, y, w = (float(bounds.get(k, "0")) for k in ("x", "y", "width"))
        g = svg.find(f".//{SVG}g[@data-bpmn-id='{shape.get('bpmnElement')}']")
        assert g is not None
        band = [p.get("d") for p in g.iter(f"{SVG}path")]
        assert f"M{round(x, 2):g} {round(y + 30, 2):g} H{round(x + w, 2):g}" in band
        text = g.find(f"{SVG}text")
        assert text is not None and text.get("transform") is None


def test_horizontal_pool_name_is_turned_in_its_band() -> None:
    raw = (MIWG / "B.2.0.bpmn").read_bytes()
    svg = etree.fromstring(render_model(raw, "B.2.0.bpmn")[0].svg.encode())
    pools = [g for g in svg.iter(f"{SVG}g") if g.get("data-bpmn-type") == "participant"]
    assert len(pools) == 2
    for g in pools:
        text = g.find(f"{SVG}text")
        assert text is not None and (text.get("transform") or "").startswith("rotate(-90")


@pytest.mark.parametrize("name", ["A.4.1", "B.2.0", "C.3.0"])
def test_readme_examples_are_what_render_draws_today(name: str) -> None:
    """docs/render/ shows the renderer's current output next to the reference pictures."""
    from helpers import REPO

    shown = (REPO / "docs" / "render" / f"{name}.svg").read_text(encoding="utf-8")
    assert (REPO / "docs" / "render" / f"{name}.referenz.png").is_file()
    model = MIWG / f"{name}.bpmn"
    assert shown == render_model(model.read_bytes(), str(model))[0].svg


def test_every_corpus_model_renders_or_says_why() -> None:
    """The 164 third-party models (vendor exports, parser edge cases, fragments): each
    is drawn as well-formed SVG or refused with a RenderError, never a crash."""
    from prozesskit.render import RenderError

    outcomes = {"drawn": 0, "refused": 0}
    for model in sorted(CORPUS.rglob("*.bpmn")):
        try:
            drawn = render_model(model.read_bytes(), model.name)
        except RenderError as exc:
            assert str(exc).startswith(model.name)
            outcomes["refused"] += 1
            continue
        for diagram in drawn:
            etree.fromstring(diagram.svg.encode("utf-8"))
        outcomes["drawn"] += 1
    assert outcomes["drawn"] >= 90 and outcomes["refused"] >= 10, outcomes
