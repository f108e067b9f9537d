"""The only module that talks to git: GitPython for repositories, the git program for
one-shot commands.

Shared repos are untrusted: only https, ssh, git and file transports are allowed (never
``ext::`` or ``fd::``, which run commands), no user text is passed where git could read it
as an option, hooks are disabled for every command, and checkouts are exported with
``git archive`` into an immutable folder keyed by URL hash and commit, extracted with
tarfile's ``data`` filter so no entry can escape or create device files.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from prozesskit.errors import GitError, note
from prozesskit.settings import LOCAL_GIT_VARIABLE, cache_root, local_git_folders

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


#: Settings that keep any git command from running a program the repository's own
#: configuration names (a member's folder on a network drive, a copied repository):
#: hooks, the fsmonitor hook, gpg for signatures, the ext:: transport
_SAFE_CONFIG = (("core.hooksPath", os.devnull), ("protocol.ext.allow", "never"),
                ("core.fsmonitor", "false"), ("log.showSignature", "false"))


def _env(network: bool = False, cwd: Path | None = None) -> dict[str, str]:
    """The environment of every git command. Only a clone or fetch of a checked URL
    (``network``) may use a transport; every other command reads local objects, and a
    repository configured to fetch missing objects lazily from a promisor remote (over
    ssh with its own ``core.sshCommand``) must not make it run anything: no protocol is
    allowed and lazy fetching is off."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"GIT_ALLOW_PROTOCOL": ALLOWED_PROTOCOLS if network else "",
                "GIT_NO_LAZY_FETCH": "1", "GIT_TERMINAL_PROMPT": "0",
                "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_COUNT": str(len(_SAFE_CONFIG))})
    for index, (key, value) in enumerate(_SAFE_CONFIG):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    if cwd is not None and cwd.parent.name == "repos" and cwd.parent.parent == cache_root():
        # a mirror of the cache is that repository and no other: one that is not a valid
        # git folder (brought along in a CI cache) must not make git look upwards and
        # fetch into, or read, the project's own repository around it
        env["GIT_DIR"] = str(cwd)
    return env


# git's own words for the usual failures → what it means and what to do
_GIT_REASONS = (
    (re.compile(r"Could not resolve host: (?P<host>[^\s']+)"),
     "der Server '{host}' ist nicht bekannt (Adresse, Netz oder Proxy prüfen)"),
    (re.compile(r"Failed to connect to|Couldn't connect to server|Connection refused|"
                r"Connection timed out|Network is unreachable"),
     "der Server ist nicht erreichbar (Netz, Proxy oder Firewall prüfen)"),
    (re.compile(r"could not read Username|terminal prompts disabled"),
     "das Repository verlangt eine Anmeldung (Zugang über git's Credential-Helper einrichten "
     "oder die URL mit Token angeben)"),
    (re.compile(r"Authentication failed|HTTP Basic: Access denied|returned error: 40[13]"),
     "die Anmeldung wurde abgelehnt (Token oder Zugangsdaten prüfen)"),
    (re.compile(r"repository '[^']*' not found|Repository not found|returned error: 404"),
     "das Repository gibt es dort nicht (oder es ist ohne Anmeldung nicht sichtbar)"),
    (re.compile(r"does not appear to be a git repository|not a git repository"),
     "unter dieser Adresse liegt kein git-Repository"),
    (re.compile(r"Permission denied \(publickey"),
     "der ssh-Schlüssel wurde nicht angenommen (ssh-Zugang prüfen)"),
    (re.compile(r"Host key verification failed"),
     "der ssh-Hostschlüssel des Servers ist unbekannt (einmal mit ssh verbinden und prüfen)"),
    (re.compile(r"SSL certificate problem|server certificate verification failed"),
     "dem TLS-Zertifikat des Servers wird nicht vertraut (Zertifikat bzw. Proxy prüfen)"),
    (re.compile(r"transport '[^']*' not allowed"),
     "dieser Übertragungsweg ist aus Sicherheitsgründen nicht erlaubt (nur https, ssh, git, file)"),
)


def _german_git(detail: str) -> str:
    """git's (English) failure as a German reason, git's own first line kept as evidence."""
    first = next((line.strip() for line in detail.splitlines() if line.strip()), detail)
    for pattern, german in _GIT_REASONS:
        found = pattern.search(detail)
        if found:
            return f"{german.format(**found.groupdict())} (git: {first})"
    return f"git meldet: {first}" if first else detail


