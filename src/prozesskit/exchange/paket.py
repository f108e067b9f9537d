"""``prozesskit pack``: chosen Steckbriefe, their models and a manifest as one ZIP file.

Built from a :class:`~prozesskit.register.view.Register`, so what is packed is exactly the
bytes that were hashed. The package is deterministic (:mod:`.zipwrite`; the manifest holds
no time, host or path), so its sha256 names its content: the same processes packed twice,
anywhere, give the same file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from prozesskit import __version__
from prozesskit.errors import InputError, UsageError
from prozesskit.exchange.manifest import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    Befund,
    Datei,
    ModellAngabe,
    PaketManifest,
    Prozess,
    Pruefung,
    Quelle,
    manifest_bytes,
)
from prozesskit.exchange.zipwrite import write_zip
from prozesskit.problem import Level, Problem
from prozesskit.register.view import Register, SteckbriefFile

#: How many errors a refusal names before it only counts the rest.
SHOWN = 5


@dataclass(frozen=True, slots=True)
class PackPlan:
    """Everything a package will hold, decided in memory."""

    manifest: PaketManifest
    files: tuple[tuple[str, bytes], ...]  # sorted by path, manifest not included

    def entries(self) -> list[tuple[str, bytes]]:
        """Manifest first (a reader checks it before anything else), then files by path."""
        return [(MANIFEST_NAME, manifest_bytes(self.manifest)), *self.files]


@dataclass(frozen=True, slots=True)
class Packed:
    path: Path
    sha256: str
    size: int


def select(register: Register, ids: Sequence[str], alle: bool, bereiche: Sequence[str]
           ) -> list[SteckbriefFile]:
    """The Steckbriefe to pack: given ids, all, or those of the given Produktbereiche."""
    if sum((bool(ids), alle, bool(bereiche))) != 1:
        raise UsageError("Bitte genau eines angeben: Prozess-Ids, --alle oder --bereich NN")
    if alle:
        chosen = list(register.steckbriefe)
    elif bereiche:
        wanted = set(bereiche)
        chosen = [item for item in register.steckbriefe if _bereich(item.data) in wanted]
        if not chosen:
            raise UsageError(f"Im Register gibt es keinen Steckbrief im Produktbereich "
                             f"{', '.join(sorted(wanted))}")
    else:
        unknown = [name for name in ids if name not in register]
        if unknown:
            raise UsageError("Diese Prozesse gibt es im Register nicht: " + ", ".join(unknown)
                             + " (erwartet wird die id aus dem Steckbrief)")
        chosen = [register[name] for name in dict.fromkeys(ids)]
    if not chosen:
        raise UsageError("Das Register hat keine Steckbriefe; nichts zu packen")
    return chosen


def _bereich(data: Any) -> str | None:
    produkt = data.get("produkt") if isinstance(data, dict) else None
    value = produkt.get("bereich") if isinstance(produkt, dict) else None
    return value if isinstance(value, str) else None


def plan(register: Register, chosen: Iterable[SteckbriefFile], problems: Iterable[Problem],
         *, force: bool = False) -> PackPlan:
    """The package of ``chosen`` and their models; ``problems``: the validation result of
    the register (only those of packed files count). Errors refuse unless ``force``."""
    files: dict[str, bytes] = {}
    hashes: dict[str, str] = {}  # the view hashed the bytes it read: not hashed again here
    prozesse = []
    for item in chosen:
        if item.raw is None:
            raise InputError(f"Steckbrief '{item.path}' kann nicht gelesen werden und wird "
                             "nicht gepackt: " + "; ".join(p.message for p in item.problems))
        assert item.sha256 is not None  # the view hashes every file it could read
        files[item.path], hashes[item.path] = item.raw, item.sha256
        modelle = []
        for link in item.modelle:
            if link.file is None or link.file.raw is None:
                continue  # missing: validation's PK-S012, refused below unless forced
            assert link.file.sha256 is not None
            files[link.file.path], hashes[link.file.path] = link.file.raw, link.file.sha256
            modelle.append(ModellAngabe(art=link.art, datei=link.file.path,
                                        version=_model_version(item.data, link.datei)))
        prozesse.append(_prozess(item, modelle))
    relevant = sorted((p for p in problems if p.file in files), key=Problem.sort_key)
    errors = [p for p in relevant if p.level is Level.ERROR]
    if errors and not force:
        raise InputError(_refusal(errors))
    pruefung = Pruefung(
        fehler=len(errors), warnungen=len(relevant) - len(errors), erzwungen=bool(errors),
        befunde=[Befund(datei=p.file, zeile=p.line, regel=p.rule, stufe=p.level.value,
                        meldung=p.message) for p in relevant])
    manifest = PaketManifest(
        format=FORMAT_NAME, formatversion=FORMAT_VERSION, prozesskit=__version__,
        quelle=_quelle(register), prozesse=prozesse,
        dateien=[Datei(pfad=path, groesse=len(data), sha256=hashes[path])
                 for path, data in sorted(files.items())],
        pruefung=pruefung)
    return PackPlan(manifest, tuple(sorted(files.items())))


def _refusal(errors: list[Problem]) -> str:
    shown = "; ".join(f"{p.file}:{p.line or 1} {p.message} [{p.rule}]" for p in errors[:SHOWN])
    more = f" und {len(errors) - SHOWN} weitere" if len(errors) > SHOWN else ""
    return (f"Nicht gepackt: {len(errors)} Fehler in den gewählten Dateien ({shown}{more}). "
            "Bitte beheben ('prozesskit validate' zeigt alle) oder mit --force trotzdem "
            "packen; das Paket vermerkt das.")


def _model_version(data: Any, datei: str) -> str | None:
    entries = data.get("modelle") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("datei") == datei:
            version = entry.get("version")
            return str(version) if version is not None else None
    return None


def _prozess(item: SteckbriefFile, modelle: list[ModellAngabe]) -> Prozess:
    data = item.data if isinstance(item.data, dict) else {}
    stand = data.get("stand")
    herkunft = data.get("herkunft")
    return Prozess(id=item.id or Path(item.path).stem, name=item.name,
                   version=str(stand) if stand is not None else None,
                   herkunft=_plain(herkunft) if isinstance(herkunft, dict) else None,
                   steckbrief=item.path, modelle=modelle)


def _plain(value: dict[str, Any]) -> dict[str, Any] | None:
    """The mapping if it is plain JSON (a broken, forced Steckbrief may hold anything)."""
    try:
        text = json.dumps(value, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError):
        return None
    result: dict[str, Any] = json.loads(text)
    return result


def _quelle(register: Register) -> Quelle:
    raw = register.manifest.data if register.manifest is not None else None
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    kommune = _mapping(data.get("kommune"))
    blaupause = _mapping(data.get("blaupause"))
    name = blaupause.get("name")
    version = blaupause.get("version")
    return Quelle(kommune=_text(kommune.get("name")), schluessel=_text(kommune.get("schluessel")),
                  typ=_text(kommune.get("typ")),
                  blaupause=f"{name}@{version}" if name and version else _text(name))


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


class _Hashing:
    """A file that hashes what is written to it."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.handle.write(data)


def write(package: PackPlan, output: Path) -> Packed:
    """The package written atomically (temp file + rename): a reader never sees half."""
    if output.is_dir():
        raise UsageError(f"-o '{output}' ist ein Ordner; bitte einen Dateinamen angeben, "
                         "z. B. paket.zip")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"Den Ordner '{folder}' für -o '{output}' gibt es nicht; bitte "
                         "zuerst anlegen")
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            hashing = _Hashing(handle)
            size = write_zip(hashing, package.entries())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, output)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise
    return Packed(output, hashing.digest.hexdigest(), size)


def _umask() -> int:
    from prozesskit.fsutil import current_umask

    return current_umask()
