"""The clone cache: what a failed clone leaves behind, and what a warm one costs."""

from __future__ import annotations

import contextlib
import shutil
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

    def start(cwd: Path | None, args: tuple[str, ...], **kwargs: Any) -> Any:
        started.append(args)
        return real(cwd, args, **kwargs)

    monkeypatch.setattr(gitio, "_start", start)
    return started


def test_a_cached_commit_costs_one_git_command_and_a_tag_one_look_at_the_server(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Warm cache: a commit is answered by one rev-parse (no network); a tag by one
    rev-parse and one ls-remote (it may have been moved, tester finding 17), no fetch while
    it still names the cached commit; the tree and commit are those of the first call."""
    repo = _library(tmp_path)
    tree, commit = materialize(str(repo), "v1")
    started = _counting(monkeypatch)
    assert materialize(str(repo), "v1") == (tree, commit)
    assert [args[0] for args in started] == ["rev-parse", "ls-remote"]
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


def _big_library(tmp_path: Path) -> Path:
    """A library whose one large file git stores compressed (2 MB of zeros: a few KB)."""
    repo = tmp_path / "gross"
    (repo / "steckbriefe").mkdir(parents=True)
    (repo / "steckbriefe" / "a.yaml").write_text("id: a\n", "utf-8")
    (repo / "steckbriefe" / "b.yaml").write_text("id: b\n", "utf-8")
    (repo / "null.bin").write_bytes(bytes(2 * 1024 * 1024))
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-qm", "v1")):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    return repo


@pytest.mark.parametrize(("limit", "value", "message"), [
    ("MAX_GIT_EXPORT_FILE_BYTES", 1024 * 1024,
     "die Datei 'null.bin' mit 2.097.152 Bytes; erlaubt sind je Datei höchstens 1.048.576"),
    ("MAX_GIT_EXPORT_TOTAL_BYTES", 1024 * 1024, "Dateien mit zusammen mehr als 1.048.576 Bytes"),
    ("MAX_GIT_EXPORT_ENTRIES", 3, "mehr als 3 Einträge"),
])
@pytest.mark.parametrize("stage", ["Verzeichnis", "Strom"])
def test_an_export_over_a_limit_is_refused_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, message: str,
        stage: str) -> None:
    """``git archive`` of a git source is bounded (entries, one file, all files): checked on
    the tree's listing first, and again on the tar stream as it arrives (``Strom``: the
    listing check switched off), with a German error naming the repository and the limit."""
    from prozesskit import limits

    repo = _big_library(tmp_path)
    monkeypatch.setattr(limits, limit, value)
    if stage == "Strom":
        monkeypatch.setattr(gitio, "_check_tree_sizes", lambda *args: None)
    with pytest.raises(GitError) as caught:
        materialize(str(repo), "main")
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"Das Repository {repo} enthält bei Commit ")
    checkouts = cache_root() / "checkouts"
    assert not checkouts.exists() or not any(p.is_file() for p in checkouts.rglob("*"))


def test_an_export_within_the_limits_is_whole(tmp_path: Path) -> None:
    repo = _big_library(tmp_path)
    tree, _ = materialize(str(repo), "main")
    assert (tree / "null.bin").stat().st_size == 2 * 1024 * 1024
    assert (tree / "steckbriefe" / "b.yaml").read_text("utf-8") == "id: b\n"


def test_a_short_commit_pin_that_is_also_a_tag_is_refused(tmp_path: Path) -> None:
    """git reads ``825d488`` as a tag of that name before a commit of that prefix: whoever
    may tag in a shared library could replace a municipality's pinned content."""
    repo = _library(tmp_path)
    pinned = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, check=True,
                            capture_output=True, text=True).stdout.strip()
    (repo / "a.txt").write_text("fremd\n", "utf-8")
    subprocess.run(["git", "commit", "-qam", "fremd"], cwd=repo, check=True)
    tree, commit = materialize(str(repo), pinned[:7])  # cold: clone, then the commit
    assert commit == pinned and (tree / "a.txt").read_text("utf-8") == "eins\n"
    subprocess.run(["git", "tag", pinned[:7], "HEAD"], cwd=repo, check=True)
    # the warm cache answers a commit without fetching: it still has the pinned content
    assert materialize(str(repo), pinned[:7]) == (tree, commit)
    shutil.rmtree(cache_root())
    with pytest.raises(GitError, match=(
            f"Die Version '{pinned[:7]}' ist mehrdeutig: .* der Tag oder Branch "
            f"'refs/tags/{pinned[:7]}' heißt so")):
        materialize(str(repo), pinned[:7])  # a fresh clone sees the tag
    assert materialize(str(repo), pinned)[1] == pinned  # the full id is what it says