def _start(cwd: Path | None, args: tuple[str, ...], *, network: bool = False
           ) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(["git", *args], cwd=cwd, env=_env(network, cwd),
                                stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError as exc:
        raise GitError(_NO_GIT) from exc


def _finish(process: subprocess.Popen[bytes], args: tuple[str, ...]) -> str:
    out, err = process.communicate()
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip() or f"Exit-Code {process.returncode}"
        raise GitError(f"git {args[0]} fehlgeschlagen: {_german_git(detail)}")
    text = out.decode("utf-8", "surrogateescape")
    return text[:-1] if text.endswith("\n") else text  # as GitPython returned it


def _run(cwd: Path | None, *args: str, network: bool = False) -> str:
    """One git command, run directly: GitPython adds nothing to a one-shot command but its
    import (50 ms, a third of a ``--changed-since`` run). Same environment and no shell."""
    return _finish(_start(cwd, args, network=network), args)


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


#: Progress of a clone or fetch: (German phase text, done, total or None)
Progress = Callable[[str, int, int | None], None]
_PROGRESS_LINE = re.compile(
    r"(?P<phase>[A-Za-z][A-Za-z ]*):\s+\d+% \((?P<done>\d+)/(?P<total>\d+)\)")
_PHASES = {"Enumerating objects": "Objekte auflisten", "Counting objects": "Objekte zählen",
           "Compressing objects": "Objekte packen", "Receiving objects": "Objekte empfangen",
           "Resolving deltas": "Änderungen auflösen", "Updating files": "Dateien schreiben"}


def _run_progress(cwd: Path | None, args: tuple[str, ...], progress: Progress, what: str) -> str:
    """A clone or fetch with ``--progress``: git's progress lines (on stderr, separated by
    carriage returns) become calls of ``progress``; errors as :func:`_run`."""
    seen = bytearray()
    pending = b""
    with _start(cwd, args, network=True) as process:  # closes both pipes and waits
        assert process.stderr is not None and process.stdout is not None
        while chunk := os.read(process.stderr.fileno(), 4096):
            seen += chunk
            *lines, pending = (pending + chunk).replace(b"\r", b"\n").split(b"\n")
            for line in lines:
                match = _PROGRESS_LINE.search(line.decode("utf-8", "replace"))
                if match:
                    phase = _PHASES.get(match["phase"].strip(), match["phase"].strip())
                    progress(f"{what}: {phase}", int(match["done"]), int(match["total"]))
        out = process.stdout.read()
    if process.returncode != 0:
        said = seen.decode("utf-8", "replace").replace("\r", "\n").splitlines()
        errors = [text for text in said if text.strip() and not _PROGRESS_LINE.search(text)
                  and not text.startswith(("Cloning into", "remote: "))]
        detail = "\n".join(errors) or f"Exit-Code {process.returncode}"
        raise GitError(f"git {args[0]} fehlgeschlagen: {_german_git(detail)}")
    text = out.decode("utf-8", "surrogateescape")
    return text[:-1] if text.endswith("\n") else text


def _run_maybe_progress(cwd: Path | None, progress: Progress | None, what: str,
                        *args: str) -> str:
    """``git clone/fetch --quiet …``, or with ``--progress`` reported to ``progress``."""
    if progress is None:
        return _run(cwd, *args, network=True)
    loud = tuple("--progress" if arg == "--quiet" else arg for arg in args)
    progress(what, 0, None)
    return _run_progress(cwd, loud, progress, what)


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


#: Transports that reach another machine (an scp-like ``user@host:pfad`` as well)
_REMOTE = re.compile(r"^(https|ssh|git)://")


def local_repository(url: str) -> Path | None:
    """The folder on this machine a (checked) git URL names, None for a remote transport."""
    if _REMOTE.match(url) or _SCP_LIKE.match(url):
        return None
    if url.startswith("file://"):
        from urllib.parse import unquote, urlsplit

        return Path(unquote(urlsplit(url).path))
    return Path(url)


def check_url_from_file(url: str) -> str:
    """:func:`check_url` for a URL that a file names (``extends`` in a register's
    conventions, a member in netz.yaml): such files come with shared repositories and merge
    requests, so only remote transports. A local path or ``file://`` would let a foreign
    file make prozesskit clone any repository this user can read and show its content in
    messages; the user's own local repositories are allowed through
    $PROZESSKIT_LOKALE_GIT_ORDNER (or named on the command line, which never comes here)."""
    url = check_url(url)
    local = local_repository(url)
    if local is None:
        return url
    place = local.resolve()
    if any(place.is_relative_to(folder) for folder in local_git_folders()):
        return url
    raise GitError(
        f"'{_shown(url)}' ist ein lokales git-Repository (Pfad oder file://). Aus Dateien "
        "eines Registers oder geteilten Repositorys liest prozesskit nur entfernte "
        "Repositorys (https://…, ssh://…, git@host:pfad), damit eine fremde Datei keine "
        "anderen Repositorys dieses Rechners lesen lässt. Die Quelle über https oder ssh "
        f"angeben oder, für eigene lokale Repositorys, deren Ordner in {LOCAL_GIT_VARIABLE} "
        f"freigeben (z. B. {LOCAL_GIT_VARIABLE}={place.parent})")


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


def materialize(url: str, ref: str | None, progress: Progress | None = None
                ) -> tuple[Path, str]:
    """Tree of ``url`` at ``ref`` (default HEAD) as an immutable folder, plus its commit;
    ``progress`` hears of a clone or fetch (nothing when the cache answers)."""
    url = check_url(url)
    mirror = _mirror(url)
    try:
        return _materialize(url, ref, mirror, progress)
    except GitError:
        if not _repairable(mirror):
            raise
    note(f"Der Cache-Eintrag von {_shown(url)} ({mirror}) war kein gültiges git-Repository "
         "(etwa nach einem abgebrochenen Klonen oder gelöschten Dateien); er wird gelöscht "
         "und neu geklont.")
    shutil.rmtree(mirror)
    return _materialize(url, ref, mirror, progress)


def _repairable(mirror: Path) -> bool:
    """Whether a mirror that just failed may be deleted and cloned again: a folder of
    prozesskit's own clone cache (never a link, never anything outside the cache, however
    the cache folder is reached) that is no sound git repository. A sound one failed for
    another reason (no network, an unknown version): it stays, with its offline content."""
    repos = (cache_root() / "repos").resolve()
    if mirror.is_symlink() or not mirror.is_dir() or mirror.resolve().parent != repos \
            or mirror.parent.resolve() != repos:
        return False
    try:
        if _run(mirror, "rev-parse", "--is-bare-repository").strip() != "true":
            return True
        _run(mirror, "fsck", "--connectivity-only", "--no-progress", "--no-dangling")
    except GitError:
        return True
    return False


def _materialize(url: str, ref: str | None, mirror: Path, progress: Progress | None
                 ) -> tuple[Path, str]:
    sha: str | None = None
    if not mirror.exists():
        mirror.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".clone-", dir=mirror.parent))
        try:  # a failed clone (no network, wrong URL) leaves nothing in the cache
            _run_maybe_progress(None, progress, f"{_shown(url)} klonen", "clone", "--mirror",
                                "--quiet", "--", url, str(tmp / "repo.git"))
            # the cache keeps no token: a later fetch uses the URL it is given then
            _run(tmp / "repo.git", "remote", "set-url", "origin", _shown(url))
            os.replace(tmp / "repo.git", mirror)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    else:
        sha = _refresh(mirror, ref, progress, url)
    target = _check_ref(ref) if ref else "HEAD"
    if sha is None and _SHORT_HEX.fullmatch(target):
        sha = _short_commit(mirror, target, url)  # None: no such commit (the error below)
    try:
        if sha is None:
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
        _export(mirror, sha, dest, url)
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
        _export(mirror, commit, dest, url)
        return dest
    tree, _ = materialize(url, commit)
    return tree


