"""``prozesskit pack``: chosen Steckbriefe, their models and a manifest as one ZIP file.

Packing is validating plus copying: ``validate`` has already parsed every file (its memo
and per-file cache hold the facts it extracted), so pack takes the validation result and
the facts the manifest needs (id, name, stand, herkunft, Produktbereich, models) from that
run (:func:`~prozesskit.validation.engine.checked_register`) and only reads and hashes the
files it packs. Each file's sha256 is compared with the one validate's result is of: what
is packed is exactly what was validated (a file edited in between is checked again, and
refused if it keeps changing). The package is deterministic (:mod:`.zipwrite`; the manifest
holds no time, host or path), so its sha256 names its content.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from prozesskit import __version__, limits
from prozesskit.errors import InputError
from prozesskit.exchange.auswahl import waehlen
from prozesskit.exchange.kennung import (
    BEFUNDE_JE_REGEL,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
)
from prozesskit.exchange.zipwrite import write_zip
from prozesskit.fsutil import output_folder
from prozesskit.problem import Level, Row
from prozesskit.register.files import FolderStore, Unreadable
from prozesskit.register.modelpath import model_path
from prozesskit.validation.engine import checked_register
from prozesskit.validation.types import Checked, ValidateOptions

#: How many errors a refusal names before it only counts the rest.
SHOWN = 5
#: a row's level (or a Problem's Level, equal to it) → its manifest text, a plain str
_STUFE = {level.value: level.value for level in Level}
_ERROR = Level.ERROR.value


@dataclass(frozen=True, slots=True)
class PackPlan:
    """Everything a package will hold, decided in memory."""

    manifest: dict[str, Any]  # the JSON form of exchange.manifest.PaketManifest
    files: tuple[tuple[str, bytes], ...]  # sorted by path, manifest not included

    def entries(self) -> list[tuple[str, bytes]]:
        """Manifest first (a reader checks it before anything else), then files by path."""
        return [(MANIFEST_NAME, manifest_json(self.manifest)), *self.files]

    @property
    def prozesse(self) -> int:
        return len(self.manifest["prozesse"])

    @property
    def dateien(self) -> int:
        return len(self.manifest["dateien"])

    @property
    def pruefung(self) -> dict[str, Any]:
        result: dict[str, Any] = self.manifest["pruefung"]
        return result


@dataclass(frozen=True, slots=True)
class Packed:
    path: Path
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class _Steckbrief:
    """One Steckbrief as validate's run knew it (its facts in JSON form)."""

    path: str
    id: str | None
    name: str | None
    angaben: Mapping[str, Any]  # register.facts.paket_angaben

    @property
    def bereich(self) -> str | None:
        value = self.angaben.get("bereich")
        return value if isinstance(value, str) else None


def manifest_json(manifest: Mapping[str, Any]) -> bytes:
    """Deterministic JSON: keys in the model's field order, no ``null`` fields, two-space
    indent, UTF-8 (as ``json.dumps(indent=2, ensure_ascii=False)`` writes it; orjson
    because a register's findings make the manifest large)."""
    import orjson

    return orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n"


def pack_register(root: Path, ids: Sequence[str], alle: bool, bereiche: Sequence[str], *,
                  force: bool = False, options: ValidateOptions | None = None) -> PackPlan:
    """Validate the register at ``root`` and plan the package of the chosen processes.

    Errors in the packed files refuse unless ``force`` (the manifest records it)."""
    options = options or ValidateOptions()
    checked = checked_register(root, options)
    try:
        steckbriefe = _steckbriefe(checked)
    except (ValueError, TypeError, KeyError, EOFError):  # remembered facts unreadable
        steckbriefe = None
    chosen = waehlen(steckbriefe, ids, alle, bereiche, zweck="packen") \
        if steckbriefe is not None else []
    files = _read(root, checked, chosen) if steckbriefe is not None else None
    if files is None:  # a file is not as validate saw it: check again from scratch
        checked = checked_register(root, replace(options, use_cache=False))
        chosen = waehlen(_steckbriefe(checked), ids, alle, bereiche, zweck="packen")
        files = _read(root, checked, chosen)
        if files is None:
            raise InputError("Dateien des Registers ändern sich während des Packens; bitte "
                             "warten, bis sie gespeichert sind, und erneut packen")
    return plan(checked.rows(), chosen, files, _quelle(root), force=force)


