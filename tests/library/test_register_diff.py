"""``prozesskit diff [QUELLE[@REF]] [IDS…]`` on real registers and real temporary git
repositories (no mock of git): the register against its library and its Blaupause, per
process one Stand, field-level Steckbrief changes and semantic model changes; hostile
sources refused with nothing written and no hook run."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from helpers import REPO, empty_register, example_library, run_cli
from helpers import edit_once as _edit
from helpers import git as _git
from helpers import snapshot as _snapshot
from prozesskit.library.lock import LOCK_NAME, read_lock

SCHEMA = json.loads((REPO / "schemas" / "register-diff.schema.json").read_text("utf-8"))
BPMN_SCHEMA = json.loads((REPO / "schemas" / "bpmn-diff.schema.json").read_text("utf-8"))
BAU = "baugenehmigung-erteilen"
BAU_FILE = f"steckbriefe/{BAU}.yaml"
BAU_MODEL = f"modelle/{BAU}.soll.bpmn"


def _json(out: str) -> dict[str, Any]:
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    for source in data["quellen"]:
        for item in source["prozesse"]:
            for model in item["modelle"]:
                for side in ("lokal_diff", "quelle_diff"):
                    if model[side] is not None:
                        jsonschema.validate(model[side], BPMN_SCHEMA)
    assert isinstance(data, dict)
    return data


def _process(data: dict[str, Any], process_id: str) -> dict[str, Any]:
    found = [item for source in data["quellen"] for item in source["prozesse"]
             if item["id"] == process_id]
    assert len(found) == 1, found
    return found[0]  # type: ignore[no-any-return]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """The example register as a shared library repository, tagged v1."""
    repo = tmp_path / "bibliothek"
    return example_library(repo)


@pytest.fixture
def member(tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> Path:
    """A register that imported the Baugenehmigung with its model from the library at v1."""
    target = tmp_path / "register"
    empty_register(target)
    (target / "steckbriefe" / "eigener-prozess-fuehren.yaml").write_text(
        "id: eigener-prozess-fuehren\nname: Eigenen Prozess führen\nprodukt:\n"
        "  bereich: \"01\"\norganisationseinheit: Hauptamt\n", "utf-8")
    code, _, err = run_cli(["import", f"file://{library}@v1", BAU, "--mit-modellen", "-r",
                            str(target)], monkeypatch, capsys)
    assert code == 0, err
    # the example's manifest names the built-in Blaupause; this member tracks the library only
    _edit(target / "prozesskit.yaml", "  quelle: eingebaut\n", "  quelle: /anderswo\n")
    return target


def _upstream_renames_a_task(library: Path, tag: str) -> None:
    _edit(library / BAU_MODEL, 'name="Bauantrag formell prüfen"',
          'name="Bauantrag auf Vollständigkeit prüfen"')
    _git(library, "commit", "-qam", "Aufgabe umbenannt")
    _git(library, "tag", tag)


def test_unchanged_against_the_tracked_ref_exit_0(
        member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["diff", "-r", str(member)], monkeypatch, capsys)
    assert code == 0, out + err
    assert "Vergleich mit file://" in out and "@v1" in out
    assert "1 unverändert" in out
    assert "Eigene Prozesse (nur lokal, in keiner Quelle): 1" in out
    assert "✔ Keine Unterschiede" in out


def test_upstream_renames_a_task_the_diff_names_the_element(
        member: Path, library: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _upstream_renames_a_task(library, "v2")
    before = _snapshot(member)
    code, out, err = run_cli(["diff", "bibliothek@v2", "-r", str(member)], monkeypatch, capsys)
    assert code == 1, err
    assert f"~ in der Quelle geändert: {BAU} 'Baugenehmigung erteilen'" in out
    assert (f"Modell SOLL ({BAU_MODEL}): in der Quelle geändert" in out)
    assert ("Quelle: Aufgabe 'Bauantrag formell prüfen' (Task_Pruefen): Name geändert: "
            "'Bauantrag formell prüfen' → 'Bauantrag auf Vollständigkeit prüfen'") in out
    code, out, _ = run_cli(["diff", "bibliothek@v2", BAU, "-r", str(member), "--format",
                            "json"], monkeypatch, capsys)
    assert code == 1
    data = _json(out)
    item = _process(data, BAU)
    assert item["stand"] == "in_der_quelle_geaendert" and item["mit_basis"] is True
    assert item["lokal"] == [] and item["quelle"] == []  # the Steckbrief itself is the same
    model = item["modelle"][0]
    assert (model["art"], model["stand"], model["lokal_diff"]) == (
        "soll", "in_der_quelle_geaendert", None)
    changed = model["quelle_diff"]["changed"]
    assert [(c["id"], c["changes"][0]["property"], c["changes"][0]["new"]) for c in changed] \
        == [("Task_Pruefen", "name", "Bauantrag auf Vollständigkeit prüfen")]
    assert data["quellen"][0]["herkunft"]["commit"] == _git(library, "rev-parse", "v2")
    code, out, _ = run_cli(["diff", "bibliothek@v2", "-r", str(member), "--format",
                            "markdown"], monkeypatch, capsys)
    assert code == 1
    assert "| in der Quelle geändert | baugenehmigung-erteilen 'Baugenehmigung erteilen' |" in out
    assert "Task\\_Pruefen" in out or "Task_Pruefen" in out
    assert _snapshot(member) == before  # diff never writes


def test_field_changes_on_both_sides_and_a_conflict(
        member: Path, library: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _edit(library / BAU_FILE, "prioritaet: hoch", "prioritaet: mittel")
    _edit(library / BAU_FILE, "organisationseinheit: Untere Bauaufsichtsbehörde",
          "organisationseinheit: Bauaufsicht")
    _git(library, "commit", "-qam", "v2")
    _git(library, "tag", "v2")
    local = member / BAU_FILE
    _edit(local, "organisationseinheit: Untere Bauaufsichtsbehörde",
          "organisationseinheit: Bauordnungsamt  # seit 2026")
    code, out, err = run_cli(["diff", f"file://{library}@v2", "-r", str(member), "--format",
                              "json"], monkeypatch, capsys)
    assert code == 1, err
    item = _process(_json(out), BAU)
    assert item["stand"] == "konflikt"
    assert item["lokal"] == [{"path": "organisationseinheit", "kind": "changed",
                              "old": "Untere Bauaufsichtsbehörde", "new": "Bauordnungsamt"}]
    assert {c["path"]: c["new"] for c in item["quelle"]} == {
        "organisationseinheit": "Bauaufsicht", "prioritaet": "mittel"}
    assert item["konflikte"] == [{"path": "organisationseinheit",
                                  "base": "Untere Bauaufsichtsbehörde",
                                  "local": "Bauordnungsamt", "upstream": "Bauaufsicht",
                                  "absent": []}]
    code, out, _ = run_cli(["diff", f"file://{library}@v2", "-r", str(member)], monkeypatch,
                           capsys)
    assert "! beidseitig geändert (Konflikt): baugenehmigung-erteilen" in out
    assert ('Konflikt organisationseinheit: Basis "Untere Bauaufsichtsbehörde", lokal '
            '"Bauordnungsamt", Quelle "Bauaufsicht"') in out
    # a different field locally: both changed, no conflict
    _edit(local, "organisationseinheit: Bauordnungsamt  # seit 2026",
          "organisationseinheit: Untere Bauaufsichtsbehörde")
    _edit(local, "name: Baugenehmigung erteilen", "name: Baugenehmigung erteilen (Kreis)")
    code, out, _ = run_cli(["diff", f"file://{library}@v2", "-r", str(member), "--format",
                            "json"], monkeypatch, capsys)
    assert _process(_json(out), BAU)["stand"] == "beidseitig_geaendert"


def test_local_changes_deletion_and_comments_only(
        member: Path, library: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    local = member / BAU_FILE
    local.write_text("# nur ein Kommentar\n" + local.read_text("utf-8"), "utf-8")
    code, out, _ = run_cli(["diff", "-r", str(member)], monkeypatch, capsys)
    assert code == 0, out  # comments and layout are no change; herkunft is prozesskit's
    _edit(local, "status: aktiv", "status: entfaellt\nstatus_grund: macht der Nachbarkreis")
    code, out, _ = run_cli(["diff", "-r", str(member)], monkeypatch, capsys)
    assert code == 1
    assert f"- lokal entfallen: {BAU}" in out
    assert 'lokal: ~ status: "aktiv" → "entfaellt"' in out
    local.unlink()
    code, out, _ = run_cli(["diff", "-r", str(member), "--format", "json"], monkeypatch, capsys)
    assert code == 1
    assert _process(_json(out), BAU)["stand"] == "lokal_entfallen"


def test_ids_filter_and_unknown_id(member: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["diff", "bibliothek", "fahrzeug-zulassen", "-r", str(member),
                            "--format", "json"], monkeypatch, capsys)
    assert code == 0
    data = _json(out)
    assert [item["id"] for item in data["quellen"][0]["prozesse"]] == ["fahrzeug-zulassen"]
    assert data["quellen"][0]["prozesse"][0]["stand"] == "nur_in_der_quelle"
    code, _, err = run_cli(["diff", "baugenehmigung-erteile", "-r", str(member)], monkeypatch,
                           capsys)
    assert code == 2
    assert "Den Prozess 'baugenehmigung-erteile' gibt es weder" in err
    assert "meinten Sie baugenehmigung-erteilen" in err


def _older_catalogue(register: Path, process_id: str, *pairs: tuple[str, str]) -> None:
    """Make ``process_id`` look as if ``init`` wrote it from an older catalogue: the file,
    its kept base and the lock's hashes all say the older content."""
    rel = f"steckbriefe/{process_id}.yaml"
    lock = json.loads((register / LOCK_NAME).read_text("utf-8"))
    entry = lock["prozesse"][process_id]
    kept = register / ".prozesskit" / "basis" / entry["quelle"] / rel
    text = (register / rel).read_text("utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    for path in (register / rel, kept):
        path.write_text(text, "utf-8")
    entry["sha256"] = entry["lokal_sha256"] = hashlib.sha256(text.encode()).hexdigest()
    (register / LOCK_NAME).write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n",
                                      "utf-8")


