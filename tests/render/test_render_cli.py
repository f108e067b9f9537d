"""``prozesskit render`` through the real console entry: where files go, German errors with
exit 2, the model never overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from helpers import CORPUS, run_cli

MIWG = CORPUS / "bpmn" / "miwg-reference"


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copy(MIWG / name, target)
    return target


def test_default_output_is_beside_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    model = _copy(tmp_path, "A.1.0.bpmn")
    code, out, err = run_cli(["render", str(model)], monkeypatch, capsys)
    assert (code, err) == (0, "")
    svg = tmp_path / "A.1.0.svg"
    assert out.strip() == f"SVG geschrieben: {svg}"
    assert etree.parse(str(svg)).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_output_option_overwrites_like_a_compiler(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    model = _copy(tmp_path, "A.2.0.bpmn")
    target = tmp_path / "out" / "bild.svg"
    target.parent.mkdir()
    target.write_text("alt")
    code, _, _ = run_cli(["render", str(model), "-o", str(target)], monkeypatch, capsys)
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("<?xml")


def test_stdout_with_dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    model = _copy(tmp_path, "A.1.0.bpmn")
    code, out, _ = run_cli(["render", str(model), "-o", "-"], monkeypatch, capsys)
    assert code == 0 and out.startswith("<?xml") and out.rstrip().endswith("</svg>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["A.1.0.bpmn"]


def test_several_diagrams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    model = _copy(tmp_path, "C.4.0.bpmn")
    code, _, err = run_cli(["render", str(model)], monkeypatch, capsys)
    assert code == 0 and "hat 4 Diagramme; gezeichnet wird das erste" in err
    code, _, _ = run_cli(["render", str(model), "--alle"], monkeypatch, capsys)
    assert code == 0
    assert sorted(p.name for p in tmp_path.glob("C.4.0.*.svg")) == [
        f"C.4.0.{n}.svg" for n in range(1, 5)]
    code, _, _ = run_cli(["render", str(model), "-d", "Payroll", "-o", str(tmp_path / "p.svg")],
                         monkeypatch, capsys)
    assert code == 0 and "Payroll" in (tmp_path / "p.svg").read_text(encoding="utf-8")


def test_unknown_diagram_lists_the_known_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    model = _copy(tmp_path, "C.4.0.bpmn")
    code, _, err = run_cli(["render", str(model), "-d", "Lohn"], monkeypatch, capsys)
    assert code == 2
    assert "kein Diagramm „Lohn“; vorhanden: „Onboarding employee“" in err
    assert "Traceback" not in err


def test_model_without_di(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "ohne.bpmn"
    model.write_text('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">'
                     '<process id="p"><task id="t"/></process></definitions>')
    code, _, err = run_cli(["render", str(model)], monkeypatch, capsys)
    assert code == 2
    assert err.startswith(f"Fehler: {model}: Das Modell enthält kein Diagramm-Layout")
    assert not (tmp_path / "ohne.svg").exists()


def test_broken_xml_and_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "kaputt.bpmn"
    model.write_bytes((MIWG / "A.1.0.bpmn").read_bytes()[:-200])
    code, _, err = run_cli(["render", str(model)], monkeypatch, capsys)
    assert code == 2 and f"{model}:" in err and "nicht wohlgeformt" in err
    assert not (tmp_path / "kaputt.svg").exists()
    code, _, err = run_cli(["render", str(tmp_path / "fehlt.bpmn")], monkeypatch, capsys)
    assert code == 2 and "gibt es nicht" in err


def test_render_errors_are_renders_own_and_german(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A folder: render's own message (one model), not diff's 'zwei Dateien'; a file that
    is not XML or empty: libxml2's complaint in German."""
    (tmp_path / "modelle").mkdir()
    code, _, err = run_cli(["render", str(tmp_path / "modelle")], monkeypatch, capsys)
    assert code == 2
    assert "ist ein Ordner; bitte eine BPMN-Datei angeben" in err
    assert "zwei Dateien" not in err
    for name, content, german in (
            ("x.yaml", "id: x\n", "am Anfang steht kein XML-Element ('<' fehlt)"),
            ("leer.bpmn", "", "die Datei ist leer"),
            ("doppelt.bpmn", '<a xmlns="u" xmlns="v"/>',
             "das Attribut 'xmlns' steht zweimal im selben Element")):
        (tmp_path / name).write_text(content, encoding="utf-8")
        code, _, err = run_cli(["render", str(tmp_path / name)], monkeypatch, capsys)
        assert code == 2 and f"XML ist nicht wohlgeformt: {german}" in err, err
        assert not any(word in err for word in ("expected", "Document", "redefined"))


def test_the_model_itself_is_never_overwritten(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    model = _copy(tmp_path, "A.1.0.bpmn")
    before = model.read_bytes()
    code, _, err = run_cli(["render", str(model), "-o", str(model)], monkeypatch, capsys)
    assert code == 2 and "das Modell selbst" in err
    assert model.read_bytes() == before


def test_model_from_a_pipe_goes_to_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    raw = (MIWG / "A.1.0.bpmn").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["render", "-"], monkeypatch, capsys)
    assert code == 0 and out.startswith("<?xml")
    assert list(tmp_path.iterdir()) == []


def test_shapes_with_coordinates_that_are_no_finite_numbers_are_named_not_dropped_silently(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``x="NaN"``, ``y="1e400"``, ``INF``: the schema lets them through, the drawing cannot
    place them; render says which shape and edge are missing and why."""
    fixture = Path(__file__).parents[1] / "fixtures" / "rules" / "PK-B023"
    model = tmp_path / "nan.bpmn"
    shutil.copy(fixture / "invalid-koordinaten-nicht-endlich.bpmn", model)
    code, _out, err = run_cli(["render", str(model)], monkeypatch, capsys)
    assert code == 0, err
    assert (f"Hinweis: {model}: Form von 'Anmeldung eingegangen' (Start) fehlt in der "
            'Zeichnung: die Koordinaten x="NaN", y="1e400" sind keine endlichen Zahlen. Das '
            "Element im Modellierungswerkzeug neu platzieren") in err
    assert "Form von 'Anmeldung geprüft' (Ende) fehlt in der Zeichnung: die Koordinaten " \
        'x="-INF"' in err
    assert "Kante von 'Flow_2' fehlt in der Zeichnung" in err
    svg = (tmp_path / "nan.svg").read_text(encoding="utf-8")
    assert 'data-bpmn-id="Pruefen"' in svg and 'data-bpmn-id="Start"' not in svg
    assert "nan" not in svg.lower().replace("anmeldung", "")
