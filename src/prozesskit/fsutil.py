"""Atomic writes and path containment, used by every command that writes files.

A crash or Ctrl-C must never leave a half-written Steckbrief, and a path taken from
untrusted input (a shared repo, a package) must never escape the target folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from prozesskit.errors import InputError, UsageError


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """Keep the mode of a file we replace; new files get the usual 0666 minus umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~current_umask()


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write to a temp file in the same folder, fsync, then rename over the target.

    ``durable=False`` skips the fsync, for caches: a cache lost in a power cut is rebuilt,
    and syncing megabytes on every run would cost more than the cache saves.
    """
    import tempfile  # here, not at import: the fast path of validate writes nothing

    tmp = ""
    try:
        if is_special(path):
            with open_special(path) as handle:
                handle.write(data)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                if durable:
                    os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise naming_target(exc, path, tmp) from None


def is_special(path: Path) -> bool:
    """An existing target that is neither a regular file nor a folder: a device
    (``-o /dev/null``), a pipe or a socket (``-o /dev/stdout`` into ``| less``)."""
    try:
        mode = os.stat(path).st_mode  # through a link: /dev/stdout is one
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def open_special(path: Path) -> BinaryIO:
    """``path`` (see :func:`is_special`) opened for writing into it.

    Why not the rename of an atomic write: renaming over ``/dev/null`` replaces the device
    node itself (as root, as in most CI containers, every later ``> /dev/null`` then fills
    a file), and the output would never reach the pipe the user named; and there is no
    file to be left half-written. Opened without blocking: a FIFO that nobody reads is
    refused (ENXIO, "niemand liest aus dieser Pipe") instead of hanging the command.
    """
    fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        os.set_blocking(fd, True)
        return os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def contained(root: Path, relative: str) -> Path:
    """Resolve ``relative`` below ``root``; refuse absolute paths, ``..`` and symlink escapes."""
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts or relative.startswith(("/", "\\")):
        raise InputError(f"Pfad '{relative}' liegt außerhalb des Zielordners und wird abgelehnt")
    resolved = (root / candidate).resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise InputError(f"Pfad '{relative}' zeigt über einen Link aus dem Zielordner "
                         f"hinaus ('{root / candidate}' → '{resolved}'); prozesskit liest und "
                         "schreibt nur innerhalb des Ordners: bitte den Link durch einen "
                         "echten Ordner ersetzen")
    return resolved


class Below:
    """:func:`contained` for many paths below one root (a write plan's thousands of files):
    each folder is resolved once and a file's own name checked with one ``lstat``, instead
    of resolving every part of every path again (a fifth of writing 2,000 Steckbriefe).
    The answers are the same; a name that is a link is resolved in full."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: dict[str, Path] = {}

    def __call__(self, relative: str) -> Path:
        folder, _, name = relative.rpartition("/")
        if name in ("", ".", "..") or "\\" in relative:
            return contained(self.root, relative)
        base = self._folders.get(folder)
        if base is None:
            base = self._folders[folder] = contained(self.root, folder)
        candidate = base / name
        return contained(self.root, relative) if os.path.islink(candidate) else candidate


def no_link_below(root: Path, relative: str) -> bool:
    """Whether no existing part of ``root/relative`` below ``root`` is a symlink.

    The caches live in the register (``.prozesskit/cache``); a repo that brings
    ``.prozesskit`` as a symlink must not make validate create folders and write files
    elsewhere on the machine (or read them from there). A missing part is fine: it is
    created as a real folder.
    """
    current = root
    for part in Path(relative).parts:
        current = current / part
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return False
        except FileNotFoundError:
            return True
        except OSError:
            return False
    return True


def posix_relative(path: Path, root: Path) -> str:
    """Path as shown in reports: relative to the register root when inside it, POSIX style.

    The folder is resolved, the name is not: a symlink is shown where it lies, not where
    it points."""
    return posix_relatives([path], root)[0]


def posix_relatives(paths: Iterable[Path], root: Path) -> list[str]:
    """:func:`posix_relative` of many paths: the root and each folder resolved once (a
    check of the 2,000 Steckbriefe an import changed resolved them 4,000 times, some
    50,000 ``stat`` calls)."""
    base = root.resolve()
    folders: dict[Path, Path] = {}
    result = []
    for path in paths:
        place = Path(os.path.abspath(path))
        folder = folders.get(place.parent)
        if folder is None:
            folder = folders[place.parent] = place.parent.resolve()
        try:
            result.append((folder / place.name).relative_to(base).as_posix())
        except ValueError:
            result.append(path.as_posix())
    return result


def stat_key(path: str) -> tuple[int, int, int] | None:
    """(size, mtime_ns, ctime_ns), as git's index compares them; None if it cannot be read.

    ctime cannot be set back by tools that restore mtimes (cp -p, rsync -a, tar), so an
    edited file never looks unchanged. A symlink's own stat (it is never read), so that a
    link's target cannot change the key of a file the register never reads.
    """
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class NotRegularFile(OSError):
    """A path that names a symlink or a FIFO, device or socket: never read (see read_regular)."""

    def __init__(self, path: str, kind: str) -> None:
        super().__init__(errno.EINVAL, kind, path)
        self.kind = kind  # "link" | "special"


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class FileTooLarge(OSError):
    """A regular file larger than the reader's bound: refused before it is read whole."""

    def __init__(self, path: str, size: int) -> None:
        super().__init__(errno.EFBIG, "too large", path)
        self.size = size


def _open_regular(path: str) -> tuple[int, os.stat_result]:
    """A descriptor of the regular file ``path``, opened for reading, and its fstat;
    NotRegularFile for a symlink, FIFO, device or socket (why: :func:`read_regular`)."""
    if not _NOFOLLOW and os.path.islink(path):  # Windows: no O_NOFOLLOW
        raise NotRegularFile(path, "link")
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK) and os.path.islink(path):
            raise NotRegularFile(path, "link") from None
        if exc.errno == errno.ENXIO:  # a socket (or a FIFO without reader on some systems)
            raise NotRegularFile(path, "special") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path, "special")
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_regular(path: str, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file; NotRegularFile for a symlink, FIFO, device or socket.

    Why not ``open``: a symlink in a shared repo would make us read (and quote, in a
    message) a file outside the register, and opening a FIFO for reading blocks until a
    writer comes: ``validate`` would hang in CI. ``O_NOFOLLOW`` refuses the link in the
    same system call that opens the file (no window between a check and the read), and
    ``O_NONBLOCK`` makes opening a FIFO return at once, so that fstat can refuse it.
    ``max_bytes``: FileTooLarge instead of reading a file beyond it into memory.
    """
    fd, info = _open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        if max_bytes is None:
            return handle.read()
        if info.st_size > max_bytes:
            raise FileTooLarge(path, info.st_size)
        # ask for the size fstat gave (+1 to see growth), not for the bound: a read of n
        # bytes allocates n first, and the bound is megabytes where a file has kilobytes
        want = info.st_size + 1
        data = handle.read(want)
        if len(data) == want:  # grew since fstat: read on, bounded all the same
            data += handle.read(max_bytes + 1 - want)
        if len(data) > max_bytes:
            raise FileTooLarge(path, len(data))
        return data


def read_known(path: str, size: int) -> tuple[bytes, tuple[int, int, int]] | None:
    """The bytes of ``path`` and its :func:`stat_key` after the read, for a caller that
    knows the size and the key to expect (``pack``: the ones ``validate``'s run recorded)
    and compares them: one read of ``size`` + 1 bytes (more means the file grew) and one
    fstat after it, no fstat before (pack reads thousands of files). Never through a link
    (``O_NOFOLLOW``), a FIFO opens without blocking (``O_NONBLOCK``); None if the path is
    no regular file now or cannot be read. Without ``O_NOFOLLOW`` (Windows)
    :func:`read_regular_keyed`, which looks before it opens."""
    if not _NOFOLLOW:
        try:
            return read_regular_keyed(path, size)
        except OSError:
            return None
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        data = os.read(fd, size + 1)  # bounded: at most one byte more than expected
        after = os.fstat(fd)
    except OSError:  # a folder, a FIFO without data
        return None
    finally:
        os.close(fd)
    if not stat.S_ISREG(after.st_mode):
        return None
    return data, (after.st_size, after.st_mtime_ns, after.st_ctime_ns)


def read_regular_keyed(path: str, max_bytes: int) -> tuple[bytes, tuple[int, int, int]]:
    """:func:`read_regular` (same refusals and bound) and the file's :func:`stat_key`,
    taken from the open descriptor *after* reading: equal to a key recorded before (and
    not racily recent then), the bytes are the ones that were there when it was recorded.

    Why ``os.read`` into the size fstat gave: ``pack`` reads thousands of files, and a
    buffered file object per file cost more than the read itself."""
    fd, info = _open_regular(path)
    try:
        if info.st_size > max_bytes:
            raise FileTooLarge(path, info.st_size)
        # one read of the size fstat gave +1 byte: the size is the end of a regular file;
        # more (it grew) or less (shrank, or a short read): read on, bounded all the same
        data = os.read(fd, info.st_size + 1)
        if len(data) != info.st_size:
            parts = [data]
            size = len(data)
            while size <= max_bytes:
                chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
                if not chunk:
                    break
                parts.append(chunk)
                size += len(chunk)
            if size > max_bytes:
                raise FileTooLarge(path, size)
            data = b"".join(parts)
        after = os.fstat(fd)
    finally:
        os.close(fd)
    return data, (after.st_size, after.st_mtime_ns, after.st_ctime_ns)


_REASONS = {
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.EROFS: "das Dateisystem ist schreibgeschützt",
    errno.ENOTDIR: "ein Teil des Pfads ist eine Datei, kein Ordner",
    errno.EEXIST: "dort liegt schon eine Datei, kein Ordner",
    errno.EISDIR: "dort liegt ein Ordner, keine Datei",
    errno.ENOSPC: "kein Platz mehr auf dem Datenträger",
    errno.EDQUOT: "das Speicherkontingent ist erschöpft",
    errno.ENOENT: "der Pfad ist nicht erreichbar",
    errno.ENAMETOOLONG: "der Pfad ist zu lang",
    errno.ENXIO: "niemand liest aus dieser Pipe",
}


def naming_target(exc: OSError, target: Path, tmp: str) -> OSError:
    """``exc`` naming the file the user asked for instead of our temp file beside it (which
    the user never named and which is gone after the failure)."""
    name = exc.filename
    ours = name is None or name == tmp or (
        isinstance(name, str) and Path(name).parent == target.parent
        and Path(name).name.startswith(f".{target.name}.") and name.endswith(".tmp"))
    return OSError(exc.errno, exc.strerror, str(target)) if ours else exc


def write_failure(what: str, target: Path, exc: OSError) -> str:
    """The German sentence for an output that cannot be written, naming the user's target
    (``-o``) and the reason in German (``strerror`` is English or in the system's locale)."""
    reason = _german_reason(exc)
    where = exc.filename if exc.filename not in (None, str(target)) else None
    detail = f" ({where})" if where else ""
    return f"{what} kann nicht nach '{target}' geschrieben werden: {reason}{detail}"


def os_error_reason(exc: OSError) -> str:
    """German reason for an OSError (its ``strerror`` is English or in the system's locale)."""
    reason = _german_reason(exc)
    return f"{reason} ({exc.filename})" if exc.filename else reason


def _german_reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def register_input(path: Path) -> str | None:
    """``path`` as the register file it is (``steckbriefe/x.yaml im Register r``), or None:
    what the register around it reads (its manifest, its lock, a model, a Steckbrief)."""
    from prozesskit.register.discover import checked_path, find_root
    from prozesskit.validation.layout import LOCK_NAME, MANIFEST_NAME

    root = find_root(path)
    if root is None:
        return None
    rel = Path(os.path.relpath(path.resolve(), root)).as_posix()
    if rel in (MANIFEST_NAME, LOCK_NAME) or checked_path(rel, loose=False):
        return f"{rel} im Register {root}"
    return None


#: Folders whose files set up the repository, its CI, the editor or prozesskit itself
_SETUP_FOLDERS = {".git": "git", ".github": "GitHub (Workflows)", ".vscode": "VS Code",
                  ".prozesskit": "prozesskit (Editor-Schemas, Cache)"}
#: Files of that kind at any level (the CI file sits at the repository root)
_SETUP_FILES = {".gitlab-ci.yml": "die GitLab-Pipeline", ".gitignore": "git",
                ".gitattributes": "git", ".pre-commit-config.yaml": "pre-commit",
                ".pre-commit-hooks.yaml": "pre-commit"}


def setup_file(path: Path) -> str | None:
    """What a file that ``init`` or the user set up for git, CI or the editor is for, or
    None: a report written over ``.gitlab-ci.yml`` (a mistyped ``-o``) stops the pipeline
    without a word, one over the editor schema stops the editor's checks."""
    parts = path.resolve().parts
    folder = next((_SETUP_FOLDERS[part] for part in parts[:-1] if part in _SETUP_FOLDERS), None)
    return folder or _SETUP_FILES.get(path.name)


def refuse_backslash(path: Path, option: str = "-o") -> None:
    """On Linux and macOS a backslash is part of a file name, not a separator: ``-o
    'berichte\\q1.md'`` wrote a file of that name into the register, which git cannot check
    out on Windows. (On Windows the path is read with backslashes as separators.)"""
    if os.sep == "/" and "\\" in str(path):
        raise UsageError(f"{option} '{path}': Pfade bitte mit / angeben (hier ist \\ Teil des "
                         "Dateinamens, und solche Namen lassen sich unter Windows nicht "
                         f"auschecken), z. B. '{str(path).replace(chr(92), '/')}'")


def refuse_register_input(output: Path, option: str = "-o") -> None:
    """A usage error when ``output`` is an existing file of a register or a file set up for
    git, CI or the editor: never replaced by an output, not even with ``--force`` (nobody
    means to write a report over a Steckbrief or the pipeline; a typo or a shell variable
    gone wrong does)."""
    refuse_backslash(output, option)
    if not output.is_file():
        return
    which = register_input(output)
    if which is not None:
        raise UsageError(f"{option} '{output}' ist eine Datei des Registers ({which}) und wird "
                         "nicht überschrieben; bitte eine andere Ausgabedatei angeben")
    setup = setup_file(output)
    if setup is not None:
        raise UsageError(f"{option} '{output}' ist eine Datei für {setup} und wird nicht "
                         "überschrieben; bitte eine andere Ausgabedatei angeben")


def output_folder(output: Path, example: str) -> Path:
    """The existing folder an ``-o FILE`` goes into; a folder or a missing parent is a
    usage error (exit 2) that says what to give instead (``example``: a file name), and so
    is a file of a register (:func:`refuse_register_input`)."""
    refuse_register_input(output)
    if output.is_dir():
        raise UsageError(f"-o '{output}' ist ein Ordner; bitte einen Dateinamen angeben, "
                         f"z. B. {example}")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"Den Ordner '{folder}' für -o '{output}' gibt es nicht; bitte "
                         "zuerst anlegen")
    return folder


#: Characters a path may have and still be pasted into bash, PowerShell and cmd unquoted
_PLAIN_ARG = re.compile(r"[A-Za-z0-9_./\-\u00c0-\u024f][A-Za-z0-9_./:@+\-\u00c0-\u024f]*")
#: What PowerShell would expand inside double quotes: a variable ($name, ${…}, $(…), $?, $^,
#: $$, $env:…) or an escape (`)
_POWERSHELL_EXPANDS = re.compile(r"\$[\w{(?:^$]|`")


def shell_arg(value: object) -> str:
    """A path or name as it goes into a command we suggest (``Weiter: cd …``): unquoted when
    plain, else in double quotes, which bash, PowerShell and cmd read alike (Windows paths
    on network drives nearly always have spaces); POSIX single quotes only for the rare
    name with ``"``, ``$``, a backquote or a backslash, and on Windows PowerShell's single
    quotes for a name with a variable or a backquote in it."""
    text = str(value)
    if text and _PLAIN_ARG.fullmatch(text.replace("\\", "/") if os.name == "nt" else text):
        return text
    if os.name == "nt" and _POWERSHELL_EXPANDS.search(text):
        # PowerShell (Windows' default shell) expands $name and `x inside double quotes;
        # single quotes keep them ('' is a quote); the admin share \\srv\d$\ stays in "…"
        return "'" + text.replace("'", "''") + "'"
    if os.name == "nt" or not any(char in text for char in '"$`\\!'):
        return f'"{text}"'  # cmd and PowerShell: a backslash is a path separator, no escape
    import shlex

    return shlex.quote(text)
