"""``prozesskit import`` and ``prozesskit.lock`` on real temporary git repositories and
folders (no mock of git): a library made with ``init``, tagged; the lock's exact content; the
merge base recovered offline; clashes; local edits; all or nothing; hostile sources."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from helpers import EXAMPLE, REPO, empty_register, run_cli
from helpers import git as _git
from helpers import snapshot as _snapshot
from prozesskit.errors import InputError
from prozesskit.library.basis import base_files
from prozesskit.library.lock import LOCK_NAME, read_lock
from prozesskit.yamlio.read import parse_yaml

SCHEMA = json.loads((REPO / "schemas" / "lock.schema.json").read_text(encoding="utf-8"))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _lock(root: Path) -> dict[str, object]:
    data = json.loads((root / LOCK_NAME).read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert isinstance(data, dict)
    return data


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> Path:
    """A library repository made with ``init --blueprint kreis --bereich 02 --bereich 12``,
    tagged v1; then one Steckbrief edited on main (so the tag and the branch differ)."""
    repo = tmp_path / "bibliothek"
    code, _, err = run_cli(["init", "--blueprint", "kreis", "--name", "Netz", "--ags", "05774",
                            "--typ", "kreis", "--bereich", "02", "--bereich", "12", str(repo)],
                           monkeypatch, capsys)
    assert code == 0, err
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "v1")
    _git(repo, "tag", "v1")
    first = sorted((repo / "steckbriefe").iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "merkmale:\n  neu: ja\n",
                     encoding="utf-8")
    _git(repo, "commit", "-qam", "v2")
    return repo


def _ids(repo: Path, bereich: str | None = None) -> list[str]:
    ids = []
    for path in sorted((repo / "steckbriefe").glob("*.yaml")):
        doc, _ = parse_yaml(path.read_bytes(), path.name)
        assert doc is not None
        if bereich is None or doc.data["produkt"]["bereich"] == bereich:
            ids.append(doc.data["id"])
    return ids


def test_import_at_a_tag_records_commit_path_and_hashes(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = empty_register(tmp_path / "register")
    wanted = _ids(library)[0]  # the one edited after v1
    url = f"file://{library}"
    code, out, err = run_cli(["import", f"{url}@v1", wanted, "-r", str(target)],
                             monkeypatch, capsys)
    assert code == 0, err
    assert "1 Prozess(e) aus" in out
    tagged = _git(library, "rev-parse", "v1^{commit}")
    at_tag = subprocess.run(["git", "show", f"v1:steckbriefe/{wanted}.yaml"], cwd=library,
                            capture_output=True, check=True).stdout
    written = (target / "steckbriefe" / f"{wanted}.yaml").read_bytes()
    lock = _lock(target)
    assert lock["format"] == 1
    assert lock["quellen"] == {"bibliothek": {"art": "git", "ort": url, "ref": "v1"}}
    assert lock["prozesse"] == {wanted: {
        "quelle": "bibliothek", "id": wanted, "pfad": f"steckbriefe/{wanted}.yaml",
        "datei": f"steckbriefe/{wanted}.yaml", "commit": tagged, "sha256": _sha(at_tag),
        "lokal_sha256": _sha(written), "modelle": {}}}
    doc, _ = parse_yaml(written, wanted)
    assert doc is not None
    assert doc.data["herkunft"] == {"art": "bibliothek", "name": "bibliothek", "id": wanted,
                                    "version": "v1", "sha256": _sha(at_tag), "url": url,
                                    "commit": tagged}
    assert "neu: ja" not in written.decode()  # the tag's content, not main's
    manifest = (target / "prozesskit.yaml").read_text(encoding="utf-8")
    assert f"  - name: bibliothek\n    url: {url}\n    ref: v1\n" in manifest
    assert not (target / ".prozesskit" / "basis").exists()  # git: the base is in the cache
    code, out, _ = run_cli(["validate", str(target)], monkeypatch, capsys)
    assert code == 0, out


def test_alle_and_bereich(library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    some = empty_register(tmp_path / "teil")
    code, _, err = run_cli(["import", f"file://{library}@v1", "--bereich", "12", "-r",
                            str(some)], monkeypatch, capsys)
    assert code == 0, err
    expected = _ids(library, "12")
    assert expected and sorted(read_lock(some).prozesse) == sorted(expected)
    assert sorted(p.stem for p in (some / "steckbriefe").iterdir()) == sorted(expected)
    every = empty_register(tmp_path / "alle")
    code, _, err = run_cli(["import", f"file://{library}@v1", "--alle", "-r", str(every)],
                           monkeypatch, capsys)
    assert code == 0, err
    assert sorted(read_lock(every).prozesse) == sorted(_ids(library))
    code, _, err = run_cli(["import", f"file://{library}@v1", "-r", str(every)],
                           monkeypatch, capsys)
    assert code == 2 and "Ids angeben, --alle oder --bereich" in err


def test_base_recovered_offline_from_the_cache(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = empty_register(tmp_path / "register")
    wanted = _ids(library)[0]
    at_tag = subprocess.run(["git", "show", f"v1:steckbriefe/{wanted}.yaml"], cwd=library,
                            capture_output=True, check=True).stdout
    code, _, err = run_cli(["import", f"file://{library}@v1", wanted, "-r", str(target)],
                           monkeypatch, capsys)
    assert code == 0, err
    shutil.rmtree(library)  # the URL leads nowhere now
    lock = read_lock(target)
    assert base_files(target, lock, wanted).steckbrief == at_tag
    cache = Path(os.environ["PROZESSKIT_CACHE_DIR"])
    shutil.rmtree(cache / "checkouts")  # only the mirror's objects are left
    assert base_files(target, lock, wanted).steckbrief == at_tag
    assert (cache / "checkouts").is_dir()  # exported again from the mirror, no network
    shutil.rmtree(cache / "checkouts")
    shutil.rmtree(cache / "repos")
    with pytest.raises(InputError, match="weder im Cache noch erreichbar"):
        base_files(target, lock, wanted)


def test_folder_source_keeps_its_base_in_the_register(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, source)
    target = empty_register(tmp_path / "register")
    code, out, err = run_cli(["import", str(source), "baugenehmigung-erteilen",
                              "--mit-modellen", "-r", str(target)], monkeypatch, capsys)
    assert code == 0, err
    assert "1 Modell(e)" in out
    original = (source / "steckbriefe" / "baugenehmigung-erteilen.yaml").read_bytes()
    model = (source / "modelle" / "baugenehmigung-erteilen.soll.bpmn").read_bytes()
    assert (target / "modelle" / "baugenehmigung-erteilen.soll.bpmn").read_bytes() == model
    kept = target / ".prozesskit/basis/quelle/steckbriefe/baugenehmigung-erteilen.yaml"
    assert kept.read_bytes() == original
    lock = _lock(target)
    assert lock["quellen"] == {"quelle": {"art": "ordner", "ort": str(source.resolve())}}
    entry = lock["prozesse"]["baugenehmigung-erteilen"]  # type: ignore[index]
    assert entry["modelle"] == {"modelle/baugenehmigung-erteilen.soll.bpmn": {
        "pfad": "modelle/baugenehmigung-erteilen.soll.bpmn", "sha256": _sha(model)}}
    shutil.rmtree(source)  # the folder is gone: the base is still there
    base = base_files(target, read_lock(target), "baugenehmigung-erteilen")
    assert base.steckbrief == original
    assert base.modelle == {"modelle/baugenehmigung-erteilen.soll.bpmn": model}


def test_clashing_ids_are_mapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target)
    before = _snapshot(target)
    code, out, err = run_cli(["import", str(EXAMPLE), "baugenehmigung-erteilen",
                              "--mit-modellen", "-r", str(target)], monkeypatch, capsys)
    assert code == 0, err
    assert "als 'baugenehmigung-erteilen-2'" in out
    after = _snapshot(target)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing local touched
    mapped = (target / "steckbriefe" / "baugenehmigung-erteilen-2.yaml").read_text("utf-8")
    assert "id: baugenehmigung-erteilen-2\n" in mapped
    assert "datei: modelle/baugenehmigung-erteilen-2.soll.bpmn" in mapped
    assert (target / "modelle" / "baugenehmigung-erteilen-2.soll.bpmn").read_bytes() == (
        EXAMPLE / "modelle" / "baugenehmigung-erteilen.soll.bpmn").read_bytes()
    assert "  id: baugenehmigung-erteilen\n" in mapped  # herkunft names the source id
    entry = read_lock(target).prozesse["baugenehmigung-erteilen-2"]
    assert (entry.id, entry.datei) == ("baugenehmigung-erteilen",
                                       "steckbriefe/baugenehmigung-erteilen-2.yaml")
    code, out, _ = run_cli(["validate", str(target)], monkeypatch, capsys)
    assert "PK-S006" not in out  # no duplicate id


def test_local_edit_is_not_overwritten_without_force(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, source)
    target = empty_register(tmp_path / "register")
    args = ["import", str(source), "fahrzeug-zulassen", "-r", str(target)]
    assert run_cli(args, monkeypatch, capsys)[0] == 0
    upstream = source / "steckbriefe" / "fahrzeug-zulassen.yaml"
    upstream.write_text(upstream.read_text("utf-8").replace("hoch", "mittel"), "utf-8")
    code, _, err = run_cli(args, monkeypatch, capsys)  # unedited locally: replaced
    assert code == 0, err
    local = target / "steckbriefe" / "fahrzeug-zulassen.yaml"
    assert "prioritaet: mittel" in local.read_text("utf-8")
    local.write_text(local.read_text("utf-8") + "# meine Notiz\n", "utf-8")
    upstream.write_text(upstream.read_text("utf-8").replace("mittel", "niedrig"), "utf-8")
    before = _snapshot(target)
    code, _, err = run_cli(args, monkeypatch, capsys)
    assert code == 2
    assert "Diese Dateien wurden seit dem Import lokal geändert" in err
    assert f"prozesskit update {source} fahrzeug-zulassen" in err
    assert "Mit --force überschreiben: die lokalen Änderungen gehen dabei verloren" in err
    assert _snapshot(target) == before
    code, _, err = run_cli([*args, "--force"], monkeypatch, capsys)
    assert code == 0, err
    assert "prioritaet: niedrig" in local.read_text("utf-8")


def test_failure_midway_leaves_the_register_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The disk fills up at the third rename: every file is as before, no lock written."""
    target = empty_register(tmp_path / "register")
    before = _snapshot(target)
    real = os.replace
    calls = []

    def failing(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr("prozesskit.writeplan.os.replace", failing)
    code, _, err = run_cli(["import", str(EXAMPLE), "--alle", "--mit-modellen", "-r",
                            str(target)], monkeypatch, capsys)
    assert code == 2
    assert "kein Platz mehr auf dem Datenträger" in err
    assert len(calls) >= 3
    assert _snapshot(target) == before
    assert not (target / LOCK_NAME).exists()


def _hostile_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "boese"
    shutil.copytree(EXAMPLE, repo)
    _git(repo, "init", "-q", "-b", "main")
    return repo


@pytest.mark.parametrize("spec", ["ext::sh -c touch% /tmp/pwned", "--upload-pack=touch /tmp/x",
                                  "file:///nirgends@--upload-pack=x"])
def test_command_running_urls_are_refused(spec: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    target = empty_register(tmp_path / "register")
    before = _snapshot(target)
    code, _, err = run_cli(["import", "--alle", "-r", str(target), "--", spec], monkeypatch,
                           capsys)
    assert code == 2
    assert "abgelehnt" in err and "Traceback" not in err
    assert _snapshot(target) == before


def test_symlink_to_etc_in_a_git_library_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    repo = _hostile_repo(tmp_path)
    (repo / "steckbriefe" / "passwort.yaml").symlink_to("/etc/passwd")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "boese")
    target = empty_register(tmp_path / "register")
    before = _snapshot(target)
    code, _, err = run_cli(["import", f"file://{repo}", "--alle", "-r", str(target)],
                           monkeypatch, capsys)
    assert code == 2
    assert "aus Sicherheitsgründen" in err and "passwort.yaml" in err
    assert _snapshot(target) == before


def test_symlink_in_a_folder_library_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, source)
    (source / "modelle" / "geheim.bpmn").symlink_to("/etc/passwd")
    target = empty_register(tmp_path / "register")
    before = _snapshot(target)
    code, _, err = run_cli(["import", str(source), "fahrzeug-zulassen", "-r", str(target)],
                           monkeypatch, capsys)
    assert code == 2
    assert "modelle/geheim.bpmn" in err and "Symbolischer Link" in err
    assert "Aus Sicherheitsgründen wird nichts importiert" in err
    assert _snapshot(target) == before


