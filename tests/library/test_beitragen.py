"""``prozesskit beitragen IDS… --an BIBLIOTHEK`` on real temporary git repositories: a new
branch in a local clone of the library with the member's files and one commit; the library
itself untouched (never pushed), no hook run, nothing written through a link."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli
from helpers import edit_once as _edit
from helpers import git as _git
from helpers import snapshot as _snapshot
from prozesskit.yamlio.read import parse_yaml

BAU = "baugenehmigung-erteilen"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    repo = tmp_path / "bibliothek"
    shutil.copytree(EXAMPLE, repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "v1")
    return repo


@pytest.fixture
def member(tmp_path: Path) -> Path:
    """Kreis Musterland: edited the Baugenehmigung, has an own process with a model."""
    register = tmp_path / "register"
    shutil.copytree(EXAMPLE, register)
    _edit(register / "steckbriefe" / f"{BAU}.yaml", "prioritaet: hoch",
          "prioritaet: mittel  # nach Fallzahlen 2026")
    (register / "steckbriefe" / "hundesteuer-festsetzen.yaml").write_text(
        "id: hundesteuer-festsetzen\nname: Hundesteuer festsetzen\nprodukt:\n"
        "  bereich: \"16\"\norganisationseinheit: Steueramt\nmodellierung:\n"
        "  status: ist_modelliert\nmodelle:\n  - art: ist\n"
        "    datei: modelle/hundesteuer-festsetzen.ist.bpmn\n", "utf-8")
    shutil.copy(EXAMPLE / "modelle" / "gewerbeanmeldung-entgegennehmen.ist.bpmn",
                register / "modelle" / "hundesteuer-festsetzen.ist.bpmn")
    return register


def test_contribution_is_a_committed_branch_in_a_clone_never_pushed(
        library: Path, member: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    klon = tmp_path / "klon"
    before_member = _snapshot(member)
    before_library = (_snapshot(library), _git(library, "for-each-ref"))
    code, out, err = run_cli(["beitragen", BAU, "hundesteuer-festsetzen", "--an",
                              f"file://{library}", "-r", str(member), "--klon", str(klon)],
                             monkeypatch, capsys)
    assert code == 0, err
    branch = "beitrag/kreis-musterland/baugenehmigung-erteilen-und-1-weitere"
    assert f"im Branch '{branch}'" in out
    assert f"git -C {klon} push -u origin {branch}" in out
    assert "prozesskit lädt nichts hoch" in out
    assert f"  steckbriefe/{BAU}.yaml (geändert)" in out
    assert "  modelle/hundesteuer-festsetzen.ist.bpmn (neu)" in out
    assert _git(klon, "rev-parse", "--abbrev-ref", "HEAD") == branch
    assert _git(klon, "status", "--porcelain") == ""
    assert _git(klon, "remote", "get-url", "origin") == f"file://{library}"
    assert _git(klon, "log", "--format=%s", "-1") == (
        "Beitrag von Kreis Musterland: baugenehmigung-erteilen, hundesteuer-festsetzen")
    assert sorted(_git(klon, "diff", "--name-only", "HEAD~1").splitlines()) == [
        "modelle/hundesteuer-festsetzen.ist.bpmn", f"steckbriefe/{BAU}.yaml",
        "steckbriefe/hundesteuer-festsetzen.yaml"]
    written = (klon / "steckbriefe" / f"{BAU}.yaml").read_text("utf-8")
    assert "prioritaet: mittel  # nach Fallzahlen 2026\n" in written  # comment kept
    doc, _ = parse_yaml(written.encode(), BAU)
    assert doc is not None
    herkunft = doc.data["herkunft"]
    assert (herkunft["art"], herkunft["name"], herkunft["id"]) == (
        "kommune", "Kreis Musterland", BAU)
    assert (klon / "modelle" / "hundesteuer-festsetzen.ist.bpmn").read_bytes() == (
        member / "modelle" / "hundesteuer-festsetzen.ist.bpmn").read_bytes()
    # the library is as it was: no branch, no file, nothing pushed; the register untouched
    assert (_snapshot(library), _git(library, "for-each-ref")) == before_library
    assert _snapshot(member) == before_member
    code, out, _ = run_cli(["validate", str(klon)], monkeypatch, capsys)
    assert code == 0, out  # the contributed files pass the library's checks


def test_imported_under_another_id_goes_back_under_the_librarys(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    register = tmp_path / "register"
    shutil.copytree(EXAMPLE, register)  # has its own baugenehmigung-erteilen: clash → -2
    code, _, err = run_cli(["import", f"file://{library}", BAU, "--mit-modellen", "-r",
                            str(register)], monkeypatch, capsys)
    assert code == 0, err
    mapped = register / "steckbriefe" / f"{BAU}-2.yaml"
    _edit(mapped, "prioritaet: hoch", "prioritaet: niedrig")
    klon = tmp_path / "klon"
    code, out, err = run_cli(["beitragen", f"{BAU}-2", "--an", "bibliothek", "-r",
                              str(register), "--klon", str(klon)], monkeypatch, capsys)
    assert code == 0, err
    assert f"{BAU}-2 als '{BAU}'" in out
    assert _git(klon, "diff", "--name-only", "HEAD~1").splitlines() == [f"steckbriefe/{BAU}.yaml"]
    doc, _ = parse_yaml((klon / "steckbriefe" / f"{BAU}.yaml").read_bytes(), BAU)
    assert doc is not None
    assert doc.data["id"] == BAU and doc.data["prioritaet"] == "niedrig"
    assert doc.data["modelle"][0]["datei"] == f"modelle/{BAU}.soll.bpmn"
    assert not (klon / "steckbriefe" / f"{BAU}-2.yaml").exists()


def test_hooks_never_run(library: Path, member: Path, tmp_path: Path,
                         monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    marker = tmp_path / "hook-lief"
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    names = ("pre-commit", "prepare-commit-msg", "commit-msg", "post-commit", "post-checkout",
             "reference-transaction", "pre-auto-gc", "post-index-change")
    for folder in (library / ".git" / "hooks", hooks):
        for name in names:
            hook = folder / name
            hook.write_text(f"#!/bin/sh\ntouch {marker}\n", "utf-8")
            hook.chmod(0o755)
    gitconfig = Path.home() / "gitconfig"
    gitconfig.write_text(f"[core]\n\thooksPath = {hooks}\n[init]\n\ttemplateDir = {tmp_path}\n",
                         "utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    code, _, err = run_cli(["beitragen", BAU, "--an", str(library), "-r", str(member),
                            "--klon", str(tmp_path / "klon")], monkeypatch, capsys)
    assert code == 0, err
    assert not marker.exists()


@pytest.mark.parametrize("inside", [False, True], ids=["nach-aussen", "im-repository"])
def test_a_link_in_the_library_is_not_written_through(
        inside: bool, library: Path, member: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "aussen"
    outside.mkdir()
    shutil.rmtree(library / "modelle")
    (library / "modelle").symlink_to("steckbriefe" if inside else str(outside))
    _git(library, "add", "-A")
    _git(library, "commit", "-qm", "modelle als Link")
    klon = tmp_path / "klon"
    code, _, err = run_cli(["beitragen", "hundesteuer-festsetzen", "--an", f"file://{library}",
                            "-r", str(member), "--klon", str(klon)], monkeypatch, capsys)
    assert code == 2
    assert "'modelle'" in err and "aus Sicherheitsgründen" in err and "Traceback" not in err
    assert list(outside.iterdir()) == []
    assert not klon.exists()  # the half-made clone is removed


@pytest.mark.parametrize(("an", "words"), [
    ("prozesskit:kreis", "ist keine git-Bibliothek"),
    ("ext::sh -c touch% /tmp/pwned", "abgelehnt"),
    ("--upload-pack=touch /tmp/x", "abgelehnt"),
])
def test_unusable_targets_are_refused(an: str, words: str, member: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["beitragen", BAU, "-r", str(member), "--klon",
                            str(tmp_path / "klon"), f"--an={an}"], monkeypatch, capsys)
    assert code == 2
    assert words in err and "Traceback" not in err
    assert not (tmp_path / "klon").exists()


def test_unknown_or_invalid_process_is_refused(
        library: Path, member: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--an", f"file://{library}", "-r", str(member), "--klon", str(tmp_path / "klon")]
    code, _, err = run_cli(["beitragen", "baugenehmigung", *args], monkeypatch, capsys)
    assert code == 2 and "meinten Sie baugenehmigung-erteilen" in err
    _edit(member / "steckbriefe" / f"{BAU}.yaml", "prioritaet: mittel", "prioritaet: sofort")
    code, _, err = run_cli(["beitragen", BAU, *args], monkeypatch, capsys)
    assert code == 2
    assert f"steckbriefe/{BAU}.yaml" in err and "kein gültiger Steckbrief" in err
    assert not (tmp_path / "klon").exists()


@pytest.mark.parametrize("klon", ["steckbriefe/klon", ".", "durch-link/klon"])
def test_a_clone_folder_inside_the_register_is_refused(
        klon: str, library: Path, member: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The clone is a whole library register: inside the own register its Steckbriefe
    would become the member's (duplicate ids, PK-S006), and beitragen promises to change
    nothing there. Relative to the working directory, and through a link, too."""
    (tmp_path / "link").symlink_to(member / "modelle")
    monkeypatch.chdir(member)
    shown = klon.replace("durch-link", str(tmp_path / "link"))
    before = _snapshot(member)
    code, out, err = run_cli(["beitragen", BAU, "--an", f"file://{library}", "--klon", shown],
                             monkeypatch, capsys)
    assert code == 2, out + err
    assert "liegt im Register" in err and "--klon" in err, err
    assert "Traceback" not in err
    assert _snapshot(member) == before
    assert not (member / "steckbriefe" / "klon").exists()
    assert not (member / "modelle" / "klon").exists()


def test_branch_name_transliterates_the_kommune_as_ids_are() -> None:
    """One transliteration (model.kennung): accents and Œ did fall away in branch names."""
    from prozesskit.library.beitrag import _slug

    assert _slug("Gemeinde Écouché-Œuvre") == "gemeinde-ecouche-oeuvre"
    assert _slug("Kreis Müß-Straße") == "kreis-muess-strasse"
    assert _slug("!!!") == "kommune"
