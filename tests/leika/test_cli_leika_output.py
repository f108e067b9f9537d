"""``prozesskit leika`` as a user sees it: an empty search is a usage error, tables fit the
terminal without cutting names, piped output cuts nothing, every column has a name, and
``vorschlagen`` finds Steckbriefe as ``validate`` does (``.yml`` too, never through a symlink)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from helpers import REPO, run_cli

REGISTER = REPO / "tests" / "fixtures" / "leika-register"
LONG_NAME = "Gewerbe Anmeldung Selbstständige Tätigkeit in der Land- und Forstwirtschaft"
HEADERS = ("Schlüssel", "Bezeichnung", "Typisierung", "OZG-Leistung", "Themenfeld",
           "Rechtsgrundlage")


@pytest.mark.parametrize("query", ["", "   ", " - "])
def test_empty_search_is_a_german_usage_error(
        query: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["leika", query], monkeypatch, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("Fehler: Die Suche ist leer.")
    assert 'prozesskit leika "Gewerbe anmelden"' in err


def _header_cells(text: str) -> list[list[str]]:
    """The cells of every table header line (between the heavy ┃ borders)."""
    return [[cell.strip() for cell in line.split("┃")[1:-1]]
            for line in text.splitlines() if line.startswith("┃")]


def test_piped_search_cuts_no_name(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # a piped table ignores the 80 columns rich assumes
    code, out, _ = run_cli(["leika", "Gewerbe", "anmelden", "-n", "4"], monkeypatch, capsys)
    assert code == 0
    assert _header_cells(out) == [list(HEADERS)]
    rows = [line for line in out.splitlines() if line.startswith("│ 99050012104001")]
    assert len(rows) == 1 and LONG_NAME in rows[0]  # whole, on one line
    assert "Unternehmensanmeldung und -genehmigung" in rows[0]
    assert "Nicht gezeigt" not in out


def _in_terminal(columns: int, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update({"PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1", "TERM": "xterm"})
    child = pexpect.spawn(sys.executable, ["-m", "prozesskit", *args], env=env,
                          encoding="utf-8", timeout=60, dimensions=(60, columns))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before or "").replace("\r", "")


def test_terminal_table_fits_its_width_and_folds_names() -> None:
    out = _in_terminal(80, "leika", "Gewerbe", "anmelden", "-n", "3")
    lines = out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert _header_cells(out) == [["Schlüssel", "Bezeichnung", "OZG-Leistung"]]
    assert "Nicht gezeigt: Typisierung, Themenfeld, Rechtsgrundlage" in out
    assert "…" not in out  # folded, not cut
    assert LONG_NAME.replace(" ", "") in _name_column(out)


def _name_column(out: str) -> str:
    """The Bezeichnung column read top to bottom, without the spaces folding adds."""
    cells = [line.split("│")[2] for line in out.splitlines() if line.startswith("│")]
    return "".join(cells).replace(" ", "")


def test_wide_terminal_shows_every_column() -> None:
    out = _in_terminal(200, "leika", "Gewerbe", "anmelden", "-n", "3")
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 200
    assert _header_cells(out) == [list(HEADERS)]
    assert LONG_NAME.replace(" ", "") in _name_column(out)


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """The LeiKa test register with a ``.yml`` Steckbrief and a symlink pointing outside."""
    target = tmp_path / "reg"
    shutil.copytree(REGISTER, target)
    ordnung = target / "steckbriefe" / "ordnung"
    (ordnung / "hundesteuer-anmeldung.yaml").rename(ordnung / "hundesteuer-anmeldung.yml")
    outside = tmp_path / "draussen.yaml"
    outside.write_text("id: draussen\nname: Gaststätte erlauben\nprodukt:\n  bereich: '02'\n",
                       encoding="utf-8")
    (ordnung / "link.yaml").symlink_to(outside)
    return target


def test_vorschlagen_finds_steckbriefe_as_validate_does(
        register: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["leika", "vorschlagen", str(register), "-f", "json"],
                           monkeypatch, capsys)
    assert code == 0
    data = json.loads(out)
    files = [entry["datei"] for entry in data["steckbriefe"]]
    assert "steckbriefe/ordnung/hundesteuer-anmeldung.yml" in files
    assert "draussen" not in out and "steckbriefe/ordnung/link.yaml" not in files
    assert data["nicht_gelesen"] == ["steckbriefe/ordnung/link.yaml"]

    code, out, _ = run_cli(["leika", "vorschlagen", str(register)], monkeypatch, capsys)
    assert code == 0
    assert "Nicht gelesen: steckbriefe/ordnung/link.yaml (Symlink" in out
    assert _header_cells(out) == [["Steckbrief", "Schlüssel", "Bezeichnung", "Score",
                                   "Status"]]
    assert "steckbriefe/ordnung/hundesteuer-anmeldung.yml" in out


def test_vorschlagen_writes_into_a_yml_steckbrief(
        register: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    outside = (register.parent / "draussen.yaml").read_bytes()
    code, out, _ = run_cli(["leika", "vorschlagen", str(register), "--schreiben"],
                           monkeypatch, capsys)
    assert code == 0, out
    yml = register / "steckbriefe" / "ordnung" / "hundesteuer-anmeldung.yml"
    assert "leika: '99102013000000'" in yml.read_text(encoding="utf-8") or (
        'leika: "99102013000000"' in yml.read_text(encoding="utf-8"))
    assert (register.parent / "draussen.yaml").read_bytes() == outside
    assert "geschrieben" in out
