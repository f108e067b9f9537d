"""What git's index already knows about the content of files: their blob ids.

After a fresh checkout every file has a new mtime and ctime, so the memo's stats no longer
match; hashing every file again to learn that nothing changed costs more than the patch
run itself. git has just written each file and recorded its stat and blob id in
``.git/index``: where the entry's stat equals the file's stat today (and the entry is not
"racily clean"), git vouches that the file holds that blob, and the memo can compare blob
ids without reading the file. The same knowledge answers which files differ from the index
(:func:`worktree_changes`) without ``git diff``, which re-reads every file written in the
same second as the index (all of them, right after a checkout).

Read-only and conservative: anything unusual (index version 4, a split or sparse index,
conflict stages, assume-unchanged or skip-worktree entries, a worktree's ``.git`` file we
cannot follow, a parse error) means "git vouches for nothing here", and the caller hashes
or asks git. No git process is started and GitPython is not imported: this runs on the CI
fast path.
"""

from __future__ import annotations

import hashlib
import os
import stat as st
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

#: (size, mtime_ns, ctime_ns) as :func:`prozesskit.fsutil.stat_key` takes it
StatKey = Sequence[int]

_HEAD = struct.Struct(">4sII")
_ENTRY = struct.Struct(">IIIIIIIIII20sH")  # ctime s/ns, mtime s/ns, dev, ino, mode, uid, gid,
#                                             size, sha1, flags
_EXTENDED = 0x4000
_ASSUME_VALID = 0x8000
_STAGE = 0x3000
_NAME_MASK = 0x0FFF
_SKIP_WORKTREE = 0x4000  # in the extended flags (v3)
_INTENT_TO_ADD = 0x2000
_LIMIT = 64 * 1024 * 1024  # an index larger than this is not read
_CHUNK = 1 << 20

#: (size, mtime s, mtime ns, ctime s, ctime ns) as the index stores them (32 bits each)
_Stat = tuple[int, int, int, int, int]


class _Entry(NamedTuple):
    """A named tuple: 2,500 of them per run, made at a third of a frozen dataclass's cost."""

    stat: _Stat
    mode: int
    sha1: bytes
    odd: bool  # a conflict stage, assume-unchanged, skip-worktree or intent-to-add


@dataclass(frozen=True)
class _Index:
    """The entries under one folder (names relative to it), and when the index was written."""

    entries: dict[str, _Entry]
    written: tuple[int, int]  # (s, ns) of the index file's mtime

    def vouches(self, entry: _Entry, stat: _Stat) -> bool:
        """git's own test, at nanoseconds: same stat, recorded before the index was written
        (a file changed in the same tick as the index would otherwise look clean)."""
        return (not entry.odd and entry.stat == stat
                and (entry.stat[1], entry.stat[2]) < self.written)


_cache: dict[tuple[str, int, int, int], _Index | None] = {}


def _git_dir(start: Path) -> tuple[Path, Path] | None:
    """(work tree root, git dir) of the repository ``start`` lies in."""
    for folder in (start, *start.parents):
        dot = folder / ".git"
        if dot.is_dir():
            return folder, dot
        if dot.is_file():  # a worktree or submodule: "gitdir: <path>"
            try:
                text = dot.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                return None
            if not text.startswith("gitdir:"):
                return None
            target = Path(text[len("gitdir:"):].strip())
            return folder, target if target.is_absolute() else (folder / target)
    return None


