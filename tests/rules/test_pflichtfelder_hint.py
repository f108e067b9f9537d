"""PK-S010's hint names who asks for a Pflichtfeld – the profile or the conventions file
that brought it – and not a profile the register does not use (``pflichtfelder:
[prozessverantwortlich]`` under the default profile was blamed on prozesskit:streng)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli

STECKBRIEF = "steckbriefe/hundesteuer-festsetzen.yaml"


@pytest.fixture
def register(tmp_path: Path) -> Path:
    root = tmp_path / "register"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".prozesskit"))
    (root / STECKBRIEF).write_text(
        "id: hundesteuer-festsetzen\nname: Hundesteuer festsetzen\nprodukt:\n  bereich: '16'\n",
        encoding="utf-8")
    return root


def _hints(register: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str], *options: str) -> dict[str, str]:
    code, out, err = run_cli(["validate", str(register / STECKBRIEF), "--format", "json",
                              *options], monkeypatch, capsys)
    assert code == 1, err
    return {p["message"].split("'")[1]: p["hint"] for p in json.loads(out)["problems"]
            if p["rule"] == "PK-S010"}


def _conventions(register: Path, text: str) -> None:
    manifest = register / "prozesskit.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "  regeln: {}\n  pflichtfelder:\n    - organisationseinheit\n", text), encoding="utf-8")
    assert text in manifest.read_text(encoding="utf-8")


def test_the_default_profile_and_the_manifest_are_named_apart(
        register: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _conventions(register, "  pflichtfelder: [organisationseinheit, prozessverantwortlich, "
                           "beschreibung]\n")
    hints = _hints(register, monkeypatch, capsys)
    assert hints["organisationseinheit"].startswith(
        "Verlangt vom Profil prozesskit:empfohlen; bitte ausfüllen")
    assert hints["prozessverantwortlich"].startswith(
        "Verlangt von 'pflichtfelder' in prozesskit.yaml; bitte ausfüllen")
    assert hints["beschreibung"].startswith("Verlangt von 'pflichtfelder' in prozesskit.yaml")
    assert not any("streng" in hint for hint in hints.values())


def test_a_profile_given_on_the_command_line_is_named(
        register: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    hints = _hints(register, monkeypatch, capsys, "--profil", "streng")
    assert hints["prioritaet"].startswith("Verlangt vom Profil prozesskit:streng;")
    assert hints["organisationseinheit"].startswith("Verlangt vom Profil prozesskit:streng;")
    hints = _hints(register, monkeypatch, capsys, "--profil", "fim")
    assert hints["leika"].startswith("Verlangt vom Profil prozesskit:fim;")


def test_a_rule_option_is_named(register: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    _conventions(register, "  pflichtfelder: []\n  regeln:\n    PK-S010:\n      optionen:\n"
                           "        felder: [ausloeser]\n")
    hints = _hints(register, monkeypatch, capsys)
    assert hints["ausloeser"].startswith("Verlangt von der Option 'felder' der Regel PK-S010")


def test_a_conventions_file_is_named_as_written_not_by_its_local_path(
        register: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Reports (SARIF, GitLab, JUnit) carry the hint: no absolute path of this machine."""
    (register / "gemeinsam.yaml").write_text("pflichtfelder: [ausloeser]\n", encoding="utf-8")
    manifest = register / "prozesskit.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("    - prozesskit:empfohlen\n",
                                     "    - prozesskit:empfohlen\n    - gemeinsam.yaml\n"),
                        encoding="utf-8")
    hints = _hints(register, monkeypatch, capsys)
    assert hints["ausloeser"].startswith("Verlangt von 'pflichtfelder' in gemeinsam.yaml;")
    assert str(register) not in "".join(hints.values())
