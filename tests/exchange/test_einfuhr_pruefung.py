"""What reaches a register from outside is checked the same way however it comes in:
``unpack paket.zip``, ``import paket.zip`` and ``import export.xml`` refuse Steckbriefe that
break the schema (exit 2, nothing written); ``unpack`` refuses a process the target holds
under another path, by id as well as by file name; an unusable manifest is named in German
(black-box findings, session 8)."""

from __future__ import annotations

import hashlib
import json
import re
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
    # into a register without that process: its file name is not its id (validate's
    # PK-S005 error), refused as well; taken only when asked for
    other = fresh_register(tmp_path / "leer")
    before = tree(other)
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(other)],
                           monkeypatch, capsys)
    assert code == 2, err
    assert "Dateiname 'anderer-name' passt nicht zur id 'geburt-beurkunden'" in err
    assert tree(other) == before
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(other), "--mit-fehlern"],
                           monkeypatch, capsys)
    assert code == 0, err


def test_a_manifest_id_the_file_does_not_have_is_not_called_a_duplicate(
        register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Review finding F8 (session 11): the duplicate check trusted the manifest's id and
    told the user to move or delete their own, correct Steckbrief. A manifest id the file
    does not have is the package's error, named as such; a file's own id still counts."""
    rel = "steckbriefe/geburt-neu.yaml"
    raw = (register / "steckbriefe" / "geburt-beurkunden.yaml").read_bytes().replace(
        b"id: geburt-beurkunden", b"id: geburt-neu")
    paket = package(tmp_path / "lie.zip", {rel: raw}, {rel: "wohngeld-bewilligen"})
    before = tree(register)
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(register)], monkeypatch, capsys)
    assert code == 2, err
    assert "steht im Ziel schon" not in err
    assert "Das Manifest nennt den Prozess 'wohngeld-bewilligen', der Steckbrief hat die " \
           "id 'geburt-neu'" in err
    assert tree(register) == before
    # the file's own id under another name is the target's process: refused by that id
    other = "steckbriefe/anders.yaml"
    raw = (register / "steckbriefe" / "geburt-beurkunden.yaml").read_bytes()
    paket = package(tmp_path / "own.zip", {other: raw}, {other: "stelle-ausschreiben"})
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(register), "--mit-fehlern"],
                           monkeypatch, capsys)
    assert code == 2, err
    assert "'steckbriefe/anders.yaml' (id 'geburt-beurkunden') steht im Ziel schon als " \
           "'steckbriefe/geburt-beurkunden.yaml'" in err
    assert tree(register) == before


def test_unpack_says_why_it_wants_file_name_equal_id_where_the_target_allows_otherwise(
        register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Review finding F6 (session 11): a register that switches PK-S005 off packs such a
    file with "0 Fehler"; unpack refuses it on purpose (its duplicate check knows the
    target's processes by file name), but said it in validate's words for that very rule,
    which the target has switched off. It says why, and what to do."""
    rel = "steckbriefe/anderer-name.yaml"
    raw = (register / "steckbriefe" / "geburt-beurkunden.yaml").read_bytes()
    paket = package(tmp_path / "p.zip", {rel: raw}, {rel: "geburt-beurkunden"})
    target = fresh_register(tmp_path / "ziel")
    manifest = target / "prozesskit.yaml"
    manifest.write_text(manifest.read_text("utf-8")
                        + "konventionen:\n  regeln:\n    PK-S005: off\n", encoding="utf-8")
    before = tree(target)
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(target)], monkeypatch, capsys)
    assert code == 2, err
    assert ("Dateiname 'anderer-name' passt nicht zur id 'geburt-beurkunden': übernommen wird "
            "ein Steckbrief nur als 'geburt-beurkunden.yaml', auch wo ein Register PK-S005 "
            "abschaltet (die Prüfung auf doppelte Prozesse erkennt sie am Dateinamen); bitte "
            "in der Quelle umbenennen und neu packen") in err
    assert tree(target) == before


def test_import_of_a_package_checks_like_unpack(
        register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from prozesskit import open_source
    from prozesskit.errors import PaketError

    paket = package(tmp_path / "b.zip", {"steckbriefe/inv-datei-pruefen.yaml": BROKEN})
    before = tree(register)
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(register)], monkeypatch, capsys)
    assert code == 2 and "'modellierung' muss eine Zuordnung" in err
    code, _, err = run_cli(["import", str(paket), "--alle", "--register", str(register)],
                           monkeypatch, capsys)
    assert code == 2, err
    assert "2 Fehler in Steckbriefen oder Modellen" in err
    assert "steckbriefe/inv-datei-pruefen.yaml:6 'modellierung' muss eine Zuordnung" in err
    assert "'produkt.bereich' muss Text sein" in err
    assert tree(register) == before
    with pytest.raises(PaketError, match="nichts geschrieben"):  # any use of the source
        open_source(paket)


