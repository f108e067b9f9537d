"""``--changed-since``'s file set: from git's index and its own stats, the same as git says.

Every scenario is compared with what plain ``git diff --name-only REF`` plus the untracked
files say in the same repository: the shortcut must never differ from git, only be faster.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import EXAMPLE
from prozesskit.errors import GitError
from prozesskit.gitindex import worktree_changes
from prozesskit.gitio import changed_files


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=T", "-c",
                           "user.email=t@example.org", *args], check=True,
                          capture_output=True, text=True).stdout


def _by_git(register: Path, ref: str) -> frozenset[str]:
    """What git itself says: the answer the shortcut must equal."""
    listed = _git(register, "diff", "--name-only", "-z", "--no-renames", "--relative", ref)
    untracked = _git(register, "ls-files", "-z", "--others", "--exclude-standard")
    return frozenset(n for n in f"{listed}\0{untracked}".split("\0") if n)


def _settle(repo: Path) -> None:
    """Past the clock tick of the last write, and git's index refreshed, as after a checkout."""
    time.sleep(0.05)
    _git(repo, "status", "--porcelain")


@pytest.fixture
def register(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    register = repo / "amt"
    shutil.copytree(EXAMPLE, register, ignore=shutil.ignore_patterns("cache", ".prozesskit"))
    _git(tmp_path, "init", "-q", str(repo))
    (repo / ".gitignore").write_text(".prozesskit/\n", encoding="utf-8")
    (repo / "LIESMICH.txt").write_text("außerhalb des Registers\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Stand")
    _settle(repo)
    return register


def _steckbrief(register: Path) -> Path:
    return sorted((register / "steckbriefe").glob("*.yaml"))[0]


def _fresh_checkout(register: Path) -> None:
    for path in register.rglob("*"):
        if path.is_file():
            path.unlink()
    _git(register.parent, "checkout", "-q", "--", ".")
    _settle(register.parent)


def _edit(register: Path) -> None:
    path = _steckbrief(register)
    path.write_text(path.read_text("utf-8") + "# geändert\n", encoding="utf-8")


def _same_size_same_mtime(register: Path) -> None:
    """Other bytes, same size and mtime: only ctime and the content tell."""
    path = _steckbrief(register)
    info = path.stat()
    data = path.read_bytes()
    path.write_bytes(data[:-2] + (b"X\n" if data[-2:] != b"X\n" else b"Y\n"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def _delete(register: Path) -> None:
    _steckbrief(register).unlink()


def _new_file(register: Path) -> None:
    (register / "steckbriefe" / "neu-ä.yaml").write_text("id: neu\n", encoding="utf-8")


def _staged_then_reverted(register: Path) -> None:
    """The index differs from HEAD, the working tree is HEAD again: git says unchanged."""
    path = _steckbrief(register)
    original = path.read_bytes()
    path.write_bytes(original + b"# vorgemerkt\n")
    _git(register, "add", "-A")
    path.write_bytes(original)


def _staged(register: Path) -> None:
    _edit(register)
    _git(register, "add", "-A")
    _settle(register.parent)


def _committed_then_checked_out_afresh(register: Path) -> None:
    _edit(register)
    _git(register, "commit", "-q", "-am", "Änderung")
    _fresh_checkout(register)


def _touched_everything(register: Path) -> None:
    """New stats for every file, content unchanged (a restore that sets new times)."""
    for path in register.rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes())


def _line_endings_by_filter(register: Path) -> None:
    """Checked out with CRLF by .gitattributes and touched: other bytes than the blob, yet
    git (which applies the filter) calls the file unchanged."""
    attributes = register.parent / ".gitattributes"
    attributes.write_text("*.yaml text eol=crlf\n", encoding="utf-8")
    _git(register.parent, "add", ".gitattributes")
    _git(register.parent, "commit", "-q", "-m", "eol")
    _fresh_checkout(register)
    path = _steckbrief(register)
    assert b"\r\n" in path.read_bytes()
    os.utime(path, ns=(time.time_ns(), time.time_ns()))


def _skip_worktree(register: Path) -> None:
    """An entry git is told not to look at: the shortcut steps aside for git."""
    _git(register, "update-index", "--skip-worktree", _steckbrief(register).relative_to(
        register).as_posix())
    _edit(register)


SCENARIOS: dict[str, Callable[[Path], None]] = {
    "nichts": lambda register: None,
    "frischer-checkout": _fresh_checkout,
    "bearbeitet": _edit,
    "gleiche-groesse-und-mtime": _same_size_same_mtime,
    "geloescht": _delete,
    "neu-unversioniert": _new_file,
    "vorgemerkt-dann-zurueck": _staged_then_reverted,
    "vorgemerkt": _staged,
    "committet-frischer-checkout": _committed_then_checked_out_afresh,
    "alles-neu-geschrieben": _touched_everything,
    "zeilenenden-filter": _line_endings_by_filter,
    "skip-worktree": _skip_worktree,
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_the_changed_files_are_what_git_says(register: Path, scenario: str) -> None:
    ref = _git(register, "rev-parse", "HEAD").strip()
    SCENARIOS[scenario](register)
    expected = _by_git(register, ref)
    assert changed_files(register, ref) == expected
    assert changed_files(register, "HEAD") == _by_git(register, "HEAD")


def test_an_expected_edit_is_seen_in_each_nontrivial_scenario(register: Path) -> None:
    """The comparison above must not pass by both sides being empty."""
    _edit(register)
    assert changed_files(register, "HEAD") == {_steckbrief(register).relative_to(
        register).as_posix()}


def test_after_a_fresh_checkout_no_unchanged_file_needs_a_look(register: Path) -> None:
    """The reason for the shortcut: git would re-read every racily clean file; the index's
    own stats at nanoseconds name only the edited file."""
    _fresh_checkout(register)
    _edit(register)
    assert worktree_changes(register) == {_steckbrief(register).relative_to(register).as_posix()}


def test_files_outside_the_register_do_not_count(register: Path) -> None:
    (register.parent / "LIESMICH.txt").write_text("geändert\n", encoding="utf-8")
    assert changed_files(register, "HEAD") == frozenset()
    assert worktree_changes(register) == frozenset()


def test_an_unusual_index_is_left_to_git(register: Path) -> None:
    _skip_worktree(register)
    assert worktree_changes(register) is None


def test_an_unknown_ref_is_a_german_error(register: Path) -> None:
    with pytest.raises(GitError, match="gibt es in diesem Repository nicht"):
        changed_files(register, "gibtsnicht")

