"""The output folder of ``site``: incremental, atomic, and never touching foreign files.

A build manifest (``.prozesskit-site.json``) in the folder records every file the site
wrote: its sha256, size and the *key* of its inputs (for a process page: the Steckbrief's
and its models' hashes plus everything site-wide the page shows). A rebuild skips a page
whose key is unchanged and whose file is still there, writes a file only when its bytes
differ (temp file + rename, so a reader never sees half a page), and deletes only files
the manifest lists that the new build no longer makes. Files the site did not write are
left alone, and a folder that holds files but no manifest is refused without ``force``:
``-o`` pointing at the wrong folder must not scatter pages into someone's documents.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from prozesskit.errors import UsageError, WriteError
from prozesskit.fsutil import atomic_write_bytes, contained, os_error_reason
from prozesskit.validation.layout import MODELL_DIR, SITE_MANIFEST, STECKBRIEF_DIR

MANIFEST = SITE_MANIFEST
FORMAT = 1
GENERATOR = "prozesskit site"


@dataclass(frozen=True, slots=True)
class Entry:
    sha256: str
    size: int
    key: str


def _error(target: Path, exc: OSError) -> WriteError:
    return WriteError(f"Kann die Website nicht nach '{target}' schreiben: {os_error_reason(exc)}")


def _read_manifest(root: Path) -> dict[str, Entry] | None:
    """The entries of the manifest; None when there is none or it is not ours."""
    path = root / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("generator") != GENERATOR:
            return None
        return {str(rel): Entry(str(e["sha256"]), int(e["groesse"]), str(e["schluessel"]))
                for rel, e in data["dateien"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


#: Folders of a register the site must never write into: its Steckbriefe, models, cache and
#: schemas, and git's own
_REGISTER_FOLDERS = frozenset({STECKBRIEF_DIR, MODELL_DIR, ".prozesskit", ".git"})


def refuse_register_target(output: Path, register_root: Path | None) -> None:
    """The site beside the register's own files would take the register's models for its
    copies (same path ``modelle/<datei>``): it would record them as its own and delete one
    when a Steckbrief stops naming it. So the register folder itself and its working folders
    are no target, not even with ``--force``; a folder in the register such as ``public/``
    (GitLab Pages) is."""
    from prozesskit.register.discover import find_root

    around = find_root(output)
    if around is not None and (register_root is None or around != register_root.resolve()):
        register_root = around  # any register, not only the one the pages come from
    if register_root is None:  # a register read from git, a target outside any register
        return
    out, root = output.resolve(), register_root.resolve()
    inside = out.relative_to(root).parts if out.is_relative_to(root) else None
    if inside is None or (inside and inside[0] not in _REGISTER_FOLDERS):
        return
    where = (f"ein Ordner des Registers ({inside[0]}/)" if inside
             else "der Register-Ordner selbst")
    raise UsageError(
        f"Das Ziel '{output}' ist {where}: die Website würde dort Dateien des Registers als "
        "ihre eigenen übernehmen (Modelle unter modelle/) und später löschen. Bitte einen "
        "eigenen Ordner angeben, z. B. -o public (auch --force schreibt nicht ins Register)")


class SiteFolder:
    """Writes one build into ``root``; :meth:`finish` removes what the build no longer has."""

    def __init__(self, root: Path, *, force: bool) -> None:
        self.root = root
        if root.exists() and not root.is_dir():
            raise UsageError(f"Das Ziel '{root}' ist eine Datei, kein Ordner; bitte mit -o "
                             "einen Ordner angeben")
        old = _read_manifest(root) if root.is_dir() else None
        if old is None and root.is_dir() and any(root.iterdir()) and not force:
            raise UsageError(
                f"Der Ordner '{root}' ist nicht leer und enthält keine von prozesskit site "
                f"erstellte Website ({MANIFEST} fehlt). Damit keine fremden Dateien gemischt "
                "oder ersetzt werden, bitte einen leeren oder neuen Ordner mit -o angeben "
                "(oder --force, um die Website trotzdem dort hinein zu schreiben; fremde "
                "Dateien bleiben, gleichnamige werden ersetzt)")
        self.old: dict[str, Entry] = old or {}
        self.new: dict[str, Entry] = {}
        self.written: list[str] = []
        self.deleted: list[str] = []
        try:
            root.mkdir(parents=True, exist_ok=True)
            if old is None:  # claim the folder first: an interrupted first build is ours
                self._write_manifest({})
        except OSError as exc:
            raise _error(root, exc) from exc

    def current(self, rel: str, key: str) -> bool:
        """True (and the file kept) when ``rel`` was built from the same inputs and is
        still there with its size: nothing to render."""
        entry = self.old.get(rel)
        if entry is None or entry.key != key or not _same_size(self.root, rel, entry.size):
            return False
        self.new[rel] = entry
        return True

    def put(self, rel: str, data: bytes, key: str = "", digest: str | None = None) -> None:
        """Record ``rel`` with ``data``; write it only if its bytes differ from the file.
        ``digest``: the sha256 of ``data`` when known (a model copy: hashed when read)."""
        digest = digest or hashlib.sha256(data).hexdigest()
        entry = Entry(digest, len(data), key or digest)
        self.new[rel] = entry
        old = self.old.get(rel)
        if old is not None and old.sha256 == digest and _same_size(self.root, rel, len(data)):
            return
        target = contained(self.root, rel)
        if target.is_dir() and not target.is_symlink():
            raise UsageError(f"In der Website liegt ein Ordner, wo die Datei '{rel}' hingehört; "
                             "bitte den Ordner entfernen oder ein anderes Ziel wählen")
        try:
            atomic_write_bytes(target, data, durable=False)
        except OSError as exc:
            raise _error(target, exc) from exc
        self.written.append(rel)

    def finish(self) -> None:
        """Delete the files of the last build this build did not make; write the manifest."""
        for rel in sorted(set(self.old) - set(self.new)):
            target = self.root / rel
            try:
                target = contained(self.root, rel)
                if target.is_file() and not target.is_symlink():
                    target.unlink()
                    self.deleted.append(rel)
                    self._prune(target.parent)
            except OSError as exc:
                raise _error(target, exc) from exc
        try:
            self._write_manifest(self.new, durable=True)
        except OSError as exc:
            raise _error(self.root / MANIFEST, exc) from exc

    def _prune(self, folder: Path) -> None:
        root = self.root.resolve()
        while folder.resolve() != root and folder.resolve().is_relative_to(root):
            with contextlib.suppress(OSError):  # not empty: a foreign or current file
                folder.rmdir()
                folder = folder.parent
                continue
            break

    def _write_manifest(self, entries: dict[str, Entry], *, durable: bool = False) -> None:
        data = {
            "format": FORMAT,
            "generator": GENERATOR,
            "hinweis": "Von prozesskit site geschrieben: welche Dateien dieses Ordners zur "
                       "Website gehören. Nicht von Hand ändern.",
            "dateien": {rel: {"sha256": e.sha256, "groesse": e.size, "schluessel": e.key}
                        for rel, e in sorted(entries.items())},
        }
        raw = (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
        path = self.root / MANIFEST
        with contextlib.suppress(OSError):
            if not path.is_symlink() and path.read_bytes() == raw:
                return  # nothing changed: the folder stays untouched
        atomic_write_bytes(path, raw, durable=durable)


def _same_size(root: Path, rel: str, size: int) -> bool:
    """A regular file (not a link) of ``size`` bytes at ``rel``: one lstat, no path
    objects (asked for every file of the site on each run)."""
    try:
        info = os.lstat(os.path.join(root, rel))
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size == size
