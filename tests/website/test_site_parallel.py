"""A cold ``site`` with many pages draws every other page in a forked child: the site is
the same, byte for byte, as one drawn in a single process, and a child that dies changes
nothing but the time."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import prozesskit.site as site_module
from helpers import EXAMPLE
from prozesskit.site import build_site, pages
from prozesskit.validation import pool


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _cold(tmp_path: Path, name: str) -> dict[str, bytes]:
    """A cold build of a fresh copy of the example register (no summary cache)."""
    register = tmp_path / f"register-{name}"
    shutil.copytree(EXAMPLE, register)
    out = tmp_path / f"site-{name}"
    build_site(register, out)
    return _files(out)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Two usable CPUs and the children forked (counted in this process)."""
    seen: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            seen.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(pool, "usable_cpus", lambda: 2)
    # the session's Playwright driver (browser tests) keeps an asyncio watcher thread alive
    monkeypatch.setattr("prozesskit.forkpair.other_threads_running", lambda: False)
    return seen


def test_pages_drawn_half_in_a_child_are_the_same_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    monkeypatch.setattr(site_module, "PARALLEL_PAGES", 10**9)
    alone = _cold(tmp_path, "allein")
    assert forks == []
    monkeypatch.setattr(site_module, "PARALLEL_PAGES", 2)
    split = _cold(tmp_path, "geteilt")
    assert len(forks) == 1
    assert sorted(split) == sorted(alone)
    assert len([rel for rel in split if rel.startswith("prozesse/")]) >= 8
    for rel, data in alone.items():
        assert split[rel] == data, rel


def test_a_child_that_dies_changes_nothing_but_the_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    alone = _cold(tmp_path, "allein")
    parent = os.getpid()
    real = pages.prozess

    def dies_in_the_child(*args: object, **kwargs: object) -> str:
        if os.getpid() != parent:
            os._exit(3)  # as if killed or out of memory
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "prozess", dies_in_the_child)
    monkeypatch.setattr(site_module, "PARALLEL_PAGES", 2)
    split = _cold(tmp_path, "kind-stirbt")
    assert len(forks) == 1
    assert split == alone
