"""Packages carry their register's Produktrahmen (``quelle.produktrahmen``, format version
3), and ``unpack``/``import`` into a register with another Produktrahmen say how many
Produktbereiche do not fit and what to do, before validate reports one PK-S013 per
Steckbrief (tester, session 11: everything was taken without a word)."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from helpers import EXAMPLE, empty_register, packed_example, run_cli
from prozesskit.exchange.manifest import MANIFEST_NAME

NKF_NACH_IMK = ("ist nach dem Produktrahmen NKF-NRW nummeriert, dieses Register nach IMK: die "
                "Produktbereiche von 8 Steckbriefen gibt es in IMK nicht (01, 02, 05, 10, 16; "
                "validate meldet PK-S013). Bitte produkt.bereich (und Produktgruppe und "
                "Produkt) dieser Steckbriefe auf IMK umschlüsseln (dem Namen nach: 01 → 11, "
                "02 → 12, 10 → 52, 16 → 61).")


def _register(target: Path, rahmen: str) -> Path:
    empty_register(target)
    manifest = target / "prozesskit.yaml"
    text = manifest.read_text("utf-8")
    assert text.count("produktrahmen: NKF-NRW\n") == 1
    manifest.write_text(text.replace("produktrahmen: NKF-NRW\n", f"produktrahmen: {rahmen}\n"),
                        "utf-8")
    return target


def test_the_package_manifest_names_the_produktrahmen(tmp_path: Path) -> None:
    with zipfile.ZipFile(packed_example(tmp_path)) as archive:
        manifest = json.loads(archive.read(MANIFEST_NAME))
    assert manifest["formatversion"] == 3
    assert manifest["quelle"]["produktrahmen"] == "NKF-NRW"


def test_unpack_into_another_produktrahmen_says_what_does_not_fit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    paket = packed_example(tmp_path)
    capsys.readouterr()
    target = _register(tmp_path / "imk", "IMK")
    code, out, err = run_cli(["unpack", str(paket), "--ziel", str(target)], monkeypatch, capsys)
    assert (code, err) == (0, ""), err
    assert f"Hinweis: Das Paket 'gut.zip' {NKF_NACH_IMK}" in out
    assert len(list((target / "steckbriefe").glob("*.yaml"))) == 8  # taken as they are
    code, out, _ = run_cli(["validate", str(target)], monkeypatch, capsys)
    assert code == 1 and out.count("[PK-S013]") == 8  # what the hint announced


def test_unpack_into_the_same_produktrahmen_says_nothing_about_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    paket = packed_example(tmp_path)
    capsys.readouterr()
    target = _register(tmp_path / "nkf", "NKF-NRW")
    code, out, err = run_cli(["unpack", str(paket), "--ziel", str(target)], monkeypatch, capsys)
    assert (code, err) == (0, ""), err
    assert "Produktrahmen" not in out


@pytest.mark.parametrize("quelle", ["paket", "ordner"])
def test_import_into_another_produktrahmen_says_what_does_not_fit(
        quelle: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    if quelle == "paket":
        source, shown = packed_example(tmp_path), "Die Quelle '{}'"
    else:
        source = tmp_path / "km"
        shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns(".prozesskit"))
        shown = "Die Quelle '{}'"
    capsys.readouterr()
    target = _register(tmp_path / "imk", "IMK")
    code, out, err = run_cli(["import", str(source), "--alle", "-r", str(target)],
                             monkeypatch, capsys)
    assert code == 0, err
    assert f"Hinweis: {shown.format(source)} {NKF_NACH_IMK}" in out


def test_an_older_package_without_produktrahmen_counts_what_the_register_lacks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A version 2 package does not say its Produktrahmen: the Bereiche the receiver's
    Produktrahmen lacks are still counted (their meaning cannot be compared)."""
    with zipfile.ZipFile(packed_example(tmp_path)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(files[MANIFEST_NAME])
    del manifest["quelle"]["produktrahmen"]
    files[MANIFEST_NAME] = json.dumps({**manifest, "formatversion": 2}).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    paket = tmp_path / "alt.zip"
    paket.write_bytes(buffer.getvalue())
    capsys.readouterr()
    target = _register(tmp_path / "imk", "IMK")
    code, out, err = run_cli(["unpack", str(paket), "--ziel", str(target)], monkeypatch, capsys)
    assert (code, err) == (0, ""), err
    assert ("Hinweis: Die Produktbereiche von 8 Steckbriefen gibt es im Produktrahmen IMK "
            "dieses Registers nicht (01, 02, 05, 10, 16; validate meldet PK-S013); stammen sie "
            "aus einem anderen Produktrahmen?") in out


def test_xprozess_names_no_produktrahmen_so_what_the_register_lacks_is_counted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """prozesskit's own XProzess export keeps the Produktbereich (in a ``merkmal``), but
    XProzess has no place for the Produktrahmen: counted as for an older package."""
    source = tmp_path / "km"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns(".prozesskit"))
    export = tmp_path / "export.xml"
    code, _, err = run_cli(["pack", "--format", "xprozess", "--alle", "--register",
                            str(source), "-o", str(export)], monkeypatch, capsys)
    assert code == 0, err
    target = _register(tmp_path / "imk", "IMK")
    code, out, err = run_cli(["import", str(export), "-r", str(target)], monkeypatch, capsys)
    assert code == 0, err
    assert ("Hinweis: Die Produktbereiche von 8 Steckbriefen gibt es im Produktrahmen IMK "
            "dieses Registers nicht (01, 02, 05, 10, 16; validate meldet PK-S013)") in out
