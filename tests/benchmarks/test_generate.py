"""The benchmark's synthetic register is valid input: Steckbriefe pass the model, ids unique."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from lxml import etree

from benchmarks import bpmn_copy
from benchmarks import generate as gen
from prozesskit.model.register import Manifest
from prozesskit.model.steckbrief import Steckbrief

XSD = gen.XSD


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> gen.Register:
    out = tmp_path_factory.mktemp("bench") / "register"
    return gen.generate(60, 25, out, seed=7, git=False, blueprint_dirs=())


def test_steckbriefe_validate_against_model(register: gen.Register) -> None:
    assert len(register.steckbriefe) == 60
    for path in register.steckbriefe:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        brief = Steckbrief.model_validate(data)
        assert path.name == f"{brief.id}.yaml"
        assert 30 <= len(path.read_text(encoding="utf-8").splitlines()) <= 60


def test_steckbriefe_read_the_same_as_yaml_1_2(register: gen.Register) -> None:
    """prozesskit reads with ruamel (YAML 1.2): codes like '09' must stay text."""
    from ruamel.yaml import YAML

    reader = YAML(typ="safe", pure=True)
    for path in register.steckbriefe:
        data = reader.load(path.read_text(encoding="utf-8"))
        assert data == yaml.safe_load(path.read_text(encoding="utf-8"))
        Steckbrief.model_validate(data)


def test_number_like_strings_quoted() -> None:
    text = gen.dump_steckbrief({"bereich": "09", "produkt": "11.01.01", "name": "Hund 1"})
    assert text == "bereich: '09'\nprodukt: '11.01.01'\nname: Hund 1\n"


def test_names_unique_when_catalogue_repeats(register: gen.Register) -> None:
    names = [yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in register.steckbriefe]
    assert len(set(names)) == len(names)


def test_blaupausen_catalogue_entries_validate(tmp_path: Path) -> None:
    assert gen.load_blueprints()
    reg = gen.generate(40, 2, tmp_path / "r", seed=3, git=False)
    assert reg.quelle == "blaupausen"
    for path in reg.steckbriefe:
        Steckbrief.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_manifest_validates(register: gen.Register) -> None:
    Manifest.model_validate(yaml.safe_load((register.root / "prozesskit.yaml").read_text()))


def test_model_references_resolve(register: gen.Register) -> None:
    referenced = set()
    for path in register.steckbriefe:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        referenced.update(m["datei"] for m in data.get("modelle", []))
    assert len(register.modelle) == 25
    assert referenced == {p.relative_to(register.root).as_posix() for p in register.modelle}


def test_models_are_xsd_valid_with_unique_ids(register: gen.Register) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    ids: Counter[str] = Counter()
    for path in register.modelle:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        assert schema.validate(tree), (path, schema.error_log.last_error)
        # a set per file: one MIWG original repeats an id inside itself; copies must not share
        ids.update({el.get("id") for el in tree.iter() if isinstance(el.tag, str) and el.get("id")})
    assert ids and max(ids.values()) == 1


def test_main_process_named_like_steckbrief(register: gen.Register) -> None:
    for path in register.steckbriefe:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for modell in data.get("modelle", []):
            root = etree.parse(str(register.root / modell["datei"])).getroot()
            names = {p.get("name") for p in root.iterfind("{*}process")}
            assert data["name"] in names


def test_xml_declaration_and_encoding_kept(register: gen.Register) -> None:
    sources = sorted(gen.MIWG_DIR.glob("*.bpmn"))
    for src, copy in zip(sources, register.modelle, strict=False):
        head_src, head_copy = src.read_bytes()[:60], copy.read_bytes()[:60]
        assert head_src.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml") == head_copy.startswith(
            b"<?xml")
        if b"ISO-8859-1" in head_src.upper():
            assert b"ISO-8859-1" in head_copy.upper()


def test_prefix_ids_rewrites_attributes_and_text() -> None:
    root = etree.fromstring(
        b'<d xmlns:t="urn:x"><task id="a"><outgoing>f</outgoing></task>'
        b'<seq id="f" sourceRef="a" targetRef="t:b"/><end id="b" name="a"/>'
        b'<lane id="l"><flowNodeRef>a</flowNodeRef></lane><shape bpmnElement="a"/></d>')
    assert bpmn_copy.prefix_ids(root, "p_") == 4
    assert etree.tostring(root) == (
        b'<d xmlns:t="urn:x"><task id="p_a"><outgoing>p_f</outgoing></task>'
        b'<seq id="p_f" sourceRef="p_a" targetRef="t:p_b"/><end id="p_b" name="a"/>'
        b'<lane id="p_l"><flowNodeRef>p_a</flowNodeRef></lane><shape bpmnElement="p_a"/></d>')


def test_blueprint_entries_drop_catalogue_keys(tmp_path: Path) -> None:
    (tmp_path / "k.yaml").write_text(
        "- id: gewerbe\n  name: Gewerbe anmelden\n  produkt: {bereich: '02'}\n"
        "  ebenen: [kreis]\n  je_ebene: {kreis: {}}\n- kein: eintrag\n", encoding="utf-8")
    assert gen.load_blueprints([tmp_path]) == [
        {"id": "gewerbe", "name": "Gewerbe anmelden", "produkt": {"bereich": "02"}}]


def test_model_indices_spread_evenly() -> None:
    assert gen._model_indices(10, 5) == {0, 2, 4, 6, 8}
    assert gen._model_indices(3, 10) == {0, 1, 2}
    assert gen._model_indices(5, 0) == set()