def _stat_fields(stat: StatKey) -> _Stat:
    size, mtime, ctime = stat[0], stat[1], stat[2]
    return (size & 0xFFFFFFFF, (mtime // 1_000_000_000) & 0xFFFFFFFF, mtime % 1_000_000_000,
            (ctime // 1_000_000_000) & 0xFFFFFFFF, ctime % 1_000_000_000)


def _index(root: Path) -> _Index | None:
    """The index entries under ``root`` (resolved), read once per process and index state."""
    found = _git_dir(root)
    if found is None:
        return None
    top, git_dir = found
    index = git_dir / "index"
    info = index.stat()
    key = (str(root), info.st_mtime_ns, info.st_size, info.st_ino)
    if key not in _cache:
        if info.st_size > _LIMIT:
            return None
        prefix = root.relative_to(top.resolve()).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        _cache.clear()  # one repository per run: keep only the latest
        _cache[key] = _parse(index.read_bytes(), prefix.encode("utf-8", "surrogateescape"),
                             (info.st_mtime_ns // 1_000_000_000, info.st_mtime_ns % 1_000_000_000))
    return _cache[key]


def _parse(data: bytes, prefix: bytes, written: tuple[int, int]) -> _Index | None:
    signature, version, count = _HEAD.unpack_from(data, 0)
    if signature != b"DIRC" or version not in (2, 3):
        return None
    entries: dict[str, _Entry] = {}
    cut = len(prefix)
    offset = 12
    for _ in range(count):
        (c_s, c_ns, m_s, m_ns, _dev, _ino, mode, _uid, _gid, size, sha1,
         flags) = _ENTRY.unpack_from(data, offset)
        start = offset
        offset += _ENTRY.size
        extended = 0
        if flags & _EXTENDED:
            if version < 3:
                return None
            (extended,) = struct.unpack_from(">H", data, offset)
            offset += 2
        end = data.index(b"\0", offset)
        name = data[offset:end]
        if flags & _NAME_MASK != min(len(name), _NAME_MASK):
            return None  # not the layout we read: trust nothing
        offset = start + ((end - start) // 8 + 1) * 8  # NUL-padded to a multiple of 8
        if not name.startswith(prefix):
            continue
        odd = bool(flags & (_ASSUME_VALID | _STAGE)
                   or extended & (_SKIP_WORKTREE | _INTENT_TO_ADD))
        entries[name[cut:].decode("utf-8", "surrogateescape")] = _Entry(
            (size, m_s, m_ns, c_s, c_ns), mode, sha1, odd)
    if _has_extension(data, offset, (b"link", b"sdir")):
        return None  # split or sparse index: the entries above are not the whole story
    return _Index(entries, written)


def vouched_blobs(root: Path, stats: Mapping[str, StatKey | None]) -> dict[str, str]:
    """Blob ids git's index vouches for: ``stats`` are register-relative paths with the
    stat of the file as it is now; only entries recorded with that very stat, before the
    index was written (not racily clean), are returned."""
    try:
        index = _index(root.resolve())
    except (OSError, ValueError, struct.error):
        return {}
    if index is None:
        return {}
    out: dict[str, str] = {}
    for rel, stat in stats.items():
        entry = index.entries.get(rel)
        if stat is not None and entry is not None and index.vouches(entry, _stat_fields(stat)):
            out[rel] = entry.sha1.hex()
    return out


def worktree_changes(root: Path) -> frozenset[str] | None:
    """Tracked files under ``root`` whose working-tree content may differ from the index
    (names relative to ``root``): deleted, of another kind, or not vouched for and holding
    another blob. None where the index is unusual (a submodule too): ask git instead.

    A superset of what ``git diff`` says, never less: a file git would call unchanged
    despite other bytes (line-ending or clean filters) is named here, so the caller lets
    git decide about the few named files.
    """
    try:
        base = root.resolve()
        index = _index(base)
    except (OSError, ValueError, struct.error):
        return None
    if index is None:
        return None
    out: set[str] = set()
    prefix = os.path.join(base, "")
    for rel, entry in index.entries.items():
        kind = entry.mode >> 12
        if entry.odd or kind not in (0o10, 0o12):  # 0o16: a submodule's commit
            return None
        path = prefix + rel
        try:
            info = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            out.add(rel)
            continue
        except OSError:
            return None
        now = _stat_fields((info.st_size, info.st_mtime_ns, info.st_ctime_ns))
        if (kind == 0o10 and not st.S_ISREG(info.st_mode)) \
                or (kind == 0o12 and not st.S_ISLNK(info.st_mode)):
            out.add(rel)
        elif (entry.mode & 0o100) != (info.st_mode & 0o100) and kind == 0o10:
            out.add(rel)  # git may or may not care (core.fileMode): it decides
        elif index.vouches(entry, now):
            continue
        elif now[0] != entry.stat[0] or _blob_id(path, info) != entry.sha1:
            out.add(rel)
    return frozenset(out)


def blob_id(raw: bytes) -> str:
    """The id git gives these bytes as a blob (SHA-1 repositories): a file whose content
    is in the work tree needs no read from the object store."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


def _blob_id(path: str, info: os.stat_result) -> bytes | None:
    """:func:`blob_id` of the file, read in pieces (a symlink: of its target text); None if
    unreadable."""
    try:
        if st.S_ISLNK(info.st_mode):
            return bytes.fromhex(blob_id(os.readlink(os.fsencode(path))))
        digest = hashlib.sha1(b"blob %d\0" % info.st_size, usedforsecurity=False)
        read = 0
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        with os.fdopen(os.open(path, flags), "rb", buffering=0) as handle:
            if not st.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None  # swapped for a FIFO or device since lstat: never read
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                read += len(chunk)
        return digest.digest() if read == info.st_size else None
    except OSError:
        return None


def _has_extension(data: bytes, offset: int, names: tuple[bytes, ...]) -> bool:
    end = len(data) - 20  # the trailing checksum
    while offset + 8 <= end:
        name, size = struct.unpack_from(">4sI", data, offset)
        if name in names:
            return True
        offset += 8 + size
    return False
