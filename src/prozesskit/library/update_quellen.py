"""Which sources ``prozesskit update`` reads, and at which ref.

The same sources as ``diff`` (:mod:`prozesskit.library.ziele` resolves them for both): its
key in ``prozesskit.lock`` or its name in the manifest's ``bibliotheken`` (``bibliothek@v2``),
``prozesskit:<blaupause>``, a git URL``@ref``, a folder or a package; without one, every
source in the lock at its tracked ref (the manifest's ``bibliotheken[].ref``, else the
import's). A locked process id (or ``ID:feld``) is a target, not a source. Updating to a new
``@ref`` moves the tracked ref in the manifest (round trip) and the lock.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prozesskit.credentials import url_key, without_credentials
from prozesskit.errors import UsageError
from prozesskit.library.lock import LOCK_NAME, Lock, Quelle
from prozesskit.library.ziele import default_targets, is_source_spec, resolve_target
from prozesskit.register.sources import Source
from prozesskit.register.view import Register
from prozesskit.validation.layout import MANIFEST_NAME


@dataclass(frozen=True, slots=True)
class Bibliothek:
    name: str
    url: str
    ref: str | None


def bibliotheken_of(local: Register) -> list[Bibliothek]:
    """The manifest's ``bibliotheken`` (read path): their ``ref`` is the tracked one."""
    data = local.manifest.data if local.manifest is not None else None
    entries = data.get("bibliotheken") if isinstance(data, dict) else None
    found: list[Bibliothek] = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            ref = entry.get("ref")
            found.append(Bibliothek(str(entry.get("name") or ""), entry["url"],
                                    str(ref) if ref is not None else None))
    return found


@dataclass(frozen=True, slots=True)
class Auswahl:
    """The sources to update (lock key and how to open it), notes on skipped ones, and
    whether the first argument was a process instead of a source."""

    quellen: list[tuple[str, Source]]
    hinweise: list[str]
    war_ziel: bool = False


def choose(local: Register, lock: Lock, spec: str | None) -> Auswahl:
    """The sources ``spec`` names (:mod:`~prozesskit.library.ziele`, shared with ``diff``),
    or every source of the lock at its tracked ref; only sources with locked processes
    count (``update`` merges what was imported, ``import`` takes what is new)."""
    if spec is not None and not _is_target(local, lock, spec):
        name, at, _ = spec.partition("@")
        if at and not any(mark in name for mark in ("/", ":", "\\")) and not Path(
                name).exists() and name not in lock.quellen and name not in {
                b.name for b in bibliotheken_of(local)}:
            _unknown(spec, lock)  # a name@ref that names no source (not a git URL)
        ziel = resolve_target(local, lock, spec)
        if ziel.key is None:
            _unknown(spec, lock)
        assert ziel.key is not None
        return Auswahl([(ziel.key, ziel.source)], [])
    ziele, notes = default_targets(local, lock)
    return Auswahl([(ziel.key, ziel.source) for ziel in ziele if ziel.key is not None], notes,
                   spec is not None)


def _is_target(local: Register, lock: Lock, spec: str) -> bool:
    """A locked process (or ``ID:feld``) or a word that is no source: an id, not a source."""
    if spec in lock.prozesse or spec.partition(":")[0] in lock.prozesse:
        return True
    return not is_source_spec(local, lock, spec)


def _unknown(spec: str, lock: Lock) -> None:
    known = ", ".join(f"{key} ({quelle.ort})" for key, quelle in sorted(lock.quellen.items()))
    raise UsageError(f"Aus der Quelle '{spec}' wurde nichts importiert ({LOCK_NAME} kennt sie "
                     f"nicht); bekannte Quellen: {known or 'keine'}. Neue Prozesse übernimmt "
                     "'prozesskit import'")


