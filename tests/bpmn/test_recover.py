"""Models bpmnlint reads although they are not well-formed XML, and ``<bpmn:Task>``.

PK-B001 still reports the XML defect as an error (German, with its line); the model is
then linted from a repaired read, with every finding marked, and our bpmnlint rules report
what bpmnlint 11.15.0 reports on the same file (``bpmnlint-11.15.0.json`` beside the files).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from helpers import run_cli
from prozesskit.bpmn import parse as parse_module
from prozesskit.bpmn.casing import casing_problems
from prozesskit.bpmn.model import BpmnModel, index_model
from prozesskit.bpmn.parse import parse_bpmn
from prozesskit.bpmn.recover import REPAIRED_HINT
from prozesskit.bpmn.xsd import xsd_issues
from prozesskit.problem import Level
from prozesskit.rules.bpmn import BPMN_RULE_MODULES
from prozesskit.rules.context import RuleContext

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn-lesbarkeit"
BPMNLINT: dict[str, dict[str, list[str]]] = json.loads(
    (HERE / "bpmnlint-11.15.0.json").read_text("utf-8"))["reports"]
RECOMMENDED = [m for m in BPMN_RULE_MODULES if "empfohlen" in m.PROFILES]

#: file → (line of the XML defect, words its German message must contain)
REPAIRABLE = {
    "praefix-nicht-deklariert.bpmn": (2, "Namensraum-Präfix 'bpmn' (an <bpmn:definitions>) "
                                         "ist nicht deklariert"),
    "bpmnlint-no-bpmndi-valid-no-lanes.bpmn": (4, "Namensraum-Präfix 'bpmn' (an "
                                                  "<bpmn:laneSet>) ist nicht deklariert"),
    "namensraum-uri-mit-leerzeichen.bpmn": (2, "Namensraum-URI 'http://www.ibm.com/xmlns/prod/"
                                               "bpm/process designer' (Präfix 'ext') ist keine "
                                               "gültige URI"),
    "latin1-als-utf8.bpmn": (8, "Bytes, die kein gültiges UTF-8 sind"),
    "xml-deklaration-fehlerhaft.bpmn": (1, "Die XML-Deklaration ist fehlerhaft"),
    "entitaet-ohne-doctype.bpmn": (2, "Namensraum-Präfix 'bpmn'"),
}


def _read(name: str) -> tuple[Any, list[Any]]:
    return parse_bpmn((HERE / name).read_bytes(), name)


def _ours(model: BpmnModel) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for module in RECOMMENDED:
        ids = sorted(str(f.element) for f in module.check(model, None, RuleContext()))
        if ids:
            found[module.BPMNLINT] = ids
    return found


@pytest.mark.parametrize("name", sorted(REPAIRABLE))
def test_xml_defect_is_an_error_and_the_rest_is_linted_like_bpmnlint(name: str) -> None:
    parsed, problems = _read(name)
    line, words = REPAIRABLE[name]
    assert parsed is not None and parsed.repaired
    [defect] = problems
    assert (defect.rule, defect.level, defect.line) == ("PK-B001", Level.ERROR, line)
    assert words in defect.message
    assert "reparierten Lesung" in defect.message
    assert defect.hint
    model = index_model(parsed.root, name)
    assert _ours(model) == BPMNLINT[name]


def test_undeclared_prefix_hint_names_the_declaration() -> None:
    _, [defect] = _read("praefix-nicht-deklariert.bpmn")
    assert 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"' in str(defect.hint)


def test_latin1_names_are_read_with_their_umlauts() -> None:
    parsed, _ = _read("latin1-als-utf8.bpmn")
    assert parsed is not None
    model = index_model(parsed.root, "latin1-als-utf8.bpmn")
    assert model.by_id["Task_1"].get("name") == "Antrag prüfen"


def test_doctype_is_refused_even_when_the_file_is_broken() -> None:
    parsed, [problem] = _read("doctype-und-kaputt.bpmn")
    assert parsed is None
    assert problem.rule == "PK-B001" and "DOCTYPE" in problem.message


def test_repaired_read_expands_no_entity() -> None:
    parsed, _ = _read("entitaet-ohne-doctype.bpmn")
    assert parsed is not None and parsed.repaired
    model = index_model(parsed.root, "entitaet-ohne-doctype.bpmn")
    assert "xxe" not in (model.by_id["Task_2"].get("name") or "x")
    assert b"root:" not in (HERE / "entitaet-ohne-doctype.bpmn").read_bytes()


def test_well_formed_models_never_take_the_recovering_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("recover() on a well-formed model")

    monkeypatch.setattr(parse_module, "recover", fail)
    parsed, problems = _read("task-grossgeschrieben.bpmn")
    assert parsed is not None and not parsed.repaired and problems == []


def test_garbage_is_still_only_an_error() -> None:
    parsed, [problem] = parse_bpmn(b"<<<>>> kein XML", "kaputt.bpmn")
    assert parsed is None and problem.rule == "PK-B001"


def test_capital_task_is_read_as_task_with_a_warning() -> None:
    name = "task-grossgeschrieben.bpmn"
    parsed, problems = _read(name)
    assert parsed is not None and problems == []
    model = index_model(parsed.root, name)
    assert model.by_id["Task_1"] in model.by_type["task"]
    [warning] = casing_problems(model.renamed, name)
    assert (warning.rule, warning.level, warning.line, warning.element) == (
        "PK-B004", Level.WARN, 8, "Task_1")
    assert "<bpmn:Task>" in warning.message and "<bpmn:task>" in str(warning.hint)
    assert _ours(model) == BPMNLINT[name]
    assert not [i for i in xsd_issues(model.root) if i.element == "Task_1"]


def test_cli_marks_findings_from_a_repaired_read(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in ("praefix-nicht-deklariert.bpmn", "task-grossgeschrieben.bpmn"):
        (tmp_path / name).write_bytes((HERE / name).read_bytes())
    code, out, _ = run_cli(["validate", str(tmp_path / "praefix-nicht-deklariert.bpmn"),
                            str(tmp_path / "task-grossgeschrieben.bpmn"), "--no-cache",
                            "--format", "json"], monkeypatch, capsys)
    assert code == 1
    problems = json.loads(out)["problems"]
    broken = [p for p in problems if p["file"].endswith("praefix-nicht-deklariert.bpmn")]
    assert [p["line"] for p in broken if p["rule"] == "PK-B001"] == [2]
    rules = [p for p in broken if p["rule"] != "PK-B001"]
    assert Counter(p["rule"] for p in rules)["PK-B013"] == 1
    assert all(p["hint"].startswith(REPAIRED_HINT) for p in rules)
    clean = [p for p in problems if p["file"].endswith("task-grossgeschrieben.bpmn")]
    assert not any((p["hint"] or "").startswith(REPAIRED_HINT) for p in clean)
    assert [(p["rule"], p["level"], p["line"], p["element"]) for p in clean
            if p["rule"] == "PK-B004"] == [("PK-B004", "warn", 8, "Task_1")]
    code, text, _ = run_cli(["validate", str(tmp_path / "praefix-nicht-deklariert.bpmn"),
                             "--no-cache"], monkeypatch, capsys)
    assert "Hinweis: Aus reparierter Lesung" in text


_BODY = ('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">'
         '<bpmn:process id="P"><bpmn:task id="T" name="Antrag prüfen"/></bpmn:process>'
         '</bpmn:definitions>').encode()


@pytest.mark.parametrize(("head", "line"), [
    (b'\n  <?xml version="1.0" encoding="UTF-8"?>\n', 2),  # something before the declaration
    (b'<?xml version="1.0" encoding="UTF-16"?>\n', 1),  # UTF-8 bytes that claim UTF-16
    (b'<?xml version="1.0" encoding="UTF-8">\n', 1),  # no '?>'
    (b"<?xml version=1.0 encoding=UTF-8?>\n", 1),  # no quotes
    (b'\xef\xbb\xbf\xef\xbb\xbf<?xml version="1.0"?>\n', 1),  # a doubled BOM
])
def test_broken_xml_declarations_are_named_and_the_model_is_read(head: bytes, line: int) -> None:
    parsed, [defect] = parse_bpmn(head + _BODY, "m.bpmn")
    assert parsed is not None and parsed.repaired
    assert (defect.rule, defect.line) == ("PK-B001", line)
    assert defect.message.startswith("Die XML-Deklaration ist fehlerhaft")
    assert 'encoding="UTF-8"' in str(defect.hint)
    assert index_model(parsed.root, "m.bpmn").by_id["T"].get("name") == "Antrag prüfen"


def test_undeclared_attribute_prefix_is_named_with_its_element() -> None:
    """bpmn-js and GovModeler exports with ``xsi:type`` but no ``xmlns:xsi``."""
    raw = (b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">\n'
           b'<bpmn:process id="P"><bpmn:sequenceFlow id="F" sourceRef="a" targetRef="b">\n'
           b'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">x'
           b"</bpmn:conditionExpression></bpmn:sequenceFlow></bpmn:process></bpmn:definitions>")
    parsed, [defect] = parse_bpmn(raw, "m.bpmn")
    assert parsed is not None and parsed.repaired and defect.line == 3
    assert "Namensraum-Präfix 'xsi' (am Attribut xsi:type von <conditionExpression>)" in (
        defect.message)
    assert 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' in str(defect.hint)
    model = index_model(parsed.root, "m.bpmn")
    assert len(model.by_type["conditionExpression"]) == 1


_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn='
         '"http://www.omg.org/spec/BPMN/20100524/MODEL" id="D_1" targetNamespace="t">\n')


@pytest.mark.parametrize(("text", "german"), [
    (_HEAD + '<bpmn:process id="P_1">\n<bpmn:task id="T_1"/>\n',
     "die Datei endet mitten im Element <process> aus Zeile 3"),
    (_HEAD + '<bpmn:process id="P_1">\n</bpmn:task>\n</bpmn:definitions>\n',
     "das Endtag </task> passt nicht zu <process> aus Zeile 3"),
    (_HEAD + '<bpmn:process id="P_1" name="Lärm &nbsp; messen"/>\n</bpmn:definitions>\n',
     "die Entität &nbsp; ist in XML nicht definiert"),
    (_HEAD + '<bpmn:process id="P_1" name="Bau & Lärm"/>\n</bpmn:definitions>\n',
     "ein '&' muss als &amp; geschrieben werden"),
    (_HEAD + '<bpmn:process id="P_1" id="P_2"/>\n</bpmn:definitions>\n',
     "das Attribut 'id' steht zweimal im selben Element"),
    (_HEAD + '</bpmn:definitions>\n<bpmn:process id="P_1"/>\n',
     "nach dem Ende des Wurzelelements steht weiterer Inhalt"),
    ("", "die Datei ist leer"),
])
def test_common_xml_defects_are_german(text: str, german: str) -> None:
    """PK-B001 says libxml2's common complaints in German, as PK-B002 does for the schema."""
    _, problems = parse_bpmn(text.encode(), "modell.bpmn")
    [defect] = [p for p in problems if p.rule == "PK-B001"]
    assert f"XML ist nicht wohlgeformt: {german}" in defect.message, defect.message


