"""The only module that talks to git: GitPython for repositories, the git program for
one-shot commands.

Shared repos are untrusted: only https, ssh, git and file transports are allowed (never
``ext::`` or ``fd::``, which run commands), no user text is passed where git could read it
as an option, hooks are disabled for every command, and checkouts are exported with
``git archive`` into an immutable folder keyed by URL hash and commit, extracted with
tarfile's ``data`` filter so no entry can escape or create device files.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from prozesskit.errors import GitError
from prozesskit.settings import cache_root

ALLOWED_PROTOCOLS = "file:https:ssh:git"
_SCP_LIKE = re.compile(r"^[\w.-]+@[\w.-]+:[\w./~-]+$")
_REF = re.compile(r"^[\w@][\w./~^@{}-]{0,199}$")


_NO_GIT = ("Das Programm git wurde nicht gefunden; bitte git installieren "
           "(oder ohne --git bzw. ohne git-Quellen arbeiten)")

if TYPE_CHECKING:
    import git


def _git() -> Any:
    """GitPython, imported on first use; a missing git program is a clear error, not a crash."""
    try:
        import git
    except ImportError as exc:
        raise GitError(_NO_GIT) from exc
    return git


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        {
            "GIT_ALLOW_PROTOCOL": ALLOWED_PROTOCOLS,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_COUNT": "2",
            "GIT_CONFIG_KEY_0": "core.hooksPath",
            "GIT_CONFIG_VALUE_0": os.devnull,
            "GIT_CONFIG_KEY_1": "protocol.ext.allow",
            "GIT_CONFIG_VALUE_1": "never",
        }
    )
    return env


def _start(cwd: Path | None, args: tuple[str, ...]) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(["git", *args], cwd=cwd, env=_env(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError as exc:
        raise GitError(_NO_GIT) from exc


def _finish(process: subprocess.Popen[bytes], args: tuple[str, ...]) -> str:
    out, err = process.communicate()
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip() or f"Exit-Code {process.returncode}"
        raise GitError(f"git {args[0]} fehlgeschlagen: {detail}")
    text = out.decode("utf-8", "surrogateescape")
    return text[:-1] if text.endswith("\n") else text  # as GitPython returned it


def _run(cwd: Path | None, *args: str) -> str:
    """One git command, run directly: GitPython adds nothing to a one-shot command but its
    import (50 ms, a third of a ``--changed-since`` run). Same environment and no shell."""
    return _finish(_start(cwd, args), args)


def _run_together(cwd: Path, *commands: tuple[str, ...]) -> list[str | GitError]:
    """Read-only commands started at once (each is mostly process start-up), answered in
    order: the output, or the error of a command that failed."""
    return _start_together(cwd, *commands)()


def _start_together(
    cwd: Path, *commands: tuple[str, ...]
) -> Callable[[], list[str | GitError]]:
    """Starts the commands now; the returned function waits for their answers (once)."""
    started = [(_start(cwd, args), args) for args in commands]

    @functools.cache
    def answers() -> list[str | GitError]:
        out: list[str | GitError] = []
        for process, args in started:
            try:
                out.append(_finish(process, args))
            except GitError as exc:
                out.append(exc)
        return out

    return answers


def check_url(url: str) -> str:
    """Accept only transports that cannot run code; reject option-like input."""
    if url.startswith("-") or "::" in url:
        raise GitError(f"git-URL '{url}' abgelehnt: nur https, ssh, git und file sind erlaubt")
    if url.startswith("http://"):
        raise GitError(f"git-URL '{url}' abgelehnt: unverschlüsseltes http; bitte https verwenden")
    if re.match(r"^(https|ssh|git|file)://", url) or _SCP_LIKE.match(url):
        return url
    path = Path(url)
    if path.exists():
        return str(path.resolve())
    raise GitError(
        f"git-URL '{url}' nicht erkannt: erwartet https://…, ssh://…, "
        "git@host:pfad, file://… oder ein lokaler Pfad"
    )


def split_ref(spec: str) -> tuple[str, str | None]:
    """``url@ref`` → (url, ref). An ``@`` in scp-style user part is not a ref."""
    head, sep, tail = spec.rpartition("@")
    if sep and head and "/" not in tail and ":" not in tail and not _SCP_LIKE.match(spec):
        return head, tail
    if sep and head and _SCP_LIKE.match(head) and "/" not in tail:
        return head, tail
    return spec, None


def _check_ref(ref: str) -> str:
    if not _REF.match(ref) or ".." in ref:
        raise GitError(f"git-Ref '{ref}' abgelehnt: nur Buchstaben, Ziffern, '.', '/', '-', '_'")
    return ref


#: Public name: a source checks its ref when it is parsed, before any network
check_ref = _check_ref


def _url_key(url: str) -> str:
    cleaned = re.sub(r"//[^/@]+@", "//", url)  # never key (or store) credentials
    return hashlib.sha256(cleaned.encode()).hexdigest()[:24]


def _mirror(url: str) -> Path:
    """Where the bare mirror of a (checked) URL lives in the user's cache."""
    return cache_root() / "repos" / f"{_url_key(url)}.git"


