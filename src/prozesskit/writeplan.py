"""One change to a folder as a plan: every file decided in memory first, then written all or
nothing.

``init`` today, and ``import``, ``update``, ``unpack`` and ``import-xlsx`` later, change many
files at once. A failure halfway (no permission, disk full, Ctrl-C) must leave the folder as it
was, a file the user edited must never be overwritten without ``--force``, and a path taken from
untrusted input (a foreign catalogue, a package) must never land outside the folder. So the plan
is checked as a whole before anything is touched, every file is written to a staging folder on
the same file system, and only then renamed into place:

- a folder that does not exist yet is staged as a sibling and renamed in one step;
- into an existing folder, files are renamed one by one; replaced files are kept aside until the
  end, and any error (or Ctrl-C) undoes every rename, so the folder is as it was.

A process killed outright (SIGKILL, power cut of the process) cannot undo anything, so every
single step is atomic on its own: a replaced file is kept aside by a hard link (a copy where
links are not possible) and the new file renamed over it in one step, and a removed file is
renamed aside in one step. Each file is therefore always whole, old or new, never missing
or half written (``update`` relies on this: running it again finishes the job).

Two runs on one register (two workshop tables read in at once, an ``update`` while
``import-xlsx`` runs) must not lose one's changes silently: a plan computed from a file as
it was read names that content (:meth:`WritePlan.expect`), and :meth:`WritePlan.commit`
checks it again under an exclusive lock on the register folder, held while it writes. A
file changed since it was read refuses the whole plan (nothing written; running the
command again starts from the file as it is now).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from prozesskit.errors import UsageError, WriteError
from prozesskit.fsutil import Below, contained, current_umask, os_error_reason, shell_arg

#: Folders whose plan a Ctrl-C stopped while it wrote (all or nothing: the CLI says so)
STOPPED_WHILE_WRITING: list[str] = []

#: How many conflicting files a refusal names before it only counts the rest.
SHOWN_CONFLICTS = 5

def write_error(target: Path, exc: OSError) -> WriteError:
    return WriteError(f"Kann nicht nach '{target}' schreiben: {os_error_reason(exc)}. Bitte "
                      "einen Ordner wählen, in dem Sie schreiben dürfen.")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a committed plan did, relative paths in plan order."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...] = ()


class WritePlan:
    """Files (relative POSIX path → bytes) to be written below ``root`` as one change."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, bytes] = {}
        self._ours: set[str] = set()
        self._removed: list[str] = []
        self._expected: dict[str, str | None] = {}
        #: files read by the check of ``_expected`` during a commit (under the lock)
        self._read: dict[str, bytes] = {}
        #: path → (source, local id): an imported file edited since; without --force the
        #: refusal names ``update``, which merges instead of overwriting
        self._merge: dict[str, tuple[str, str]] = {}
        #: what else to do than --force about differing files (the command's own advice)
        self.alternative: str | None = None

    def add(self, rel: str, content: str | bytes, *, ours: bool = False) -> None:
        """Plan one file; a text is written as UTF-8. Planning the same path twice is a bug.

        ``ours``: a file prozesskit keeps itself (the lock, a kept merge base) or one known
        to be unedited since prozesskit wrote it; replaced without ``--force``."""
        path = PurePosixPath(rel)
        if (rel != path.as_posix() or path.is_absolute() or not path.parts or ".." in path.parts
                or "\\" in rel):
            raise UsageError(f"Pfad '{rel}' liegt außerhalb des Zielordners und wird abgelehnt")
        if rel in self._files:
            raise ValueError(f"{rel} is planned twice")
        self._files[rel] = content.encode("utf-8") if isinstance(content, str) else content
        if ours:
            self._ours.add(rel)

    def remove(self, rel: str) -> None:
        """Plan the removal of one file (``update``: a process the source deleted). The
        caller has decided that it may go; a file that is not there is nothing to do."""
        path = PurePosixPath(rel)
        if (rel != path.as_posix() or path.is_absolute() or not path.parts or ".." in path.parts
                or "\\" in rel):
            raise UsageError(f"Pfad '{rel}' liegt außerhalb des Zielordners und wird abgelehnt")
        if rel in self._files or rel in self._removed:
            raise ValueError(f"{rel} is planned twice")
        self._removed.append(rel)

    def merge_instead(self, rel: str, source: str, local_id: str) -> None:
        """``rel`` was imported from ``source`` and edited here since: refused without
        ``--force`` like any differing file, but the message says that --force drops the
        local edits and that ``prozesskit update SOURCE ID`` merges them field by field."""
        self._merge[rel] = (source, local_id)

    def expect(self, rel: str, sha256: str | None) -> None:
        """The plan was computed from ``rel`` with this content (None: it did not exist);
        :meth:`commit` writes nothing if it is different by then."""
        self._expected[rel] = sha256

    def _changed_meanwhile(self) -> list[str]:
        changed: list[str] = []
        below = Below(self.root)  # each folder resolved once, not every path in full
        for rel, expected in self._expected.items():
            try:
                data = below(rel).read_bytes()
            except FileNotFoundError:
                now: str | None = None
            else:
                now = hashlib.sha256(data).hexdigest()
                self._read[rel] = data  # the commit compares it once more: not read again
            if now != expected:
                changed.append(rel)
        return changed

    def removals(self) -> list[str]:
        return list(self._removed)

    def update(self, files: Iterable[tuple[str, str | bytes]]) -> None:
        for rel, content in files:
            self.add(rel, content)

    def __len__(self) -> int:
        return len(self._files)

    def __contains__(self, rel: object) -> bool:
        return rel in self._files

    def paths(self) -> list[str]:
        return list(self._files)

    def _existing(self) -> tuple[list[str], list[str], list[str]]:
        """(unchanged, differing, not a file) among the planned paths that exist already."""
        unchanged: list[str] = []
        differing: list[str] = []
        blocked: list[str] = []
        if not self.root.is_dir():
            return unchanged, differing, blocked
        below = Below(self.root)
        missing: dict[str, bool] = {}  # folder → absent (then so is every file below it)
        for rel, content in self._files.items():
            folder = rel.rpartition("/")[0]
            absent = missing.get(folder)
            if absent is None:  # below(): a link on the way out is refused here, not late
                absent = missing[folder] = bool(folder) and not os.path.lexists(below(folder))
            if absent:
                continue  # an unpack into a new register: no lstat per file
            path = below(rel)
            if not os.path.lexists(path):
                continue
            if not path.is_file():
                blocked.append(rel)
            elif (self._read.pop(rel, None) or path.read_bytes()) == content:
                unchanged.append(rel)
            elif rel not in self._ours:
                differing.append(rel)
        return unchanged, differing, blocked

    def conflicts(self) -> list[str]:
        """Planned paths where a different file (or a folder) already exists."""
        try:
            _, differing, blocked = self._existing()
        except OSError as exc:
            raise write_error(self.root, exc) from exc
        return sorted(differing + blocked)

    def commit(
        self, *, force: bool = False, progress: Callable[[int], None] | None = None
    ) -> Outcome:
        """Write every planned file, or (on any error, also Ctrl-C) none.

        Existing files with the planned content are left alone; a differing one is replaced
        only with ``force``; a folder where a file is planned is always refused. ``progress``
        is called with the number of files staged so far.
        """
        held = _lock_dir(self.root, wait=True) if self._expected else None
        try:
            try:
                changed = self._changed_meanwhile()
            except OSError as exc:
                raise write_error(self.root, exc) from exc
            if changed:
                raise UsageError(_listed(
                    "Diese Dateien wurden geändert, während prozesskit lief (ein zweiter Lauf "
                    "oder ein Editor?)", changed, self.root)
                    + "; nichts geschrieben. Bitte den Befehl erneut ausführen: er geht dann "
                    "vom jetzigen Stand aus")
            skip = set(self.check(force=force))
            self._sweep()
            todo = [rel for rel in self._files if rel not in skip]
            gone = [rel for rel in self._removed if self._is_file(rel)]
            try:
                if todo or gone:
                    self._write(todo, progress, gone)
            except OSError as exc:
                raise write_error(self.root, exc) from exc
            except KeyboardInterrupt:
                STOPPED_WHILE_WRITING.append(str(self.root))
                raise
        finally:
            self._read.clear()
            _release(held)
        return Outcome(tuple(todo), tuple(rel for rel in self._files if rel in skip),
                       tuple(gone))

    def _sweep(self) -> None:
        """Staging folders of killed runs for this target go, even when nothing is to be
        written now (a killed run may have renamed every file already)."""
        root = self.root.resolve()
        if root.is_dir():
            sweep_stale(root, root.name)
        elif root.parent.is_dir():
            sweep_stale(root.parent, root.name)

    def _is_file(self, rel: str) -> bool:
        path = contained(self.root, rel)
        return path.is_file() and not path.is_symlink()

    def check(self, *, force: bool = False) -> list[str]:
        """Raise what :meth:`commit` would refuse, before anything is written (a command that
        commits two plans checks both first); returns the paths that already hold their
        planned content."""
        try:
            unchanged, differing, blocked = self._existing()
        except OSError as exc:
            raise write_error(self.root, exc) from exc
        if blocked:
            raise WriteError(_listed("Dort liegt ein Ordner (oder etwas anderes als eine Datei), "
                                     "wo eine Datei hingehört", blocked, self.root))
        if differing and not force:
            raise UsageError(self._refusal(differing))
        return unchanged

    def _refusal(self, differing: list[str]) -> str:
        """Why files with other content are not replaced, and the ways on: ``update`` for
        imported files edited here, --force (whose cost is said: the edits are lost)."""
        edited = [rel for rel in differing if rel in self._merge]
        other = [rel for rel in differing if rel not in self._merge]
        parts = []
        if edited:
            ids: dict[str, list[str]] = {}
            for rel in edited:
                source, local_id = self._merge[rel]
                if local_id not in ids.setdefault(source, []):
                    ids[source].append(local_id)
            commands = " bzw. ".join(f"prozesskit update {shell_arg(source)} "
                                     + " ".join(shell_arg(i) for i in local_ids)
                                     for source, local_ids in ids.items())
            parts.append(_listed("Diese Dateien wurden seit dem Import lokal geändert", edited,
                                 self.root)
                         + ". Die Änderungen der Quelle feldweise übernehmen und die lokalen "
                         f"behalten: {commands}")
        if other:
            parts.append(_listed("Diese Dateien gibt es schon mit anderem Inhalt", other,
                                 self.root)
                         + (f"; {self.alternative}" if self.alternative else ""))
        return ("; ".join(parts) + ". Mit --force überschreiben: die lokalen Änderungen "
                "gehen dabei verloren. Es wurde nichts geschrieben.")

    def _write(self, todo: list[str], progress: Callable[[int], None] | None,
               gone: Sequence[str] = ()) -> None:
        root = self.root.resolve()
        fresh = not os.path.lexists(root)
        parent = root.parent if fresh else root
        made = [folder for folder in (parent, *parent.parents) if not os.path.lexists(folder)]
        try:
            parent.mkdir(parents=True, exist_ok=True)
            staging, held = _claim_staging(parent, root.name)
        except OSError as exc:  # name the folder, not the temp name that could not be made
            _remove_empty(made)
            raise OSError(exc.errno, exc.strerror, str(parent)) from exc
        done = cleaned = False
        try:
            staging.chmod(0o777 & ~current_umask())  # mkdtemp makes it 0700; a register is shared
            files = staging / "neu" if not fresh else staging
            made_here: set[str] = set()
            base = str(files)
            for index, rel in enumerate(todo, start=1):
                folder = rel.rpartition("/")[0]
                try:
                    if folder not in made_here:  # one mkdir per folder, not per file
                        os.makedirs(os.path.join(base, folder), exist_ok=True)
                        made_here.add(folder)
                    _create(os.path.join(base, rel), self._files[rel])
                except OSError as exc:  # name the file as the user will know it
                    raise OSError(exc.errno, exc.strerror, str(root / rel)) from exc
                if progress is not None:
                    progress(index)
            with uninterrupted():  # Ctrl-C now would leave some files new, some old
                try:
                    if fresh:
                        os.replace(staging, root)
                    else:
                        _swap_in(files, staging / "alt", root, todo, gone)
                    done = True
                finally:
                    cleaned = _clean_up(staging, held, [] if done else made)
        finally:
            if not cleaned:  # stopped while staging: the register was not touched
                with uninterrupted():
                    _clean_up(staging, held, made)