#: an abbreviated commit id (a full one is never read as a ref name by git)
_SHORT_HEX = re.compile(r"[0-9a-f]{7,39}")


def _short_commit(mirror: Path, ref: str, url: str) -> str | None:
    """The commit an abbreviated id ``ref`` names, or None; a GitError when a tag or branch
    has the same name as well. git takes a ref name before an object id, so a tag named like
    a pinned commit (``825d488``) would silently replace the pinned content. Without a
    commit of that prefix the name is the tag or branch it is (a date tag ``20241201``).
    One git command unless a ref of that name exists."""
    try:
        found = _run(mirror, "rev-parse", f"{ref}^{{commit}}", "--symbolic-full-name", ref)
    except GitError:
        return None
    sha, _, name = found.partition("\n")
    if name.strip() and _commit_begins(mirror, ref):
        raise GitError(
                f"Die Version '{ref}' ist mehrdeutig: im Repository {_shown(url)} beginnt ein "
                f"Commit so, und der Tag oder Branch '{name.strip()}' heißt so (git nähme "
                "ihn statt des Commits; ein so benannter Tag kann einen Commit-Pin "
                "unterlaufen). Bitte den Commit mit seiner vollständigen Id (40 Zeichen; "
                f"'git rev-parse --disambiguate={ref}' im Repository nennt sie) oder den Tag "
                f"bzw. Branch mit vollem Namen ('{name.strip()}') angeben")
    return sha.strip() or None


def _commit_begins(mirror: Path, prefix: str) -> bool:
    """Whether a commit's id begins with ``prefix``: ``--disambiguate`` lists objects of
    every type, and a blob or tree beginning so makes no tag of that name ambiguous."""
    from prozesskit import limits

    try:
        objects = _run(mirror, "rev-parse", f"--disambiguate={prefix}")
    except GitError:
        return False
    if not objects.strip():
        return False
    try:
        types = _bounded(mirror, ("cat-file", "--batch-check=%(objecttype)"),
                         (limits.MAX_GIT_EXPORT_ENTRIES + 1) * 8, stdin=objects.encode())
    except GitError:
        return True  # not known: ambiguous, as before (the full id is asked for)
    return b"commit" in types.split()


def _resolves(mirror: Path, ref: str) -> bool:
    return _commit_of(mirror, ref) is not None


def _commit_of(mirror: Path, ref: str) -> str | None:
    try:
        return _run(mirror, "rev-parse", "--verify", "--quiet", "--end-of-options",
                    f"{ref}^{{commit}}").strip() or None
    except GitError:
        return None


def _shown(url: str) -> str:
    """A URL for a progress line: without credentials."""
    from prozesskit.credentials import without_credentials

    return without_credentials(url)