def check_ids(ids: list[str], lock: Lock, keys: set[str] | None) -> None:
    for wanted in ids:
        prozess = lock.prozesse.get(wanted)
        if prozess is None:
            close = difflib.get_close_matches(wanted, list(lock.prozesse), n=3)
            hint = f"; meinten Sie {', '.join(close)}?" if close else ""
            raise UsageError(f"'{wanted}' ist weder eine Quelle noch ein übernommener Prozess "
                             f"in {LOCK_NAME}{hint}")
        if keys is not None and prozess.quelle not in keys:
            raise UsageError(f"'{wanted}' stammt aus der Quelle '{prozess.quelle}', nicht aus "
                             f"{', '.join(sorted(keys))}")


def manifest_refs(root: Path, quellen: Mapping[str, Quelle],
                   bibliotheken: Iterable[Bibliothek]) -> bytes | None:
    """The manifest with ``bibliotheken[].ref`` moved to the ref asked for (round trip), so
    that the next ``update`` tracks it; None when nothing changes."""
    refs = {without_credentials(q.ort): q.ref for q in quellen.values() if q.art == "git"}
    if not any(url_key(b.url) in refs and b.ref != refs[url_key(b.url)] for b in bibliotheken):
        return None

    def change(doc: Any) -> None:
        for entry in doc.get("bibliotheken") or []:
            if isinstance(entry, dict) and url_key(entry.get("url")) in refs:
                ref = refs[url_key(entry.get("url"))]
                if ref is None:
                    entry.pop("ref", None)
                else:
                    entry["ref"] = ref

    return _edited_manifest(root, change)


def manifest_umzug(root: Path, lock: Lock, neu: Mapping[str, Quelle],
                   bibliotheken: Iterable[Bibliothek]) -> bytes | None:
    """``--statt``: the manifest's ``bibliotheken`` follow the move (round trip): the old
    library's entry gets the new URL and ref, or goes when the new source is no git
    library; a new git library is listed (as ``import`` lists it). None: nothing changes."""
    listed = {url_key(b.url) for b in bibliotheken}
    changes: dict[str, Quelle | None] = {}  # old URL → new git source or None (remove)
    added: list[tuple[str, Quelle]] = []
    for key, quelle in neu.items():
        alt = lock.quellen[key]
        if alt.art == "git" and url_key(alt.ort) in listed:
            changes[url_key(alt.ort)] = quelle if quelle.art == "git" else None
        elif quelle.art == "git" and quelle.ort not in listed:
            added.append((key, quelle))
    if not changes and not added:
        return None
    def change(doc: Any) -> None:
        _move_entries(doc.get("bibliotheken") or [], changes)
        for key, quelle in added:
            list_library(doc, key, quelle)

    return _edited_manifest(root, change)


def _edited_manifest(root: Path, change: Callable[[Any], None]) -> bytes | None:
    """The register's manifest with ``change`` applied through the round trip."""
    from prozesskit.fsutil import read_regular
    from prozesskit.limits import MAX_YAML_BYTES
    from prozesskit.yamlio.edit import edited

    raw = read_regular(str(root / MANIFEST_NAME), MAX_YAML_BYTES)
    return edited(raw, MANIFEST_NAME, change)


def list_library(doc: Any, key: str, quelle: Quelle) -> None:
    """Append a git library to the manifest's ``bibliotheken`` (round-trip document), as
    ``import`` lists a new one and ``update --statt`` a moved one."""
    from prozesskit.yamlio.edit import to_commented

    entry = {"name": key, "url": quelle.ort, **({"ref": quelle.ref} if quelle.ref else {})}
    if doc.get("bibliotheken") is None:
        doc["bibliotheken"] = to_commented([entry])
    else:
        doc["bibliotheken"].append(to_commented(entry))


def _move_entries(entries: Any, changes: Mapping[str, Quelle | None]) -> None:
    """Each listed library whose URL moved: the new URL and ref, or out of the list."""
    for index in reversed(range(len(entries))):
        entry = entries[index]
        if not isinstance(entry, dict) or url_key(entry.get("url")) not in changes:
            continue
        target = changes[url_key(entry.get("url"))]
        if target is None:
            del entries[index]
            continue
        entry["url"] = target.ort
        if target.ref is None:
            entry.pop("ref", None)
        else:
            entry["ref"] = target.ref