def _clean_up(staging: Path, held: int | None, made: list[Path]) -> bool:
    shutil.rmtree(staging, ignore_errors=True)
    _release(held)
    _remove_empty(made)
    return True


#: Signals that end a run from outside: Ctrl-C, a CI job's timeout, a closed terminal.
_HELD = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
              if hasattr(signal, name))


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block is done; they arrive right after it.

    Every rename is atomic, but a KeyboardInterrupt raised between a rename and the note
    of how to undo it left that one file new and the others old, and one raised in the
    final clean-up left the staging folder (copies of every replaced file) inside the
    register. The block is short (renames only), so a user waits a few milliseconds.
    The signals are noted by handlers of our own rather than blocked: a blocked signal is
    still delivered to any other thread of the process (a thread pool, a library's
    watcher), and Python then runs its handler in this thread all the same. Handlers can
    only be set in the main thread; elsewhere nothing is held."""
    if not _HELD or threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def note(signum: int, _frame: object) -> None:
        arrived.append(signum)

    before = {held: signal.signal(held, note) for held in _HELD}
    try:
        yield
    finally:
        for held, handler in before.items():
            signal.signal(held, handler if handler is not None else signal.SIG_DFL)
        for signum in dict.fromkeys(arrived):  # as if it came now: Ctrl-C, or the end
            signal.raise_signal(signum)


#: A new file in the staging folder (which nobody else writes): created, never opened twice
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(
    os, "O_CLOEXEC", 0)


def _create(path: str, data: bytes) -> None:
    """Write a new file with plain system calls: thousands of files (an unpack) spent more
    in building a buffered file object each than in writing. Mode 0666 minus the umask,
    as ``open`` gives."""
    fd = os.open(path, _CREATE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


# -- staging folders left by a killed run ------------------------------------------------------
#
# A run killed outright (SIGKILL, power cut) leaves its staging folder ``.<root>.XXXX.neu``
# beside the files: every file is whole (see the module docstring), but the folder is clutter
# the user sees (and ``git status`` lists). The next plan for the same folder removes such
# leftovers. Which are left over is decided by a lock, not by age: each run holds an
# exclusive ``flock`` on its staging folder for as long as it writes (the kernel releases it
# when the process dies, however it dies), so a folder whose lock can be taken belongs to no
# running process. Without ``fcntl`` (Windows) nothing is swept: a folder is never removed
# on a guess.

#: How a staging folder is named: ``.<root name>.<random>`` + this suffix.
STAGING_SUFFIX = ".neu"


def _lock_dir(path: Path, *, wait: bool) -> int | None:
    """An open descriptor of ``path`` holding an exclusive lock, or None (held elsewhere,
    gone, or no ``flock`` on this system)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(
            os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(fd)
        return None
    return fd


def _release(fd: int | None) -> None:
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


def _claim_staging(parent: Path, name: str) -> tuple[Path, int | None]:
    """A new staging folder, locked by this process. A concurrent sweep may take a folder in
    the instant between its creation and its lock; then it is gone once the lock is ours, and
    a new one is made."""
    for _ in range(8):
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=STAGING_SUFFIX, dir=parent))
        held = _lock_dir(staging, wait=True)
        if held is None:
            if not os.path.lexists(staging):
                continue  # swept before we could lock it
            return staging, None  # no flock here: not swept by others either
        try:
            same = os.path.samestat(os.fstat(held), os.lstat(staging))
        except OSError:
            same = False
        if same:
            return staging, held
        _release(held)
    raise OSError(errno.EAGAIN, "Zwischenordner wurde wiederholt entfernt", str(parent))


