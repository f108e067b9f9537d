"""The kind of a file is its content, not its name: a source is read as what it is (an
XProzess message saved as ``export.zip``, a package saved as ``paket.txt``), and a file
written under an ending that does not fit its format is written with a warning (the
receiver's Excel or unzip tool goes by the ending)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, empty_register, run_cli


@pytest.fixture
def quelle(tmp_path: Path) -> Path:
    root = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".prozesskit"))
    return root


def _packed(quelle: Path, out: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, stdout, err = run_cli(["pack", "--alle", "--register", str(quelle), "-o", str(out),
                                 *args], monkeypatch, capsys)
    assert code == 0, stdout + err
    assert out.is_file()
    return err


def test_a_message_saved_as_zip_is_written_with_a_warning_and_imported_as_a_message(
        quelle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "export.zip"
    err = _packed(quelle, export, monkeypatch, capsys, "--format", "xprozess")
    assert f"Warnung: '{export}' ist eine XProzess-Nachricht (XML), der Name endet aber " \
        "nicht auf .xml" in err
    assert "besser 'export.xml'" in err
    assert export.read_bytes().startswith(b"<?xml")
    member = empty_register(tmp_path / "member")
    code, out, err = run_cli(["import", str(export), "-r", str(member)], monkeypatch, capsys)
    assert code == 0, out + err
    assert "keine ZIP-Datei" not in out + err
    assert (member / "steckbriefe" / "geburt-beurkunden.yaml").is_file()
    # diff reads it as the source it is, under either name
    shutil.copy(export, tmp_path / "export.xml")
    for name in ("export.zip", "export.xml"):
        code, out, err = run_cli(["diff", str(tmp_path / name), "-r", str(member)],
                                 monkeypatch, capsys)
        assert code in (0, 1), out + err
        assert f"Vergleich mit {tmp_path / name} (XProzess-Datei" in out
    # unpack names the command that takes it, whatever the file's name
    code, _, err = run_cli(["unpack", str(export), "--ziel", str(member)], monkeypatch, capsys)
    assert code == 2
    assert f"'{export}' ist eine XProzess-Nachricht, kein prozesskit-Paket" in err
    assert "ZIP-Inhaltsverzeichnis" not in err


def test_a_package_saved_as_txt_is_written_with_a_warning_and_read_as_a_package(
        quelle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    paket = tmp_path / "paket.txt"
    err = _packed(quelle, paket, monkeypatch, capsys)
    assert f"Warnung: '{paket}' ist ein prozesskit-Paket (ZIP), der Name endet aber nicht " \
        "auf .zip" in err and "besser 'paket.zip'" in err
    member = empty_register(tmp_path / "member")
    code, out, err = run_cli(["import", str(paket), "--alle", "-r", str(member)],
                             monkeypatch, capsys)
    assert code == 0, out + err
    assert (member / "steckbriefe" / "geburt-beurkunden.yaml").is_file()


def test_fitting_endings_warn_nothing(quelle: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert _packed(quelle, tmp_path / "p.ZIP", monkeypatch, capsys) == ""
    assert _packed(quelle, tmp_path / "e.xml", monkeypatch, capsys, "--format",
                   "xprozess") == ""
    code, _, err = run_cli(["export", str(quelle), "-o", str(tmp_path / "w.xlsx")],
                           monkeypatch, capsys)
    assert code == 0 and "Warnung" not in err


def test_export_to_csv_warns_that_it_is_a_workbook(
        quelle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "werkstatt.csv"
    code, out, err = run_cli(["export", str(quelle), "-o", str(target)], monkeypatch, capsys)
    assert code == 0, out + err
    assert target.read_bytes().startswith(b"PK\x03\x04")
    assert f"Warnung: '{target}' ist eine Excel-Arbeitsmappe, der Name endet aber nicht " \
        "auf .xlsx" in err and "besser 'werkstatt.xlsx'" in err
