"""A file of another kind handed to a command (an XProzess message to ``unpack``,
``render`` or ``diff``; a package to ``render``; two packages to ``diff``): the message says
what the file is and which command takes it, exit 2, instead of a true but useless parse
error ("keine ZIP-Datei", "XML ist nicht wohlgeformt", "Als BPMN 2.0 XML exportieren")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, packed_example, run_cli, snapshot


@pytest.fixture(scope="module")
def dateien(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(export.xml, paket.zip) of the example register, made by the CLI."""
    base = tmp_path_factory.mktemp("dateien")
    paket = packed_example(base)
    import sys

    from prozesskit.cli import app
    from prozesskit.cli._errors import run_guarded

    xml = base / "export.xml"
    argv = sys.argv
    sys.argv = ["prozesskit", "pack", "--format", "xprozess", "--alle", "--register",
                str(base / "quelle"), "-o", str(xml)]
    try:
        assert run_guarded(app) == 0
    finally:
        sys.argv = argv
    return xml, paket


@pytest.fixture
def register(tmp_path: Path) -> Path:
    root = tmp_path / "register"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".prozesskit"))
    return root


def _fails(args: list[str], monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run_cli(args, monkeypatch, capsys)
    assert code == 2, out + err
    assert "Traceback" not in err
    return err


def test_unpack_of_an_xprozess_message_names_import(
        dateien: tuple[Path, Path], register: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    xml, _ = dateien
    before = snapshot(register)
    err = _fails(["unpack", str(xml), "--ziel", str(register)], monkeypatch, capsys)
    assert f"'{xml}' ist eine XProzess-Nachricht, kein prozesskit-Paket. Einlesen mit " \
        f"'prozesskit import {xml}'" in err
    assert "ZIP-Inhaltsverzeichnis" not in err and "Es wurde nichts geschrieben." in err
    assert snapshot(register) == before


@pytest.mark.parametrize("which", ["xprozess", "paket"])
def test_render_of_a_message_or_a_package_says_what_it_is(
        which: str, dateien: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    xml, paket = dateien
    path = xml if which == "xprozess" else paket
    err = _fails(["render", str(path), "-o", str(path.parent / "x.svg")], monkeypatch, capsys)
    if which == "xprozess":
        assert f"'{xml}' ist eine XProzess-Nachricht, kein BPMN-Modell" in err
        assert f"'prozesskit import {xml}'" in err
    else:
        assert f"'{paket}' ist eine ZIP-Datei (ein prozesskit-Paket?), kein BPMN-Modell" in err
        assert f"'prozesskit unpack {paket}'" in err
    assert "wohlgeformt" not in err and "exportieren (nicht als Teilmodell" not in err


def test_diff_of_two_xprozess_messages_says_what_they_are(
        dateien: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    xml, _ = dateien
    err = _fails(["diff", str(xml), str(xml)], monkeypatch, capsys)
    assert f"'{xml}' ist eine XProzess-Nachricht, kein BPMN-Modell; diff vergleicht zwei " \
        "BPMN-Modelle oder zwei Steckbriefe" in err


def test_diff_of_two_packages_outside_a_register_says_how_packages_are_compared(
        dateien: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _, paket = dateien
    neu = tmp_path / "paket-neu.zip"
    shutil.copy(paket, neu)
    monkeypatch.chdir(tmp_path)
    err = _fails(["diff", str(paket), str(neu)], monkeypatch, capsys)
    assert "diff vergleicht keine zwei Pakete miteinander" in err
    assert f"im Registerordner zeigt 'prozesskit diff {neu}'" in err
    assert "ist kein Register" not in err
