"""Content-hash cache of per-file results in ``.prozesskit/cache``.

Keyed by the file's sha256 and the configuration fingerprint (rule set, levels, options,
register settings, prozesskit version): an unchanged file under an unchanged configuration
is not re-checked; any config change starts a fresh cache. Stored as JSON, never pickle:
a cache folder committed to a shared repo must not be able to run code; and sealed with
this user's key (:mod:`prozesskit.validation.seal`), so that such a folder cannot claim results.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from prozesskit.fsutil import atomic_write_bytes, atomic_write_text, no_link_below
from prozesskit.validation.layout import CACHE_DIR
from prozesskit.validation.seal import read_sealed_json, seal

CACHE_FILE = "validate-v4.json"
SEAL_PURPOSE = "prozesskit per-file cache"


@dataclass(frozen=True, slots=True)
class CachedFile:
    sha256: str
    problems: list[Any]  # problem.problems_to_rows (lists once read back from JSON)
    facts: dict[str, Any] | None
    stat: tuple[int, ...] = (-1, -1, -1)  # (size, mtime_ns, ctime_ns) when hashed


def _stat(value: Any) -> tuple[int, ...]:
    if isinstance(value, list) and len(value) == 3 and all(isinstance(v, int) for v in value):
        return tuple(value)
    return (-1, -1, -1)


def _entry(value: Any) -> CachedFile | None:
    """One cache entry, or None if it is not what we wrote (hand-edited, other version)."""
    if not isinstance(value, dict):
        return None
    sha, problems, facts = value.get("sha256"), value.get("problems"), value.get("facts")
    if not isinstance(sha, str) or not isinstance(problems, list):
        return None
    if facts is not None and not isinstance(facts, dict):
        return None
    return CachedFile(sha, problems, facts, _stat(value.get("stat")))


class ResultCache:
    def __init__(self, root: Path, fingerprint: str) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        # a symlinked .prozesskit or cache folder: no cache (nothing read or written there)
        self.usable = no_link_below(root, f"{CACHE_DIR}/{CACHE_FILE}")
        self.fingerprint = fingerprint
        self.entries: dict[str, CachedFile] = {}
        self.dirty = False

    def load(self) -> None:
        """Read the cache; anything unexpected in it just means 'not cached'."""
        if not self.usable:
            return
        data = read_sealed_json(self.path, purpose=SEAL_PURPOSE, fingerprint=self.fingerprint)
        if data is None:
            return
        files = data.get("files")
        if not isinstance(files, dict):
            return
        for rel, value in files.items():
            entry = _entry(value)
            if entry is not None:
                self.entries[str(rel)] = entry

    def get(self, rel: str, sha256: str) -> CachedFile | None:
        entry = self.entries.get(rel)
        return entry if entry is not None and entry.sha256 == sha256 else None

    def get_by_stat(self, rel: str, stat: tuple[int, ...]) -> CachedFile | None:
        """Entry whose file has the same size, mtime and ctime as when it was hashed.

        Like git's index: such a file is not read again. ctime cannot be set back by tools
        that restore mtimes (cp -p, rsync -a, tar), so a changed file is never mistaken for
        an unchanged one; on any stat difference the caller confirms by content hash.
        """
        entry = self.entries.get(rel)
        return entry if entry is not None and entry.stat == stat else None

    def confirm(self, rel: str, sha256: str, stat: tuple[int, ...]) -> CachedFile | None:
        """Entry for unchanged content whose stat changed (checkout, cache restored in CI)."""
        entry = self.get(rel, sha256)
        if entry is not None and entry.stat != stat:
            entry = CachedFile(entry.sha256, entry.problems, entry.facts, stat)
            self.put(rel, entry)
        return entry

    def put(self, rel: str, entry: CachedFile) -> None:
        self.entries[rel] = entry
        self.dirty = True

    def prune(self, keep: set[str]) -> None:
        for rel in set(self.entries) - keep:
            del self.entries[rel]
            self.dirty = True

    def save(self) -> None:
        if not self.dirty or not self.usable:
            return
        payload = {
            "fingerprint": self.fingerprint,
            "files": {
                rel: {"sha256": e.sha256, "stat": list(e.stat), "problems": e.problems,
                      "facts": e.facts}
                for rel, e in sorted(self.entries.items())
            },
        }
        with contextlib.suppress(OSError, TypeError):  # TypeError: data orjson cannot write
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # inside the cache folder, ignoring the folder and itself: git status stays clean
            # (a file beside it, in .prozesskit/, would show up as untracked)
            gitignore = self.path.parent / ".gitignore"
            if not gitignore.exists():
                atomic_write_text(gitignore, "*\n")
            sealed = seal(orjson.dumps(payload), purpose=SEAL_PURPOSE)
            if sealed is not None:
                atomic_write_bytes(self.path, sealed, durable=False)
