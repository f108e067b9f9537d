"""Progress of clone and fetch: the library reports through a callback (German phases from
git's own progress), the CLI shows it only on a terminal and stays quiet otherwise."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli
from prozesskit import gitio
from prozesskit.cli._fortschritt import fortschritt


def _library(tmp_path: Path) -> Path:
    repo = tmp_path / "bibliothek"
    shutil.copytree(EXAMPLE, repo)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "v1"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    return repo


def test_clone_and_fetch_report_german_phases(tmp_path: Path) -> None:
    repo = _library(tmp_path)
    calls: list[tuple[str, int, int | None]] = []
    tree, commit = gitio.materialize(f"file://{repo}", "main",
                                     lambda text, done, total: calls.append((text, done, total)))
    assert (tree / "prozesskit.yaml").is_file() and len(commit) == 40
    assert calls[0] == (f"file://{repo} klonen", 0, None)
    phases = {text.split(": ", 1)[1] for text, _, _ in calls[1:]}
    assert "Objekte empfangen" in phases
    last = [call for call in calls if call[0].endswith("Objekte empfangen")][-1]
    assert last[1] == last[2]  # ends complete
    calls.clear()
    gitio.materialize(f"file://{repo}", "main", lambda *call: calls.append(call))  # a branch
    assert calls and calls[0][0] == f"file://{repo} abrufen"
    calls.clear()
    gitio.materialize(f"file://{repo}", commit, lambda *call: calls.append(call))
    assert calls == []  # a commit in the cache: no network, nothing to report


def test_failing_clone_with_progress_names_gits_error(tmp_path: Path) -> None:
    with pytest.raises(gitio.GitError, match=r"(?s)git clone fehlgeschlagen: unter dieser "
                       r"Adresse liegt kein git-Repository \(git: fatal: .*nirgends"):
        gitio.materialize(f"file://{tmp_path}/nirgends", None, lambda *call: None)


def test_cli_is_quiet_without_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    repo = _library(tmp_path)
    code, out, err = run_cli(["diff", f"file://{repo}", "-r", str(EXAMPLE), "--format",
                              "json"], monkeypatch, capsys)
    assert code == 0, err
    assert err == ""
    assert json.loads(out)["kind"] == "register"  # stdout is the report alone


def test_progress_display_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    with fortschritt() as progress:
        assert progress is None  # pytest's stderr is no terminal

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with fortschritt() as progress:
        assert progress is not None
        progress("bibliothek klonen: Objekte empfangen", 5, 10)
    assert "\x1b" in screen.getvalue()  # drawn (and cleared) on the terminal
