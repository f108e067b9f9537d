"""The facts register rules use, derived from a loaded Register, equal the facts
``validate``'s pipeline collects: on the example register, a register made with
``init --blueprint gemeinde``, and a register with broken files and ignore comments."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLE, run_cli
from prozesskit import Register, register_facts
from prozesskit.register.discover import discover
from prozesskit.validation.full import check_register
from prozesskit.validation.types import ValidateOptions


def _pipeline_facts(root: Path) -> dict[str, dict[str, Any] | None]:
    run = check_register(root, discover(root), ValidateOptions(use_cache=False, jobs=1))
    return run.facts


def _register_facts(root: Path) -> dict[str, dict[str, Any] | None]:
    register = Register.open(root)
    facts = register_facts(register)
    assert facts.files == discover(root).files
    found: dict[str, dict[str, Any] | None] = dict.fromkeys(
        [*(s.path for s in register), *register.modelle])
    found.update({f.file: f.to_json() for f in facts.steckbriefe})
    found.update({path: f.to_json() for path, f in facts.modelle.items()})
    return found


def test_example_register(example: Path) -> None:
    from_register = _register_facts(example)
    assert from_register == _pipeline_facts(example)
    bau = from_register["steckbriefe/baugenehmigung-erteilen.yaml"]
    assert bau is not None and bau["modelle"][0][:2] == [
        "soll", "modelle/baugenehmigung-erteilen.soll.bpmn"]
    model = from_register["modelle/baugenehmigung-erteilen.soll.bpmn"]
    assert model is not None and ["process", "Process_Baugenehmigung",
                                  "Baugenehmigung erteilen", 14, None] in model["names"]


def test_register_made_by_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "gemeinde"
    code, _, err = run_cli(["init", "--blueprint", "gemeinde", str(target), "--name",
                            "Gemeinde Musterdorf", "--ags", "05999002"], monkeypatch, capsys)
    assert code == 0, err
    from_register = _register_facts(target)
    assert len(from_register) > 250
    assert from_register == _pipeline_facts(target)


def test_register_with_broken_files_and_ignores(example: Path) -> None:
    steckbriefe = example / "steckbriefe"
    (steckbriefe / "kaputt.yaml").write_text("id: kaputt\nname: [offen\n")
    (steckbriefe / "liste.yaml").write_text("- nur\n- eine Liste\n")
    (steckbriefe / "ohne-schema.yaml").write_text(
        "# prozesskit: ignore-datei PK-S011\nid: ohne-schema\nname: Sachen machen  "
        "# prozesskit: ignore PK-S010\nstatus: entfaellt\nmodelle:\n  - art: ist\n"
        "    datei: ../aussen.bpmn\n  - datei: modelle/fehlt.bpmn\n  - art: soll\n")
    (example / "modelle" / "kaputt.bpmn").write_text("<definitions")
    (example / "modelle" / "fremd.bpmn").write_text('<?xml version="1.0"?><svg/>')
    shutil.copy(EXAMPLE / "modelle" / "baugenehmigung-erteilen.soll.bpmn",
                example / "modelle" / "kopie.bpmn")
    from_register = _register_facts(example)
    assert from_register == _pipeline_facts(example)
    assert from_register["steckbriefe/kaputt.yaml"] is None
    assert from_register["modelle/kaputt.bpmn"] == {
        "file": "modelle/kaputt.bpmn", "parsed": False, "names": []}
    ohne = from_register["steckbriefe/ohne-schema.yaml"]
    assert ohne is not None and ohne["suppress"] == {"0": ["PK-S011"], "3": ["PK-S010"]}