def test_a_hex_named_tag_without_such_a_commit_is_the_tag(tmp_path: Path) -> None:
    repo = _library(tmp_path)
    subprocess.run(["git", "tag", "20241201"], cwd=repo, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, check=True,
                          capture_output=True, text=True).stdout.strip()
    assert not head.startswith("20241201")
    assert materialize(str(repo), "20241201")[1] == head


def test_a_hex_named_tag_that_begins_a_blob_id_is_the_tag(tmp_path: Path) -> None:
    """Review finding F3 (session 11): only a commit of that prefix makes a hex-named tag
    ambiguous; a file's blob (or a tree) beginning so was called "mehrdeutig" as well."""
    repo = _library(tmp_path)
    blob = subprocess.run(["git", "rev-parse", "HEAD:a.txt"], cwd=repo, check=True,
                          capture_output=True, text=True).stdout.strip()
    tree = subprocess.run(["git", "rev-parse", "HEAD^{tree}"], cwd=repo, check=True,
                          capture_output=True, text=True).stdout.strip()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, check=True,
                          capture_output=True, text=True).stdout.strip()
    for name in (blob[:7], tree[:8]):
        assert not head.startswith(name)
        subprocess.run(["git", "tag", name], cwd=repo, check=True)
        assert materialize(str(repo), name)[1] == head


def test_a_broken_mirror_never_makes_git_work_in_the_repository_around_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CI keeps the cache inside the project (GitLab caches only paths there). A "mirror"
    that is no valid git folder (brought along in a cache) made git look upwards and fetch
    into the project's own repository (security review, session 10)."""
    repo = _library(tmp_path)
    project = tmp_path / "projekt"
    subprocess.run(["git", "init", "-q", "-b", "projekt", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "-c", "user.name=T", "-c",
                    "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m", "p"],
                   check=True)
    monkeypatch.setenv("PROZESSKIT_CACHE_DIR", str(project / ".prozesskit-home"))
    mirror = gitio._mirror(str(repo))
    mirror.mkdir(parents=True)
    (mirror / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")  # no objects, no refs
    refs = subprocess.run(["git", "-C", str(project), "for-each-ref"], check=True,
                          capture_output=True, text=True).stdout
    with contextlib.suppress(GitError):  # refused is fine; working in the project is not
        materialize(str(repo), "v1")
    after = subprocess.run(["git", "-C", str(project), "for-each-ref"], check=True,
                           capture_output=True, text=True).stdout
    assert after == refs


def test_an_export_writes_each_file_as_its_blob_whatever_gitattributes_asks(
        tmp_path: Path) -> None:
    """Review finding F2 (session 11): ``git archive`` applies the repository's own
    .gitattributes – ``export-subst`` made a 24 KB blob 200 MB in git's memory (each
    ``$Format:%B$`` is the whole commit message), past the size check of the listing;
    ``ident``, ``text``/``eol`` and ``working-tree-encoding`` grow files too, and a
    ``filter`` runs whatever the user's git config names for it (git-lfs: the network).
    The export holds each file's blob bytes, nothing expanded, converted or run."""
    import os

    repo = tmp_path / "fremd"
    repo.mkdir()
    blobs = {"subst.txt": b"$Format:%B$" * 200, "ident.txt": b"$Id$" * 200,
             "crlf.txt": b"\n" * 2000, "filter.txt": b"gefiltert\n",
             "utf16.txt": "Größe\n".encode() * 100}
    for name, data in blobs.items():
        (repo / name).write_bytes(data)
    git = ["git", "-c", "core.autocrlf=false"]
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-qm", "blobs")):
        subprocess.run([*git, *args], cwd=repo, check=True, capture_output=True)
    # the attributes come after the blobs (``git add`` would convert them on the way in)
    (repo / ".gitattributes").write_text(
        "subst.txt export-subst\nident.txt ident\ncrlf.txt text eol=crlf\n"
        "filter.txt filter=x\nutf16.txt working-tree-encoding=UTF-16\n", "utf-8")
    for args in (("add", ".gitattributes"), ("commit", "-qm", "x" * 10_000)):
        subprocess.run([*git, *args], cwd=repo, check=True, capture_output=True)
    marker = tmp_path / "filter-ran"
    Path(os.environ["HOME"], ".gitconfig").write_text(
        f"[filter \"x\"]\n\tsmudge = touch {marker}; cat\n", "utf-8")
    tree, _ = materialize(str(repo), "main")
    changed = {name for name, data in blobs.items() if (tree / name).read_bytes() != data}
    assert changed == set()
    assert not marker.exists()