def _steckbriefe(checked: Checked) -> list[_Steckbrief]:
    facts = checked.summary()  # id, name, paket: not every position and stem
    items = []
    for rel in checked.files.steckbriefe:
        data = facts.get(rel)  # JSON form of SteckbriefFacts; None: not YAML
        if data is None:
            items.append(_Steckbrief(rel, None, None, {}))
        else:
            items.append(_Steckbrief(rel, data["id"], data["name"], data.get("paket") or {}))
    return items


def _read(root: Path, checked: Checked, chosen: Sequence[_Steckbrief]
          ) -> dict[str, tuple[bytes, str]] | None:
    """Path → (bytes, sha256) of the chosen Steckbriefe and the models they name; None if
    a file's bytes are not those validate's result is of (edited in between).

    A file whose stat after the read is the one validate's run began with (and settled
    then) is not hashed again: the run's hash is of these bytes (``Checked.vouched``, the
    trust ``validate`` itself puts in an unchanged stat); any other file is hashed."""
    store = FolderStore(root)
    models = set(checked.files.modelle)
    files: dict[str, tuple[bytes, str]] = {}
    for item in chosen:
        wanted = [(item.path, limits.MAX_YAML_BYTES, True)]
        for _, datei, _ in item.angaben.get("modelle", ()):
            path = model_path(datei)
            if path is not None and path in models:  # missing: PK-S012, refused below
                wanted.append((path, limits.MAX_BPMN_BYTES, False))
        for rel, bound, needed in wanted:
            if rel in files:
                continue
            try:
                raw, key = store.read_keyed(rel, bound)
            except Unreadable as exc:
                if not needed:
                    continue  # an unreadable model: validate's PK-B001, refused below
                raise InputError(f"Steckbrief '{rel}' kann nicht gelesen werden und wird "
                                 f"nicht gepackt: '{rel}' {exc}") from None
            # unchanged since validate's run began (stat after the read): its hash holds
            digest = checked.vouched(rel, key) or hashlib.sha256(raw).hexdigest()
            if checked.hashes.get(rel) != digest:
                return None
            files[rel] = (raw, digest)
    return files


def plan(problems: Sequence[Row], chosen: Sequence[_Steckbrief],
         files: Mapping[str, tuple[bytes, str]], quelle: dict[str, Any], *,
         force: bool = False) -> PackPlan:
    """The package of ``chosen`` and their models; ``problems``: the validation result of
    the register in its order, as rows or Problems (only those of packed files count).
    Errors refuse unless ``force``."""
    prozesse = []
    covered: set[str] = set(files)  # the packed files and the models not packed
    for item in chosen:
        angaben = item.angaben
        modelle = []
        for art, datei, version in angaben.get("modelle", ()):
            path = model_path(datei)
            if path is not None and path in files:
                modelle.append(_set(art=art, datei=path, version=version))
            elif path is not None:
                covered.add(path)  # a link or unreadable file: its PK-B001 counts
        prozesse.append(_set(id=item.id or PurePosixPath(item.path).stem, name=item.name,
                             version=angaben.get("stand"), herkunft=angaben.get("herkunft"),
                             steckbrief=item.path, modelle=modelle))
    pruefung = _pruefung(problems, covered, force)
    ordered = sorted(files.items())
    manifest = {
        "format": FORMAT_NAME, "formatversion": FORMAT_VERSION, "prozesskit": __version__,
        "quelle": quelle, "prozesse": prozesse,
        "dateien": [{"pfad": path, "groesse": len(raw), "sha256": digest}
                    for path, (raw, digest) in ordered],
        "pruefung": pruefung}
    return PackPlan(manifest, tuple((path, raw) for path, (raw, _) in ordered))


