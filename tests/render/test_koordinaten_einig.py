"""``validate``, ``render`` and ``site`` agree on which DI coordinates can be drawn
(bpmn/koordinaten.py): what render leaves out, validate reports (PK-B023, not PK-B024's
"ragt heraus") and the site names on the page and on stderr (tester, session 11: the site
said nothing, validate passed a model whose shapes all lay two million pixels out, and
render called that "kein Diagramm-Layout")."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli

MODELL = "modelle/gewerbeanmeldung-entgegennehmen.ist.bpmn"
PRUEFEN = '<dc:Bounds x="550" y="335" width="100" height="80" />'


@pytest.fixture
def register(tmp_path: Path) -> Path:
    folder = tmp_path / "reg"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".prozesskit"))
    return folder


def _edit(register: Path, change: str) -> Path:
    path = register / MODELL
    text = path.read_text("utf-8")
    assert text.count(PRUEFEN) == 1
    path.write_text(text.replace(PRUEFEN, change), "utf-8")
    return path


def _shift_everything(register: Path, by: float) -> Path:
    path = register / MODELL
    text = re.sub(r'(<(?:dc:Bounds|di:waypoint) x=")(-?[0-9.]+)',
                  lambda m: f"{m[1]}{float(m[2]) + by:g}", path.read_text("utf-8"))
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(("bounds", "why"), [
    ('<dc:Bounds x="NaN" y="1e400" width="100" height="80" />',
     'die Koordinaten x="NaN", y="1e400" sind keine endlichen Zahlen'),
    ('<dc:Bounds x="2000550" y="335" width="100" height="80" />',
     'die Koordinaten x="2000550" liegen außerhalb von ±1.000.000'),
])
def test_one_shape_left_out_is_reported_by_all_three(
        register: Path, bounds: str, why: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    model = _edit(register, bounds)
    sentence = (f"Form von 'Gewerbeanmeldung auf Vollständigkeit prüfen' (Task_Pruefen) fehlt "
                f"in der Zeichnung: {why}. Das Element im Modellierungswerkzeug neu platzieren")

    code, out, _ = run_cli(["validate", str(register)], monkeypatch, capsys)
    assert code == 1, out
    assert "[PK-B023]" in out and "Task_Pruefen" in out and "[PK-B024]" not in out

    code, _, err = run_cli(["render", str(model), "-o", str(tmp_path / "m.svg")],
                           monkeypatch, capsys)
    assert code == 0, err
    assert f"Hinweis: {model}: {sentence}" in err

    site = tmp_path / "site"
    code, _, err = run_cli(["site", str(register), "-o", str(site)], monkeypatch, capsys)
    assert code == 0, err
    assert f"Hinweis: {MODELL}: {sentence}" in err
    page = (site / "prozesse" / "gewerbeanmeldung-entgegennehmen.html").read_text("utf-8")
    assert '<p class="hinweis">Form von &#39;Gewerbeanmeldung auf Vollständigkeit prüfen' \
        in page


def test_a_layout_entirely_out_of_bounds_is_named_as_such(
        register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    model = _shift_everything(register, 2_000_000)
    code, out, _ = run_cli(["validate", str(register)], monkeypatch, capsys)
    assert code == 1 and "liegen außerhalb von ±1.000.000" in out and "[PK-B023]" in out

    code, _, err = run_cli(["render", str(model), "-o", str(tmp_path / "m.svg")],
                           monkeypatch, capsys)
    assert code == 2
    assert "kein Diagramm-Layout" not in err
    assert "Keine Form und keine Kante des Diagramms lässt sich zeichnen: Form von " in err
    assert "liegen außerhalb von ±1.000.000" in err


def test_a_layout_just_within_bounds_is_drawn_and_valid(
        register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    model = _shift_everything(register, 990_000)  # the widest shape ends below 1,000,000
    code, out, _ = run_cli(["validate", str(register)], monkeypatch, capsys)
    assert code == 0, out
    code, _, err = run_cli(["render", str(model), "-o", str(tmp_path / "m.svg")],
                           monkeypatch, capsys)
    assert (code, err) == (0, "")