def materialize(url: str, ref: str | None) -> tuple[Path, str]:
    """Tree of ``url`` at ``ref`` (default HEAD) as an immutable folder, plus its commit."""
    url = check_url(url)
    mirror = _mirror(url)
    if not mirror.exists():
        mirror.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".clone-", dir=mirror.parent))
        _run(None, "clone", "--mirror", "--quiet", "--", url, str(tmp / "repo.git"))
        os.replace(tmp / "repo.git", mirror)
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        _refresh(mirror, ref)
    target = _check_ref(ref) if ref else "HEAD"
    try:
        sha = _run(mirror, "rev-parse", "--verify", "--end-of-options",
                   f"{target}^{{commit}}").strip()
    except GitError as exc:
        if ref is None:
            raise
        raise GitError(
            f"Die Version '{ref}' (Tag, Branch oder Commit) gibt es im Repository {url} nicht. "
            f"Vorhandene Tags und Branches zeigt: git ls-remote --tags --heads {url}"
        ) from exc
    dest = cache_root() / "checkouts" / _url_key(url) / sha
    if not dest.exists():
        _export(mirror, sha, dest)
    return dest, sha


def tree_at(url: str, commit: str) -> Path:
    """The tree of ``url`` at a locked commit, from the cache without network when it is
    there (the exported checkout, else the mirror's objects); fetched only when neither is.

    ``url`` is as a lock records it (checked when first used): a local library that has
    since been moved or deleted is still found in the cache by the same key.
    """
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        raise GitError(f"Commit '{commit}' ist kein vollständiger git-Commit (40 oder 64 "
                       "Zeichen aus 0-9 und a-f)")
    dest = cache_root() / "checkouts" / _url_key(url) / commit
    if dest.is_dir() and not dest.is_symlink():
        return dest
    mirror = _mirror(url)
    if mirror.is_dir() and _resolves(mirror, commit):
        _export(mirror, commit, dest)
        return dest
    tree, _ = materialize(url, commit)
    return tree


def _resolves(mirror: Path, ref: str) -> bool:
    try:
        _run(mirror, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except GitError:
        return False
    return True


def _refresh(mirror: Path, ref: str | None) -> None:
    """Fetch unless the ref is an immutable tag or commit we already have.

    Tags and commits are treated as immutable (as pre-commit does), so a cached one needs
    no network; when the remote cannot be reached, a ref we already have is used as is.
    """
    if ref is not None:
        _check_ref(ref)
        is_commit = re.fullmatch(r"[0-9a-f]{7,40}", ref) is not None
        if (is_commit or _resolves(mirror, f"refs/tags/{ref}")) and _resolves(mirror, ref):
            return
    try:
        _run(mirror, "fetch", "--quiet", "--prune", "origin")
    except GitError:
        if ref is None or not _resolves(mirror, ref):
            raise


def _export(repo: Path, sha: str, dest: Path) -> None:
    git = _git()
    try:
        data = git.Git(str(repo)).execute(
            ["git", "archive", "--format=tar", sha], env=_env(), stdout_as_string=False
        )
    except git.GitCommandError as exc:
        raise GitError(f"git archive fehlgeschlagen: {exc.stderr}") from exc
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".export-", dir=dest.parent))
    try:
        with tarfile.open(fileobj=io.BytesIO(bytes(data)), mode="r:") as archive:
            archive.extractall(tmp, filter="data")
    except tarfile.FilterError as exc:  # a link to /etc/passwd, an absolute or ../ path
        shutil.rmtree(tmp, ignore_errors=True)
        name = getattr(getattr(exc, "tarinfo", None), "name", "?")
        raise GitError(f"Das Repository enthält bei Commit {sha[:10]} den Eintrag '{name}', "
                       "der aus dem Repository hinaus zeigt (Link auf einen absoluten Pfad "
                       "oder mit '..'); aus Sicherheitsgründen wird es nicht gelesen. Den "
                       "Eintrag im Repository entfernen oder durch die Datei ersetzen.") from exc
    os.replace(tmp, dest)


