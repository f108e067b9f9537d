"""The model diff of ``diff QUELLE`` on a real temporary git library: a shape moved upstream is
layout, a task moved to another lane is a change of responsibility (bpmn-js-differ calls that
layout), and ``update`` takes the model the member did not touch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import edit_once, empty_register, example_library, run_cli
from helpers import git as _git

GEWERBE = "gewerbeanmeldung-entgegennehmen"
MODEL = f"modelle/{GEWERBE}.ist.bpmn"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    repo = tmp_path / "bibliothek"
    return example_library(repo)


@pytest.fixture
def member(tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> Path:
    target = tmp_path / "register"
    empty_register(target)
    code, _, err = run_cli(["import", f"file://{library}@v1", GEWERBE, "--mit-modellen",
                            "-r", str(target)], monkeypatch, capsys)
    assert code == 0, err
    return target


def _release(library: Path, tag: str) -> None:
    _git(library, "commit", "-qam", tag)
    _git(library, "tag", tag)


def test_moved_shape_only_is_layout_through_a_git_library(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    edit_once(library / MODEL, '<dc:Bounds x="1482" y="487" width="36" height="36" />',
              '<dc:Bounds x="1522" y="487" width="36" height="36" />')
    _release(library, "v2")
    code, out, err = run_cli(["diff", "bibliothek@v2", "-r", str(member), "--format", "json"],
                             monkeypatch, capsys)
    assert code == 1, out + err  # a changed model makes the process changed
    data = json.loads(out)
    model = data["quellen"][0]["prozesse"][0]["modelle"][0]
    diff = model["quelle_diff"]
    assert diff["changed"] == [] and diff["added"] == [] and diff["removed"] == []
    assert [item["id"] for item in diff["layout_changed"]] == ["End_Abgeschlossen"]


def test_task_moved_to_another_lane_is_a_responsibility_change_through_a_git_library(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    model = library / MODEL
    edit_once(model, "        <bpmn:flowNodeRef>Task_Gebuehr</bpmn:flowNodeRef>\n", "")
    edit_once(model, "        <bpmn:flowNodeRef>Event_Nachgereicht</bpmn:flowNodeRef>\n",
              "        <bpmn:flowNodeRef>Event_Nachgereicht</bpmn:flowNodeRef>\n"
              "        <bpmn:flowNodeRef>Task_Gebuehr</bpmn:flowNodeRef>\n")
    _release(library, "v2")
    code, out, err = run_cli(["diff", "bibliothek@v2", "-r", str(member)], monkeypatch, capsys)
    assert code == 1, out + err
    assert ("Verantwortung geändert: Lane 'Sachbearbeitung Gewerbe' → 'Bürgerservice'"
            in out), out
    assert "Task_Gebuehr" in out

    code, out, err = run_cli(["update", "bibliothek@v2", "-r", str(member)], monkeypatch,
                             capsys)
    assert code == 0, out + err
    assert f"Modell {MODEL}: aus der Quelle übernommen" in out
    assert (member / MODEL).read_bytes() == model.read_bytes()


def test_hooks_of_a_library_never_run_on_import_update_or_beitragen(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A library whose hooks (in the repository and in a user-wide hooksPath) would write a
    file: not one of them runs, for any command that clones, fetches or commits."""
    marker = tmp_path / "hook-lief"
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    names = ("post-checkout", "post-merge", "reference-transaction", "pre-auto-gc",
             "post-rewrite", "fsmonitor-watchman", "pre-commit", "prepare-commit-msg",
             "commit-msg", "post-commit", "post-index-change")
    for folder in (library / ".git" / "hooks", hooks):
        for name in names:
            hook = folder / name
            hook.write_text(f"#!/bin/sh\ntouch {marker}\n", "utf-8")
            hook.chmod(0o755)
    config = tmp_path / "gitconfig"
    config.write_text(f"[core]\n\thooksPath = {hooks}\n", "utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    marker.unlink(missing_ok=True)  # the test's own git commands may have run them

    target = tmp_path / "register"
    empty_register(target)
    code, _, err = run_cli(["import", f"file://{library}@v1", GEWERBE, "--mit-modellen",
                            "-r", str(target)], monkeypatch, capsys)
    assert code == 0, err
    assert not marker.exists()
    edit_once(library / "steckbriefe" / f"{GEWERBE}.yaml", "prioritaet: hoch",
              "prioritaet: mittel")
    _release(library, "v2")
    assert marker.exists()  # the hooks are live: git itself runs them on a commit
    marker.unlink()
    code, out, err = run_cli(["update", "bibliothek@v2", "-r", str(target)], monkeypatch,
                             capsys)
    assert code == 0, out + err
    assert not marker.exists()
    code, out, err = run_cli(["beitragen", GEWERBE, "--an", "bibliothek", "--klon",
                              str(tmp_path / "klon"), "-r", str(target)], monkeypatch, capsys)
    assert code == 0, out + err
    assert not marker.exists()