def _forget_stored_token(mirror: Path) -> None:
    """Mirrors cloned by prozesskit before 2026-12 kept the clone URL with its token as
    ``origin`` in their config; the next use removes it (a read of a small file when there
    is nothing to do, so the warm path stays one git command)."""
    try:
        config = (mirror / "config").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    section = ""
    for line in config.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
        elif section == '[remote "origin"]' and stripped.startswith("url"):
            url = stripped.partition("=")[2].strip()
            if _shown(url) != url:
                _run(mirror, "remote", "set-url", "origin", _shown(url))
            return


def _refresh(mirror: Path, ref: str | None, progress: Progress | None = None,
             url: str = "") -> str | None:
    """Fetch unless the ref is a commit or a tag we already have; then its commit is
    returned, else None.

    A commit is immutable: a cached one needs no network (one git command). A tag is
    treated as immutable only while the repository agrees: one ``git ls-remote`` asks
    whether it still names the cached commit (libraries do re-set a tag after a typo, or
    are created anew under the same URL); if not, a note says so and the fetch brings the
    new state. When the remote cannot be reached, a ref we already have is used as is.
    """
    _forget_stored_token(mirror)
    if ref is not None:
        _check_ref(ref)
        is_commit = re.fullmatch(r"[0-9a-f]{7,40}", ref) is not None
        hexlike = _SHORT_HEX.fullmatch(ref) is not None
        cached = (_short_commit(mirror, ref, url) if hexlike else
                  _commit_of(mirror, ref if is_commit else f"refs/tags/{ref}"))
        if cached is not None and (is_commit or hexlike or not url
                                   or _tag_unmoved(mirror, url, ref, cached)):
            return cached
    try:
        # from the URL given now (a new token works; the mirror's config holds none), or
        # origin for callers that know only the mirror
        source = ("--", url, "+refs/*:refs/*") if url else ("origin",)
        _run_maybe_progress(mirror, progress, f"{_shown(url) or 'Repository'} abrufen", "fetch",
                            "--quiet", "--prune", *source)
    except GitError:
        if ref is None or not _resolves(mirror, ref):
            raise
    return None


#: How long the check of a cached tag waits for the server (a firewall that drops packets
#: would otherwise hold every offline run for git's connect timeout)
LS_REMOTE_SECONDS = 15


def _tag_unmoved(mirror: Path, url: str, tag: str, cached: str) -> bool:
    """Whether tag ``tag`` of ``url`` still names the commit ``cached`` (one ``git
    ls-remote``, with the same transports and environment as a fetch, run in the mirror so
    that no other repository's configuration takes part). True as well when
    the server cannot be asked (offline: the cache answers, with a note); False with a
    note when the tag points elsewhere or is gone."""
    args = ("ls-remote", "--tags", "--", url, f"refs/tags/{tag}")
    process = _start(mirror, args, network=True)
    try:
        out, _ = process.communicate(timeout=LS_REMOTE_SECONDS)
        answered = process.returncode == 0
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        out, answered = b"", False
    if not answered:
        note(f"{_shown(url)} ist nicht erreichbar: Tag '{tag}' aus dem Cache (Commit "
             f"{cached[:10]}), ungeprüft, ob er dort noch auf diesen Commit zeigt.")
        return True
    named: dict[str, str] = {}
    for line in out.decode("ascii", "replace").splitlines():
        sha, _, name = line.partition("\t")
        named[name.strip()] = sha.strip()
    remote = named.get(f"refs/tags/{tag}^{{}}") or named.get(f"refs/tags/{tag}")  # peeled
    if remote == cached:
        return True
    if remote is None:
        note(f"Den Tag '{tag}' gibt es im Repository {_shown(url)} nicht mehr (im Cache: "
             f"Commit {cached[:10]}); prozesskit ruft das Repository neu ab.")
    else:
        note(f"Der Tag '{tag}' im Repository {_shown(url)} zeigt jetzt auf Commit "
             f"{remote[:10]}, nicht mehr auf {cached[:10]} wie im Cache (verschoben oder "
             "Repository neu angelegt); prozesskit holt den neuen Stand. Den alten nennt "
             f"sein Commit: {_shown(url)}@{cached}.")
    return False


