"""The clone cache: what a failed clone leaves behind."""

from __future__ import annotations

from pathlib import Path

import pytest

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
