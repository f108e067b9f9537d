"""Atomic writes and path containment, used by every command that writes files.

A crash or Ctrl-C must never leave a half-written Steckbrief, and a path taken from
untrusted input (a shared repo, a package) must never escape the target folder.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from prozesskit.errors import InputError


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


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def contained(root: Path, relative: str) -> Path:
    """Resolve ``relative`` below ``root``; refuse absolute paths, ``..`` and symlink escapes."""
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts or relative.startswith(("/", "\\")):
        raise InputError(f"Pfad '{relative}' liegt außerhalb des Zielordners und wird abgelehnt")
    resolved = (root / candidate).resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise InputError(f"Pfad '{relative}' zeigt über einen Link aus dem Zielordner hinaus")
    return resolved


def posix_relative(path: Path, root: Path) -> str:
    """Path as shown in reports: relative to the register root when inside it, POSIX style."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def stat_key(path: str) -> tuple[int, int, int] | None:
    """(size, mtime_ns, ctime_ns), as git's index compares them; None if it cannot be read.

    ctime cannot be set back by tools that restore mtimes (cp -p, rsync -a, tar), so an
    edited file never looks unchanged.
    """
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns)
