"""``prozesskit pack``: chosen Steckbriefe, their models and a manifest as one ZIP file.

Packing is validating plus copying: ``validate`` has already parsed every file (its memo
and per-file cache hold the facts it extracted), so pack takes the validation result and
the facts the manifest needs (id, name, stand, herkunft, Produktbereich, models) from that
run (:func:`~prozesskit.validation.engine.checked_register`) and only reads the files it
packs, once each, while it writes them: read, CRC, write and the package's sha256 follow
one another on bytes still in the processor's cache, and the package is never held in
memory. Each file's sha256 is compared with the one validate's result is of: what is
packed is exactly what was validated (a file edited in between is checked again, and
refused if it keeps changing). A file whose stat after the read is the one validate's run
began with is not hashed again. The package is deterministic (:mod:`.zipwrite`; the
manifest holds no time, host or path), so its sha256 names its content.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from prozesskit import __version__, limits
from prozesskit.errors import InputError, ProzesskitError, WriteError
from prozesskit.exchange.auswahl import waehlen
from prozesskit.exchange.kennung import (
    BEFUNDE_JE_REGEL,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
)
from prozesskit.exchange.zipwrite import ZipWriter
from prozesskit.fsutil import (
    is_special,
    naming_target,
    open_special,
    output_folder,
    read_known,
    write_failure,
)
from prozesskit.problem import Level, Row
from prozesskit.register.files import FolderStore, Unreadable
from prozesskit.register.modelpath import model_path
from prozesskit.validation.engine import checked_register, remembered_register
from prozesskit.validation.types import Checked, Tally, ValidateOptions

#: model_path of each reference, resolved once for _read and plan (pure, bounded)
_model_path = lru_cache(maxsize=1 << 14)(model_path)
#: How many errors a refusal names before it only counts the rest.
SHOWN = 5
#: a row's level (or a Problem's Level, equal to it) → its manifest text, a plain str
_STUFE = {level.value: level.value for level in Level}
_ERROR = Level.ERROR.value
_FILE = itemgetter(0)
_RULE_LEVEL = itemgetter(3, 4)
_POSITION = itemgetter(0, 1)


#: a packed file as planned: size, sha256 and its bytes, or None: read while writing
Datei = tuple[int, str, bytes | None]
_CHANGING = ("Dateien des Registers ändern sich während des Packens; bitte warten, bis sie "
             "gespeichert sind, und erneut packen")


class FilesChanged(InputError):
    """A file is not as validate checked it when it is read to be written."""

    def __init__(self) -> None:
        super().__init__(_CHANGING)


@dataclass(frozen=True, slots=True)
class _Later:
    """Reads, while the package is written, a file planned without reading it: the run's
    stat and hash vouch for size and sha256 in the manifest, and the read checks that.
    Read as ``validate`` reads (never through a link, never a FIFO or device), bounded by
    the planned size, with no stat before the read (:func:`~prozesskit.fsutil.read_known`):
    the key after it decides."""

    root: str  # the register's folder and a separator
    #: path → the stat key validate's run began with, which vouched for the file's hash
    #: (``Checked.vouched``): a read whose stat afterwards is the same read those bytes
    keys: dict[str, tuple[int, int, int]]

    def read(self, rel: str, size: int, digest: str) -> bytes:
        """The bytes validate checked; FilesChanged if the file is no longer those."""
        found = read_known(self.root + rel, size)
        if found is None:  # a link, FIFO or device now; gone; not readable
            raise FilesChanged()
        raw, key = found
        if len(raw) != size or (key != self.keys[rel]
                                and hashlib.sha256(raw).hexdigest() != digest):
            raise FilesChanged()  # grew or shrank; other bytes
        return raw


@dataclass(frozen=True, slots=True)
class PackPlan:
    """Everything a package will hold, decided in memory; the bytes of files the last
    validation vouches for are read only while the package is written (``later``)."""

    manifest: dict[str, Any]  # the JSON form of exchange.manifest.PaketManifest
    files: tuple[tuple[str, Datei], ...]  # sorted by path, manifest not included
    later: _Later | None = None
    #: planned from validate's memo alone (``remembered_register``): no run, and no stat
    #: of the files ``later`` reads before that read
    remembered: bool = False

    def entries(self) -> Iterator[tuple[str, bytes]]:
        """Manifest first (a reader checks it before anything else), then files by path,
        each read when its turn comes (FilesChanged: not as validated)."""
        yield MANIFEST_NAME, manifest_json(self.manifest)
        for path, (size, digest, data) in self.files:
            if data is None:
                assert self.later is not None
                data = self.later.read(path, size, digest)
            yield path, data

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


class _Steckbrief(NamedTuple):
    """One Steckbrief as validate's run knew it (its facts in JSON form); a tuple, made
    2,000 times per pack, costs a third of a frozen dataclass."""

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


def pack(root: Path, ids: Sequence[str], alle: bool, bereiche: Sequence[str], output: Path,
         *, force: bool = False, options: ValidateOptions | None = None
         ) -> tuple[PackPlan, Packed]:
    """:func:`pack_register` and :func:`write`. A file that changed between validation and
    writing (nothing is left of that package) means a check from scratch that reads every
    packed file before writing; if one changes again, FilesChanged."""
    planned = pack_register(root, ids, alle, bereiche, force=force, options=options)
    try:
        return planned, write(planned, output)
    except FilesChanged:
        if planned.later is None:
            raise
    if planned.remembered:  # the memo no longer holds: validate as usual (a patch run)
        planned = pack_register(root, ids, alle, bereiche, force=force, options=options,
                                remembered=False)
        try:
            return planned, write(planned, output)
        except FilesChanged:
            if planned.later is None:
                raise
    fresh = replace(options or ValidateOptions(), use_cache=False)
    planned = pack_register(root, ids, alle, bereiche, force=force, options=fresh)
    return planned, write(planned, output)


def pack_register(root: Path, ids: Sequence[str], alle: bool, bereiche: Sequence[str], *,
                  force: bool = False, options: ValidateOptions | None = None,
                  remembered: bool = True) -> PackPlan:
    """Validate the register at ``root`` and plan the package of the chosen processes.

    Errors in the packed files refuse unless ``force`` (the manifest records it). Files
    whose stat validate's run began with had settled then are read only by :func:`write`
    (which checks them); the others are read and hashed here.

    ``remembered``: first try the plan from validate's memo alone (:func:`_remembered`);
    whatever it cannot vouch for, and every refusal, goes the usual way."""
    options = options or ValidateOptions()
    if remembered:
        planned = _remembered(root, ids, alle, bereiche, force, options)
        if planned is not None:
            return planned
    checked = checked_register(root, options)
    try:
        steckbriefe = _steckbriefe(checked)
    except (ValueError, TypeError, KeyError, EOFError):  # remembered facts unreadable
        steckbriefe = None
    chosen = waehlen(steckbriefe, ids, alle, bereiche, zweck="packen") \
        if steckbriefe is not None else []
    later = _Later(str(root) + os.sep, {})
    files = _read(root, checked, chosen, later) if steckbriefe is not None else None
    if files is None:  # a file is not as validate saw it: check again from scratch
        checked = checked_register(root, replace(options, use_cache=False))
        chosen = waehlen(_steckbriefe(checked), ids, alle, bereiche, zweck="packen")
        later.keys.clear()
        files = _read(root, checked, chosen, later)
        if files is None:
            raise FilesChanged()
    return replace(plan(checked.rows(), chosen, files, _quelle(root), force=force),
                   later=later if later.keys else None)


def _remembered(root: Path, ids: Sequence[str], alle: bool, bereiche: Sequence[str],
                force: bool, options: ValidateOptions) -> PackPlan | None:
    """The plan from validate's memo without a run and without a stat pass: pack reads
    every packed file anyway, so the stat key taken after that read (:class:`_Later`) is
    compared with the memo's there, and only the inputs it does not pack are stat'ed here
    (:func:`~prozesskit.validation.engine.remembered_register`). None (the usual way
    then): no memo, a file not as remembered, or a refusal (errors, an unknown id), which
    the usual way confirms or not, so that a refusal never rests on a stale memo."""
    found = remembered_register(root, options)
    if found is None:
        return None
    checked = found.checked
    try:
        chosen = waehlen(_steckbriefe(checked), ids, alle, bereiche, zweck="packen")
        later = _Later(str(root) + os.sep, {})
        files = _read(root, checked, chosen, later)
        if files is None or not found.confirm(files.keys()):
            return None
        planned = plan(checked.rows, chosen, files, _quelle(root), force=force,
                       tally=found.tally)
    except (ProzesskitError, ValueError, TypeError, KeyError, EOFError):
        return None  # refusals (InputError, UsageError for an unknown id) included
    return replace(planned, later=later if later.keys else None, remembered=True)


def _steckbriefe(checked: Checked) -> list[_Steckbrief]:
    facts = checked.summary()  # id, name, paket: not every position and stem
    items = []
    new = tuple.__new__  # the NamedTuple's own __new__ is a Python call: twice the time
    for rel in checked.files.steckbriefe:
        data = facts.get(rel)  # JSON form of SteckbriefFacts; None: not YAML
        if data is None:
            items.append(_Steckbrief(rel, None, None, {}))
        else:
            items.append(new(_Steckbrief, (rel, data["id"], data["name"],
                                           data.get("paket") or {})))
    return items


def _read(root: Path, checked: Checked, chosen: Sequence[_Steckbrief], later: _Later
          ) -> dict[str, Datei] | None:
    """Path → (size, sha256, bytes) of the chosen Steckbriefe and the models they name;
    None if a file's bytes are not those validate's result is of (edited in between).

    A file whose stat validate's run began with had settled then, and which the run
    hashed, is not read here (bytes None, its key kept in ``later``): :class:`_Later`
    reads it while the package is written, and its hash holds if the stat after that read
    is the same (``Checked.vouched``, the trust ``validate`` itself puts in an unchanged
    stat). Any other file is read and hashed now."""
    store = FolderStore(root)
    models = set(checked.files.modelle)
    stats, hashes = checked.stats, checked.hashes
    files: dict[str, Datei] = {}
    for item in chosen:
        wanted = [(item.path, limits.MAX_YAML_BYTES, True)]
        for _, datei, _ in item.angaben.get("modelle", ()):
            path = _model_path(datei)
            if path is not None and path in models:  # missing: PK-S012, refused below
                wanted.append((path, limits.MAX_BPMN_BYTES, False))
        for rel, bound, needed in wanted:
            if rel in files:
                continue
            known = stats.get(rel)
            if known is not None and known[0] <= bound:
                key = (known[0], known[1], known[2])
                vouched = checked.vouched(rel, key)  # the file as validate's run began
                if vouched is not None:
                    files[rel] = (key[0], vouched, None)  # read while writing
                    later.keys[rel] = key
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
            if hashes.get(rel) != digest:
                return None
            files[rel] = (len(raw), digest, raw)
    return files


def plan(problems: Sequence[Row] | Callable[[], Sequence[Row]], chosen: Sequence[_Steckbrief],
         files: Mapping[str, Datei], quelle: dict[str, Any], *,
         force: bool = False, tally: Callable[[], Tally] | None = None) -> PackPlan:
    """The package of ``chosen`` and their models; ``problems``: the validation result of
    the register in its order, as rows or Problems (only those of packed files count), or
    how to get them. Errors refuse unless ``force``. ``tally``: the result's tally
    (``types.tally``, ValueError if none holds): counted from it where it can say
    (:func:`_tallied`), the problems are not needed at all."""
    prozesse = []
    covered: set[str] = set(files)  # the packed files and the models not packed
    for item in chosen:
        angaben = item.angaben
        modelle = []
        for art, datei, version in angaben.get("modelle", ()):
            path = _model_path(datei)
            if path is not None and path in files:
                modelle.append(_set(art=art, datei=path, version=version))
            elif path is not None:
                covered.add(path)  # a link or unreadable file: its PK-B001 counts
        prozesse.append(_prozess(item, modelle))
    pruefung = None
    if tally is not None:
        with suppress(ValueError, TypeError, KeyError):
            pruefung = _tallied(tally(), covered, force)
    if pruefung is None:
        pruefung = _pruefung(problems() if callable(problems) else problems, covered, force)
    ordered = sorted(files.items())
    manifest = {
        "format": FORMAT_NAME, "formatversion": FORMAT_VERSION, "prozesskit": __version__,
        "quelle": quelle, "prozesse": prozesse,
        "dateien": [{"pfad": path, "groesse": size, "sha256": digest}
                    for path, (size, digest, _) in ordered],
        "pruefung": pruefung}
    return PackPlan(manifest, tuple(ordered))


def _pruefung(problems: Sequence[Row], files: Collection[str], force: bool
              ) -> dict[str, Any]:
    """The manifest's ``pruefung`` for the problems of the chosen files: packed ones and
    models a chosen Steckbrief names that could not be packed (a symbolic link is not read,
    but its PK-B001 must refuse, not vanish with the file). Over a register's thousands,
    as rows (file, line, column, rule, level, message, …): counts, ``regeln`` (every rule
    and level with its count), ``befunde`` (the first :data:`BEFUNDE_JE_REGEL` of each, in
    the result's order: sorted) and ``ausgelassen``. Errors refuse unless ``force``.

    Rows come grouped by file (the result's order), so a file is looked up once, and
    counting is done by C loops (``Counter``, ``itemgetter``); the listing stops once every
    rule has its findings listed."""
    packed: list[Row] = []
    for file, group in groupby(problems, _FILE):
        if file in files:
            packed.extend(group)
    keys = list(map(_RULE_LEVEL, packed))
    counts = Counter(keys)
    errors = [row for row in packed if row[4] == _ERROR]
    if errors and not force:
        raise InputError(_refusal(errors))
    listed = []
    left = sum(min(count, BEFUNDE_JE_REGEL) for count in counts.values())
    seen = dict.fromkeys(counts, 0)
    for row, key in zip(packed, keys, strict=True):
        if not left:
            break
        before = seen[key]
        if before < BEFUNDE_JE_REGEL:
            seen[key] = before + 1
            listed.append(_befund(row, _STUFE[key[1]]))
            left -= 1
    total = len(packed)
    regeln = sorted(({"regel": rule, "stufe": _STUFE[level], "anzahl": count}
                     for (rule, level), count in counts.items()),
                    key=itemgetter("regel", "stufe"))
    return {"fehler": len(errors), "warnungen": total - len(errors), "erzwungen": bool(errors),
            "regeln": regeln, "befunde": listed, "ausgelassen": total - len(listed)}


def _tallied(tally: Tally, files: Collection[str], force: bool) -> dict[str, Any] | None:
    """:func:`_pruefung` from the result's tally instead of its rows: the same ``pruefung``,
    or None where the tally cannot say (errors without ``force``: the refusal names the
    first errors; a rule whose first findings in the chosen files are not all among the
    tally's first of that rule, when files holding earlier ones are left out).

    The tally's first findings of a rule are the first in the result's order; those in
    chosen files, in that order, are the first of the rule in the chosen files as long as
    they are as many as the listing takes: any earlier one would be among them."""
    by_file, firsts = tally
    counts: Counter[tuple[str, str]] = Counter()
    for file, per in by_file.items():
        if file in files:
            for rule, level, count in per:
                counts[rule, level] += count
    errors = sum(count for (_, level), count in counts.items() if level == _ERROR)
    if errors and not force:
        return None
    chosen: list[tuple[str, int, Row]] = []
    for key, count in counts.items():
        wanted = min(count, BEFUNDE_JE_REGEL)
        found = [first for first in firsts.get(key, ()) if first[0] in files][:wanted]
        if len(found) < wanted:
            return None
        chosen += found
    chosen.sort(key=_POSITION)  # the result's order: file first, then within the file
    listed = [_befund(row, _STUFE[row[4]]) for _, _, row in chosen]
    total = sum(counts.values())
    regeln = sorted(({"regel": rule, "stufe": _STUFE[level], "anzahl": count}
                     for (rule, level), count in counts.items()),
                    key=itemgetter("regel", "stufe"))
    return {"fehler": errors, "warnungen": total - errors, "erzwungen": bool(errors),
            "regeln": regeln, "befunde": listed, "ausgelassen": total - len(listed)}


def _befund(row: Row, stufe: str) -> dict[str, Any]:
    """A finding as the manifest records it (a register can have thousands: no kwargs)."""
    file, line, _, rule, _, message = row[:6]
    if line is None:
        return {"datei": file, "regel": rule, "stufe": stufe, "meldung": message}
    return {"datei": file, "zeile": line, "regel": rule, "stufe": stufe, "meldung": message}


def _prozess(item: _Steckbrief, modelle: list[dict[str, Any]]) -> dict[str, Any]:
    """A process as the manifest records it: ``_set(id=…, name=…, version=…, herkunft=…,
    steckbrief=…, modelle=…)`` written out (2,000 calls with keywords cost 3 ms)."""
    prozess: dict[str, Any] = {"id": item.id or PurePosixPath(item.path).stem}
    if item.name is not None:
        prozess["name"] = item.name
    angaben = item.angaben
    stand = angaben.get("stand")
    if stand is not None:
        prozess["version"] = stand
    herkunft = angaben.get("herkunft")
    if herkunft is not None:
        prozess["herkunft"] = herkunft
    prozess["steckbrief"] = item.path
    prozess["modelle"] = modelle
    return prozess


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
    """Kommune, Blaupause and Produktrahmen from ``prozesskit.yaml`` (read path, bounded,
    no links)."""
    from prozesskit.model.produktrahmen import of_manifest
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
                blaupause=f"{name}@{version}" if name and version else _text(name),
                produktrahmen=of_manifest(data))


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


class _Out:
    """The package file: hashes what is written to it and writes it in batches of about a
    megabyte (one system call for many small Steckbriefe, none holding the package)."""

    BATCH = 1 << 20
    MAX_PARTS = 512  # below IOV_MAX (1024 on Linux)

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.digest = hashlib.sha256()
        self.parts: list[bytes] = []
        self.pending = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.parts.append(data)
        self.pending += len(data)
        if self.pending >= self.BATCH or len(self.parts) >= self.MAX_PARTS:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if not self.parts:
            return
        written = os.writev(self.fd, self.parts)
        if written < self.pending:  # a short write (a signal, a full disk): the rest
            rest = memoryview(b"".join(self.parts))[written:]
            while rest:
                rest = rest[os.write(self.fd, rest):]
        self.parts, self.pending = [], 0


def write(package: PackPlan, output: Path) -> Packed:
    """The package written atomically (temp file + rename): a reader never sees half.
    FilesChanged (nothing written) if a file read now is not as validate checked it."""
    folder = output_folder(output, "paket.zip")
    if is_special(output):  # -o /dev/stdout: into the pipe, never renamed over it
        return _write_special(package, output)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(write_failure("Paket", output, naming_target(exc, output, ""))
                         ) from None
    try:
        try:
            os.fchmod(fd, 0o666 & ~_umask())
            out, size = _fill(package, fd)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, output)
    except BaseException as exc:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename in (None, tmp):  # not a source file's
            raise WriteError(write_failure("Paket", output, naming_target(exc, output, tmp))
                             ) from None
        raise
    return Packed(output, out.digest.hexdigest(), size)


def _fill(package: PackPlan, fd: int) -> tuple[_Out, int]:
    """The package's entries as a ZIP into ``fd``: what was written (its digest) and the
    size."""
    out = _Out(fd)
    writer = ZipWriter(out)
    for name, data in package.entries():
        writer.add(name, data)
    size = writer.finish()
    out.flush()
    return out, size


def _write_special(package: PackPlan, output: Path) -> Packed:
    """The package written into a device or pipe (:func:`prozesskit.fsutil.open_special`)."""
    try:
        with open_special(output) as handle:
            out, size = _fill(package, handle.fileno())
    except OSError as exc:
        if exc.filename not in (None, str(output)):  # a source file's: not the target's
            raise
        raise WriteError(write_failure("Paket", output, naming_target(exc, output, ""))
                         ) from None
    return Packed(output, out.digest.hexdigest(), size)


def _umask() -> int:
    from prozesskit.fsutil import current_umask

    return current_umask()
