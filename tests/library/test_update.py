"""``prozesskit update`` on real temporary git repositories (no mock of git): a library
tagged v1, imported; then the library and the member edit, and ``update`` merges field by
field into the member's file (exact text: comments, order and quoting are checked)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import DATA, EXAMPLE, empty_register, run_cli
from helpers import git as _git
from prozesskit.library.lock import LOCK_NAME, read_lock

BAU = "baugenehmigung-erteilen"
GEWERBE = "gewerbeanmeldung-entgegennehmen"
FAHRZEUG = "fahrzeug-zulassen"
COMMENTED = (DATA / "library" / "baugenehmigung-kommentiert.yaml").read_text("utf-8")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def edit(path: Path, *pairs: tuple[str, str]) -> str:
    text = path.read_text("utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, "utf-8")
    return text


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts}


def release(repo: Path, tag: str) -> str:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", tag)
    _git(repo, "tag", tag)
    return _git(repo, "rev-parse", "HEAD")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """The example register as a library (with the commented Steckbrief), tagged v1."""
    repo = tmp_path / "bibliothek"
    shutil.copytree(EXAMPLE, repo)
    (repo / "steckbriefe" / f"{BAU}.yaml").write_text(COMMENTED, "utf-8")
    _git(repo, "init", "-q", "-b", "main")
    release(repo, "v1")
    return repo


@pytest.fixture
def member(library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> Path:
    """A register that imported three processes (with models) from the library at v1."""
    target = tmp_path / "kommune"
    empty_register(target)
    code, _, err = run_cli(["import", f"file://{library}@v1", BAU, GEWERBE, FAHRZEUG,
                            "--mit-modellen", "-r", str(target)], monkeypatch, capsys)
    assert code == 0, err
    return target


def update(target: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
           *args: str) -> tuple[int, str, str]:
    return run_cli(["update", *args, "-r", str(target)], monkeypatch, capsys)


UP_OE = ("organisationseinheit: Untere Bauaufsichtsbehörde",
         "organisationseinheit: Bauaufsicht (untere Bauaufsichtsbehörde)")
LOCAL_FALL = ("fallzahl_pro_jahr: 1200", "fallzahl_pro_jahr: 1350")


def test_upstream_and_member_edit_different_fields_update_takes_both(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    local = member / "steckbriefe" / f"{BAU}.yaml"
    before = local.read_text("utf-8")
    v1 = read_lock(member).prozesse[BAU].commit
    assert v1 is not None
    mine = edit(local, LOCAL_FALL, ("prioritaet: hoch", "# vor Ort höher eingestuft\n"
                                    "prioritaet: hoch"))
    up_text = edit(library / "steckbriefe" / f"{BAU}.yaml", UP_OE,
                   ('  gruppe: "10.01"', '  gruppe: "10.02"'))
    v2 = release(library, "v2")

    code, out, err = update(member, monkeypatch, capsys, "bibliothek@v2")

    assert code == 0, out + err
    up_sha = _sha(up_text.encode())
    expected = mine
    for old, new in (UP_OE, ('  gruppe: "10.01"', '  gruppe: "10.02"'),
                     ("  version: v1\n", "  version: v2\n"),
                     (f"  sha256: {_sha(COMMENTED.encode())}\n", f"  sha256: {up_sha}\n"),
                     (f"  commit: {v1}\n", f"  commit: {v2}\n")):
        assert expected.count(old) == 1, old
        expected = expected.replace(old, new)
    assert local.read_text("utf-8") == expected  # comments, order, quoting: all the member's
    assert "herkunft:" in before
    entry = read_lock(member).prozesse[BAU]
    assert (entry.commit, entry.sha256) == (v2, up_sha)
    assert entry.lokal_sha256 != _sha(local.read_bytes())  # the member's edit still counts
    assert "  - name: bibliothek\n" in (member / "prozesskit.yaml").read_text("utf-8")
    assert "    ref: v2\n" in (member / "prozesskit.yaml").read_text("utf-8")
    assert "organisationseinheit" in out and "produkt.gruppe" in out
    # the two other processes did not change upstream: their lock entries stay at v1
    assert read_lock(member).prozesse[GEWERBE].commit == v1

    again = snapshot(member)
    code, out, _ = update(member, monkeypatch, capsys)  # tracked ref (v2) from the manifest
    assert code == 0 and "0 Datei(en) geschrieben" in out
    assert snapshot(member) == again


def test_unedited_local_file_becomes_the_source_file_as_imported(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    edit(library / "steckbriefe" / f"{FAHRZEUG}.yaml",
         ("prioritaet: hoch", "# neu bewertet\nprioritaet: mittel"))
    release(library, "v2")
    code, out, err = update(member, monkeypatch, capsys, "bibliothek@v2", FAHRZEUG)
    assert code == 0, out + err
    text = (member / "steckbriefe" / f"{FAHRZEUG}.yaml").read_text("utf-8")
    assert "# neu bewertet\nprioritaet: mittel\n" in text  # upstream's comment comes along
    entry = read_lock(member).prozesse[FAHRZEUG]
    assert entry.lokal_sha256 == _sha(text.encode())  # still counts as unedited


def test_both_edit_one_field_conflict_then_theirs_resolves(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    local = member / "steckbriefe" / f"{BAU}.yaml"
    lock_before = (member / LOCK_NAME).read_bytes()
    mine = edit(local, LOCAL_FALL)
    edit(library / "steckbriefe" / f"{BAU}.yaml", ("fallzahl_pro_jahr: 1200",
                                                    "fallzahl_pro_jahr: 1500"), UP_OE)
    release(library, "v2")

    before = snapshot(member)
    code, out, _ = update(member, monkeypatch, capsys, "bibliothek@v2", "--dry-run")
    assert code == 1 and "Probelauf, nichts geschrieben" in out
    assert snapshot(member) == before

    code, out, _ = update(member, monkeypatch, capsys, "bibliothek@v2")
    assert code == 1
    assert "kennzahlen.fallzahl_pro_jahr: Basis 1200 · lokal 1350 · Quelle 1500" in out
    assert f"prozesskit update {BAU}:kennzahlen.fallzahl_pro_jahr --theirs" in out
    text = local.read_text("utf-8")
    assert "fallzahl_pro_jahr: 1350" in text  # nothing lost, no conflict marker
    assert "<<<<" not in text and "Bauaufsicht (untere Bauaufsichtsbehörde)" in text
    assert text == mine.replace(*UP_OE)  # herkunft stays at v1 while the base does
    assert (member / LOCK_NAME).read_bytes() != lock_before  # the manifest ref moved the lock
    assert read_lock(member).prozesse[BAU].sha256 == _sha(COMMENTED.encode())  # base kept

    code, out, _ = update(member, monkeypatch, capsys)  # same conflict again, nothing else
    assert code == 1 and "fallzahl_pro_jahr" in out

    code, out, err = update(member, monkeypatch, capsys,
                            f"{BAU}:kennzahlen.fallzahl_pro_jahr", "--theirs")
    assert code == 0, out + err
    text = local.read_text("utf-8")
    assert "fallzahl_pro_jahr: 1500" in text and "# Kennzahlen aus dem Fachverfahren" in text
    assert read_lock(member).prozesse[BAU].sha256 != _sha(COMMENTED.encode())
    code, out, _ = update(member, monkeypatch, capsys)
    assert code == 0, out


def test_ours_for_a_whole_process_keeps_local_and_moves_the_lock(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    local = member / "steckbriefe" / f"{BAU}.yaml"
    edit(local, LOCAL_FALL)
    edit(library / "steckbriefe" / f"{BAU}.yaml", ("fallzahl_pro_jahr: 1200",
                                                    "fallzahl_pro_jahr: 1500"))
    v2 = release(library, "v2")
    code, out, err = update(member, monkeypatch, capsys, "bibliothek@v2", BAU, "--ours")
    assert code == 0, out + err
    assert "fallzahl_pro_jahr: 1350" in local.read_text("utf-8")
    assert read_lock(member).prozesse[BAU].commit == v2


def test_models_unchanged_locally_are_taken_edited_ones_written_beside(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    bau_model = member / "modelle" / f"{BAU}.soll.bpmn"
    gewerbe_model = member / "modelle" / f"{GEWERBE}.ist.bpmn"
    mine = bau_model.read_text("utf-8").replace("</bpmn:definitions>",
                                                "<!-- lokal -->\n</bpmn:definitions>")
    assert "<!-- lokal -->" in mine
    bau_model.write_text(mine, "utf-8")
    for name in (f"{BAU}.soll.bpmn", f"{GEWERBE}.ist.bpmn"):
        path = library / "modelle" / name
        path.write_text(path.read_text("utf-8").replace(
            "</bpmn:definitions>", "<!-- Bibliothek v2 -->\n</bpmn:definitions>"), "utf-8")
    release(library, "v2")

    code, out, _ = update(member, monkeypatch, capsys, "bibliothek@v2")

    assert code == 1, out
    beside = member / "modelle" / f"{BAU}.soll.bibliothek.bpmn"
    assert beside.read_bytes() == (library / "modelle" / f"{BAU}.soll.bpmn").read_bytes()
    assert bau_model.read_text("utf-8") == mine
    assert gewerbe_model.read_bytes() == (library / "modelle" / f"{GEWERBE}.ist.bpmn"
                                          ).read_bytes()
    assert f"Fassung der Quelle daneben: modelle/{BAU}.soll.bibliothek.bpmn" in out
    lock = read_lock(member)
    assert lock.prozesse[GEWERBE].modelle[f"modelle/{GEWERBE}.ist.bpmn"].sha256 == _sha(
        gewerbe_model.read_bytes())

    code, out, err = update(member, monkeypatch, capsys, f"{BAU}:modelle/{BAU}.soll.bpmn",
                            "--ours")
    assert code == 0, out + err
    assert not beside.exists() and bau_model.read_text("utf-8") == mine
    code, _, _ = update(member, monkeypatch, capsys)
    assert code == 0


def test_upstream_delete_removes_an_unedited_process_and_conflicts_with_an_edited_one(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    edit(member / "steckbriefe" / f"{FAHRZEUG}.yaml", ("prioritaet: hoch", "prioritaet: mittel"))
    (library / "steckbriefe" / f"{FAHRZEUG}.yaml").unlink()
    (library / "steckbriefe" / f"{GEWERBE}.yaml").unlink()
    (library / "modelle" / f"{GEWERBE}.ist.bpmn").unlink()
    release(library, "v2")

    code, out, _ = update(member, monkeypatch, capsys, "bibliothek@v2")

    assert code == 1, out
    assert not (member / "steckbriefe" / f"{GEWERBE}.yaml").exists()
    assert not (member / "modelle" / f"{GEWERBE}.ist.bpmn").exists()
    assert (member / "steckbriefe" / f"{FAHRZEUG}.yaml").exists()
    assert "in der Quelle entfallen, lokal geändert" in out
    lock = read_lock(member)
    assert GEWERBE not in lock.prozesse and FAHRZEUG in lock.prozesse

    code, out, err = update(member, monkeypatch, capsys, FAHRZEUG, "--ours")
    assert code == 0, out + err
    assert "prioritaet: mittel" in (member / "steckbriefe" / f"{FAHRZEUG}.yaml").read_text()
    assert FAHRZEUG not in read_lock(member).prozesse  # a local process from now on


def test_renames_upstream_are_followed_by_id(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (library / "steckbriefe" / "kfz").mkdir()
    moved = library / "steckbriefe" / "kfz" / f"{FAHRZEUG}.yaml"
    (library / "steckbriefe" / f"{FAHRZEUG}.yaml").rename(moved)
    edit(moved, ("prioritaet: hoch", "prioritaet: mittel"))
    edit(library / "steckbriefe" / f"{BAU}.yaml", (f"id: {BAU}", "id: bauantrag-bescheiden"))
    release(library, "v2")

    code, out, err = update(member, monkeypatch, capsys, "bibliothek@v2")

    assert code == 0, out + err
    assert "in der Quelle verschoben" in out and "in der Quelle umbenannt" in out
    lock = read_lock(member)
    assert lock.prozesse[FAHRZEUG].pfad == f"steckbriefe/kfz/{FAHRZEUG}.yaml"
    assert lock.prozesse[BAU].id == "bauantrag-bescheiden"
    assert "prioritaet: mittel" in (member / "steckbriefe" / f"{FAHRZEUG}.yaml").read_text()
    bau = (member / "steckbriefe" / f"{BAU}.yaml").read_text("utf-8")
    assert f"\nid: {BAU}\n" in bau and "  id: bauantrag-bescheiden\n" in bau  # herkunft.id
    code, out, _ = update(member, monkeypatch, capsys)
    assert code == 0 and "0 Datei(en) geschrieben" in out


def test_hostile_library_is_refused_and_nothing_written(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    edit(library / "steckbriefe" / f"{BAU}.yaml",
         (f"datei: modelle/{BAU}.soll.bpmn", "datei: ../../etc/passwd"), UP_OE)
    release(library, "v2")
    (library / "steckbriefe" / "link.yaml").symlink_to("/etc/hostname")
    release(library, "v3")
    before = snapshot(member)
    code, _, err = update(member, monkeypatch, capsys, "bibliothek@v2")
    assert code == 2 and "enthält '..'" in err
    code, _, err = update(member, monkeypatch, capsys, "bibliothek@v3")
    assert code == 2 and "link.yaml" in err
    code, _, err = update(member, monkeypatch, capsys, "ext::sh -c touch% /tmp/pwned@v2")
    assert code == 2
    assert snapshot(member) == before


def test_unknown_source_and_id_are_usage_errors(
        member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = update(member, monkeypatch, capsys, "baugenehmigung-erteil")
    assert code == 2 and f"meinten Sie {BAU}" in err
    code, _, err = update(member, monkeypatch, capsys, "prozesskit:kreis")
    assert code == 2 and "wurde nichts importiert" in err
    code, _, err = update(member, monkeypatch, capsys, "--ours", "--theirs")
    assert code == 2 and "schließen einander aus" in err


def test_lock_schema_still_holds(member: Path, library: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    from helpers import REPO

    edit(library / "steckbriefe" / f"{BAU}.yaml", UP_OE)
    release(library, "v2")
    code, _, _ = update(member, monkeypatch, capsys, "bibliothek@v2")
    assert code == 0
    schema = json.loads((REPO / "schemas" / "lock.schema.json").read_text("utf-8"))
    jsonschema.validate(json.loads((member / LOCK_NAME).read_text("utf-8")), schema)
    code, out, _ = run_cli(["validate", str(member)], monkeypatch, capsys)
    assert code == 0, out


# -- SIGKILL: every file old or new, never half ----------------------------------------------

_KILLER = r"""
import os, sys
import prozesskit.writeplan as writeplan

