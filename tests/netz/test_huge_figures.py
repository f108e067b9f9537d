"""A schema-valid Fallzahl no float can hold (4,000 digits, one member's typo or malice)
must not stop the network's reports or the export with an internal error (security
review, session 10): netz and bericht leave it out like a missing figure, the workbook
keeps it whole as text."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli

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