def _export(repo: Path, sha: str, dest: Path, url: str) -> None:
    """``git archive`` of ``sha`` unpacked into ``dest``, streamed: entries, each file and
    the total are counted as the archive arrives (a repository of a few MB can hold
    gigabytes of zeros, git keeps them compressed), and git is stopped at the first byte
    over a limit (limits.MAX_GIT_EXPORT_*); nothing is left in the cache then."""
    import tarfile  # only here: validate --changed-since needs gitio, not tarfile

    from prozesskit import limits

    source = f"Das Repository {_shown(url)} enthält bei Commit {sha[:10]}"
    _check_tree_sizes(repo, sha, source)
    _blobs_as_they_are(repo)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".export-", dir=dest.parent))
    done = False
    try:
        with tempfile.TemporaryFile() as err:
            try:
                process = subprocess.Popen(["git", "archive", "--format=tar", sha], cwd=repo,
                                           env=_env(cwd=repo), stdin=subprocess.DEVNULL,
                                           stdout=subprocess.PIPE, stderr=err)
            except FileNotFoundError as exc:
                raise GitError(_NO_GIT) from exc
            assert process.stdout is not None
            # the tar stream itself is bounded too (headers, padding): no size in a header
            # can make us read more
            stream = _Capped(process.stdout, limits.MAX_GIT_EXPORT_TOTAL_BYTES
                             + 2048 * (limits.MAX_GIT_EXPORT_ENTRIES + 8))
            broken = False
            try:
                with tarfile.open(fileobj=stream, mode="r|") as archive:
                    _unpack_bounded(archive, tmp, source)
                while stream.read(1 << 16):  # git's trailing padding: let it end normally
                    pass
            except tarfile.FilterError as exc:  # a link to /etc/passwd, an absolute or ../
                name = getattr(getattr(exc, "tarinfo", None), "name", "?")
                raise GitError(f"{source} den Eintrag '{name}', der aus dem Repository "
                               "hinaus zeigt (Link auf einen absoluten Pfad oder mit '..'); "
                               "aus Sicherheitsgründen wird es nicht gelesen. Den Eintrag im "
                               "Repository entfernen oder durch die Datei ersetzen.") from exc
            except _Capped.Over:
                raise GitError(f"{source} mehr Daten als "
                               f"{limits.german_int(limits.MAX_GIT_EXPORT_TOTAL_BYTES)} "
                               "Bytes; so große Repositorys werden nicht gelesen") from None
            except tarfile.TarError:
                broken = True  # git stopped (unknown commit …): its own words below
            finally:
                if process.poll() is None:
                    process.kill()
                process.stdout.close()
                code = process.wait()
            if code != 0 or broken:
                err.seek(0)
                detail = err.read(4096).decode("utf-8", "replace").strip()
                raise GitError("git archive fehlgeschlagen: "
                               f"{_german_git(detail or f'Exit-Code {code}')}")
        done = True
    finally:
        if not done:
            shutil.rmtree(tmp, ignore_errors=True)
    os.replace(tmp, dest)


#: ``$GIT_DIR/info/attributes`` wins over every .gitattributes in the tree: ``git archive``
#: then writes each blob's bytes. The repository's own attributes would otherwise expand
#: ``$Format:…$`` (export-subst: a 24 KB blob became 200 MB in git's memory, past the size
#: check of the listing), ``$Id$`` (ident), line ends and encodings (text/eol/crlf,
#: working-tree-encoding) and run the smudge command the user's git config names for a
#: ``filter`` (git-lfs: the network). export-ignore only leaves files out: it stays.
_NEUTRAL_ATTRIBUTES = (b"# prozesskit: git archive writes the blobs as they are\n"
                       b"* -export-subst -ident -text -eol -crlf -filter "
                       b"-working-tree-encoding\n")


def _blobs_as_they_are(repo: Path) -> None:
    """The mirror's ``info/attributes`` set to ``_NEUTRAL_ATTRIBUTES`` (written once, and
    again where an older prozesskit's mirror lacks it)."""
    from prozesskit.fsutil import atomic_write_bytes

    path = repo / "info" / "attributes"
    try:
        if path.read_bytes() == _NEUTRAL_ATTRIBUTES:
            return
    except OSError:
        pass
    try:
        path.parent.mkdir(exist_ok=True)
        atomic_write_bytes(path, _NEUTRAL_ATTRIBUTES)
    except OSError as exc:
        from prozesskit.fsutil import write_failure

        raise GitError(write_failure("Der Cache", path, exc) + "; den Cache-Ordner "
                       "(PROZESSKIT_CACHE_DIR) beschreibbar machen") from exc


class _Capped(io.RawIOBase):
    """A pipe read at most ``limit`` bytes far (Over beyond that)."""

    class Over(Exception):
        pass

    def __init__(self, pipe: Any, limit: int) -> None:
        self.pipe, self.left = pipe, limit

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data: bytes = self.pipe.read(size if size >= 0 else 1 << 16)
        self.left -= len(data)
        if self.left < 0:
            raise _Capped.Over()
        return data


def _check_tree_sizes(repo: Path, sha: str, source: str) -> None:
    """The limits checked on the tree's listing first (object sizes, nothing inflated):
    ``git archive`` holds each blob in memory while it writes it."""
    from prozesskit import limits

    listing = _bounded(repo, ("ls-tree", "-r", "-t", "-l", "-z", "--full-tree",
                              "--end-of-options", sha),
                       (limits.MAX_GIT_EXPORT_ENTRIES + 1) * 1200)
    sizes = []
    for record in listing.split(b"\0"):
        head, _, name = record.partition(b"\t")
        fields = head.split()
        if len(fields) == 4:
            size = int(fields[3]) if fields[3].isdigit() else 0  # '-': a submodule
            sizes.append((name.decode("utf-8", "replace"), size))
    _check_limits(sizes, source)


