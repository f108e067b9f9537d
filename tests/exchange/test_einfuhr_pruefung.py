"""What reaches a register from outside is checked the same way however it comes in:
``unpack paket.zip``, ``import paket.zip`` and ``import export.xml`` refuse Steckbriefe that
break the schema (exit 2, nothing written); ``unpack`` refuses a process the target holds
under another path, by id as well as by file name; an unusable manifest is named in German
(black-box findings, session 8)."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from ziele import fresh_register, tree

from helpers import EXAMPLE, run_cli

BROKEN = ("id: inv-datei-pruefen\nname: Inv Datei prüfen\nprodukt:\n  bereich: 1\n"
          "organisationseinheit: X\nmodellierung: kaputt\nstatus: aktiv\n").encode()


def package(path: Path, files: dict[str, bytes], ids: dict[str, str] | None = None,
            manifest: bytes | None = None) -> Path:
    """A package of Steckbriefe as another tool could write it: sizes and hashes right."""
    ids = ids or {}
    prozesse = [{"id": ids.get(rel, Path(rel).stem), "name": "X", "steckbrief": rel,
                 "modelle": []} for rel in files]
    data = {"format": "prozesskit-paket", "formatversion": 2, "prozesskit": "0.1.0",
            "quelle": {"kommune": "E", "schluessel": "05999003", "typ": "gemeinde"},
            "prozesse": prozesse,
            "dateien": [{"pfad": rel, "groesse": len(raw),
                         "sha256": hashlib.sha256(raw).hexdigest()}
                        for rel, raw in files.items()],
            "pruefung": {"fehler": 0, "warnungen": 0, "erzwungen": False, "regeln": [],
                         "befunde": [], "ausgelassen": 0}}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("prozesskit-paket.json", manifest if manifest is not None
                         else json.dumps(data))
        for rel, raw in files.items():
            archive.writestr(rel, raw)
    return path


@pytest.fixture
def register(tmp_path: Path) -> Path:
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".prozesskit"))
    return target


def test_unpack_refuses_an_id_the_target_has_under_another_file_name(
        register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    rel = "steckbriefe/anderer-name.yaml"
    raw = (register / "steckbriefe" / "geburt-beurkunden.yaml").read_bytes()
    paket = package(tmp_path / "dup.zip", {rel: raw}, {rel: "geburt-beurkunden"})
    before = tree(register)
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(register)], monkeypatch, capsys)
    assert code == 2, err
    assert "'steckbriefe/anderer-name.yaml' (id 'geburt-beurkunden') steht im Ziel schon als " \
           "'steckbriefe/geburt-beurkunden.yaml'" in err
    assert tree(register) == before
    # into a register without that process it is unpacked
    other = fresh_register(tmp_path / "leer")
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(other)],
                           monkeypatch, capsys)
    assert code == 0, err