def test_blaupause_correction_shows_in_diff_prozesskit_kreis(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    register = tmp_path / "kreis"
    code, _, err = run_cli(["init", "--blueprint", "kreis", "--name", "Kreis Beispiel", "--ags",
                            "05774", "--typ", "kreis", "--bereich", "12", str(register)],
                           monkeypatch, capsys)
    assert code == 0, err
    ids = sorted(read_lock(register).prozesse)
    corrected, edited = ids[0], ids[1]
    text = (register / "steckbriefe" / f"{corrected}.yaml").read_text("utf-8")
    current_oe = next(line for line in text.splitlines()
                      if line.startswith("organisationseinheit: "))
    version = next(line for line in text.splitlines() if line.startswith("  version: "))
    # the older catalogue had another Zuständigkeit and version for one process ...
    _older_catalogue(register, corrected, (current_oe, "organisationseinheit: Altes Amt"),
                     (version, "  version: '2025.9'"))
    # ... and another version only for a second one, which the member then edited
    _older_catalogue(register, edited, (version, "  version: '2025.9'"))
    _edit(register / "steckbriefe" / f"{edited}.yaml", "status: aktiv\n",
          "status: aktiv\nprioritaet: hoch\n")
    code, out, err = run_cli(["diff", "prozesskit:kreis", "-r", str(register)], monkeypatch,
                             capsys)
    assert code == 1, err
    assert f"~ in der Quelle geändert: {corrected}" in out
    new_oe = current_oe.removeprefix("organisationseinheit: ")
    assert f'Quelle: ~ organisationseinheit: "Altes Amt" → "{new_oe}"' in out
    assert f"~ beidseitig geändert (zusammenführbar): {edited}" in out
    assert 'lokal: + prioritaet: "hoch"' in out
    # the default (no source named) compares with the Blaupause the manifest names
    code, out, _ = run_cli(["diff", "-r", str(register), "--format", "json"], monkeypatch,
                           capsys)
    assert code == 1
    data = _json(out)
    assert [source["quelle"] for source in data["quellen"]] == ["prozesskit:kreis"]
    assert data["quellen"][0]["schluessel"] == "prozesskit-kreis"
    item = _process(data, corrected)
    assert item["stand"] == "in_der_quelle_geaendert"
    assert {c["path"] for c in item["quelle"]} == {"organisationseinheit", "herkunft.version"}
    summary = data["quellen"][0]["summary"]
    assert summary["unveraendert"] == len(ids) - 2
    assert summary["nur_in_der_quelle"] > 100  # the other Produktbereiche: listed, no difference


# -- hostile sources ---------------------------------------------------------------------------

@pytest.mark.parametrize("spec", ["ext::sh -c touch% /tmp/pwned", "--upload-pack=touch /tmp/x",
                                  "file:///nirgends@--upload-pack=x"])
def test_command_running_sources_are_refused(spec: str, member: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(member)
    code, out, err = run_cli(["diff", "-r", str(member), "--", spec], monkeypatch, capsys)
    assert code == 2, out
    assert "abgelehnt" in err and "Traceback" not in err
    assert _snapshot(member) == before


def test_symlink_to_etc_in_a_library_is_refused(
        member: Path, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (library / "steckbriefe" / "passwort.yaml").symlink_to("/etc/passwd")
    _git(library, "add", "-A")
    _git(library, "commit", "-qm", "boese")
    before = _snapshot(member)
    code, _, err = run_cli(["diff", f"file://{library}@main", "-r", str(member)], monkeypatch,
                           capsys)
    assert code == 2
    assert "passwort.yaml" in err and "aus Sicherheitsgründen" in err
    folder = tmp_path / "ordner"
    shutil.copytree(library, folder, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    code, _, err = run_cli(["diff", str(folder), "-r", str(member)], monkeypatch, capsys)
    assert code == 2
    assert "steckbriefe/passwort.yaml" in err and "Symbolischer Link" in err
    assert _snapshot(member) == before


def test_model_reference_out_of_the_library_is_refused(
        member: Path, library: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _edit(library / BAU_FILE, f"datei: {BAU_MODEL}", "datei: ../../../etc/passwd")
    _git(library, "commit", "-qam", "boese")
    before = _snapshot(member)
    code, _, err = run_cli(["diff", f"file://{library}@main", "-r", str(member)], monkeypatch,
                           capsys)
    assert code == 2
    assert "'../../../etc/passwd', das enthält '..'" in err
    assert "aus Sicherheitsgründen wird diese Quelle nicht verglichen" in err
    assert _snapshot(member) == before


def test_hooks_of_a_library_never_run(member: Path, library: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    marker = tmp_path / "hook-lief"
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for folder in (library / ".git" / "hooks", hooks):
        for name in ("post-checkout", "post-merge", "reference-transaction", "pre-auto-gc",
                     "post-rewrite", "fsmonitor-watchman"):
            hook = folder / name
            hook.write_text(f"#!/bin/sh\ntouch {marker}\n", "utf-8")
            hook.chmod(0o755)
    # a user whose git would run hooks from a shared folder for every repository
    Path(str(Path.home() / "gitconfig")).write_text(f"[core]\n\thooksPath = {hooks}\n", "utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(Path.home() / "gitconfig"))
    _upstream_renames_a_task(library, "v2")
    marker.unlink(missing_ok=True)  # the test's own git commands may have run them
    code, _, err = run_cli(["diff", f"file://{library}@v2", "-r", str(member)], monkeypatch,
                           capsys)
    assert code == 1, err
    assert not marker.exists()


def test_unreadable_steckbrief_in_the_source_is_not_taken_as_deleted(
        member: Path, library: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (library / BAU_FILE).write_text("id: [kaputt\n", "utf-8")
    _git(library, "commit", "-qam", "kaputt")
    code, out, err = run_cli(["diff", f"file://{library}@main", "-r", str(member)],
                             monkeypatch, capsys)
    assert code == 2, out
    assert f"Steckbrief '{BAU_FILE}' in der Quelle" in err and "nicht lesbar" in err
    assert "entfallen" not in out
