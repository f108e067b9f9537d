"""``prozesskit update NEUE_QUELLE --statt ALTE_QUELLE``: processes imported from one source
bound to another that is not in the lock (a package of a newer version under a new file
name, a library that moved), merged field by field against the old base; on real files and
real temporary git repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, edit_once, empty_register, example_library, run_cli, snapshot
from helpers import git as _git
from prozesskit.library.lock import LOCK_NAME, read_lock

FAHRZEUG = "fahrzeug-zulassen"
BAU = "baugenehmigung-erteilen"
LOCAL = ("prioritaet: hoch", "prioritaet: mittel")


def _register(tmp_path: Path) -> Path:
    target = tmp_path / "kommune"
    empty_register(target)
    return target


def _cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
         *args: str) -> tuple[int, str, str]:
    return run_cli(list(args), monkeypatch, capsys)


def test_a_newer_package_under_a_new_name_takes_the_place_of_the_old(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "nachbar"
    shutil.copytree(EXAMPLE, library, ignore=shutil.ignore_patterns(".prozesskit"))
    old_zip, new_zip = tmp_path / "nachbar-2026.1.zip", tmp_path / "nachbar-2026.2.zip"
    code, _, err = _cli(monkeypatch, capsys, "pack", FAHRZEUG, BAU, "--register",
                        str(library), "-o", str(old_zip))
    assert code == 0, err
    target = _register(tmp_path)
    code, _, err = _cli(monkeypatch, capsys, "import", str(old_zip), FAHRZEUG, BAU,
                        "-r", str(target))
    assert code == 0, err
    key = read_lock(target).prozesse[FAHRZEUG].quelle
    local = target / "steckbriefe" / f"{FAHRZEUG}.yaml"
    edit_once(local, *LOCAL)  # the member's edit
    edit_once(library / "steckbriefe" / f"{FAHRZEUG}.yaml", "fallzahl_pro_jahr: 42000",
              "fallzahl_pro_jahr: 45000")  # the neighbour's, in the newer package
    code, _, err = _cli(monkeypatch, capsys, "pack", FAHRZEUG, BAU, "--register",
                        str(library), "-o", str(new_zip))
    assert code == 0, err

    # not in the lock: without --statt it is a source nothing was imported from
    code, _, err = _cli(monkeypatch, capsys, "update", str(new_zip), "-r", str(target))
    assert code == 2 and "wurde nichts importiert" in err

    before = snapshot(target)
    code, out, err = _cli(monkeypatch, capsys, "update", str(new_zip), "--statt", key,
                          "--dry-run", "-r", str(target))
    assert code == 0, out + err
    assert snapshot(target) == before and "Probelauf" in out
    code, out, err = _cli(monkeypatch, capsys, "update", str(new_zip), "--statt", key,
                          "-r", str(target))
    assert code == 0, out + err
    assert f"2 Prozess(e) an diese Quelle gebunden (vorher: {old_zip.resolve()})" in out
    assert "1 Feld übernommen (kennzahlen.fallzahl_pro_jahr)" in out
    text = local.read_text("utf-8")
    assert "prioritaet: mittel" in text and "fallzahl_pro_jahr: 45000" in text
    lock = read_lock(target)
    assert lock.quellen[key].ort == str(new_zip.resolve())  # same key, new place
    assert {p.quelle for p in lock.prozesse.values()} == {key}
    new_sha = __import__("hashlib").sha256(new_zip.read_bytes()).hexdigest()
    assert {p.paket_sha256 for p in lock.prozesse.values()} == {new_sha}  # all moved
    kept = target / ".prozesskit" / "basis" / key / "steckbriefe" / f"{FAHRZEUG}.yaml"
    assert "fallzahl_pro_jahr: 45000" in kept.read_text("utf-8")  # the base moved
    herkunft = text.split("herkunft:", 1)[1]
    assert f"version: paket-{new_sha[:12]}" in herkunft

    old_zip.unlink()  # the old package can go: everything names the new one
    code, out, err = _cli(monkeypatch, capsys, "update", "-r", str(target))
    assert code == 0 and "0 Datei(en) geschrieben" in out, out + err
    code, out, err = _cli(monkeypatch, capsys, "diff", "-r", str(target))
    assert code == 1 and "lokal geändert" in out and "Konflikt" not in out, out + err


def _library(tmp_path: Path) -> Path:
    repo = tmp_path / "alt" / "bibliothek"
    return example_library(repo)


def test_a_library_that_moved_keeps_its_processes_base_and_manifest_entry(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    old = _library(tmp_path)
    target = _register(tmp_path)
    code, _, err = _cli(monkeypatch, capsys, "import", f"file://{old}@v1", FAHRZEUG, BAU,
                        "--mit-modellen", "-r", str(target))
    assert code == 0, err
    local = target / "steckbriefe" / f"{BAU}.yaml"
    edit_once(local, "fallzahl_pro_jahr: 1200", "fallzahl_pro_jahr: 1350")
    moved = tmp_path / "neu" / "bibliothek.git"  # the library's new home: same history
    moved.parent.mkdir()
    subprocess_run = __import__("subprocess").run
    subprocess_run(["git", "clone", "-q", "--bare", str(old), str(moved)], check=True)
    shutil.rmtree(old)  # the old address is gone
    work = tmp_path / "arbeit"
    subprocess_run(["git", "clone", "-q", str(moved), str(work)], check=True)
    edit_once(work / "steckbriefe" / f"{BAU}.yaml", "prioritaet: hoch", "prioritaet: mittel")
    _git(work, "commit", "-qam", "v2")
    _git(work, "tag", "v2")
    _git(work, "push", "-q", "origin", "main", "v2")

    code, out, err = _cli(monkeypatch, capsys, "update", f"file://{moved}@v2", "--statt",
                          "bibliothek", "-r", str(target))
    assert code == 0, out + err
    text = local.read_text("utf-8")
    assert "fallzahl_pro_jahr: 1350" in text and "prioritaet: mittel" in text
    assert f"url: file://{moved}" in text  # herkunft names the new address
    lock = read_lock(target)
    assert lock.quellen["bibliothek"].ort == f"file://{moved}"
    assert lock.quellen["bibliothek"].ref == "v2"
    manifest = (target / "prozesskit.yaml").read_text("utf-8")
    assert f"url: file://{moved}" in manifest and "ref: v2" in manifest
    assert str(old) not in manifest and str(old) not in (target / LOCK_NAME).read_text("utf-8")

    # the next release at the new address merges against the base now found there
    edit_once(work / "steckbriefe" / f"{BAU}.yaml", "prioritaet: mittel", "prioritaet: niedrig")
    _git(work, "commit", "-qam", "v3")
    _git(work, "tag", "v3")
    _git(work, "push", "-q", "origin", "main", "v3")
    code, out, err = _cli(monkeypatch, capsys, "update", "bibliothek@v3", "-r", str(target))
    assert code == 0, out + err
    text = local.read_text("utf-8")
    assert "prioritaet: niedrig" in text and "fallzahl_pro_jahr: 1350" in text


def test_statt_refuses_strangers_unknown_sources_and_open_conflicts_writing_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    old = _library(tmp_path)
    target = _register(tmp_path)
    code, _, err = _cli(monkeypatch, capsys, "import", f"file://{old}@v1", BAU, "-r",
                        str(target))
    assert code == 0, err
    edit_once(target / "steckbriefe" / f"{BAU}.yaml", "fallzahl_pro_jahr: 1200",
              "fallzahl_pro_jahr: 1350")
    stranger = tmp_path / "fremd"
    shutil.copytree(EXAMPLE, stranger, ignore=shutil.ignore_patterns(".prozesskit"))
    for path in (stranger / "steckbriefe").iterdir():
        if path.name != "fahrzeug-zulassen.yaml":
            path.unlink()
    renewed = tmp_path / "erneuert"
    shutil.copytree(EXAMPLE, renewed, ignore=shutil.ignore_patterns(".prozesskit"))
    edit_once(renewed / "steckbriefe" / f"{BAU}.yaml", "fallzahl_pro_jahr: 1200",
              "fallzahl_pro_jahr: 1500")
    before = snapshot(target)
    cases = [
        (["update", str(renewed), "--statt", "gibtsnicht"], "steht nicht in prozesskit.lock"),
        (["update", "--statt", "bibliothek"], "--statt braucht die neue Quelle"),
        (["update", str(stranger), "--statt", "bibliothek"], "ist das die richtige Quelle?"),
        (["update", f"file://{old}@v1", "--statt", "bibliothek"], "ist schon die Quelle"),
        (["update", str(renewed), "--statt", "bibliothek"],
         f"1 Konflikt(e) offen ({BAU}:kennzahlen.fallzahl_pro_jahr)"),
    ]
    for args, message in cases:
        code, out, err = _cli(monkeypatch, capsys, *args, "-r", str(target))
        assert code == 2 and message in err, (args, out, err)
        assert "Traceback" not in err
        assert snapshot(target) == before, args
    code, out, err = _cli(monkeypatch, capsys, "update", str(renewed), "--statt", "bibliothek",
                          "--theirs", "-r", str(target))
    assert code == 0, out + err
    assert "fallzahl_pro_jahr: 1500" in (target / "steckbriefe" / f"{BAU}.yaml").read_text()
    assert read_lock(target).quellen["bibliothek"].art == "ordner"
    assert "bibliotheken: []" in (target / "prozesskit.yaml").read_text("utf-8") or \
        f"file://{old}" not in (target / "prozesskit.yaml").read_text("utf-8")
