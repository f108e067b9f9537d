"""What git's index already knows about the content of files: their blob ids.

After a fresh checkout every file has a new mtime and ctime, so the memo's stats no longer
match; hashing every file again to learn that nothing changed costs more than the patch
run itself. git has just written each file and recorded its stat and blob id in
``.git/index``: where the entry's stat equals the file's stat today (and the entry is not
"racily clean"), git vouches that the file holds that blob, and the memo can compare blob
ids without reading the file.

Read-only and conservative: anything unusual (index version 4, a split or sparse index,
conflict stages, assume-unchanged or skip-worktree entries, a worktree's ``.git`` file we
cannot follow, a parse error) means "git vouches for nothing here", and the caller hashes.
No git process is started and GitPython is not imported: this runs on the CI fast path.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from pathlib import Path

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


def _stat_fields(stat: StatKey) -> tuple[int, int, int, int, int]:
    size, mtime, ctime = stat[0], stat[1], stat[2]
    return (size & 0xFFFFFFFF, (mtime // 1_000_000_000) & 0xFFFFFFFF, mtime % 1_000_000_000,
            (ctime // 1_000_000_000) & 0xFFFFFFFF, ctime % 1_000_000_000)


def vouched_blobs(root: Path, stats: Mapping[str, StatKey | None]) -> dict[str, str]:
    """Blob ids git's index vouches for: ``stats`` are register-relative paths with the
    stat of the file as it is now; only entries recorded with that very stat, before the
    index was written (not racily clean), are returned."""
    try:
        return _vouched(root.resolve(), stats)
    except (OSError, ValueError, struct.error, UnicodeDecodeError):
        return {}


def _vouched(root: Path, stats: Mapping[str, StatKey | None]) -> dict[str, str]:
    found = _git_dir(root)
    if found is None:
        return {}
    top, git_dir = found
    prefix = root.relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    index = git_dir / "index"
    info = index.stat()
    if info.st_size > _LIMIT:
        return {}
    data = index.read_bytes()
    signature, version, count = _HEAD.unpack_from(data, 0)
    if signature != b"DIRC" or version not in (2, 3):
        return {}
    wanted = {(prefix + rel).encode("utf-8"): rel for rel, stat in stats.items()
              if stat is not None}
    index_mtime = (info.st_mtime_ns // 1_000_000_000, info.st_mtime_ns % 1_000_000_000)
    out: dict[str, str] = {}
    offset = 12
    for _ in range(count):
        (c_s, c_ns, m_s, m_ns, _dev, _ino, _mode, _uid, _gid, size, sha1,
         flags) = _ENTRY.unpack_from(data, offset)
        start = offset
        offset += _ENTRY.size
        extended = 0
        if flags & _EXTENDED:
            if version < 3:
                return {}
            (extended,) = struct.unpack_from(">H", data, offset)
            offset += 2
        end = data.index(b"\0", offset)
        name = data[offset:end]
        if flags & _NAME_MASK != min(len(name), _NAME_MASK):
            return {}  # not the layout we read: trust nothing
        offset = start + ((end - start) // 8 + 1) * 8  # NUL-padded to a multiple of 8
        rel = wanted.get(name)
        if (rel is None or flags & (_ASSUME_VALID | _STAGE)
                or extended & (_SKIP_WORKTREE | _INTENT_TO_ADD)):
            continue
        stat = stats[rel]
        assert stat is not None
        if (size, m_s, m_ns, c_s, c_ns) != _stat_fields(stat):
            continue
        if (m_s, m_ns) >= index_mtime:  # racily clean: git itself would look again
            continue
        out[rel] = sha1.hex()
    if _has_extension(data, offset, (b"link", b"sdir")):
        return {}  # split or sparse index: the entries above are not the whole story
    return out


def _has_extension(data: bytes, offset: int, names: tuple[bytes, ...]) -> bool:
    end = len(data) - 20  # the trailing checksum
    while offset + 8 <= end:
        name, size = struct.unpack_from(">4sI", data, offset)
        if name in names:
            return True
        offset += 8 + size
    return False