limit = int(os.environ["PK_KILL_AFTER"])
real = os
count = 0


def step() -> None:
    global count
    count += 1
    if count == limit:  # a real SIGKILL, right after this step of the commit
        real.kill(real.getpid(), 9)


class Os:
    def __getattr__(self, name):
        return getattr(real, name)

    def replace(self, *args, **kwargs):
        real.replace(*args, **kwargs)
        step()

    def link(self, *args, **kwargs):
        real.link(*args, **kwargs)
        step()


writeplan.os = Os()
sys.argv = ["prozesskit", *sys.argv[1:]]
from prozesskit.cli import main
try:
    main()
finally:
    sys.stderr.write(f"\nSCHRITTE={count}\n")
"""


def _files(root: Path) -> dict[str, bytes]:
    """The register's files, without a staging folder a killed commit leaves behind."""
    return {rel: data for rel, data in snapshot(root).items()
            if not (rel.startswith(f".{root.name}.") and ".neu/" in rel)}


def test_sigkill_during_update_leaves_every_file_old_or_new(
        library: Path, member: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import random
    import signal
    import sys
    import time

    edit(member / "steckbriefe" / f"{BAU}.yaml", LOCAL_FALL)
    edit(library / "steckbriefe" / f"{BAU}.yaml", UP_OE)
    edit(library / "steckbriefe" / f"{FAHRZEUG}.yaml", ("prioritaet: hoch", "prioritaet: mittel"))
    model = library / "modelle" / f"{BAU}.soll.bpmn"
    model.write_text(model.read_text("utf-8").replace("</bpmn:definitions>",
                                                      "<!-- v2 -->\n</bpmn:definitions>"))
    (library / "steckbriefe" / f"{GEWERBE}.yaml").unlink()  # a removal in the same plan
    release(library, "v2")
    pristine = tmp_path / "vorher"
    shutil.copytree(member, pristine)
    old = _files(member)
    code, out, err = update(member, monkeypatch, capsys, "bibliothek@v2")  # warms the cache
    assert code == 0, out + err
    new = _files(member)
    changed = sorted(rel for rel in old.keys() | new.keys() if old.get(rel) != new.get(rel))
    assert len(changed) >= 5  # Steckbriefe, model, removal, lock, manifest

    def run(kill_after: int) -> subprocess.Popen[str]:
        shutil.rmtree(member)
        shutil.copytree(pristine, member)
        env = {**__import__("os").environ, "PK_KILL_AFTER": str(kill_after)}
        return subprocess.Popen([sys.executable, "-c", _KILLER, "update", "bibliothek@v2",
                                 "-r", str(member)], env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def check_then_finish() -> None:
        now = _files(member)
        for rel in old.keys() | new.keys():
            assert now.get(rel) in (old.get(rel), new.get(rel)), rel  # old or new, never half
        code, out, err = update(member, monkeypatch, capsys, "bibliothek@v2")
        assert code == 0, out + err
        assert _files(member) == new  # running it again finishes the job
        assert snapshot(member) == new  # and removes the staging folder the kill left

    done = run(0)
    _, err = done.communicate(timeout=120)
    steps = int(err.rsplit("SCHRITTE=", 1)[1])
    assert done.returncode == 0 and steps >= len(changed)
    for kill_after in range(1, steps + 1):
        killed = run(kill_after)
        killed.communicate(timeout=120)
        assert killed.returncode == -signal.SIGKILL, kill_after
        check_then_finish()
    for seed in range(3):  # and from outside, at a random moment of the whole run
        killed = run(0)
        time.sleep(random.Random(seed).uniform(0.2, 1.5))
        killed.send_signal(signal.SIGKILL)
        killed.communicate(timeout=120)
        check_then_finish()


def test_blaupause_correction_reaches_a_register_made_from_the_older_catalogue(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The register is made with today's catalogue and then turned into one made from an
    older catalogue (its files and kept bases as that catalogue had them, the lock naming
    it): today's catalogue is then the newer one that corrects it."""
    import re

    reg = tmp_path / "gemeinde"
    code, _, err = run_cli(["init", "--blueprint", "gemeinde", "--name", "Gemeinde X", "--ags",
                            "05999001", str(reg)], monkeypatch, capsys)
    assert code == 0, err
    abfall, other = "abfallbehaelter-an-und-abmelden", None
    lock = json.loads((reg / LOCK_NAME).read_text("utf-8"))
    version = lock["prozesse"][abfall]["version"]  # today's catalogue
    current: dict[str, str] = {}
    for local_id in (abfall, *sorted(lock["prozesse"])[:40]):
        text = (reg / "steckbriefe" / f"{local_id}.yaml").read_text("utf-8")
        if local_id != abfall and other is None and "organisationseinheit: " in text:
            other = local_id
        current[local_id] = text
    assert other is not None
    for local_id in (abfall, other):  # the older catalogue: another Zuständigkeit
        old = re.sub(r"organisationseinheit: .*\n", "organisationseinheit: Ordnungsamt\n",
                     current[local_id]).replace(f"version: '{version}'", "version: '2025.2'")
        assert old != current[local_id]
        (reg / "steckbriefe" / f"{local_id}.yaml").write_text(old, "utf-8")
        (reg / ".prozesskit" / "basis" / "prozesskit-gemeinde" / "steckbriefe" /
         f"{local_id}.yaml").write_text(old, "utf-8")
        entry = lock["prozesse"][local_id]
        entry["sha256"] = entry["lokal_sha256"] = _sha(old.encode())
        entry["version"] = "2025.2"
    (reg / LOCK_NAME).write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", "utf-8")
    mine = edit(reg / "steckbriefe" / f"{abfall}.yaml",
                ("status: aktiv", "# seit 2026 beim Kommunalbetrieb\nstatus: in_pruefung"))

    code, out, err = update(reg, monkeypatch, capsys, "prozesskit:gemeinde")

    assert code == 0, out + err
    merged = (reg / "steckbriefe" / f"{abfall}.yaml").read_text("utf-8")
    assert merged == mine.replace("organisationseinheit: Ordnungsamt",
                                  "organisationseinheit: Bauamt (Abfall)").replace(
        "version: '2025.2'", f"version: '{version}'")
    assert (reg / "steckbriefe" / f"{other}.yaml").read_text("utf-8") == current[other]
    new_lock = read_lock(reg)
    for local_id in (abfall, other):
        assert new_lock.prozesse[local_id].sha256 == _sha(current[local_id].encode())
        assert new_lock.prozesse[local_id].version == version
        assert (reg / ".prozesskit" / "basis" / "prozesskit-gemeinde" / "steckbriefe" /
                f"{local_id}.yaml").read_text("utf-8") == current[local_id]
    assert f"{abfall} (steckbriefe/{abfall}.yaml): beidseitig geändert (zusammenführbar); " \
           "1 Feld übernommen (organisationseinheit)" in out
    code, out, _ = update(reg, monkeypatch, capsys)  # the default: the Blaupause too
    assert code == 0 and "0 Datei(en) geschrieben" in out


def test_upstream_deletes_and_inserts_keys_the_members_comments_stay_in_place(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """ruamel's traps on a real update: the comment introducing ``kennzahlen`` hangs on the
    deleted ``beteiligte`` list, and a key inserted after ``ergebnis`` must land above it."""
    local = member / "steckbriefe" / f"{BAU}.yaml"
    mine = edit(local, LOCAL_FALL)
    beteiligte = ("beteiligte:\n  - Bauherrin oder Bauherr\n  - Gemeinde (Einvernehmen nach "
                  "§ 36 BauGB)\n  - Fachbehörden\n")
    edit(library / "steckbriefe" / f"{BAU}.yaml", (beteiligte, ""), (
        "ergebnis: Baugenehmigung erteilt oder Antrag abgelehnt\n",
        "ergebnis: Baugenehmigung erteilt oder Antrag abgelehnt\nmerkmale:\n  netz: ja\n"))
    release(library, "v2")
    code, out, err = update(member, monkeypatch, capsys, "bibliothek@v2")
    assert code == 0, out + err
    text = local.read_text("utf-8")
    body = mine.split("herkunft:")[0]
    assert text.split("herkunft:")[0] == body.replace(beteiligte, "").replace(
        "ergebnis: Baugenehmigung erteilt oder Antrag abgelehnt\n",
        "ergebnis: Baugenehmigung erteilt oder Antrag abgelehnt\nmerkmale:\n  netz: ja\n")
    assert "merkmale:\n  netz: ja\n# Kennzahlen aus dem Fachverfahren, Stand 2025\nkennzahlen:" \
        in text


def test_folder_library_by_its_path_and_its_kept_base_moves(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "nachbar"
    shutil.copytree(EXAMPLE, folder)
    target = tmp_path / "kommune"
    shutil.copytree(EXAMPLE, target)
    shutil.rmtree(target / "steckbriefe")
    (target / "steckbriefe").mkdir()
    code, _, err = run_cli(["import", str(folder), FAHRZEUG, "-r", str(target)],
                           monkeypatch, capsys)
    assert code == 0, err
    key = read_lock(target).prozesse[FAHRZEUG].quelle
    kept = target / ".prozesskit" / "basis" / key / "steckbriefe" / f"{FAHRZEUG}.yaml"
    assert kept.is_file()
    edit(target / "steckbriefe" / f"{FAHRZEUG}.yaml", ("prioritaet: hoch", "prioritaet: mittel"))
    up = edit(folder / "steckbriefe" / f"{FAHRZEUG}.yaml",
              ("fallzahl_pro_jahr: 42000", "fallzahl_pro_jahr: 45000"))
    monkeypatch.chdir(tmp_path)
    code, out, err = update(target, monkeypatch, capsys, "./nachbar")
    assert code == 0, out + err
    text = (target / "steckbriefe" / f"{FAHRZEUG}.yaml").read_text("utf-8")
    assert "prioritaet: mittel" in text and "fallzahl_pro_jahr: 45000" in text
    assert kept.read_text("utf-8") == up  # the base moved with the lock
    assert read_lock(target).prozesse[FAHRZEUG].sha256 == _sha(up.encode())


def test_one_line_changes_leave_the_rest_of_the_file_byte_for_byte(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The member writes lists without indentation (a ruamel round trip would re-indent
    them); a merge of one-line values replaces them in place and leaves that alone."""
    local = member / "steckbriefe" / f"{BAU}.yaml"
    mine = edit(local, LOCAL_FALL, ("  - Bauherrin oder Bauherr\n  - Gemeinde",
                                    "- Bauherrin oder Bauherr\n- Gemeinde"),
                ("\n  - Fachbehörden\n", "\n- Fachbehörden\n"))
    edit(library / "steckbriefe" / f"{BAU}.yaml", UP_OE)
    v2 = release(library, "v2")
    code, out, err = update(member, monkeypatch, capsys, "bibliothek@v2")
    assert code == 0, out + err
    v1 = mine.split("  commit: ", 1)[1].split("\n", 1)[0]
    up_sha = read_lock(member).prozesse[BAU].sha256
    old_sha = mine.split("  sha256: ", 1)[1].split("\n", 1)[0]
    assert local.read_text("utf-8") == mine.replace(*UP_OE).replace(
        "  version: v1\n", "  version: v2\n").replace(old_sha, up_sha).replace(v1, v2)


def test_vanished_folder_source_is_an_error_that_says_so_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The message and the exit code agree: exit 2, "abgebrochen", nothing written, and
    what to do; for ``update`` and ``diff``, by default and by the source's name."""
    folder = tmp_path / "nachbar"
    shutil.copytree(EXAMPLE, folder)
    target = tmp_path / "kommune"
    shutil.copytree(EXAMPLE, target)
    shutil.rmtree(target / "steckbriefe")
    (target / "steckbriefe").mkdir()
    code, _, err = run_cli(["import", str(folder), FAHRZEUG, "-r", str(target)],
                           monkeypatch, capsys)
    assert code == 0, err
    shutil.rmtree(folder)
    before = snapshot(target)
    for args in (["update"], ["update", "nachbar"], ["diff"], ["diff", "nachbar"]):
        code, out, err = run_cli([*args, "-r", str(target)], monkeypatch, capsys)
        assert code == 2, (args, out, err)
        assert f"Der Ordner der Quelle 'nachbar' ({folder}, eingetragen in {LOCK_NAME}) ist " \
               "nicht mehr da; abgebrochen" in err, (args, err)
        assert "wiederherstellen" in err and "übersprungen" not in out + err
        assert "prozesskit update NEUER_ORT --statt nachbar" in err
        assert "Traceback" not in err
        assert snapshot(target) == before


def test_json_report_is_versioned_valid_and_names_what_resolves_each_conflict(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    from helpers import REPO

    schema = json.loads((REPO / "schemas" / "update-report.schema.json").read_text("utf-8"))
    local = member / "steckbriefe" / f"{BAU}.yaml"
    edit(local, LOCAL_FALL)
    edit(library / "steckbriefe" / f"{BAU}.yaml", ("fallzahl_pro_jahr: 1200",
                                                    "fallzahl_pro_jahr: 1500"), UP_OE)
    (library / "steckbriefe" / f"{GEWERBE}.yaml").unlink()
    release(library, "v2")
    before = snapshot(member)

    code, out, err = update(member, monkeypatch, capsys, "bibliothek@v2", "--dry-run",
                            "--format", "json")
    assert code == 1, err
    data = json.loads(out)  # stdout is the JSON alone
    jsonschema.validate(data, schema)
    assert snapshot(member) == before
    assert (data["version"], data["kind"], data["probelauf"], data["seite"]) == (
        1, "update", True, None)
    assert data["quellen"][0]["schluessel"] == "bibliothek"
    assert data["quellen"][0]["commit"] == _git(library, "rev-parse", "HEAD")
    by_id = {p["id"]: p for p in data["prozesse"]}
    assert set(by_id) == {BAU, GEWERBE, FAHRZEUG}
    bau = by_id[BAU]
    assert bau["stand"] == "konflikt" and not bau["lock_bewegt"]
    assert bau["uebernommen"] == [{"path": "organisationseinheit", "kind": "changed",
                                   "old": UP_OE[0].split(": ", 1)[1],
                                   "new": UP_OE[1].split(": ", 1)[1]}]
    assert bau["konflikte"] == [{
        "prozess": BAU, "art": "feld", "wo": "kennzahlen.fallzahl_pro_jahr",
        "argument": f"{BAU}:kennzahlen.fallzahl_pro_jahr", "basis": 1200, "lokal": 1350,
        "quelle": 1500, "fehlt": [], "daneben": None}]
    assert by_id[GEWERBE]["stand"] == "in_der_quelle_entfallen" and by_id[GEWERBE]["entfernt"]
    assert f"steckbriefe/{GEWERBE}.yaml" in data["dateien"]["entfernt"]
    assert f"steckbriefe/{BAU}.yaml" in data["dateien"]["geschrieben"]
    assert by_id[FAHRZEUG]["stand"] == "unveraendert" and by_id[FAHRZEUG]["konflikte"] == []
    assert data["konflikte_offen"] == 1

    code, out, _ = update(member, monkeypatch, capsys, "bibliothek@v2", "--format", "json")
    assert code == 1 and json.loads(out)["konflikte_offen"] == 1  # written, conflict open
    # the argument from the report resolves exactly that conflict
    code, out, err = update(member, monkeypatch, capsys, bau["konflikte"][0]["argument"],
                            "--theirs", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    jsonschema.validate(data, schema)
    assert (data["probelauf"], data["seite"], data["konflikte_offen"]) == (False, "theirs", 0)
    bau = {p["id"]: p for p in data["prozesse"]}[BAU]
    assert [k["wo"] for k in bau["geloest"]] == ["kennzahlen.fallzahl_pro_jahr"]
    assert bau["lock_bewegt"] and f"steckbriefe/{BAU}.yaml" in data["dateien"]["geschrieben"]
    assert "fallzahl_pro_jahr: 1500" in local.read_text("utf-8")

    code, _, err = update(member, monkeypatch, capsys, "--format", "yaml")
    assert code == 2 and "--format 'yaml' gibt es nicht" in err


def test_crlf_steckbrief_stays_all_crlf_through_the_ruamel_merge(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Edited under Windows (CRLF, a local comment): an upstream insertion goes through
    ruamel, which kept CR only on comment lines – the file came back with mixed endings and
    git showed every line as changed."""
    local = member / "steckbriefe" / f"{BAU}.yaml"
    mine = edit(local, ("prioritaet: hoch", "prioritaet: hoch  # lokal"))
    local.write_bytes(mine.replace("\n", "\r\n").encode("utf-8"))
    edit(library / "steckbriefe" / f"{BAU}.yaml", UP_OE,
         ("ergebnis: Baugenehmigung erteilt oder Antrag abgelehnt\n",
          "ergebnis: Baugenehmigung erteilt oder Antrag abgelehnt\nstand: 2026-08-01\n"))
    release(library, "v2")
    code, out, err = update(member, monkeypatch, capsys, "bibliothek@v2")
    assert code == 0, out + err
    raw = local.read_bytes()
    assert b"stand: 2026-08-01\r\n" in raw and b"prioritaet: hoch  # lokal\r\n" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")  # no line left with LF alone
    lf = raw.replace(b"\r\n", b"\n").decode("utf-8")
    changed = [line for line in lf.splitlines() if line not in mine.splitlines()]
    assert len(changed) == 5, changed  # organisationseinheit, stand, herkunft's 3 lines
