"""A Steckbrief's variants survive the XProzess round trip: XProzess has one LeiKa
classification per process, so the main key travels there and the variants as a
prozesskit merkmal (like ``produkt`` or ``quelle``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from ziele import fresh_register

from helpers import EXAMPLE, run_cli

VARIANTEN = """\
leika: "99036008007000"
varianten:
  - leika: "99036008007002"
    name: Neufahrzeug
  - leika: "99036008007001"
    name: Umschreibung nach Halterwechsel
"""


def test_variants_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns(".prozesskit"))
    path = source / "steckbriefe" / "fahrzeug-zulassen.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "organisationseinheit: Straßenverkehrsamt\n",
        "organisationseinheit: Straßenverkehrsamt\n" + VARIANTEN, 1)
    assert "varianten:" in text
    path.write_text(text, encoding="utf-8")
    export = tmp_path / "export.xml"
    code, _out, err = run_cli(["pack", "--format", "xprozess", "--alle", "--register",
                               str(source), "-o", str(export)], monkeypatch, capsys)
    assert code == 0, err
    target = fresh_register(tmp_path / "ziel")
    code, _out, err = run_cli(["import", str(export), "--register", str(target)],
                              monkeypatch, capsys)
    assert code == 0, err
    imported = yaml.safe_load((target / "steckbriefe" / "fahrzeug-zulassen.yaml").read_bytes())
    original = yaml.safe_load(text)
    assert imported["leika"] == "99036008007000"
    assert imported["varianten"] == original["varianten"]
    keys = list(imported)
    assert keys.index("varianten") == keys.index("leika") + 1