def _pruefung(problems: Sequence[Row], files: Collection[str], force: bool
              ) -> dict[str, Any]:
    """The manifest's ``pruefung`` for the problems of the chosen files: packed ones and
    models a chosen Steckbrief names that could not be packed (a symbolic link is not read,
    but its PK-B001 must refuse, not vanish with the file). One pass over a register's
    thousands, as rows (file, line, column, rule, level, message, …): counts, ``regeln``
    (every rule and level with its count), ``befunde`` (the first :data:`BEFUNDE_JE_REGEL`
    of each, in the result's order: sorted) and ``ausgelassen``. Errors refuse unless
    ``force``."""
    counts: dict[tuple[str, str], int] = {}
    listed = []
    errors = []
    for row in problems:
        if row[0] not in files:
            continue
        key = (row[3], _STUFE[row[4]])
        seen = counts.get(key, 0)
        counts[key] = seen + 1
        if key[1] == _ERROR:
            errors.append(row)
        if seen < BEFUNDE_JE_REGEL:
            listed.append(_befund(row, key[1]))
    if errors and not force:
        raise InputError(_refusal(errors))
    total = sum(counts.values())
    regeln = [{"regel": rule, "stufe": stufe, "anzahl": count}
              for (rule, stufe), count in sorted(counts.items())]
    return {"fehler": len(errors), "warnungen": total - len(errors), "erzwungen": bool(errors),
            "regeln": regeln, "befunde": listed, "ausgelassen": total - len(listed)}


def _befund(row: Row, stufe: str) -> dict[str, Any]:
    """A finding as the manifest records it (a register can have thousands: no kwargs)."""
    file, line, _, rule, _, message = row[:6]
    if line is None:
        return {"datei": file, "regel": rule, "stufe": stufe, "meldung": message}
    return {"datei": file, "zeile": line, "regel": rule, "stufe": stufe, "meldung": message}


def _set(**fields: Any) -> dict[str, Any]:
    """Fields that are set, in the given order (the manifest has no ``null`` fields)."""
    return {key: value for key, value in fields.items() if value is not None}


def _refusal(errors: list[Row]) -> str:
    shown = "; ".join(f"{row[0]}:{row[1] or 1} {row[5]} [{row[3]}]" for row in errors[:SHOWN])
    more = f" und {len(errors) - SHOWN} weitere" if len(errors) > SHOWN else ""
    return (f"Nicht gepackt: {len(errors)} Fehler in den gewählten Dateien ({shown}{more}). "
            "Bitte beheben ('prozesskit validate' zeigt alle) oder mit --force trotzdem "
            "packen; das Paket vermerkt das.")


def _quelle(root: Path) -> dict[str, Any]:
    """Kommune and Blaupause from ``prozesskit.yaml`` (read path, bounded, no links)."""
    from prozesskit.register.manifest import parse_manifest
    from prozesskit.validation.layout import MANIFEST_NAME as REGISTER_MANIFEST

    try:
        raw = FolderStore(root).read(REGISTER_MANIFEST, limits.MAX_YAML_BYTES)
    except Unreadable:
        raw = None  # validate reports it (PK-R001)
    doc = parse_manifest(raw)[0] if raw is not None else None
    data: dict[str, Any] = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    kommune = _mapping(data.get("kommune"))
    blaupause = _mapping(data.get("blaupause"))
    name = blaupause.get("name")
    version = blaupause.get("version")
    return _set(kommune=_text(kommune.get("name")), schluessel=_text(kommune.get("schluessel")),
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
    folder = output_folder(output, "paket.zip")
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
