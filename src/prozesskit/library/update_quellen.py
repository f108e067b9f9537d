"""Which sources ``prozesskit update`` reads, and at which ref.

A source is named as the user knows it: its key in ``prozesskit.lock`` or its name in the
manifest's ``bibliotheken`` (``bibliothek@v2``), ``prozesskit:<blaupause>``, a git
URL``@ref``, a folder or a package; without one, every source in the lock at its tracked
ref (the manifest's ``bibliotheken[].ref``, else the import's). A word that is a locked
process id (or ``ID:feld``) is a target, not a source. Updating to a new ``@ref`` moves the
tracked ref in the manifest (round trip) and the lock.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prozesskit.errors import UsageError
from prozesskit.library.lock import LOCK_NAME, Lock, Quelle
from prozesskit.register.sources import Source, SourceKind
from prozesskit.validation.layout import MANIFEST_NAME, PROFILE_PREFIX


@dataclass(frozen=True, slots=True)
class Bibliothek:
    name: str
    url: str
    ref: str | None


def bibliotheken_of(root: Path) -> list[Bibliothek]:
    """The manifest's ``bibliotheken`` (read path): their ``ref`` is the tracked one."""
    from prozesskit.fsutil import read_regular
    from prozesskit.limits import MAX_YAML_BYTES
    from prozesskit.register.manifest import parse_manifest

    doc, _ = parse_manifest(read_regular(str(root / MANIFEST_NAME), MAX_YAML_BYTES))
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    entries = data.get("bibliotheken") or []
    found: list[Bibliothek] = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            ref = entry.get("ref")
            found.append(Bibliothek(str(entry.get("name") or ""), entry["url"],
                                     str(ref) if ref is not None else None))
    return found


def match_source(spec: str, lock: Lock, bibliotheken: list[Bibliothek]
                  ) -> tuple[str, str | None] | None:
    """(lock key, ref) of the source ``spec`` names, None if it names a locked process."""
    head, at, ref = spec.rpartition("@")
    name, wanted_ref = (head, ref) if at and head and "/" not in ref and ":" not in ref else (
        spec, None)
    if name in lock.quellen:
        return name, wanted_ref
    for bibliothek in bibliotheken:
        if bibliothek.name == name:
            key = _key_of(lock, "git", bibliothek.url)
            if key is not None:
                return key, wanted_ref
    if spec in lock.prozesse or spec.partition(":")[0] in lock.prozesse:
        return None  # a process (or one of its fields), not a source
    if spec.startswith(PROFILE_PREFIX):
        source = Source.parse(spec)
        key = next((key for key, q in lock.quellen.items()
                    if q.art == "blaupause" and q.ort == str(source)), None)
    else:
        if not any(mark in name for mark in ("/", ":", "\\")) and not Path(name).exists():
            if wanted_ref is not None:
                return _unknown(spec, lock)  # a name@ref that names no source
            return None  # a word: an id that is not in the lock (reported as such)
        source = Source.parse(spec)
        key = _key_of(lock, source.kind.value, source.location, source.path)
        if source.kind is SourceKind.GIT and source.ref is not None:
            return (key, source.ref) if key is not None else _unknown(spec, lock)
    if key is None:
        return _unknown(spec, lock)
    return key, None


def _key_of(lock: Lock, art: str, ort: str, pfad: str | None = None) -> str | None:
    if art == "git":
        from prozesskit.gitio import check_url

        ort = check_url(ort)
    elif art in ("ordner", "paket"):
        ort = str(Path(ort).resolve())
    for key, quelle in lock.quellen.items():
        if quelle.art == art and quelle.ort == ort and (art != "git" or quelle.pfad == pfad):
            return key
    return None


def _unknown(spec: str, lock: Lock) -> tuple[str, str | None]:
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


def source_for(key: str, quelle: Quelle, ref: str | None,
                bibliotheken: list[Bibliothek]) -> Source:
    """The source of a lock entry at the ref asked for, else the tracked one: the manifest's
    ``bibliotheken[].ref`` for the library's URL, else the ref of the import."""
    if quelle.art == "git":
        if ref is None:
            tracked = [b.ref for b in bibliotheken if b.url == quelle.ort]
            ref = tracked[0] if tracked else quelle.ref
        return Source(SourceKind.GIT, quelle.ort, ref, quelle.pfad)
    if ref is not None:
        raise UsageError(f"'@{ref}' gilt nur für git-Quellen; '{key}' ist {quelle.art} "
                         f"({quelle.ort})")
    if quelle.art == "blaupause":
        if not quelle.ort.startswith(PROFILE_PREFIX):
            raise UsageError(f"Die Quelle '{key}' ist eine Blaupause aus dem Katalog "
                             f"{quelle.ort}; aktualisieren lassen sich bisher nur die "
                             "eingebauten (prozesskit:kreis …)")
        return Source.parse(quelle.ort)
    if not Path(quelle.ort).exists():
        raise UsageError(f"Die Quelle '{key}' ({quelle.ort}) gibt es nicht mehr; ihre "
                         "Prozesse werden nicht abgeglichen (die Basis bleibt im Register). "
                         "Liegt sie jetzt woanders: dort neu importieren (prozesskit import)")
    return Source.parse(quelle.ort)



def manifest_refs(root: Path, quellen: Mapping[str, Quelle],
                   bibliotheken: Iterable[Bibliothek]) -> bytes | None:
    """The manifest with ``bibliotheken[].ref`` moved to the ref asked for (round trip), so
    that the next ``update`` tracks it; None when nothing changes."""
    refs = {q.ort: q.ref for q in quellen.values() if q.art == "git"}
    if not any(b.url in refs and b.ref != refs[b.url] for b in bibliotheken):
        return None
    from prozesskit.fsutil import read_regular
    from prozesskit.limits import MAX_YAML_BYTES
    from prozesskit.yamlio.edit import dump_text, load_text
    from prozesskit.yamlio.read import BOM, decode

    raw = read_regular(str(root / MANIFEST_NAME), MAX_YAML_BYTES)
    text, _ = decode(raw, MANIFEST_NAME)
    if text is None:
        return None
    doc: Any = load_text(text, MANIFEST_NAME)
    for entry in doc.get("bibliotheken") or []:
        if isinstance(entry, dict) and entry.get("url") in refs:
            ref = refs[entry["url"]]
            if ref is None:
                entry.pop("ref", None)
            else:
                entry["ref"] = ref
    out = dump_text(doc).encode("utf-8")
    return BOM + out if raw.startswith(BOM) else out
