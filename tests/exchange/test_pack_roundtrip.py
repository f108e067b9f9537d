"""pack → unpack on real registers: the example register and an ``init --blueprint
gemeinde`` register round-trip byte for byte; packing is deterministic; the package is a
source like any other."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path

import jsonschema
import pytest
from ziele import MINIMAL, fresh_register, tree

from helpers import EXAMPLE, REPO, run_cli
from prozesskit import SourceKind, open_source
from prozesskit.exchange.manifest import MANIFEST_NAME
from prozesskit.schemas import render_exchange


def pack(register: Path, out: Path, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(["pack", *args, "--register", str(register), "-o", str(out)],
                   monkeypatch, capsys)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    copy = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns(".prozesskit"))
    return copy


def _round_trip(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                capsys: pytest.CaptureFixture[str]) -> dict[str, bytes]:
    paket = tmp_path / "paket.zip"
    code, out, err = pack(source, paket, monkeypatch, capsys, "--alle")
    assert (code, err) == (0, ""), err
    assert "Prüfung: 0 Fehler" in out
    target = fresh_register(tmp_path / "ziel")
    code, out, err = run_cli(["unpack", str(paket), "--ziel", str(target)], monkeypatch, capsys)
    assert (code, err) == (0, ""), err
    with zipfile.ZipFile(paket) as archive:
        names = [n for n in archive.namelist() if n != MANIFEST_NAME]
        assert archive.testzip() is None  # any unzip reads it
    unpacked = tree(target)
    for name in names:
        assert unpacked[name] == (source / name).read_bytes(), name
    assert set(unpacked) == {*names, "prozesskit.yaml"}
    code, out, _ = run_cli(["validate", str(target)], monkeypatch, capsys)
    assert code == 0, out
    return unpacked


def test_example_register_round_trips_byte_for_byte(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    unpacked = _round_trip(example, tmp_path, monkeypatch, capsys)
    assert len([n for n in unpacked if n.startswith("steckbriefe/")]) == 8
    assert "modelle/baugenehmigung-erteilen.soll.bpmn" in unpacked


def test_gemeinde_blueprint_register_round_trips_byte_for_byte(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "gemeinde"
    code, _, err = run_cli(["init", "--blueprint", "gemeinde", str(source), "--name",
                            "Gemeinde Beispiel", "--ags", "05999001", "--typ", "gemeinde"],
                           monkeypatch, capsys)
    assert code == 0, err
    unpacked = _round_trip(source, tmp_path, monkeypatch, capsys)
    assert len([n for n in unpacked if n.startswith("steckbriefe/")]) > 300


def test_packing_twice_gives_the_same_sha256(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "a.zip"
    assert pack(example, first, monkeypatch, capsys, "--alle")[0] == 0
    # another folder, other mtimes, another umask: the same package
    other = tmp_path / "anderswo" / "register"
    old = os.umask(0o077)
    try:
        shutil.copytree(example, other)
        for path in other.rglob("*"):
            os.utime(path, (1_000_000_000, 1_000_000_000))
        second = tmp_path / "b.zip"
        code, out, _ = pack(other, second, monkeypatch, capsys, "--alle")
    finally:
        os.umask(old)
    assert code == 0
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    assert first.read_bytes() == second.read_bytes()
    assert f"SHA-256: {digest}" in out
    with zipfile.ZipFile(second) as archive:
        infos = archive.infolist()
    assert infos[0].filename == MANIFEST_NAME
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {(i.date_time, i.external_attr >> 16, i.compress_type) for i in infos} == {
        ((1980, 1, 1, 0, 0, 0), 0o100644, zipfile.ZIP_STORED)}


def test_manifest_records_processes_files_and_validation(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    paket = tmp_path / "p.zip"
    code, _, err = pack(example, paket, monkeypatch, capsys, "gewerbeanmeldung-entgegennehmen",
                        "fahrzeug-zulassen")
    assert code == 0, err
    with zipfile.ZipFile(paket) as archive:
        manifest = json.loads(archive.read(MANIFEST_NAME))
        names = archive.namelist()
    schema = json.loads((REPO / "schemas" / "prozesskit-paket.schema.json").read_text())
    jsonschema.validate(manifest, schema)
    assert manifest["format"] == "prozesskit-paket" and manifest["formatversion"] == 3
    assert manifest["quelle"] == {"kommune": "Kreis Musterland", "schluessel": "05999",
                                  "typ": "kreis", "blaupause": "nrw-kommunal/kreis@2026.1",
                                  "produktrahmen": "NKF-NRW"}
    assert [p["id"] for p in manifest["prozesse"]] == ["gewerbeanmeldung-entgegennehmen",
                                                       "fahrzeug-zulassen"]
    gewerbe = manifest["prozesse"][0]
    assert gewerbe["version"] == "2026-06-01"
    assert gewerbe["modelle"] == [{"art": "ist",
                                   "datei": "modelle/gewerbeanmeldung-entgegennehmen.ist.bpmn"}]
    for datei in manifest["dateien"]:
        raw = (example / datei["pfad"]).read_bytes()
        assert datei["groesse"] == len(raw)
        assert datei["sha256"] == hashlib.sha256(raw).hexdigest()
    assert sorted(names[1:]) == sorted(d["pfad"] for d in manifest["dateien"])
    assert manifest["pruefung"] == {"fehler": 0, "warnungen": 0, "erzwungen": False,
                                    "regeln": [], "befunde": [], "ausgelassen": 0}


def test_committed_manifest_schema_is_in_sync() -> None:
    for name, text in render_exchange().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, \
            "python -m prozesskit.schemas neu erzeugen"


def test_pack_refuses_errors_and_force_records_them(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    broken = example / "steckbriefe" / "fahrzeug-zulassen.yaml"
    broken.write_text(broken.read_text().replace("name: Fahrzeug zulassen",
                                                 "name: Fahrzeug zulassen\nnamee: x"))
    paket = tmp_path / "p.zip"
    code, out, err = pack(example, paket, monkeypatch, capsys, "--alle")
    assert code == 2 and not paket.exists()
    assert "Nicht gepackt: 1 Fehler in den gewählten Dateien" in err
    assert "steckbriefe/fahrzeug-zulassen.yaml" in err and "--force" in err
    # the broken file not chosen: packs
    assert pack(example, paket, monkeypatch, capsys, "geburt-beurkunden")[0] == 0
    code, out, err = pack(example, paket, monkeypatch, capsys, "--alle", "--force")
    assert code == 0, err
    assert "1 Fehler" in out and "--force" in out
    with zipfile.ZipFile(paket) as archive:
        pruefung = json.loads(archive.read(MANIFEST_NAME))["pruefung"]
    assert pruefung["erzwungen"] is True and pruefung["fehler"] == 1
    assert pruefung["befunde"][0]["datei"] == "steckbriefe/fahrzeug-zulassen.yaml"
    assert {"regel": pruefung["befunde"][0]["regel"], "stufe": "error", "anzahl": 1} in \
        pruefung["regeln"]
    # unpacking a forced package with a schema error: refused unless --mit-fehlern
    target = fresh_register(tmp_path / "ziel")
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(target)], monkeypatch, capsys)
    assert code == 2 and "namee" in err and "--mit-fehlern" in err
    assert tree(target) == {"prozesskit.yaml": MINIMAL.encode()}
    code, out, err = run_cli(["unpack", str(paket), "--ziel", str(target), "--mit-fehlern"],
                             monkeypatch, capsys)
    assert code == 0 and "trotz 1 Fehlern gepackt" in out


def test_selection_by_bereich_and_wrong_calls(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    paket = tmp_path / "p.zip"
    code, out, _ = pack(example, paket, monkeypatch, capsys, "--bereich", "10")
    assert code == 0 and "1 Prozesse, 2 Dateien" in out
    code, _, err = pack(example, paket, monkeypatch, capsys, "gibts-nicht")
    assert code == 2 and "Diese Prozesse gibt es im Register nicht: gibts-nicht" in err
    code, _, err = pack(example, paket, monkeypatch, capsys)
    assert code == 2 and "genau eines angeben" in err
    code, _, err = pack(example, paket, monkeypatch, capsys, "--alle", "--bereich", "10")
    assert code == 2 and "genau eines angeben" in err
    missing = tmp_path / "fehlt" / "p.zip"
    code, _, err = pack(example, missing, monkeypatch, capsys, "--alle")
    assert code == 2 and f"Den Ordner '{missing.parent}' für -o" in err
    code, _, err = pack(example, tmp_path, monkeypatch, capsys, "--alle")
    assert code == 2 and "ist ein Ordner" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.zip", "quelle"]


def test_unpack_conflicts_refused_and_forced(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    paket = tmp_path / "p.zip"
    assert pack(example, paket, monkeypatch, capsys, "--alle")[0] == 0
    target = fresh_register(tmp_path / "ziel")
    local = target / "steckbriefe" / "geburt-beurkunden.yaml"
    local.parent.mkdir()
    local.write_text("# eigene Fassung\n")
    before = tree(target)
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(target)], monkeypatch, capsys)
    assert code == 2 and "gibt es schon mit anderem Inhalt" in err
    assert tree(target) == before
    code, out, _ = run_cli(["unpack", str(paket), "--ziel", str(target), "--force"],
                           monkeypatch, capsys)
    assert code == 0 and "10 Dateien" in out
    assert local.read_bytes() == (example / "steckbriefe/geburt-beurkunden.yaml").read_bytes()
    # a Steckbrief the target holds under another path would be there twice
    moved = fresh_register(tmp_path / "ziel2")
    (moved / "steckbriefe" / "ordnung").mkdir(parents=True)
    (moved / "steckbriefe" / "ordnung" / "geburt-beurkunden.yaml").write_text("id: x\n")
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(moved)], monkeypatch, capsys)
    assert code == 2 and "steht im Ziel schon als 'steckbriefe/ordnung/" in err
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(tmp_path)], monkeypatch, capsys)
    assert code == 2 and "Kein Register gefunden" in err


def test_package_is_a_source(example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    paket = tmp_path / "p.zip"
    assert pack(example, paket, monkeypatch, capsys, "--alle")[0] == 0
    register = open_source(str(paket))
    assert register.provenance.kind == SourceKind.PAKET.value
    assert register.provenance.sha256 == hashlib.sha256(paket.read_bytes()).hexdigest()
    assert register.manifest is None and register.problems == ()
    assert register.ids == open_source(str(example)).ids
    link = register["baugenehmigung-erteilen"].modelle[0]
    assert link.file is not None and link.file.bpmn is not None
    assert link.file.raw == (example / link.datei).read_bytes()


def test_reports_name_a_package_by_its_sha256_not_its_format_version(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Every package said "(Katalog 2)" (its format version), so two packages could not be
    told apart in diff and update (black-box finding, session 10)."""
    paket = tmp_path / "nachbar.zip"
    assert pack(example, paket, monkeypatch, capsys, "baugenehmigung-erteilen")[0] == 0
    sha = hashlib.sha256(paket.read_bytes()).hexdigest()
    target = fresh_register(tmp_path / "ziel")
    code, _, err = run_cli(["import", str(paket), "--alle", "-r", str(target)],
                           monkeypatch, capsys)
    assert code == 0, err
    for command in (["diff", "nachbar"], ["update", "nachbar"]):
        code, out, err = run_cli([*command, "-r", str(target)], monkeypatch, capsys)
        assert code == 0, out + err
        assert f"(Paket, SHA-256 {sha[:12]})" in out.splitlines()[0]
        assert "Katalog" not in out
    assert open_source(str(paket)).provenance.version is None