def fetch_config_file(spec: str) -> Path:
    """``git+URL@ref#pfad/datei.yaml`` → local path of that file at that commit."""
    body = spec.removeprefix("git+")
    location, _, inner = body.partition("#")
    if not inner:
        raise GitError(f"'{spec}': Pfad der Datei fehlt (…#konventionen.yaml)")
    url, ref = split_ref(location)
    tree, _ = materialize(url, ref)
    candidate = (tree / inner).resolve()
    if not candidate.is_relative_to(tree.resolve()) or not candidate.is_file():
        raise GitError(f"'{inner}' gibt es im Repository {url} nicht")
    return candidate


def is_pinned(spec: str) -> bool:
    """Whether ``git+URL@ref#pfad`` names content that cannot move: a commit or a tag.

    The same rule :func:`_refresh` uses to skip the network; a branch (or no ref) may point
    elsewhere tomorrow, so a result computed from it is not reused without a fresh look.
    """
    location = spec.removeprefix("git+").partition("#")[0]
    url, ref = split_ref(location)
    if ref is None:
        return False
    if re.fullmatch(r"[0-9a-f]{40}", ref):
        return True
    mirror = _mirror(check_url(url))
    return mirror.exists() and _resolves(mirror, f"refs/tags/{ref}")


def changed_files(root: Path, ref: str) -> frozenset[str]:
    """Files changed against ``ref`` (committed, staged, unstaged, untracked), relative to root.

    NUL-separated output: git would otherwise quote names with umlauts ("b\\303\\274ro").
    """
    return start_changed_files(root, ref)()


def start_changed_files(root: Path, ref: str) -> Callable[[], frozenset[str]]:
    """:func:`changed_files`, started now and answered when called.

    Not ``git diff REF``: right after a checkout git re-reads every file written in the same
    second as its index ("racily clean", 0.1 s for 2,500 files) to learn that nothing
    changed. Instead: ``REF`` against the index (no file read), the working tree against
    the index from the index's own stats (:func:`prozesskit.gitindex.worktree_changes`, at
    nanoseconds), and git asked only about the few files that may differ, so line-ending
    and clean filters decide as in git. Anything unusual falls back to ``git diff REF``.
    """
    _check_ref(ref)
    base = ("diff", "--name-only", "-z", "--no-renames", "--relative")
    answers = _start_together(
        root,
        ("rev-parse", "--is-inside-work-tree"),
        ("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"),
        (*base, "--cached", ref, "--"),
        ("ls-files", "-z", "--others", "--exclude-standard"),
    )

    @functools.cache
    def changed() -> frozenset[str]:
        inside, known, staged, untracked = answers()
        if isinstance(inside, GitError):
            raise GitError(f"'{root}' liegt in keinem git-Repository; --changed-since braucht "
                           "eines") from inside
        if isinstance(known, GitError):
            raise GitError(f"git-Ref '{ref}' gibt es in diesem Repository nicht") from known
        if isinstance(staged, GitError):
            raise staged
        if isinstance(untracked, GitError):
            raise untracked
        from prozesskit.gitindex import worktree_changes  # deliberate: only this path needs it

        maybe = worktree_changes(root)
        if maybe is None or len(maybe) > _ASK_AT_MOST:
            listed = _run(root, *base, ref, "--")
        else:
            asked = _run(root, *base, ref, "--", *(f":(literal){name}" for name in sorted(maybe))) \
                if maybe else ""
            listed = "\0".join({*_names(staged)} - maybe | {*_names(asked)})
        return frozenset(_names(f"{listed}\0{untracked}"))

    return changed


#: More files than this that may differ from the index: one ``git diff REF`` for all
_ASK_AT_MOST = 200


def _names(output: str) -> list[str]:
    return [name for name in output.split("\0") if name]


def init_repo(path: Path, message: str) -> str:
    """``git init`` + first commit of everything in ``path``; returns the commit sha."""
    git = _git()
    repo = git.Repo.init(path)
    with repo:
        repo.git.add(A=True)
        author = _actor(repo)
        commit = repo.index.commit(message, author=author, committer=author)
        return str(commit.hexsha)


def _actor(repo: git.Repo) -> git.Actor:
    reader = repo.config_reader()
    name = reader.get_value("user", "name", default="") or "prozesskit"
    email = reader.get_value("user", "email", default="") or "prozesskit@localhost"
    return cast("git.Actor", _git().Actor(str(name), str(email)))


def untracked_files(root: Path) -> frozenset[str]:
    """Files below ``root`` that git does not track (new or ignored), relative to root: what
    a commit leaves out, so the pre-commit hook leaves them out as well."""
    inside, listed = _run_together(
        root, ("rev-parse", "--is-inside-work-tree"), ("ls-files", "-z", "--others")
    )
    if isinstance(inside, GitError):
        raise GitError(f"'{root}' liegt in keinem git-Repository; --nur-versioniert braucht "
                       "eines") from inside
    if isinstance(listed, GitError):
        raise listed
    return frozenset(name for name in listed.split("\0") if name)
