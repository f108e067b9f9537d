"""Huge values from a package (a process id of 100,000 characters in the manifest) are
quoted shortened: the message stays a readable line that still names the package and says
what to do, instead of a 100 KB error line."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli, snapshot
from prozesskit.errors import InputError
from prozesskit.limits import gekuerzt

LANG = "a" * 100_000


def _steckbrief(steckbrief_id: str) -> bytes:
    return (f"id: {steckbrief_id}\nname: Gewerbe ummelden\nprodukt:\n  bereich: \"02\"\n"
            "organisationseinheit: Ordnungsamt\n").encode()


def _paket(path: Path, files: list[tuple[str, bytes]], prozesse: list[dict[str, object]]
           ) -> Path:
    manifest = {
        "format": "prozesskit-paket", "formatversion": 2, "prozesskit": "0.1.0",
        "quelle": {"kommune": "Stadt Nachbar", "schluessel": "05999008", "typ": "stadt"},
        "prozesse": prozesse,
        "dateien": [{"pfad": rel, "groesse": len(data),
                     "sha256": hashlib.sha256(data).hexdigest()} for rel, data in files],
        "pruefung": {"fehler": 0, "warnungen": 0, "erzwungen": False, "regeln": [],
                     "befunde": [], "ausgelassen": 0},
    }
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("prozesskit-paket.json", json.dumps(manifest))
        for rel, data in files:
            archive.writestr(rel, data)
    return path


RELS = "steckbriefe/gewerbe-ummelden.yaml"
CASES = {
    # the manifest's id differs from the Steckbrief's
    "manifest-id": ([(RELS, _steckbrief("gewerbe-ummelden"))],
                    [{"id": LANG, "name": "G", "steckbrief": RELS, "modelle": []}]),
    # the Steckbrief's own id too (file name ≠ id, id too long)
    "steckbrief-id": ([(RELS, _steckbrief(LANG))],
                      [{"id": LANG, "name": "G", "steckbrief": RELS, "modelle": []}]),
    # a path the manifest names but does not list
    "pfad": ([(RELS, _steckbrief("gewerbe-ummelden"))],
             [{"id": "gewerbe-ummelden", "name": "G", "steckbrief": "steckbriefe/" + LANG,
               "modelle": []}]),
}


@pytest.mark.parametrize("command", ["unpack", "import"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_huge_value_is_quoted_shortened(
        case: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    files, prozesse = CASES[case]
    paket = _paket(tmp_path / "nachbar.zip", files, prozesse)
    register = tmp_path / "register"
    shutil.copytree(EXAMPLE, register, ignore=shutil.ignore_patterns(".prozesskit"))
    before = snapshot(register)
    monkeypatch.chdir(register)
    args = ["unpack", str(paket)] if command == "unpack" else ["import", str(paket), "--alle"]
    code, _, err = run_cli(args, monkeypatch, capsys)
    assert code == 2
    # no quoted value longer than a valid id; the user's own path to the package aside
    # (pytest's are long), the error is a few lines of text, not 100 KB
    assert max(len(run) for run in re.findall("a+", err)) <= 80, err[:600]
    assert len(err.replace(str(paket), "P")) < 800, err[:900]
    assert f"Paket '{paket}'" in err
    assert "aaaaaaaaaa…" in err or "aaaaaaaaaa…" in err
    assert "nichts geschrieben" in err
    assert snapshot(register) == before


def test_every_error_message_bounds_a_huge_value() -> None:
    """The net under all messages: a value no message shortened itself (here a path)."""
    error = InputError(f"Quelle '/tmp/{LANG}.zip' gibt es nicht: bitte prüfen", file=LANG)
    assert len(str(error)) < 600
    assert str(error).endswith("aaaa.zip' gibt es nicht: bitte prüfen")
    assert error.message.startswith("Quelle '/tmp/aaaa")


def test_gekuerzt_is_diffs_shortening() -> None:
    assert gekuerzt("x" * 80) == "x" * 80
    assert gekuerzt("x" * 101, 100) == "x" * 99 + "…"
    assert gekuerzt("abcdefghij", 6, ende=2) == "abc…ij"
