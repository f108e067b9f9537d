"""Trust only cache files that this user's prozesskit wrote.

A cache says "this file has no problems". A register from a shared repo, an exchange
package or a merge request can bring its own ``.prozesskit/cache`` (git-ignored, but
``git add -f`` works): read blindly, a planted cache would turn CI green for broken files.
So every cache file starts with an HMAC over its content under a key kept outside the
register, in the user's cache folder (created with mode 0600). A file whose HMAC does not
match is ignored exactly like a missing one. A key file that others may read or that
belongs to someone else is not used: a key shipped inside a checkout (git writes 0644)
must not count.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

from prozesskit.settings import cache_root

KEY_FILE = "cache-key"
_MAGIC = b"PKSEAL2 "
_DIGEST_HEX = 64


def _usable(info: os.stat_result) -> bool:
    if not stat.S_ISREG(info.st_mode):
        return False
    if os.name == "nt":  # no POSIX modes; the user profile protects the folder
        return True
    return info.st_mode & 0o077 == 0 and info.st_uid == os.getuid()


def _read_key(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not _usable(os.fstat(handle.fileno())):
            return None
        key = handle.read(256).strip()
    return key if len(key) >= 32 else None


def _create_key(path: Path) -> None:
    """Write a new key under a temp name, then link it into place (never a half key)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_hex(32).encode())
        with contextlib.suppress(FileExistsError):  # another process was first: use its key
            os.link(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def cache_key() -> bytes | None:
    """This user's key; None (caches off) if it can neither be read nor created."""
    return _key_at(str(cache_root() / KEY_FILE))


@lru_cache(maxsize=4)
def _key_at(where: str) -> bytes | None:
    path = Path(where)
    key = _read_key(path)
    if key is not None:
        return key
    if path.exists() or path.is_symlink():
        return None  # there, but not trustworthy: do not overwrite what we did not write
    try:
        _create_key(path)
    except OSError:
        return None
    return _read_key(path)


def _digest(key: bytes, purpose: str, payload: bytes) -> bytes:
    mac = hmac.new(key, purpose.encode() + b"\0", hashlib.sha256)
    mac.update(payload)
    return mac.hexdigest().encode()


def seal(payload: bytes, *, purpose: str) -> bytes | None:
    """``payload`` with its HMAC in front; None when there is no key (then write nothing).

    ``purpose`` names the kind of file and is part of the HMAC: a sealed file of one kind
    (the per-file cache) is not accepted as another (the memo, whose decoder expects
    what only prozesskit writes there).
    """
    key = cache_key()
    if key is None:
        return None
    return _MAGIC + _digest(key, purpose, payload) + b"\n" + payload


def unseal(data: bytes, *, purpose: str) -> bytes | None:
    """The payload if this user's key sealed it for ``purpose``, else None."""
    key = cache_key()
    head = len(_MAGIC) + _DIGEST_HEX
    if key is None or not data.startswith(_MAGIC) or data[head : head + 1] != b"\n":
        return None
    payload = data[head + 1 :]
    expected = _digest(key, purpose, payload)
    return payload if hmac.compare_digest(expected, data[len(_MAGIC) : head]) else None


def read_sealed_json(path: Path, *, purpose: str, fingerprint: str) -> dict[str, Any] | None:
    """The JSON object of a sealed cache file written under ``fingerprint``; None for a
    missing, foreign, broken or outdated one (all mean "not cached")."""
    import orjson

    try:
        payload = unseal(path.read_bytes(), purpose=purpose)
        data = orjson.loads(payload) if payload is not None else None
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
        return None
    return data
