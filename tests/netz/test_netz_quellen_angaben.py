"""A package or an XProzess file as a member of ``netz`` or the register of ``bericht``:
named by the Kommune its file records (package manifest ``quelle``, XProzess
``herausgeber``), not by the file name, with the Kommune's type where the file says it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, packed_example, run_cli


def test_a_package_member_is_named_and_typed_by_its_manifest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    paket = packed_example(tmp_path)
    code, out, err = run_cli(["netz", str(paket)], monkeypatch, capsys)
    assert (code, err) == (0, ""), err
    assert "Kreis Musterland (kreis): 8 Steckbriefe aus " in out
    assert "Typ unbekannt" not in out

    code, out, err = run_cli(["bericht", str(paket)], monkeypatch, capsys)
    assert (code, err) == (0, ""), err
    assert out.splitlines()[0] == "Bericht: Kreis Musterland"


def test_a_package_beside_its_own_register_is_told_apart_by_its_source(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    paket = packed_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["netz", paket.name, "quelle"], monkeypatch, capsys)
    assert (code, err) == (0, ""), err
    assert "Kreis Musterland – gut.zip (kreis): 8 Steckbriefe aus gut.zip" in out
    assert "Kreis Musterland – quelle (kreis): 8 Steckbriefe aus quelle" in out


def test_an_xprozess_member_is_named_by_its_herausgeber(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns(".prozesskit"))
    export = tmp_path / "export.xml"
    code, _, err = run_cli(["pack", "--format", "xprozess", "--alle", "--register",
                            str(source), "-o", str(export)], monkeypatch, capsys)
    assert code == 0, err
    code, out, err = run_cli(["netz", str(export)], monkeypatch, capsys)
    assert (code, err) == (0, ""), err
    # XProzess names the publisher, not the kind of Kommune
    assert "Kreis Musterland (Typ unbekannt): 8 Steckbriefe aus " in out
