"""Values as German hands write them (black-box findings 11.1, 11.7, 11.10): ``12.000`` for
twelve thousand, ``1,5``, ``31.01.2026``, ``2026-1-31``, ``entfällt``, ``Hoch`` – each refused
with file, line and the form that is meant, never silently read as something else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_cli

MANIFEST = "kommune: {name: Gemeinde Test, schluessel: '05999001', typ: gemeinde}\n"
HEAD = (
    "id: zahl-test-pruefen\nname: Zahl Test prüfen\nprodukt:\n  bereich: \"16\"\n"
    "organisationseinheit: Steueramt\n"
)


def _findings(tmp_path: Path, body: str, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, object]]]:
    (tmp_path / "prozesskit.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "steckbriefe").mkdir()
    (tmp_path / "steckbriefe" / "zahl-test-pruefen.yaml").write_text(HEAD + body, "utf-8")
    code, out, _ = run_cli(["validate", str(tmp_path), "-f", "json"], monkeypatch, capsys)
    problems = json.loads(out)["problems"]
    return code, [p for p in problems if p["rule"] == "PK-S004"]


@pytest.mark.parametrize(
    ("body", "line", "message", "hint"),
    [
        ("kennzahlen:\n  fallzahl_pro_jahr: 12.000\n", 7,
         "'kennzahlen.fallzahl_pro_jahr' muss eine ganze Zahl sein, gefunden: 12.000",
         "Tausenderpunkt? Ganze Zahl ohne Punkt schreiben: 12000"),
        ("kennzahlen:\n  fallzahl_pro_jahr: 1.250.000\n", 7, "gefunden: '1.250.000'",
         "Tausenderpunkt? Ganze Zahl ohne Punkt schreiben: 1250000"),
        ("kennzahlen:\n  fallzahl_pro_jahr: 12.0\n", 7, "gefunden: 12.0",
         "Ganze Zahl ohne Punkt schreiben: 12"),
        ("digitalisierungsgrad:\n  stufe: 2.0\n", 7,
         "'digitalisierungsgrad.stufe' muss eine ganze Zahl sein, gefunden: 2.0",
         "Ganze Zahl ohne Punkt schreiben: 2"),
        ("kennzahlen:\n  durchlaufzeit_tage: 1,5\n", 7, "muss eine Zahl sein, gefunden: '1,5'",
         "Dezimalpunkt statt Komma schreiben: 1.5"),
        ("stand: 2026-1-31\n", 6, "gefunden: '2026-1-31'",
         "Monat und Tag zweistellig schreiben: 2026-01-31"),
        ("kennzahlen:\n  stand: 2026-2-3\n", 7, "'kennzahlen.stand' muss ein gültiges Datum",
         "Monat und Tag zweistellig schreiben: 2026-02-03"),
        ("stand: 31.01.2026\n", 6, "gefunden: '31.01.2026'",
         "Als JJJJ-MM-TT schreiben: 2026-01-31"),
        ("status: entfällt\n", 6, "erlaubt: 'aktiv', 'entfaellt'", "Meinten Sie 'entfaellt'?"),
        ("prioritaet: Hoch\n", 6, "unzulässigen Wert 'Hoch'", "Meinten Sie 'hoch'?"),
        ("modellierung:\n  status: in Modellierung\n", 7, "'in Modellierung'",
         "Meinten Sie 'in_modellierung'?"),
        ("modelle:\n  - datei: modelle/x.bpmn\n    art: IST\n", 8, "'IST'", "Meinten Sie 'ist'?"),
    ],
)
def test_german_writing_refused_with_the_meant_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    body: str, line: int, message: str, hint: str,
) -> None:
    code, problems = _findings(tmp_path, body, monkeypatch, capsys)
    assert code == 1
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem["file"] == "steckbriefe/zahl-test-pruefen.yaml"
    assert problem["line"] == line
    assert message in str(problem["message"])
    assert str(problem["hint"]).startswith(hint)


def test_whole_numbers_and_real_decimals_still_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = ("stand: 2026-01-31\nkennzahlen:\n  fallzahl_pro_jahr: 12000\n"
            "  bearbeitungszeit_min: 12.5\n  durchlaufzeit_tage: 3\n  stand: '2026-02-03'\n")
    code, problems = _findings(tmp_path, body, monkeypatch, capsys)
    assert (code, problems) == (0, [])


def test_id_with_umlaut_names_the_id_neu_would_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "kennzahlen: {}\n"
    (tmp_path / "prozesskit.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "steckbriefe").mkdir()
    (tmp_path / "steckbriefe" / "gruenschnitt-abholen.yaml").write_text(
        HEAD.replace("zahl-test-pruefen", "grünschnitt-abholen") + body, "utf-8")
    code, out, _ = run_cli(["validate", str(tmp_path), "-f", "json"], monkeypatch, capsys)
    schema = [p for p in json.loads(out)["problems"] if p["rule"] == "PK-S004"]
    assert code == 1 and len(schema) == 1
    assert str(schema[0]["hint"]).endswith("Meinten Sie 'gruenschnitt-abholen'?")


def test_import_xlsx_cell_gets_the_same_hint() -> None:
    from prozesskit.tabelle.felder import FELDER, Zellfehler, deuten

    feld = next(f for f in FELDER if f.path == ("kennzahlen", "fallzahl_pro_jahr"))
    with pytest.raises(Zellfehler) as caught:
        deuten(feld, "12.000")
    assert str(caught.value).endswith(
        "gefunden: '12.000'. Tausenderpunkt? Ganze Zahl ohne Punkt schreiben: 12000")
    assert deuten(feld, 12000.0) == 12000  # Excel keeps every number as a float
