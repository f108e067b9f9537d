"""forkpair forks only a single-threaded process: a fork copies the calling thread alone,
and a lock held by another thread (libxml2's, malloc's) would never be released in the
child. ``netz`` opens member registers, packages among them, in a thread pool."""

from __future__ import annotations

import threading

import pytest

from prozesskit import forkpair


def test_no_fork_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("prozesskit.validation.pool.usable_cpus", lambda: 4)
    assert forkpair.can_fork() is True
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert forkpair.can_fork() is False
    finally:
        release.set()
        other.join()
    assert forkpair.can_fork() is True
