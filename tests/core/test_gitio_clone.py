"""The clone cache: what a failed clone leaves behind, and what a warm one costs."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from prozesskit import gitio
from prozesskit.errors import GitError
from prozesskit.gitio import materialize
from prozesskit.settings import cache_root


def test_a_failed_clone_leaves_nothing_in_the_cache(tmp_path: Path) -> None:
    """A library URL that cannot be cloned must not leave a half-made folder behind in
    the user's cache (the isolation points the cache at this test's home)."""
    missing = tmp_path / "gibt-es-nicht.git"
    missing.mkdir()  # a folder, so that the URL check passes; git finds no repository there
    with pytest.raises(GitError):
        materialize(str(missing), None)
    repos = cache_root() / "repos"
    assert not repos.exists() or not any(repos.iterdir())


def _library(tmp_path: Path) -> Path:
    repo = tmp_path / "bibliothek"
    repo.mkdir()
    (repo / "a.txt").write_text("eins\n", "utf-8")
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-qm", "v1"),
                 ("tag", "v1")):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    return repo


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """Every git command gitio starts, through its real starter (wrapped, not replaced)."""
    started: list[tuple[str, ...]] = []
    real = gitio._start

    def start(cwd: Path | None, args: tuple[str, ...]) -> Any:
        started.append(args)
        return real(cwd, args)

    monkeypatch.setattr(gitio, "_start", start)
    return started


def test_a_cached_tag_or_commit_costs_one_git_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Warm cache, immutable ref: one rev-parse answers (no fetch, no second lookup); the
    tree and commit are those of the first, cold call."""
    repo = _library(tmp_path)
    tree, commit = materialize(str(repo), "v1")
    started = _counting(monkeypatch)
    assert materialize(str(repo), "v1") == (tree, commit)
    assert [args[0] for args in started] == ["rev-parse"]
    started.clear()
    assert materialize(str(repo), commit[:10]) == (tree, commit)
    assert [args[0] for args in started] == ["rev-parse"]


def test_a_branch_is_still_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A branch can move: the warm path does not skip its fetch."""
    repo = _library(tmp_path)
    _, first = materialize(str(repo), "main")
    (repo / "a.txt").write_text("zwei\n", "utf-8")
    subprocess.run(["git", "commit", "-qam", "v2"], cwd=repo, check=True, capture_output=True)
    started = _counting(monkeypatch)
    _, second = materialize(str(repo), "main")
    assert "fetch" in [args[0] for args in started]
    assert second != first
