"""``prozesskit diff ALT.yaml NEU.yaml``: the field diff through the real console entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli

WOHNGELD = EXAMPLE / "steckbriefe" / "wohngeld-bewilligen.yaml"


def _new(tmp_path: Path) -> Path:
    text = WOHNGELD.read_text("utf-8").replace("prioritaet: mittel", "prioritaet: hoch").replace(
        "  bearbeitungszeit_min: 95\n", "")
    path = tmp_path / "wohngeld-neu.yaml"
    path.write_text(text, "utf-8")
    return path


def test_no_differences_exit_0(monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["diff", str(WOHNGELD), str(WOHNGELD)], monkeypatch, capsys)
    assert code == 0 and out.endswith("✔ Keine Unterschiede\n")


def test_differences_in_three_formats_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    new = _new(tmp_path)
    code, out, _ = run_cli(["diff", str(WOHNGELD), str(new)], monkeypatch, capsys)
    assert code == 1
    assert out.splitlines()[1:] == ["  - kennzahlen.bearbeitungszeit_min: 95",
                                    '  ~ prioritaet: "mittel" → "hoch"',
                                    "✖ 0 hinzugefügt, 1 entfernt, 1 geändert"]
    code, out, _ = run_cli(["diff", str(WOHNGELD), str(new), "-f", "json"], monkeypatch, capsys)
    data = json.loads(out)
    assert code == 1 and data["kind"] == "steckbrief"
    assert data["changes"][0] == {"path": "kennzahlen.bearbeitungszeit_min", "kind": "removed",
                                  "old": 95, "new": None}
    report = tmp_path / "bericht.md"
    code, out, _ = run_cli(["diff", str(WOHNGELD), str(new), "-f", "markdown", "-o",
                            str(report)], monkeypatch, capsys)
    assert code == 1 and out.strip() == "✖ 0 hinzugefügt, 1 entfernt, 1 geändert"
    assert "| prioritaet | geändert |" in report.read_text("utf-8")


@pytest.mark.parametrize(("text", "words"), [
    ("id: x\nname: [kaputt\n", "kaputt.yaml:"),
    ("- eine\n- Liste\n", "Schlüssel: Wert"),
])
def test_unusable_steckbrief_exit_2_in_german(tmp_path: Path, text: str, words: str,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "kaputt.yaml"
    bad.write_text(text, "utf-8")
    code, out, err = run_cli(["diff", str(WOHNGELD), str(bad)], monkeypatch, capsys)
    assert code == 2 and out == ""
    assert words in err and "Traceback" not in err
