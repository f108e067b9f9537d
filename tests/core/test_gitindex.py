"""The memo after a fresh git checkout: git's index vouches for content, nothing is read."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from helpers import EXAMPLE
from prozesskit.fsutil import stat_key
from prozesskit.gitindex import vouched_blobs
from prozesskit.problem import Result
from prozesskit.validation import runcache
from prozesskit.validation.engine import ValidateOptions, validate


@pytest.fixture(autouse=True)
def _no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runcache, "RACY_NS", 0)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


def _settle(repo: Path) -> None:
    """File times are as coarse as the kernel's clock tick: files written in the same tick
    as git's index are "racily clean" and vouched for by nobody. A later ``git status``
    rewrites the index, as any git command in a CI job would."""
    time.sleep(0.05)
    _git(repo, "status", "--porcelain")


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """The example register in a subfolder of a git repository, committed."""
    repo = tmp_path / "repo"
    register = repo / "amt" / "register"
    shutil.copytree(EXAMPLE, register, ignore=shutil.ignore_patterns("cache"))
    _git(tmp_path, "init", "-q", str(repo))
    (repo / ".gitignore").write_text(".prozesskit/\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Stand")
    _settle(repo)
    return register


def _checkout_afresh(register: Path) -> None:
    """As a CI checkout leaves the files: every tracked file written anew by git, git's
    index recording the new stats."""
    repo = register.parents[1]
    for path in register.rglob("*"):
        if path.is_file() and ".prozesskit" not in path.parts:
            path.unlink()
    _git(repo, "checkout", "-q", "--", ".")
    _settle(repo)


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Steckbrief or model is read to compare it (the small manifest is hashed on
    every run, before anything else)."""
    real = runcache._sha256

    def refuse(path: str) -> str | None:
        if path.endswith("/prozesskit.yaml"):
            return real(path)
        raise AssertionError(f"{path} read, although git's index vouches for it")

    monkeypatch.setattr(runcache, "_sha256", refuse)


def _files(register: Path) -> list[str]:
    return sorted(p.relative_to(register).as_posix() for p in register.rglob("*")
                  if p.is_file() and ".prozesskit" not in p.parts)


def test_index_vouches_only_for_files_as_git_recorded_them(register: Path) -> None:
    files = _files(register)
    stats = {rel: stat_key(str(register / rel)) for rel in files}
    vouched = vouched_blobs(register, stats)
    assert set(vouched) == set(files)
    for rel in files:
        assert vouched[rel] == _git(register, "hash-object", rel).strip()
    edited = register / files[0]
    edited.write_bytes(edited.read_bytes() + b"#")  # not in git's index
    stats[files[0]] = stat_key(str(edited))
    assert files[0] not in vouched_blobs(register, stats)
    assert vouched_blobs(register.parents[2], {"x": (1, 1, 1)}) == {}  # no git here


def test_fresh_checkout_is_a_memo_hit_without_reading_a_file(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = validate([register], ValidateOptions())
    _checkout_afresh(register)
    _no_reading(monkeypatch)
    from prozesskit.validation import full, patch

    monkeypatch.setattr(full, "check_register", None)  # neither a full ...
    monkeypatch.setattr(patch, "patch_register", None)  # ... nor a patch run
    assert validate([register], ValidateOptions()) == first


def test_fresh_checkout_with_a_committed_change_reads_no_unchanged_file(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validate([register], ValidateOptions())
    rel = "steckbriefe/fahrzeug-zulassen.yaml"
    path = register / rel
    text = path.read_text("utf-8")
    path.write_text(text.replace("id: fahrzeug-zulassen\n", "id: fahrzeug-zulassex\n"),
                    encoding="utf-8")  # same size: only the content tells
    _git(register, "commit", "-q", "-am", "Änderung")
    _checkout_afresh(register)
    expected = validate([register], ValidateOptions(use_cache=False))
    assert any(p.rule == "PK-S005" for p in expected.problems)
    _no_reading(monkeypatch)
    assert validate([register], ValidateOptions()) == expected
    changed = frozenset({rel})
    assert validate([register], ValidateOptions(changed=changed)) == validate(
        [register], ValidateOptions(changed=changed, use_cache=False))


def test_without_a_fresh_index_the_content_is_hashed(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = validate([register], ValidateOptions())
    for rel in _files(register):  # rewritten behind git's back: the index does not vouch
        path = register / rel
        data = path.read_bytes()
        path.unlink()
        path.write_bytes(data)
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10**10))
    hashed: list[str] = []
    real = runcache._sha256

    def counting(path: str) -> str | None:
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(runcache, "_sha256", counting)
    result: Result = validate([register], ValidateOptions())
    assert result == first
    assert len(hashed) >= len(_files(register)) - 1  # all but the manifest (hashed up front)
