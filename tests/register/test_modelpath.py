"""One normaliser for model references: the rules and the Register API agree on every path."""

from __future__ import annotations

from pathlib import Path

import pytest

from prozesskit.register.facts import register_facts
from prozesskit.register.modelpath import model_path, path_problem
from prozesskit.register.sources import load_register
from prozesskit.rules.context import RuleContext
from prozesskit.rules.register import modelldatei_fehlt

MANIFEST = ('format: 1\nkommune:\n  name: Wesel\n  schluessel: "05170048"\n'
            "  typ: grosse_kreisangehoerige_stadt\nproduktrahmen: NKF-NRW\n")
BPMN = ('<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions '
        'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" '
        'targetNamespace="x"><bpmn:process id="P" name="Kfz zulassen" /></bpmn:definitions>\n')


@pytest.mark.parametrize(("datei", "expected", "problem"), [
    ("modelle/x.bpmn", "modelle/x.bpmn", None),
    ("./modelle//x.bpmn", "modelle/x.bpmn", None),
    ("modelle\\x.bpmn", "modelle/x.bpmn", None),
    ("modelle/../modelle/x.bpmn", None, "enthält '..'"),
    ("../x.bpmn", None, "enthält '..'"),
    ("/srv/modelle/x.bpmn", None, "ist ein absoluter Pfad"),
    ("C:\\modelle\\x.bpmn", None, "ist ein absoluter Pfad"),
])
def test_model_path(datei: str, expected: str | None, problem: str | None) -> None:
    assert model_path(datei) == expected
    assert path_problem(datei) == problem


@pytest.mark.parametrize("datei", ["modelle/x.bpmn", "./modelle/x.bpmn", "modelle\\x.bpmn",
                                   "modelle/../modelle/x.bpmn", "/modelle/x.bpmn"])
def test_register_api_links_exactly_what_pk_s008_accepts(tmp_path: Path, datei: str) -> None:
    """The API linked 'modelle/../x.bpmn' (collapsed) and not 'modelle\\x.bpmn', the rule
    the other way round."""
    (tmp_path / "prozesskit.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "modelle").mkdir()
    (tmp_path / "modelle" / "x.bpmn").write_text(BPMN, encoding="utf-8")
    (tmp_path / "steckbriefe").mkdir()
    quoted = datei.replace("\\", "\\\\")
    (tmp_path / "steckbriefe" / "kfz-zulassen.yaml").write_text(
        f'id: kfz-zulassen\nname: Kfz zulassen\nprodukt:\n  bereich: "02"\n'
        f'modelle:\n  - art: ist\n    datei: "{quoted}"\n', encoding="utf-8")
    register = load_register(tmp_path)
    (steckbrief,) = register.steckbriefe
    (link,) = steckbrief.modelle
    assert link.datei == datei
    findings = list(modelldatei_fehlt.check(register_facts(register), None, RuleContext()))
    assert (link.file is not None) is (findings == [])
    assert (link.file is not None) is (model_path(datei) == "modelle/x.bpmn")
