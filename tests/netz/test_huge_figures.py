"""A Fallzahl no float can hold (4,000 digits, one member's typo or malice) must not stop
the network's reports or the export with an internal error (security review, session 10):
netz and bericht leave it out like a missing figure, the workbook keeps it whole as text,
and ``validate`` (schema and model alike) reports every Kennzahl beyond the largest figure
netz and bericht compute with (tester, session 11: it said nothing)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml

from helpers import EXAMPLE, REPO, run_cli
from prozesskit.model.codes import HOECHSTE_KENNZAHL

HUGE = "9" * 4000


@pytest.fixture
def register(tmp_path: Path) -> Path:
    folder = tmp_path / "reg"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".prozesskit"))
    path = folder / "steckbriefe" / "baugenehmigung-erteilen.yaml"
    text = path.read_text("utf-8")
    assert "fallzahl_pro_jahr: 1200" in text
    path.write_text(text.replace("fallzahl_pro_jahr: 1200", f"fallzahl_pro_jahr: {HUGE}"),
                    "utf-8")
    return folder


@pytest.mark.parametrize("args", [["netz", "-a", "priorisierung"], ["netz", "-a", "matrix"],
                                  ["bericht"]])
def test_reports_leave_an_impossible_figure_out(
        register: Path, args: list[str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli([*args[:1], str(register), *args[1:]], monkeypatch, capsys)
    assert code == 0, out + err
    assert HUGE[:50] not in out


def test_export_keeps_a_number_excel_cannot_hold_as_text(
        register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "t.xlsx"
    code, out, err = run_cli(["export", str(register), "-o", str(book)], monkeypatch, capsys)
    assert code == 0, out + err
    with zipfile.ZipFile(book) as archive:
        assert HUGE.encode() in archive.read("xl/sharedStrings.xml")


def test_validate_reports_a_fallzahl_beyond_any_figure(
        register: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["validate", str(register)], monkeypatch, capsys)
    assert code == 1, out + err
    assert ("'kennzahlen.fallzahl_pro_jahr' darf höchstens 999.999.999.999 sein, gefunden: "
            "eine Zahl mit 4.000 Stellen") in out
    assert "[PK-S004]" in out and HUGE[:50] not in out


@pytest.mark.parametrize(("field", "value", "valid"), [
    ("fallzahl_pro_jahr", HOECHSTE_KENNZAHL, True),
    ("fallzahl_pro_jahr", HOECHSTE_KENNZAHL + 1, False),
    ("bearbeitungszeit_min", 1e13, False),
    ("durchlaufzeit_tage", 10**12, False),
    ("durchlaufzeit_tage", 36500, True),
])
def test_schema_and_validate_agree_on_the_largest_kennzahl(
        register: Path, field: str, value: float, valid: bool,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = register / "steckbriefe" / "baugenehmigung-erteilen.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["kennzahlen"]["fallzahl_pro_jahr"] = 1200
    data["kennzahlen"][field] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    schema = json.loads((REPO / "schemas" / "steckbrief.schema.json").read_text("utf-8"))
    assert jsonschema.Draft202012Validator(schema).is_valid(data) is valid
    code, out, _ = run_cli(["validate", str(register)], monkeypatch, capsys)
    assert (code == 0) is valid, out
    if not valid:
        assert f"'kennzahlen.{field}' darf höchstens 999.999.999.999 sein" in out
