"""Content-hash cache of per-file results in ``.prozesskit/cache``.

Keyed by the file's sha256 and the configuration fingerprint (rule set, levels, options,
register settings, prozesskit version): an unchanged file under an unchanged configuration
is not re-checked; any config change starts a fresh cache. Stored as JSON, never pickle:
a cache folder committed to a shared repo must not be able to run code.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prozesskit.fsutil import atomic_write_text

CACHE_DIR = ".prozesskit/cache"
CACHE_FILE = "validate-v2.json"


@dataclass(frozen=True, slots=True)
class CachedFile:
    sha256: str
    problems: list[list[Any]]  # Problem.to_row()
    facts: dict[str, Any] | None
    stat: tuple[int, int] = (-1, -1)  # (size, mtime_ns) when the hash was taken


def _stat(value: Any) -> tuple[int, int]:
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return value[0], value[1]
    return (-1, -1)


class ResultCache:
    def __init__(self, root: Path, fingerprint: str) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        self.fingerprint = fingerprint
        self.entries: dict[str, CachedFile] = {}
        self.dirty = False

    def load(self) -> None:
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("fingerprint") != self.fingerprint:
                return
            self.entries = {
                rel: CachedFile(e["sha256"], e["problems"], e.get("facts"),
                                _stat(e.get("stat")))
                for rel, e in data["files"].items()
            }

    def get(self, rel: str, sha256: str) -> CachedFile | None:
        entry = self.entries.get(rel)
        return entry if entry is not None and entry.sha256 == sha256 else None

    def get_by_stat(self, rel: str, stat: tuple[int, int]) -> CachedFile | None:
        """Entry whose file has the same size and mtime as when it was hashed.

        Like git's index: a file whose size and nanosecond mtime are unchanged is not read
        again. Any write changes the mtime, so the content hash stays the real key.
        """
        entry = self.entries.get(rel)
        return entry if entry is not None and entry.stat == stat else None

    def put(self, rel: str, entry: CachedFile) -> None:
        self.entries[rel] = entry
        self.dirty = True

    def prune(self, keep: set[str]) -> None:
        for rel in set(self.entries) - keep:
            del self.entries[rel]
            self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        payload = {
            "fingerprint": self.fingerprint,
            "files": {
                rel: {"sha256": e.sha256, "stat": list(e.stat), "problems": e.problems,
                      "facts": e.facts}
                for rel, e in sorted(self.entries.items())
            },
        }
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.path.parent.parent / ".gitignore"
            if not gitignore.exists():
                atomic_write_text(gitignore, "cache/\n")
            atomic_write_text(
                self.path, json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            )
