"""A workbook saved by LibreOffice Calc comes back: edited, converted once with
``soffice --headless --convert-to xlsx`` (Debian's libreoffice-calc; ``.ci/run`` installs it),
then imported. LibreOffice rewrites the whole file (styles, shared strings, validations,
names); the unedited rows must still count as unedited, leading zeros must still be text,
and the edited cells must arrive.

Without ``soffice`` this test fails and says what to install: the round trip with
LibreOffice is part of what import-xlsx promises, not an optional extra (README,
"Entwicklung")."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from helpers import run_cli
from tabelle.helpers_xlsx import edit_cells

FAHRZEUG = "steckbriefe/fahrzeug-zulassen.yaml"


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail("LibreOffice Calc fehlt (Programm 'soffice'). Installieren mit "
                    "'apt-get install libreoffice-calc' (Debian/Ubuntu); "
                    "'bash tools/systempakete.sh' tut das selbst, siehe README, "
                    "Abschnitt 'Entwicklung'.")
    return found


def convert_with_libreoffice(book: Path, tmp_path: Path) -> Path:
    """The workbook as LibreOffice Calc saves it (own profile: no user settings, no lock on
    the user's running LibreOffice)."""
    out = tmp_path / "libreoffice"
    out.mkdir()
    profile = (tmp_path / "lo-profil").as_uri()
    result = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(book)],
        capture_output=True, text=True, timeout=180, check=False)
    converted = out / book.name
    assert result.returncode == 0 and converted.is_file(), result.stdout + result.stderr
    return converted


def test_workbook_saved_by_libreoffice_imports_the_edited_cells(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "werkstatt.xlsx"
    code, _out, err = run_cli(["export", "-o", str(book), str(example)], monkeypatch, capsys)
    assert code == 0, err
    addresses = edit_cells(book, {
        ("fahrzeug-zulassen", "prioritaet"): "niedrig",
        ("fahrzeug-zulassen", "modellierung.verantwortlich"): "@Kreis Musterland",
        ("geburt-beurkunden", "kennzahlen.bearbeitungszeit_min"): 17.5,
    })
    before = (example / FAHRZEUG).read_text(encoding="utf-8")
    converted = convert_with_libreoffice(book, tmp_path)
    assert converted.read_bytes() != book.read_bytes()
    saved = openpyxl.load_workbook(converted, read_only=True)
    rows = list(saved["Steckbriefe"].iter_rows(values_only=True))
    saved.close()
    headers = list(rows[0])
    fahrzeug = next(row for row in rows if row[0] == "fahrzeug-zulassen")
    assert fahrzeug[headers.index("produkt.bereich")] == "02"  # still text after LibreOffice

    code, out, err = run_cli(["import-xlsx", str(converted), str(example)], monkeypatch, capsys)
    assert code == 0, err + out
    assert "3 Feld(er) in 2 Steckbrief(en) geändert" in out
    assert "6 Zeile(n) unverändert" in out
    where = addresses["fahrzeug-zulassen", "prioritaet"]
    assert f"prioritaet: 'hoch' → 'niedrig'  [Steckbriefe!{where}]" in out
    after = (example / FAHRZEUG).read_text(encoding="utf-8")
    assert after == before.replace("prioritaet: hoch", "prioritaet: niedrig").replace(
        "verantwortlich: Kreis Musterland", 'verantwortlich: "@Kreis Musterland"')  # file's quotes
    geburt = (example / "steckbriefe/geburt-beurkunden.yaml").read_text(encoding="utf-8")
    assert "bearbeitungszeit_min: 17.5" in geburt
