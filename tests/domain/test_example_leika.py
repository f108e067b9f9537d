"""Issue 10 acceptance on the example register and the shipped catalogue."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, REPO, run_cli
from prozesskit.init.catalogue import load_catalogue
from prozesskit.leika.catalog import load_catalog

#: Steckbrief of the example register → the LeiKa key `leika vorschlagen` must rank first.
EXPECTED = {
    "steckbriefe/baugenehmigung-erteilen.yaml": "99012008001000",  # Baugenehmigung Erteilung
    "steckbriefe/fahrzeug-zulassen.yaml": "99036008007000",  # Kraftfahrzeug Zulassung
    "steckbriefe/wohngeld-bewilligen.yaml": "99107023017000",  # Wohngeld (Mietzuschuss)
    "steckbriefe/personalausweis-ausstellen.yaml": "99008001012000",  # Personalausweis Ausstellung
}


def test_vorschlagen_proposes_right_keys_on_example(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["leika", "vorschlagen", str(EXAMPLE), "--format", "json"],
                             monkeypatch, capsys)
    assert code == 0, err
    first = {e["datei"]: e["vorschlaege"][0]["leika"] for e in json.loads(out)["steckbriefe"]
             if e["vorschlaege"]}
    right = {path for path, key in EXPECTED.items() if first.get(path) == key}
    assert right == set(EXPECTED)
    assert "steckbriefe/stelle-ausschreiben.yaml" not in first  # internal: no proposal


def test_vorschlagen_schreiben_keeps_comments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    register = tmp_path / "reg"
    shutil.copytree(EXAMPLE, register)
    path = register / "steckbriefe" / "wohngeld-bewilligen.yaml"
    before = path.read_text(encoding="utf-8")
    code, _, err = run_cli(["leika", "vorschlagen", str(register), "--schreiben"], monkeypatch,
                           capsys)
    assert code == 0, err
    after = path.read_text(encoding="utf-8")
    assert 'leika: "99107023017000"' in after or "leika: '99107023017000'" in after
    assert "# Zuständigkeit in der Prozesswerkstatt 03/2026 verteilt" in after
    assert set(before.splitlines()) <= set(after.splitlines())
    code, out, _ = run_cli(["validate", str(register)], monkeypatch, capsys)
    assert code == 0, out


def test_leika_search_ranks_gewerbeanmeldung_first(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["leika", "Gewerbe anmelden", "--format", "json"], monkeypatch,
                           capsys)
    assert code == 0
    assert "99050012104000" in out.split("leika")[1]


def test_every_blueprint_key_is_in_the_shipped_catalogue() -> None:
    catalog = load_catalog()
    catalogue = load_catalogue(REPO / "blueprints")
    keys = set()
    for entry in catalogue.entries:
        assert entry.data.get("quelle"), entry.data["id"]
        for key in (entry.data.get("leika"), (entry.data.get("quelle") or {}).get("leika")):
            if key:
                assert key in catalog, (entry.file, entry.line, key)
                keys.add(key)
    assert len(keys) >= 200


def test_schreiben_writes_nothing_when_one_file_is_unreadable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    register = tmp_path / "reg"
    shutil.copytree(EXAMPLE, register)
    broken = register / "steckbriefe" / "wohngeld-bewilligen.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "stand: 2026-02-30\n",
                      encoding="utf-8")
    before = {p: p.read_bytes() for p in (register / "steckbriefe").glob("*.yaml")}
    code, _, err = run_cli(["leika", "vorschlagen", str(register), "--schreiben"], monkeypatch,
                           capsys)
    assert code == 2 and "wohngeld-bewilligen.yaml" in err
    assert {p: p.read_bytes() for p in before} == before