def _check_limits(entries: Any, source: str) -> None:
    """(name, size) pairs against the export limits, in order: a German GitError naming the
    source, the entry and the limit at the first one over."""
    from prozesskit import limits

    total = 0
    for count, (name, size) in enumerate(entries, 1):
        if count > limits.MAX_GIT_EXPORT_ENTRIES:
            raise GitError(f"{source} mehr als "
                           f"{limits.german_int(limits.MAX_GIT_EXPORT_ENTRIES)} Einträge; "
                           "so große Repositorys werden nicht gelesen (Grenze für "
                           "Bibliotheken, Blaupausen und Konventionen aus git)")
        if size > limits.MAX_GIT_EXPORT_FILE_BYTES:
            raise GitError(f"{source} die Datei '{name}' mit {limits.german_int(size)} Bytes; "
                           "erlaubt sind je Datei höchstens "
                           f"{limits.german_int(limits.MAX_GIT_EXPORT_FILE_BYTES)}. Die Datei "
                           "aus dem Repository entfernen (z. B. in ein eigenes Repository "
                           "oder als Download)")
        total += size
        if total > limits.MAX_GIT_EXPORT_TOTAL_BYTES:
            raise GitError(f"{source} Dateien mit zusammen mehr als "
                           f"{limits.german_int(limits.MAX_GIT_EXPORT_TOTAL_BYTES)} Bytes "
                           f"(bei '{name}'); so große Repositorys werden nicht gelesen")


def _unpack_bounded(archive: Any, into: Path, source: str) -> None:
    """Each entry extracted as it streams by (tarfile's ``data`` filter), after its header
    is checked against the limits: entry count, one file's size, the running total."""
    def checked() -> Any:
        for member in archive:
            yield member.name, member.size
            archive.extract(member, into, filter="data")

    _check_limits(checked(), source)


def fetch_config_file(spec: str) -> Path:
    """``git+URL@ref#pfad/datei.yaml`` → local path of that file at that commit; the spec
    comes from a conventions file, so its URL must be remote (:func:`check_url_from_file`)."""
    body = spec.removeprefix("git+")
    location, _, inner = body.partition("#")
    if not inner:
        raise GitError(f"'{spec}': Pfad der Datei fehlt (…#konventionen.yaml)")
    url, ref = split_ref(location)
    tree, _ = materialize(check_url_from_file(url), ref)
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

    looked: list[tuple[frozenset[str] | None, str] | BaseException] = []

    def look() -> None:
        """The working tree against the index, and git asked about what may differ: in a
        thread, so that the stats and the one git process run while validate works."""
        try:
            from prozesskit.gitindex import worktree_changes  # deliberate: this path only

            maybe = worktree_changes(root)
            if maybe is None or len(maybe) > _ASK_AT_MOST:
                looked.append((None, _run(root, *base, ref, "--")))
            else:
                literal = (f":(literal){name}" for name in sorted(maybe))
                looked.append((maybe, _run(root, *base, ref, "--", *literal) if maybe else ""))
        except BaseException as exc:  # handed to the caller, raised there
            looked.append(exc)

    worker = threading.Thread(target=look, name="prozesskit-git-arbeitsbaum", daemon=True)
    worker.start()

    @functools.cache
    def changed() -> frozenset[str]:
        inside, known, staged, untracked = answers()
        worker.join()
        if isinstance(inside, GitError):
            raise GitError(f"'{root}' liegt in keinem git-Repository; --changed-since braucht "
                           "eines") from inside
        if isinstance(known, GitError):
            raise GitError(f"git-Ref '{ref}' gibt es in diesem Repository nicht") from known
        if isinstance(staged, GitError):
            raise staged
        if isinstance(untracked, GitError):
            raise untracked
        answer = looked[0]
        if isinstance(answer, BaseException):
            raise answer
        maybe, listed = answer
        if maybe is not None:  # git was asked only about these: the rest is as staged
            listed = "\0".join({*_names(staged)} - maybe | {*_names(listed)})
        return frozenset(_names(f"{listed}\0{untracked}"))

    return changed


#: More files than this that may differ from the index: one ``git diff REF`` for all
_ASK_AT_MOST = 200


def _names(output: str) -> list[str]:
    return [name for name in output.split("\0") if name]


#: A branch name that can stand in a CI file unquoted-safe (YAML list, GitHub expression)
_PLAIN_BRANCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,99}")


def default_branch() -> str:
    """The first branch of a new repository: the user's ``init.defaultBranch``, else
    ``main`` (GitHub's and GitLab's default; git itself still says ``master`` where nothing
    is configured, and a CI file written for ``main`` would then never run on pushes)."""
    try:
        configured = _run(None, "config", "--get", "init.defaultBranch").strip()
    except GitError:
        configured = ""
    return configured if _PLAIN_BRANCH.fullmatch(configured) else "main"


