"""netz.yaml: the skeleton of 'netz init' validates, bad files are German errors with the
line, the committed JSON Schema matches the model."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from helpers import REPO, run_cli
from prozesskit.errors import InputError
from prozesskit.netz.load import members_of, read_netz
from prozesskit.netz.skeleton import SKELETON
from prozesskit.schemas import render_exchange


def test_netz_init_writes_a_valid_skeleton_and_keeps_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["netz", "init", str(tmp_path)], monkeypatch, capsys)
    target = tmp_path / "netz.yaml"
    assert code == 0 and str(target) in out
    assert target.read_text(encoding="utf-8") == SKELETON
    netz = read_netz(target)
    assert [m.name for m in netz.mitglieder] == ["Kreis Musterkreis", "Gemeinde Musterdorf"]
    assert members_of(netz, tmp_path)[0][3] == str(tmp_path / "../kreis-register")
    assert members_of(netz, tmp_path)[1][3].startswith("https://git.example.de/")
    target.write_text("name: meins\n", encoding="utf-8")
    code, _, err = run_cli(["netz", "init", str(tmp_path)], monkeypatch, capsys)
    assert code == 2 and "gibt es schon" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "name: meins\n"
    code, _, _ = run_cli(["netz", "init", str(target), "--force"], monkeypatch, capsys)
    assert code == 0 and target.read_text(encoding="utf-8") == SKELETON


@pytest.mark.parametrize(("text", "line", "words"), [
    ("name: N\nmitglieder:\n  - name: A\n    register: a\n    typ: dorf\n", 5, "typ"),
    ("name: N\nmitglieder:\n  - name: A\n    register: a\n    kapazitaet: 0\n", 5,
     "kapazitaet"),
    ("name: N\nmitglieder:\n  - name: A\n    regster: a\n", 4, "regster"),
    ("name: N\nmitglieder: []\n", 2, "mitglieder"),
    ("name: N\nmitglieder:\n  - name: A\n   register: a\n", 4, ""),
    ("name: N\nwerkstatt: [2026-13-01]\nmitglieder:\n  - {name: A, register: a}\n", 2,
     "werkstatt"),
])
def test_bad_netz_yaml_names_file_and_line(tmp_path: Path, text: str, line: int,
                                           words: str, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "netz.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_netz(path)
    assert info.value.line == line
    assert words in str(info.value)
    code, out, err = run_cli(["netz", str(path)], monkeypatch, capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"Fehler: {path}:{line}: ")
    assert "Traceback" not in err


def test_duplicate_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "netz.yaml"
    path.write_text("name: N\nmitglieder:\n  - {name: A, register: a}\n"
                    "  - {name: A, register: b}\n", encoding="utf-8")
    with pytest.raises(InputError, match="doppelt") as info:
        read_netz(path)
    assert info.value.line == 4  # the second entry, not the file's first line


def test_duplicate_member_names_the_line_of_the_second_entry_in_block_style(
        tmp_path: Path) -> None:
    path = tmp_path / "netz.yaml"
    path.write_text("format: 1\nname: N\nmitglieder:\n  - name: A\n    register: r\n"
                    "  - name: B\n    register: r\n  - name: A\n    register: r\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="Mitglied 'A' ist doppelt") as info:
        read_netz(path)
    assert info.value.line == 8


def test_missing_member_register_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "netz.yaml"
    path.write_text("name: N\nmitglieder:\n  - {name: Gemeinde X, register: fehlt}\n",
                    encoding="utf-8")
    code, _, err = run_cli(["netz", str(path)], monkeypatch, capsys)
    assert code == 2 and "Mitglied 'Gemeinde X'" in err and "fehlt" in err


def test_committed_netz_schema_is_in_sync_and_accepts_the_skeleton() -> None:
    rendered = render_exchange()["netz.schema.json"]
    assert (REPO / "schemas" / "netz.schema.json").read_text(encoding="utf-8") == rendered
    schema = json.loads(rendered)
    data = json.loads(json.dumps(yaml.safe_load(SKELETON), default=str))
    jsonschema.validate(data, schema)
    data["mitglieder"][0]["regster"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