def test_bpmn_moddle_invalid_attributes_get_a_german_finding(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from helpers import CORPUS

    path = CORPUS / "bpmn" / "bpmn-moddle" / "test" / "fixtures" / "bpmn" / "error" / (
        "invalid-attributes.bpmn")
    code, out, _ = run_cli(["validate", str(path), "--format", "json", "--no-cache"],
                           monkeypatch, capsys)
    assert code == 1
    found = {p["rule"]: p["message"] for p in json.loads(out)["problems"]
             if p["rule"] in ("PK-B001", "PK-B002")}
    assert found["PK-B001"].startswith("XML ist nicht wohlgeformt: ein Attributname ist ungültig")
    assert found["PK-B002"] == ("BPMN-Schemafehler: Element <bpmn:definitions>: Text ist hier "
                                "nicht erlaubt, nur Kindelemente")


def _binary(size: int) -> bytes:
    """Bytes like a ZIP or an encrypted file: every value equally likely."""
    import hashlib

    out = bytearray()
    block = b"seed"
    while len(out) < size:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:size])


def test_a_binary_file_is_refused_without_a_repaired_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The repair reads stray Latin-1 bytes of a text; a file that is mostly not UTF-8 is
    no text, and reading it as one cost 35 s and 765 MB for 20 MB (an XProzess payload)."""
    def fail(*args: object) -> None:
        raise AssertionError("recover() on a binary file")

    monkeypatch.setattr(parse_module, "recover", fail)
    raw = (HERE / "latin1-als-utf8.bpmn").read_bytes() + _binary(64 * 1024)
    parsed, [problem] = parse_bpmn(raw, "binaer.bpmn")
    assert parsed is None and problem.rule == "PK-B001"
    assert "Die Datei ist kein XML-Text" in problem.message
    assert "ihrer Bytes gehören zu keinem UTF-8-Zeichen" in problem.message


def test_stray_bytes_are_read_as_windows_1252_each_on_its_own() -> None:
    from prozesskit.bpmn.recover import _as_utf8

    raw = "Prüfung ".encode() + b"caf\xe9 \x80 \x81\x9f\xe4\xf6" + "ß".encode()
    assert _as_utf8(raw).decode("utf-8") == "Prüfung café € \ufffdŸäöß"
    assert _as_utf8(b"<a/>") == b"<a/>"
