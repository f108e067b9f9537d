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


def test_unpack_into_a_linked_steckbriefe_folder_is_refused_not_called_done(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A target whose ``steckbriefe/`` is a link to a folder outside the register that holds
    the package's Steckbriefe byte for byte: they must not count as "already there" (that
    read files outside the register and ended with exit 0 without writing them); the write
    plan refuses the link and nothing is written."""
    from ziele import fresh_register, tree

    package = tmp_path / "paket.zip"
    code, _, err = run_cli(["pack", "--alle", "--register", str(EXAMPLE), "-o", str(package)],
                           monkeypatch, capsys)
    assert code == 0, err
    outside = tmp_path / "anderswo"
    shutil.copytree(EXAMPLE / "steckbriefe", outside)
    target = fresh_register(tmp_path / "ziel")
    (target / "steckbriefe").symlink_to(outside, target_is_directory=True)
    before = tree(target)
    code, _, err = run_cli(["unpack", str(package), "--ziel", str(target)], monkeypatch, capsys)
    assert code == 2, err
    assert "steckbriefe" in err and "Traceback" not in err
    assert tree(target) == before