def default_branch_of(top: Path) -> str:
    """The branch a CI file must name in the repository at ``top``: the remote's default
    (``origin/HEAD``), else ``main`` or ``master`` if the repository has one, else the
    checked-out branch, else :func:`default_branch`. Not simply the checked-out one: CI is
    usually added on a feature branch, and the file must still name the branch merged into."""
    git_dir = top / ".git"
    try:
        head = (git_dir / "refs" / "remotes" / "origin" / "HEAD").read_text(
            encoding="utf-8", errors="replace").strip()
    except OSError:
        head = ""
    name = head.removeprefix("ref: refs/remotes/origin/") if head.startswith(
        "ref: refs/remotes/origin/") else ""
    if _PLAIN_BRANCH.fullmatch(name):
        return name
    try:
        packed = (git_dir / "packed-refs").read_text(encoding="utf-8", errors="replace")
    except OSError:
        packed = ""
    for candidate in ("main", "master"):
        if (git_dir / "refs" / "heads" / candidate).is_file() or \
                f" refs/heads/{candidate}\n" in packed:
            return candidate
    return current_branch(top) or default_branch()


def current_branch(top: Path) -> str | None:
    """The branch checked out in the repository at ``top`` (read from ``.git/HEAD``, no git
    call), None when there is none (detached, no repository, a worktree's ``.git`` file)."""
    try:
        head = (top / ".git" / "HEAD").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    name = head.removeprefix("ref: refs/heads/") if head.startswith("ref: refs/heads/") else ""
    return name if _PLAIN_BRANCH.fullmatch(name) else None


def init_repo(path: Path, message: str) -> str:
    """``git init`` (on :func:`default_branch`) + first commit of everything in ``path``;
    returns the commit sha."""
    git = _git()
    branch = default_branch()
    try:
        repo = git.Repo.init(path, initial_branch=branch)
    except git.GitCommandError:  # git before 2.28 has no --initial-branch
        repo = git.Repo.init(path)
        repo.git.symbolic_ref("HEAD", f"refs/heads/{branch}")
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
    inside, listed = _run_together(  # only what validate reads: not a .venv file by file
        root, ("rev-parse", "--is-inside-work-tree"),
        ("ls-files", "-z", "--others", "--", ":(icase)*.yaml", ":(icase)*.yml",
         ":(icase)*.bpmn"))
    if isinstance(inside, GitError):
        raise GitError(f"'{root}' liegt in keinem git-Repository; --nur-versioniert braucht "
                       "eines") from inside
    if isinstance(listed, GitError):
        raise listed
    return frozenset(name for name in listed.split("\0") if name)


# --- history of a register (netz Stand, bericht): read-only, from git objects -----------



def repository_of(folder: Path) -> tuple[Path, str, str | None] | None:
    """The work tree root of the git repository ``folder`` lies in, the folder's path
    inside it (``""`` at the top, else ending in ``/``) and the commit of HEAD (None before
    the first commit); None when the folder is in no repository."""
    where, head = _run_together(
        folder, ("rev-parse", "--show-toplevel", "--show-prefix"),
        ("rev-parse", "--verify", "--quiet", "HEAD^{commit}"))
    if isinstance(where, GitError):
        return None
    top, _, prefix = where.partition("\n")
    if not top:
        return None
    return Path(top), prefix.strip(), head.strip() if isinstance(head, str) and head else None


def mirror_of(url: str) -> Path | None:
    """The bare mirror the clone cache keeps for ``url`` (which holds its whole history), if
    there is one; ``url`` as a source names it (checked again here)."""
    mirror = _mirror(check_url(url))
    return mirror if mirror.is_dir() and not mirror.is_symlink() else None


