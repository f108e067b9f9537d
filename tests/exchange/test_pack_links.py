"""A model that is a symbolic link is not read (PK-B001), so it cannot be packed; pack
and the XProzess export must count that error and refuse, not leave the model out and
report "0 Fehler" (black-box finding, session 8)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli
from prozesskit.exchange.manifest import MANIFEST_NAME

ID = "gewerbeanmeldung-entgegennehmen"
MODEL = f"modelle/{ID}.ist.bpmn"


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """The example register with one model replaced by a link to a copy outside it."""
    source = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns(".prozesskit"))
    outside = tmp_path / "draussen.bpmn"
    shutil.copyfile(source / MODEL, outside)
    (source / MODEL).unlink()
    (source / MODEL).symlink_to(outside)
    return source


@pytest.mark.parametrize("fmt", ["paket", "xprozess"])
def test_a_linked_model_refuses_the_pack_unless_forced(
        linked: Path, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / ("g.zip" if fmt == "paket" else "g.xml")
    args = ["pack", ID, "--format", fmt, "--register", str(linked), "-o", str(out)]
    code, _, err = run_cli(args, monkeypatch, capsys)
    assert code == 2 and not out.exists()
    assert "1 Fehler in den gewählten Dateien" in err and MODEL in err and "PK-B001" in err
    code, stdout, err = run_cli([*args, "--force"], monkeypatch, capsys)
    assert code == 0, err
    if fmt == "paket":
        assert "Prüfung: 1 Fehler" in stdout
        with zipfile.ZipFile(out) as archive:
            manifest = json.loads(archive.read(MANIFEST_NAME))
            assert MODEL not in archive.namelist()  # never read through the link
        assert manifest["pruefung"]["erzwungen"] is True
        assert manifest["pruefung"]["befunde"][0]["datei"] == MODEL
    else:
        assert "0 Modelle" in stdout