def test_unpack_again_neither_checks_nor_writes_identical_files(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Files the target already holds byte for byte are left out of the content checks and
    the plan; a changed file next to them is still checked and written."""
    import prozesskit.bpmn.parse as bpmn_parse
    import prozesskit.register.view as view

    paket = tmp_path / "p.zip"
    assert pack(example, paket, monkeypatch, capsys, "--alle")[0] == 0
    target = fresh_register(tmp_path / "ziel")
    code, out, err = run_cli(["unpack", str(paket), "--ziel", str(target)], monkeypatch, capsys)
    assert code == 0 and "10 Dateien nach" in out and "0 schon gleich vorhanden" in out, err
    model = target / "modelle" / "baugenehmigung-erteilen.soll.bpmn"
    mine = model.read_bytes()
    model.unlink()  # one file gone: the only one planned again
    parsed: list[str] = []
    for module, name in ((bpmn_parse, "parse_bpmn"), (view, "parse_yaml")):
        real = getattr(module, name)

        def spy(raw: bytes, file: str, *args: object, real: object = real,
                **kwargs: object) -> object:
            parsed.append(file)
            return real(raw, file, *args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(module, name, spy)
    code, out, err = run_cli(["unpack", str(paket), "--ziel", str(target)], monkeypatch, capsys)
    assert code == 0, err
    assert "1 Dateien nach" in out and "9 schon gleich vorhanden" in out
    assert parsed == ["modelle/baugenehmigung-erteilen.soll.bpmn"]
    assert model.read_bytes() == mine


def test_the_package_view_takes_the_verified_sha256_of_the_manifest(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``read_package`` compared every file with the manifest's sha256; the view unpack
    checks the content through takes those instead of hashing every file again (33 MB on
    2,000 + 500), and they are the files' own."""
    from prozesskit.exchange import entpacken
    from prozesskit.register import view

    out = tmp_path / "paket.zip"
    assert pack(example, out, monkeypatch, capsys, "--alle")[0] == 0
    package = entpacken.read_package(out)
    hashed: list[int] = []
    real = view._sha

    def counting(raw: bytes | None) -> str | None:
        hashed.append(len(raw or b""))
        return real(raw)

    monkeypatch.setattr(view, "_sha", counting)
    register = entpacken.package_register(package)
    shas = {item.path: item.sha256 for item in register.steckbriefe}
    shas.update((rel, model.sha256) for rel, model in register.modelle.items())
    assert hashed == []
    assert shas == {rel: hashlib.sha256(data).hexdigest() for rel, data in package.files.items()}


def test_files_below_a_folder_the_target_lacks_are_not_looked_up_one_by_one(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Into a register without ``steckbriefe/`` and ``modelle/``, none of the package's
    files can be there already: one look at each folder, no ``lstat`` per file; into one
    that has them, each file is compared as before."""
    from prozesskit.exchange import entpacken

    out = tmp_path / "paket.zip"
    assert pack(example, out, monkeypatch, capsys, "--alle")[0] == 0
    package = entpacken.read_package(out)
    target = fresh_register(tmp_path / "ziel")
    looked: list[str] = []
    real = os.lstat

    def counting(path: object, *args: object, **kwargs: object) -> os.stat_result:
        looked.append(str(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(entpacken.os, "lstat", counting)
    assert entpacken.already_there(package, target) == set()
    assert not [path for path in looked if path.endswith((".yaml", ".bpmn"))]
    monkeypatch.undo()
    shutil.copytree(example / "steckbriefe", target / "steckbriefe")
    same = entpacken.already_there(package, target)
    assert same == {rel for rel in package.files if rel.startswith("steckbriefe/")}


def test_a_partial_package_deletes_nothing_it_does_not_carry(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """In March the neighbour sends only the process that changed, under the same file
    name: update takes that change and leaves the two others (and their models) as they are
    instead of deleting them with exit 0; diff says the same (black-box finding, session 10)."""
    ids = ["baugenehmigung-erteilen", "wohngeld-bewilligen", "gewerbeanmeldung-entgegennehmen"]
    paket = tmp_path / "nachbar.zip"
    assert pack(example, paket, monkeypatch, capsys, *ids)[0] == 0
    target = fresh_register(tmp_path / "ziel")
    code, _, err = run_cli(["import", str(paket), "--alle", "--mit-modellen", "-r", str(target)],
                           monkeypatch, capsys)
    assert code == 0, err
    before = tree(target)
    steckbrief = example / "steckbriefe" / "wohngeld-bewilligen.yaml"
    text = steckbrief.read_text("utf-8")
    assert "prioritaet: mittel" in text
    steckbrief.write_text(text.replace("prioritaet: mittel", "prioritaet: hoch"), "utf-8")
    assert pack(example, paket, monkeypatch, capsys, "wohngeld-bewilligen")[0] == 0

    code, out, err = run_cli(["diff", "nachbar", "-r", str(target)], monkeypatch, capsys)
    assert code == 1, out + err
    assert "Quelle entfallen" not in out and "1 in der Quelle geändert, 2 unverändert" in out
    code, out, err = run_cli(["update", "nachbar", "-r", str(target)], monkeypatch, capsys)
    assert code == 0, out + err
    assert "0 gelöscht" in out and "lokal gelöscht" not in out, out
    assert "Quelle entfallen" not in out, out
    assert out.count("nicht in diesem Paket: bleibt") == 2, out
    after = tree(target)
    assert {rel for rel in before if rel not in after} == set()
    changed = {rel for rel in before if before[rel] != after.get(rel)}
    assert "steckbriefe/wohngeld-bewilligen.yaml" in changed
    assert not {rel for rel in changed if rel.startswith(("steckbriefe/", "modelle/"))} - {
        "steckbriefe/wohngeld-bewilligen.yaml"}
    assert b"prioritaet: hoch" in after["steckbriefe/wohngeld-bewilligen.yaml"]


def test_the_newer_package_under_a_new_name_points_to_update_instead_of_a_copy(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Packages come by mail with a new name each time: importing the March package made
    a silent second "Wohngeld bewilligen" (``-2``) (black-box finding, session 10). Now the
    import stops and names ``update … --statt``; ``--als-neu`` takes the copy on purpose."""
    januar = tmp_path / "nachbar-januar.zip"
    maerz = tmp_path / "nachbar-maerz.zip"
    assert pack(example, januar, monkeypatch, capsys, "wohngeld-bewilligen")[0] == 0
    steckbrief = example / "steckbriefe" / "wohngeld-bewilligen.yaml"
    steckbrief.write_text(steckbrief.read_text("utf-8").replace(
        "prioritaet: mittel", "prioritaet: hoch"), "utf-8")
    assert pack(example, maerz, monkeypatch, capsys, "wohngeld-bewilligen")[0] == 0
    target = fresh_register(tmp_path / "ziel")
    code, _, err = run_cli(["import", str(januar), "--alle", "-r", str(target)],
                           monkeypatch, capsys)
    assert code == 0, err
    before = tree(target)
    code, out, err = run_cli(["import", str(maerz), "--alle", "-r", str(target)],
                             monkeypatch, capsys)
    assert code == 2, out + err
    assert "--statt nachbar-januar" in err and "--als-neu" in err
    assert tree(target) == before
    code, out, err = run_cli(["update", str(maerz), "--statt", "nachbar-januar",
                              "-r", str(target)], monkeypatch, capsys)
    assert code == 0, out + err
    assert b"prioritaet: hoch" in (target / "steckbriefe" / "wohngeld-bewilligen.yaml"
                                   ).read_bytes()
    code, out, err = run_cli(["import", str(januar), "--alle", "--als-neu",
                              "-r", str(target)], monkeypatch, capsys)
    assert code == 0, out + err
    assert (target / "steckbriefe" / "wohngeld-bewilligen-2.yaml").is_file()