def _bounded(cwd: Path, args: tuple[str, ...], max_bytes: int,
             stdin: bytes | None = None) -> bytes:
    """Output of one read-only command, refused (GitError) beyond ``max_bytes``: a history
    or a blob of a foreign repository may be of any size. Errors go to a file (a full error
    pipe would stall git while we read its output)."""
    with tempfile.TemporaryFile() as err:
        try:
            process = subprocess.Popen(
                ["git", *args], cwd=cwd, env=_env(cwd=cwd), stdout=subprocess.PIPE, stderr=err,
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
        except FileNotFoundError as exc:
            raise GitError(_NO_GIT) from exc
        assert process.stdout is not None
        if stdin is not None:
            import threading

            def feed() -> None:
                assert process.stdin is not None
                try:
                    process.stdin.write(stdin)
                except OSError:  # git ended early (killed below, or failed)
                    pass
                finally:
                    with contextlib.suppress(OSError):
                        process.stdin.close()

            threading.Thread(target=feed, daemon=True).start()
        chunks: list[bytes] = []
        size = 0
        while chunk := process.stdout.read(1 << 16):
            size += len(chunk)
            if size > max_bytes:
                process.kill()
                process.stdout.close()
                process.wait()
                raise GitError(f"git {args[0]}: Ausgabe größer als "
                               f"{max_bytes // (1024 * 1024)} MiB; abgebrochen")
            chunks.append(chunk)
        process.stdout.close()
        if process.wait() != 0:
            err.seek(0)
            detail = err.read(4096).decode("utf-8", "replace").strip()
            raise GitError(f"git {args[0]} fehlgeschlagen: "
                           f"{detail or f'Exit-Code {process.returncode}'}")
    return b"".join(chunks)


#: One commit of a folder's history: sha, committer date (ISO 8601 with the committer's
#: offset) and the files it changed below the folder: path relative to the folder → new
#: blob id, or None when the file was deleted (or is no regular file any more)
Change = tuple[str, str, dict[str, str | None]]


def first_parent_changes(repo: Path, commit: str, folder: str, *,
                         max_bytes: int = 64 * 1024 * 1024) -> list[Change]:
    """The commits along the first-parent line up to ``commit`` that change files below
    ``folder`` (e.g. ``register/steckbriefe/``), oldest first, each with what it changed
    there: replayed in order they give the folder's files at every one of them, from one
    ``git log`` and without a checkout. Merges count with their change against the first
    parent (what arrived on the main line). Links and submodules read as deleted."""
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        raise GitError(f"Commit '{commit}' ist kein vollständiger git-Commit")
    raw = _bounded(repo, ("log", "--first-parent", "--diff-merges=first-parent",
                          "--raw", "-z", "--no-renames", "--no-abbrev", "--no-ext-diff",
                          "--no-textconv", "--no-color", "--no-show-signature", "--reverse",
                          "--format=%x01%H %cI", commit, "--",
                          f":(literal){folder}"), max_bytes)
    changes: list[Change] = []
    for record in raw.decode("utf-8", "surrogateescape").split("\x01")[1:]:
        fields = record.split("\0")
        sha, _, date = fields[0].partition(" ")
        files: dict[str, str | None] = {}
        for meta, path in zip(fields[1::2], fields[2::2], strict=False):
            parts = meta.strip().lstrip(":").split(" ")
            if len(parts) < 5 or not path.startswith(folder):
                continue
            mode, blob, status = parts[1], parts[3], parts[4]
            regular = mode in ("100644", "100755") and status != "D"
            files[path[len(folder):]] = blob if regular else None
        changes.append((sha, date, files))
    return changes


def read_blobs(repo: Path, blobs: list[str], max_each: int) -> dict[str, bytes | None]:
    """The content of each blob id (None: missing, not a blob, or larger than
    ``max_each``, which is checked before any content is read)."""
    if not blobs:
        return {}
    wanted = [b for b in dict.fromkeys(blobs) if re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", b)]
    listing = _bounded(repo, ("cat-file", "--batch-check"), 128 * len(wanted) + 1024,
                       stdin="".join(f"{b}\n" for b in wanted).encode())
    small = []
    for line in listing.decode("ascii", "replace").splitlines():
        parts = line.split(" ")
        if len(parts) == 3 and parts[1] == "blob" and int(parts[2]) <= max_each:
            small.append((parts[0], int(parts[2])))
    out: dict[str, bytes | None] = dict.fromkeys(blobs)
    if not small:
        return out
    total = sum(size + 100 for _, size in small)
    data = _bounded(repo, ("cat-file", "--batch"), total + 1024,
                    stdin="".join(f"{b}\n" for b, _ in small).encode())
    at = 0
    for blob, size in small:
        header_end = data.index(b"\n", at)
        at = header_end + 1
        out[blob] = data[at:at + size]
        at += size + 1  # the newline after each content
    return out


# -- a working clone for a contribution (prozesskit beitragen) --------------------------------

def branch_exists(url: str, branch: str) -> bool:
    """Whether the cached mirror of ``url`` has the branch (as of its last fetch)."""
    mirror = _mirror(check_url(url))
    return mirror.is_dir() and _resolves(mirror, f"refs/heads/{_check_ref(branch)}")


def work_clone(url: str, commit: str, dest: Path, branch: str) -> None:
    """A working clone of ``url`` (from the cached mirror, which :func:`materialize` filled)
    at ``commit`` on a new branch, for a member to commit a contribution into and push.

    The same hardening as every other git call (no hooks, no ``ext::``); links in the
    library are checked out as plain files (``core.symlinks=false``), so nothing written
    into the clone can follow one out of it. ``origin`` is the library's URL, so that
    ``git push origin BRANCH`` goes where the merge request belongs.
    """
    url = check_url(url)
    _check_ref(branch)
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        raise GitError(f"Commit '{commit}' ist kein vollständiger git-Commit")
    mirror = _mirror(url)
    _run(None, "clone", "--quiet", "--no-checkout", "--config", "core.symlinks=false", "--",
         str(mirror), str(dest), network=True)  # from our own mirror in the cache
    _run(dest, "remote", "set-url", "origin", url)
    _run(dest, "checkout", "--quiet", "-b", branch, commit)


def commit_paths(repo: Path, paths: list[str], message: str, fallback_name: str) -> str:
    """Stage exactly ``paths`` and commit them (hooks off, ``--no-verify`` as well); the
    user's git identity, else ``fallback_name`` in this clone's own config. The commit id."""
    _run(repo, "add", "--", *paths)
    for key, value in (("user.name", fallback_name), ("user.email", "prozesskit@localhost")):
        try:
            _run(repo, "config", "--get", key)
        except GitError:
            _run(repo, "config", key, value)
    _run(repo, "commit", "--quiet", "--no-verify", "-m", message)
    return _run(repo, "rev-parse", "HEAD").strip()
