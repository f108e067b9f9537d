"""Which sources ``prozesskit diff`` (and ``update``) compares a register with.

By default every source the register tracks: the sources in ``prozesskit.lock`` (a library
at the ref the manifest's ``bibliotheken`` names now, else at the ref it was imported at),
libraries of the manifest not imported from yet, and the built-in Blaupause the register
was made from. On the command line a source is a lock key or a library's name from the
manifest (``bibliothek@v3``: at another ref) or anything ``import`` takes (folder, git
URL@ref, package, ``prozesskit:kreis``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prozesskit.credentials import url_key, without_credentials
from prozesskit.errors import InputError
from prozesskit.library.lock import LOCK_NAME, Lock, Quelle
from prozesskit.register.sources import BLAUPAUSEN, Source, SourceKind
from prozesskit.register.view import Register


@dataclass(frozen=True, slots=True)
class Ziel:
    """One source to compare with: how to open it and its key in the lock (if any)."""

    source: Source
    key: str | None
    shown: str


# -- which sources -----------------------------------------------------------------------------

def _spec(quelle: Quelle, ref: str | None) -> str:
    if quelle.art == "git":
        text = quelle.ort + (f"@{ref}" if ref else "")
        return text + (f"#{quelle.pfad}" if quelle.pfad else "")
    return quelle.ort


def _manifest_libraries(local: Register) -> list[dict[str, Any]]:
    data = local.manifest.data if local.manifest is not None else None
    entries = data.get("bibliotheken") if isinstance(data, dict) else None
    return [entry for entry in entries or [] if isinstance(entry, dict)
            and isinstance(entry.get("url"), str) and entry["url"]]


def _builtin_blaupause(local: Register) -> str | None:
    """``prozesskit:kreis`` for a register made from a built-in Blaupause, else None."""
    data = local.manifest.data if local.manifest is not None else None
    blaupause = data.get("blaupause") if isinstance(data, dict) else None
    if not isinstance(blaupause, dict) or blaupause.get("quelle") != "eingebaut":
        return None
    name = str(blaupause.get("name", "")).rpartition("/")[2]
    return f"prozesskit:{name}" if name in BLAUPAUSEN else None


def default_targets(local: Register, lock: Lock) -> tuple[list[Ziel], list[str]]:
    """Every source the register tracks: the lock's sources (a library at the ref the
    manifest's ``bibliotheken`` names now, else the one imported at), libraries of the
    manifest not imported from yet, and a built-in Blaupause. Plus notes on sources that
    cannot be compared."""
    targets: list[Ziel] = []
    notes: list[str] = []
    # keyed as the lock records URLs (without credentials); the URL as written is the one cloned
    tracked = {url_key(entry["url"]): (str(entry["url"]), entry.get("ref"))
               for entry in _manifest_libraries(local)}
    seen: set[str] = set()
    for key, quelle in sorted(lock.quellen.items()):
        if is_katalog(quelle):
            katalog = katalog_source(key, quelle, quelle.ref)
            seen.add(quelle.ort)
            targets.append(Ziel(katalog, key, str(katalog)))
            continue
        ref = quelle.ref
        plain = without_credentials(quelle.ort)
        if quelle.art == "git" and plain in tracked and tracked[plain][1]:
            ref = str(tracked[plain][1])
        spec = _spec(quelle, ref)
        seen.add(plain)
        targets.append(Ziel(_locked(key, quelle, spec), key, spec))
    for url, (written, ref) in tracked.items():
        if url not in seen:
            spec = written + (f"@{ref}" if ref else "")
            seen.add(url)
            targets.append(Ziel(_parse(spec), None, spec))
    builtin = _builtin_blaupause(local)
    if builtin is not None and builtin not in seen:
        targets.append(Ziel(_parse(builtin), None, builtin))
    return targets, notes


def _parse(spec: str) -> Source:
    return Source.parse(spec)


def is_katalog(quelle: Quelle) -> bool:
    """A Blaupause of a catalogue of one's own (not ``prozesskit:<name>``)."""
    return quelle.art == "blaupause" and not quelle.ort.startswith("prozesskit:")


def katalog_source(key: str, quelle: Quelle, ref: str | None) -> Source:
    """A catalogue Blaupause of the lock: its folder (as ``init`` recorded it, absolute) or
    its git URL at ``ref`` (None: the default branch, the catalogue's newest state)."""
    if Path(quelle.ort).is_absolute():
        if not Path(quelle.ort).is_dir():
            _locked(key, quelle.model_copy(update={"art": "ordner"}), quelle.ort)
        return Source(SourceKind.KATALOG, quelle.ort, None, quelle.name)
    return Source(SourceKind.KATALOG, quelle.ort, ref, quelle.name)


