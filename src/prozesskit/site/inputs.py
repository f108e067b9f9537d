"""What ``site`` reads: every Steckbrief's hash first, its parsed data only on request.

From a :class:`~prozesskit.register.view.Register` (a git checkout, a Blaupause, a
package) everything is parsed already. From a register folder (the usual ``prozesskit
site`` in a checkout, run again after each edit) the files are read and hashed (about
0.1 s for 2,000 Steckbriefe and 500 models), and a Steckbrief is parsed only when its
summary is not in the cache or its page must be drawn again. Parsing goes through the
register view's :func:`~prozesskit.register.view.load` over the bytes read here, so the
site sees exactly what ``validate`` and the Register API see, and each file is read once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prozesskit import limits
from prozesskit.register.discover import RegisterFiles, discover
from prozesskit.register.files import FolderStore, Unreadable
from prozesskit.register.view import ModelFile, Provenance, Register, SteckbriefFile, load


class _Read:
    """The bytes read while hashing; a file that could not be read is tried again by
    :func:`load`, which reports it the way the register view does."""

    def __init__(self, store: FolderStore, raw: Mapping[str, bytes]) -> None:
        self.store = store
        self.raw = raw

    def read(self, rel: str, max_bytes: int) -> bytes:
        data = self.raw.get(rel)
        return data if data is not None else self.store.read(rel, max_bytes)


@dataclass(frozen=True, slots=True)
class SiteInput:
    """``root``: the register folder (where the summary cache lives), None for a
    register held in memory; ``steckbriefe``: (path, sha256 or None if unreadable) in
    path order; ``manifest``: the manifest's data, None for a register without one."""

    root: Path | None
    location: str
    has_manifest: bool
    manifest: Any
    steckbriefe: tuple[tuple[str, str | None], ...]
    modelle: Mapping[str, ModelFile]
    _register: Register | None = None
    _files: RegisterFiles | None = None
    _read: _Read | None = None

    @classmethod
    def from_register(cls, register: Register) -> SiteInput:
        manifest = register.manifest
        return cls(None, register.provenance.location, manifest is not None,
                   manifest.data if manifest is not None else None,
                   tuple((s.path, s.sha256) for s in register.steckbriefe), register.modelle,
                   _register=register)

    @classmethod
    def from_folder(cls, root: Path) -> SiteInput:
        """``root``: a register folder, as :meth:`Register.check_root` returns it."""
        found = discover(root)
        store = FolderStore(root)
        raw: dict[str, bytes] = {}
        hashes: list[tuple[str, str | None]] = []
        for rel in found.steckbriefe:
            try:
                data = raw[rel] = store.read(rel, limits.MAX_YAML_BYTES)
            except Unreadable:
                hashes.append((rel, None))
                continue
            hashes.append((rel, hashlib.sha256(data).hexdigest()))
        read = _Read(store, raw)
        base = load(read, RegisterFiles(root, found.manifest, (), found.modelle, found.files),
                    Provenance("ordner", str(root)), root=root)
        manifest = base.manifest
        return cls(root, str(root), manifest is not None,
                   manifest.data if manifest is not None else None, tuple(hashes),
                   base.modelle, _files=found, _read=read)

    def parse(self, paths: Collection[str]) -> dict[str, SteckbriefFile]:
        """The Steckbriefe at ``paths``, parsed (their model links name no file here:
        :class:`~prozesskit.site.data.Summary` resolves them against :attr:`modelle`)."""
        if self._register is not None:
            wanted = set(paths)
            return {s.path: s for s in self._register.steckbriefe if s.path in wanted}
        assert self._files is not None and self._read is not None
        if not paths:
            return {}
        found = self._files
        subset = RegisterFiles(found.root, None, tuple(sorted(paths)), (), found.files)
        loaded = load(self._read, subset, Provenance("ordner", str(found.root)),
                      root=found.root)
        return {s.path: s for s in loaded.steckbriefe}