def test_model_reference_out_of_the_library_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    repo = _hostile_repo(tmp_path)
    path = repo / "steckbriefe" / "baugenehmigung-erteilen.yaml"
    path.write_text(path.read_text("utf-8").replace(
        "datei: modelle/baugenehmigung-erteilen.soll.bpmn", "datei: ../../../etc/passwd"),
        "utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "boese")
    target = empty_register(tmp_path / "register")
    before = _snapshot(target)
    code, _, err = run_cli(["import", f"file://{repo}", "baugenehmigung-erteilen",
                            "--mit-modellen", "-r", str(target)], monkeypatch, capsys)
    assert code == 2
    assert "'../../../etc/passwd', das enthält '..'" in err
    assert "baugenehmigung-erteilen.yaml" in err
    assert _snapshot(target) == before


def test_init_blueprint_writes_a_valid_lock_and_its_bases(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "register"
    code, _, err = run_cli(["init", "--blueprint", "kreis", "--name", "Kreis", "--ags", "05774",
                            "--typ", "kreis", "--bereich", "12", str(target)], monkeypatch, capsys)
    assert code == 0, err
    lock = _lock(target)
    assert lock["quellen"] == {"prozesskit-kreis": {"art": "blaupause", "ort": "prozesskit:kreis",
                                                    "name": "kreis"}}
    files = sorted((target / "steckbriefe").glob("*.yaml"))
    assert sorted(lock["prozesse"]) == sorted(p.stem for p in files)  # type: ignore[arg-type]
    first = files[0]
    entry = lock["prozesse"][first.stem]  # type: ignore[index]
    assert entry["sha256"] == entry["lokal_sha256"] == _sha(first.read_bytes())
    assert entry["version"]
    assert base_files(target, read_lock(target), first.stem).steckbrief == first.read_bytes()
    # importing from the same Blaupause recognises its source: same file, nothing mapped
    before = _snapshot(target)
    code, out, err = run_cli(["import", "prozesskit:kreis", first.stem, "-r", str(target)],
                             monkeypatch, capsys)
    assert code == 0, err
    assert "als '" not in out and "0 Datei(en) geschrieben" in out
    assert _snapshot(target) == before


def test_package_source_records_the_package_hash_and_keeps_the_base(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    paket = tmp_path / "paket.zip"
    code, _, err = run_cli(["pack", "baugenehmigung-erteilen", "--register", str(EXAMPLE),
                            "-o", str(paket)], monkeypatch, capsys)
    assert code == 0, err
    target = empty_register(tmp_path / "register")
    code, _, err = run_cli(["import", str(paket), "baugenehmigung-erteilen", "--mit-modellen",
                            "-r", str(target)], monkeypatch, capsys)
    assert code == 0, err
    lock = _lock(target)
    assert lock["quellen"] == {"paket": {"art": "paket", "ort": str(paket.resolve())}}
    entry = lock["prozesse"]["baugenehmigung-erteilen"]  # type: ignore[index]
    assert entry["paket_sha256"] == _sha(paket.read_bytes())
    original = (EXAMPLE / "steckbriefe" / "baugenehmigung-erteilen.yaml").read_bytes()
    paket.unlink()
    assert base_files(target, read_lock(target), "baugenehmigung-erteilen").steckbrief == original


def test_two_imports_at_once_the_later_writer_is_refused(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Both read the lock, both write it: the second would drop the first's entries. The
    second run is refused (nothing written) and, run again, imports on top of the first."""
    from prozesskit.errors import UsageError
    from prozesskit.library.importieren import Auswahl, plan_import

    target = empty_register(tmp_path / "register")
    first, second = _ids(library)[:2]
    url = f"file://{library}@v1"
    later = plan_import(target, url, Auswahl(ids=(second,)))
    code, _, err = run_cli(["import", url, first, "-r", str(target)], monkeypatch, capsys)
    assert code == 0, err
    before = _snapshot(target)
    with pytest.raises(UsageError) as refused:
        later.commit()
    assert LOCK_NAME in str(refused.value) and "erneut ausführen" in str(refused.value)
    assert _snapshot(target) == before
    code, _, err = run_cli(["import", url, second, "-r", str(target)], monkeypatch, capsys)
    assert code == 0, err
    assert sorted(read_lock(target).prozesse) == sorted([first, second])


def test_import_without_models_says_what_validate_will_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A plain import made the member's CI red with PK-S008 for the models the Steckbrief
    names, without a word (black-box finding, session 10): the import says it and how."""
    from helpers import example_library

    target = empty_register(tmp_path / "register")
    url = f"file://{example_library(tmp_path / 'beispiel')}"
    code, out, err = run_cli(["import", url, "baugenehmigung-erteilen", "-r", str(target)],
                             monkeypatch, capsys)
    assert code == 0, err
    assert "Hinweis: 1 Modell(e)" in out and "PK-S008" in out and "--mit-modellen" in out
    assert "modelle/baugenehmigung-erteilen.soll.bpmn" in out
    code, out, _ = run_cli(["validate", str(target)], monkeypatch, capsys)
    assert code == 1 and "PK-S008" in out  # what the hint announced
    again = empty_register(tmp_path / "zweites")
    code, out, err = run_cli(["import", url, "baugenehmigung-erteilen", "--mit-modellen",
                              "-r", str(again)], monkeypatch, capsys)
    assert code == 0, err
    assert "Hinweis" not in out