def _xprozess(register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str]) -> Path:
    """The example's wohngeld-bewilligen exported, its ``modellierung`` merkmal tampered."""
    out = tmp_path / "x.xml"
    code, _, err = run_cli(["pack", "--format", "xprozess", "wohngeld-bewilligen",
                            "--register", str(register), "-o", str(out)], monkeypatch, capsys)
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    tampered = re.sub(r'\{"status":"nicht_modelliert"[^<]*\}', '"kaputt"', text)
    assert tampered != text
    out.write_text(tampered, encoding="utf-8")
    return out


def test_import_of_an_xprozess_file_checks_the_steckbriefe_it_makes(
        register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    export = _xprozess(register, tmp_path, monkeypatch, capsys)
    target = fresh_register(tmp_path / "ziel")
    code, _, err = run_cli(["import", str(export), "--register", str(target)],
                           monkeypatch, capsys)
    assert code == 2, err
    assert "Prozess 'wohngeld-bewilligen'" in err and "'modellierung' muss eine Zuordnung" in err
    assert "x.xml" in err and "nichts geschrieben" in err
    assert set(tree(target)) == {"prozesskit.yaml"}


def test_validate_reports_a_field_the_steckbrief_could_not_take(
        register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    export = _xprozess(register, tmp_path, monkeypatch, capsys)
    code, out, _ = run_cli(["validate", str(export)], monkeypatch, capsys)
    assert code == 1, out
    assert "Prozess 'wohngeld-bewilligen'" in out and "'modellierung' muss eine Zuordnung" in out
    assert "PK-S004" in out
    # the untampered export has no such finding
    good = tmp_path / "gut"
    good.mkdir()
    code, out, err = run_cli(["pack", "--format", "xprozess", "wohngeld-bewilligen",
                              "--register", str(register), "-o", str(good / "x.xml")],
                             monkeypatch, capsys)
    assert code == 0, err
    code, out, _ = run_cli(["validate", str(good / "x.xml")], monkeypatch, capsys)
    assert code == 0 and "PK-S004" not in out, out


def test_a_process_the_structural_rules_fault_is_not_faulted_again_as_a_steckbrief(
        register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A missing <name> is PK-P012; "Steckbrief beim Import: 'name' ist zu kurz" (PK-S004)
    at the same process said the same again."""
    out = tmp_path / "x.xml"
    code, _, err = run_cli(["pack", "--format", "xprozess", "wohngeld-bewilligen",
                            "--register", str(register), "-o", str(out)], monkeypatch, capsys)
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    cut = re.sub(r"(<xprozess:prozess>\s*<xprozess:id>[^<]*</xprozess:id>\s*)"
                 r"<xprozess:name>[^<]*</xprozess:name>", r"\1", text, count=1)
    assert cut != text
    out.write_text(cut, encoding="utf-8")
    code, report, _ = run_cli(["validate", str(out), "--format", "json"], monkeypatch, capsys)
    assert code == 1
    rules = [p["rule"] for p in json.loads(report)["problems"]]
    assert rules == ["PK-P012"], rules


@pytest.mark.parametrize(("manifest", "expected"), [
    (b"{x", "prozesskit-paket.json ist kein gültiges JSON: ein Feldname in doppelten "
             "Anführungszeichen fehlt (Zeile 1, Spalte 2)"),
    (b"[]", "prozesskit-paket.json muss ein JSON-Objekt"),
    (b"\xff{}", "prozesskit-paket.json ist kein gültiges JSON: nicht in UTF-8 kodiert"),
    (b"[" * 2000 + b"]" * 2000, "ist kein gültiges JSON: zu tief verschachtelt"),
    (None, "Pflichtfeld 'pruefung' fehlt"),
    (b'{"format": "prozesskit-paket", "formatversion": 2, "prozesskit": "0.1.0", '
     b'"quelle": {}, "prozesse": {}, "dateien": [], "pruefung": {"fehler": 0, "warnungen": 0}}',
     "'prozesse' muss eine Liste"),
])
def test_an_unusable_manifest_is_named_in_german(
        register: Path, tmp_path: Path, manifest: bytes | None, expected: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    if manifest is None:  # a real manifest with one field missing
        package(tmp_path / "v.zip", {})
        with zipfile.ZipFile(tmp_path / "v.zip") as archive:
            data = json.loads(archive.read("prozesskit-paket.json"))
        del data["pruefung"]
        manifest = json.dumps(data).encode()
    paket = package(tmp_path / "m.zip", {}, manifest=manifest)
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(register)], monkeypatch, capsys)
    assert code == 2 and expected in err, err
    for english in ("expected", "Input should", "Field required", "unexpected"):
        assert english not in err, err