def sweep_stale(parent: Path, name: str) -> list[str]:
    """Remove the staging folders of runs for ``parent/name`` that were killed (no process
    holds their lock); returns their names. Only real folders of this user with exactly
    the staging name are considered; anything unexpected is left alone."""
    prefix = f".{name}."
    removed: list[str] = []
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: no flock either
        return removed
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(STAGING_SUFFIX)
                and len(entry.name) > len(prefix) + len(STAGING_SUFFIX)):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            continue
        held = _lock_dir(Path(entry.path), wait=False)
        if held is None:
            continue  # a running plan's (or no flock here)
        try:
            if os.path.samestat(os.fstat(held), os.lstat(entry.path)):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(entry.name)
        except OSError:
            pass
        finally:
            _release(held)
    return removed


def _remove_empty(folders: list[Path]) -> None:
    """Folders this plan created on the way to its target, innermost first, if still empty."""
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()


def _listed(head: str, paths: list[str], root: Path) -> str:
    shown = ", ".join(sorted(paths)[:SHOWN_CONFLICTS])
    more = len(paths) - SHOWN_CONFLICTS
    rest = f" und {more} weitere" if more > 0 else ""
    return f"{head} (in '{root}'): {shown}{rest}"


def _swap_in(files: Path, backup: Path, root: Path, todo: list[str],
             gone: Iterable[str] = ()) -> None:
    """Rename staged files into ``root`` (and planned removals out of it); on any error undo
    every step, newest first. Each step is atomic: the target always holds a whole file.

    A top folder the target does not have yet (``steckbriefe/`` of an unpack into a new
    register) comes in as a whole with one rename, when its last planned file is due: one
    step instead of one per file, and just as atomic."""
    undo: list[Callable[[], None]] = []
    below = Below(root)
    made: set[Path] = set()  # folders known to exist now
    whole = _new_top_folders(root, todo)
    try:
        for rel in gone:  # first: the planned files then come in plan order (a lock last)
            dest = below(rel)
            keep = backup / rel
            keep.parent.mkdir(parents=True, exist_ok=True)
            os.replace(dest, keep)
            undo.append(functools.partial(os.replace, keep, dest))
        for index, rel in enumerate(todo):
            top = rel.partition("/")[0]
            if top in whole:
                if whole[top] == index:
                    os.replace(files / top, root / top)
                    undo.append(functools.partial(os.replace, root / top, files / top))
                continue
            dest = below(rel)
            if dest.parent not in made:
                for folder in reversed([*dest.relative_to(root).parents][:-1]):
                    created = root / folder
                    if not created.exists():
                        created.mkdir()
                        undo.append(created.rmdir)
                made.add(dest.parent)
            if os.path.lexists(dest):
                keep = backup / rel
                keep.parent.mkdir(parents=True, exist_ok=True)
                os.chmod(files / rel, dest.stat().st_mode & 0o7777)
                _keep_aside(dest, keep)  # dest stays in place until the new file replaces it
                os.replace(files / rel, dest)
                undo.append(functools.partial(os.replace, keep, dest))
                continue
            os.replace(files / rel, dest)
            undo.append(dest.unlink)
    except BaseException:
        for step in reversed(undo):
            with contextlib.suppress(OSError):
                step()
        raise


def _new_top_folders(root: Path, todo: Sequence[str]) -> dict[str, int]:
    """Top folders of planned files that ``root`` does not have: name → index of the last
    planned file in it (the staged folder holds exactly the planned files below it)."""
    last: dict[str, int] = {}
    for index, rel in enumerate(todo):
        top, sep, _ = rel.partition("/")
        if sep:
            last[top] = index
    return {top: index for top, index in last.items() if not os.path.lexists(root / top)}


def _keep_aside(dest: Path, keep: Path) -> None:
    """A second name for the file about to be replaced (a copy where the file system has no
    hard links), so that the replacement is one rename and can be undone."""
    try:
        os.link(dest, keep, follow_symlinks=False)
    except OSError:
        shutil.copy2(dest, keep, follow_symlinks=False)