def _locked(key: str, quelle: Quelle, spec: str) -> Source:
    """A source of the lock, opened as recorded; a folder or file that is gone is an error
    that says so and what to do (not the generic "gibt es nicht" of a typo)."""
    if quelle.art in ("ordner", "paket", "xprozess") and not Path(quelle.ort).exists():
        was = "Der Ordner" if quelle.art == "ordner" else "Die Datei"
        raise InputError(
            f"{was} der Quelle '{key}' ({quelle.ort}, eingetragen in {LOCK_NAME}) ist "
            "nicht mehr da; abgebrochen, nichts verglichen und nichts geschrieben. Was tun: "
            "den Ordner bzw. die Datei wiederherstellen, oder die Prozesse an den neuen Ort "
            f"binden: prozesskit update NEUER_ORT --statt {key}, oder nur andere Quellen "
            "nennen: prozesskit diff QUELLE bzw. prozesskit update QUELLE",
            file=LOCK_NAME)
    return _parse(spec)


def lock_key(lock: Lock, source: Source) -> str | None:
    """The lock's key for a source (the same identity ``import`` uses), or None."""
    wanted: tuple[str, str, str | None, str | None]
    if source.kind is SourceKind.GIT:
        from prozesskit.gitio import check_url

        wanted = ("git", without_credentials(check_url(source.location)), source.path, None)
    elif source.kind is SourceKind.BLAUPAUSE:
        wanted = ("blaupause", str(source), None, source.location)
    elif source.kind is SourceKind.KATALOG:
        for key, known in sorted(lock.quellen.items()):
            if is_katalog(known) and without_credentials(known.ort) == without_credentials(
                    source.location) and source.path in (None, known.name):
                return key
        return None
    else:
        kind = "paket" if source.kind is SourceKind.PAKET else "ordner"
        wanted = (kind, str(Path(source.location).resolve()), None, None)
    for key, known in sorted(lock.quellen.items()):
        if (known.art, without_credentials(known.ort), known.pfad, known.name) == wanted:
            return key
    return None


def resolve_target(local: Register, lock: Lock, spec: str) -> Ziel:
    """``SOURCE[@REF]`` as the user wrote it: a key of the lock or a library's name in the
    manifest (``bibliothek@v3`` at another ref), else any source ``import`` takes."""
    name, at, ref = spec.partition("@")
    if name in lock.quellen and "/" not in name:
        quelle = lock.quellen[name]
        if is_katalog(quelle):
            katalog = katalog_source(name, quelle, ref if at else quelle.ref)
            return Ziel(katalog, name, str(katalog))
        text = _spec(quelle, ref if at else quelle.ref)
        return Ziel(_locked(name, quelle, text), name, text)
    for entry in _manifest_libraries(local):
        if entry.get("name") == name and "/" not in name:
            url = str(entry["url"])
            chosen = ref if at else entry.get("ref")
            text = url + (f"@{chosen}" if chosen else "")
            source = _parse(text)
            return Ziel(source, lock_key(lock, source), text)
    source = as_katalog(lock, Source.parse(spec))
    return Ziel(source, lock_key(lock, source), str(source))


def as_katalog(lock: Lock, source: Source) -> Source:
    """A git URL that the lock knows as a catalogue Blaupause's (``init --blueprint URL``)
    is that catalogue (``#name`` picks the Blaupause, as with init), not a library."""
    if source.kind is not SourceKind.GIT:
        return source
    from prozesskit.gitio import check_url

    url = without_credentials(check_url(source.location))
    for quelle in lock.quellen.values():
        if is_katalog(quelle) and not Path(quelle.ort).is_absolute() and without_credentials(
                check_url(quelle.ort)) == url and source.path in (None, quelle.name):
            # the location as given: a token in it is what lets the clone through
            return Source(SourceKind.KATALOG, source.location, source.ref, quelle.name)
    return source


def is_source_spec(local: Register | None, lock: Lock | None, text: str) -> bool:
    """Whether the first argument names a source rather than a process id (an id has no
    ``:``, ``/``, ``@`` or ``.``; a folder with an id-like name counts if it holds a
    register)."""
    from prozesskit.validation.layout import MANIFEST_NAME

    name = text.partition("@")[0]
    if lock is not None and name in lock.quellen:
        return True
    if local is not None and any(entry.get("name") == name for entry in
                                 _manifest_libraries(local)):
        return True
    if any(mark in text for mark in (":", "/", "@", "\\")) or text.endswith(".zip"):
        return True
    return Path(text).is_dir() and (Path(text) / MANIFEST_NAME).is_file()
