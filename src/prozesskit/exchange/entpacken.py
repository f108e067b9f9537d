"""Reading a package: everything verified before anything is written.

Order matters: the ZIP's end record and directory (entry count, names, types) first, then
the manifest, then the directory against the manifest (every entry listed, every listed
file present), then each entry streamed with its size bounded and its sha256 compared, then
the overlap of entries; only a package that passed all of this becomes a
:class:`~prozesskit.register.view.Register` (read-only, ``provenance.sha256`` = the
package's sha256) or a :class:`~prozesskit.writeplan.WritePlan` for ``unpack``. The plan
writes all files or none.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from prozesskit import limits
from prozesskit.errors import PaketError, UsageError
from prozesskit.exchange.manifest import MANIFEST_NAME, PaketManifest, parse_manifest
from prozesskit.exchange.zipread import (
    Directory,
    ZipEntry,
    check_entry,
    check_path,
    check_spans,
    check_unique,
    empty_folder,
    fold,
    read_directory,
    read_entry,
)
from prozesskit.fsutil import shell_arg
from prozesskit.limits import gekuerzt, german_int
from prozesskit.problem import Level, Problem
from prozesskit.register.view import Angaben, Provenance, Register
from prozesskit.validation.layout import MANIFEST_NAME as REGISTER_MANIFEST
from prozesskit.validation.layout import STECKBRIEF_DIR, YAML_SUFFIXES
from prozesskit.writeplan import WritePlan

#: Provenance kind of a register read from a package (SourceKind.PAKET)
KIND = "paket"
SHOWN = 5
#: Below this many files to check, forking a second checker costs more than it saves.
PARALLEL_THRESHOLD = 200


@dataclass(frozen=True, slots=True)
class Paket:
    """A verified package: every file's size and sha256 agree with the manifest."""

    path: Path
    sha256: str  # of the package file: names its content
    manifest: PaketManifest
    files: Mapping[str, bytes]


def read_package(path: Path) -> Paket:
    """The package at ``path``, verified; :class:`PaketError` (German, naming the package)
    for anything damaged, tampered or hostile."""
    try:
        return _read(path)
    except PaketError as exc:
        other = _fremde_datei(path)
        if other is not None:
            raise PaketError(f"{other}. Es wurde nichts geschrieben.") from None
        reason = str(exc).rstrip(".")  # a sentence of its own must not end in ".."
        raise PaketError(f"Paket '{path}' wird nicht angenommen: {reason}. Es wurde nichts "
                         "geschrieben.") from None
    except OSError as exc:
        from prozesskit.fsutil import os_error_reason

        raise PaketError(f"Paket '{path}' kann nicht gelesen werden: "
                         f"{os_error_reason(exc)}") from None


def _fremde_datei(path: Path) -> str | None:
    """An XProzess message given to unpack: said so, with the command that reads it.
    Opened as :func:`_read` opens (a FIFO or device it refused would block a plain open)."""
    from prozesskit.dateiart import fremde_art, fremde_datei

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            head = handle.read(8192)
    except OSError:
        return None
    if fremde_art(head) != "xprozess":
        return None
    return fremde_datei(path, head, "kein prozesskit-Paket")


def _read(path: Path) -> Paket:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise PaketError("Es ist keine gewöhnliche Datei (Ordner, FIFO oder Gerät)")
        digest = _hash(handle, info.st_size)
        directory = read_directory(handle, info.st_size)
        folders: dict[str, str] = {}  # folder → its entry's name: written by nobody
        for entry in directory.entries:
            folder = empty_folder(entry)
            if folder is not None:
                folders[folder] = entry.name
            else:
                check_entry(entry)
        if folders:
            skipped = set(folders.values())
            directory = replace(directory, entries=tuple(
                e for e in directory.entries if e.name not in skipped))
        check_unique(directory.entries)
        manifest, span = _manifest(handle, directory)
        listed = _check_manifest(manifest)
        _check_folders(folders, listed)
        by_name = {entry.name: entry for entry in directory.entries if entry.name != MANIFEST_NAME}
        extra = sorted(set(by_name) - set(listed))
        if extra:
            raise PaketError(f"Eintrag '{extra[0]}' steht nicht im Manifest"
                             + (f" (und {len(extra) - 1} weitere)" if len(extra) > 1 else ""))
        missing = sorted(set(listed) - set(by_name))
        if missing:
            raise PaketError(f"Datei '{missing[0]}' steht im Manifest, fehlt aber im Paket")
        files, spans = _files(handle, directory, by_name, listed)
        check_spans([span, *spans])
    return Paket(path, digest, manifest, files)


def _check_folders(folders: Mapping[str, str], listed: Mapping[str, object]) -> None:
    """An empty folder entry is passed over only where a listed file lies below it: the
    folders ``zip -r`` and file managers add. Any other says the package is not what was
    packed."""
    if not folders:
        return
    above = {rel.rsplit("/", depth)[0] for rel in listed
             for depth in range(1, rel.count("/") + 1)}
    for folder, name in sorted(folders.items()):
        if folder not in above:
            raise PaketError(f"Der Ordner-Eintrag '{name}' gehört zu keiner Datei des "
                             "Manifests; ein Paket enthält nur Steckbriefe und Modelle. Bitte "
                             "das ursprüngliche Paket verwenden oder nur dessen Dateien neu "
                             "packen (im entpackten Ordner 'zip -r -D neu.zip .')")


def _hash(handle: BinaryIO, size: int) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    left = size
    while left > 0:
        chunk = handle.read(min(1 << 20, left))
        if not chunk:
            break
        digest.update(chunk)
        left -= len(chunk)
    return digest.hexdigest()


def _manifest(handle: BinaryIO, directory: Directory) -> tuple[PaketManifest, tuple[int, int]]:
    entry = next((e for e in directory.entries if e.name == MANIFEST_NAME), None)
    if entry is None:
        inner = next((e.name for e in directory.entries
                      if e.name.endswith("/" + MANIFEST_NAME)), None)
        if inner is not None:
            raise PaketError(f"{MANIFEST_NAME} liegt nicht oben, sondern als '{inner}' in "
                             "einem Ordner: die Datei wurde wohl samt Ordner neu gepackt. Bitte "
                             "das ursprüngliche Paket verwenden oder im entpackten Ordner "
                             "selbst packen ('zip -r -D neu.zip .')")
        raise PaketError(f"Es ist kein prozesskit-Paket: {MANIFEST_NAME} fehlt")
    data, span = read_entry(handle, entry, limits.MAX_PAKET_MANIFEST_BYTES, directory.start)
    return parse_manifest(data.take()), span


def _kind_limit(rel: str) -> int:
    return limits.MAX_BPMN_BYTES if rel.lower().endswith(".bpmn") else limits.MAX_YAML_BYTES


def _check_manifest(manifest: PaketManifest) -> dict[str, tuple[int, str]]:
    """Path → (size, sha256); refuses paths a package must never write: outside the target,
    hidden parts (``.git``, ``.prozesskit``), anything but Steckbriefe and models."""
    listed: dict[str, tuple[int, str]] = {}
    folded: set[str] = set()
    for datei in manifest.dateien:
        rel = datei.pfad
        shown = gekuerzt(rel, ende=30)  # a manifest may name a path of any length
        check_path(rel)
        if any(part.startswith(".") for part in rel.split("/")):
            raise PaketError(f"Die Datei '{shown}' liegt in einem verborgenen Ordner; ein "
                             "Paket schreibt dort nie")
        steckbrief = rel.startswith(STECKBRIEF_DIR + "/") and rel.lower().endswith(
            YAML_SUFFIXES)
        if not steckbrief and not rel.lower().endswith(".bpmn"):
            raise PaketError(f"Die Datei '{shown}' ist weder ein Steckbrief "
                             "(steckbriefe/*.yaml) noch ein BPMN-Modell (*.bpmn); ein Paket "
                             "enthält nur diese")
        if fold(rel) in folded:
            raise PaketError(f"Das Manifest nennt die Datei '{shown}' doppelt")
        folded.add(fold(rel))
        if datei.groesse > _kind_limit(rel):
            raise PaketError(f"Die Datei '{shown}' ist laut Manifest "
                             f"{german_int(datei.groesse)} Bytes groß; erlaubt sind höchstens "
                             f"{german_int(_kind_limit(rel))}")
        listed[rel] = (datei.groesse, datei.sha256)
    if sum(size for size, _ in listed.values()) > limits.MAX_PAKET_TOTAL_BYTES:
        raise PaketError("Die Dateien sind laut Manifest zusammen größer als "
                         f"{german_int(limits.MAX_PAKET_TOTAL_BYTES)} Bytes")
    for prozess in manifest.prozesse:
        for rel in (prozess.steckbrief, *(m.datei for m in prozess.modelle)):
            if rel not in listed:
                raise PaketError(f"Prozess '{gekuerzt(prozess.id)}' nennt "
                                 f"'{gekuerzt(rel, ende=30)}', das nicht unter den Dateien des "
                                 "Manifests steht")
    return listed


def _files(handle: BinaryIO, directory: Directory, by_name: dict[str, ZipEntry],
           listed: dict[str, tuple[int, str]]
           ) -> tuple[dict[str, bytes], list[tuple[int, int]]]:
    files: dict[str, bytes] = {}
    spans = []
    budget = [limits.MAX_PAKET_TOTAL_BYTES]  # counted as the bytes arrive, over all entries
    for entry in sorted(by_name.values(), key=lambda e: e.offset):
        size, sha = listed[entry.name]
        limit = _kind_limit(entry.name)
        if entry.size > limit:
            raise PaketError(f"Eintrag '{entry.name}' entpackt laut Inhaltsverzeichnis zu "
                             f"{german_int(entry.size)} Bytes; erlaubt sind höchstens "
                             f"{german_int(limit)} (mögliche ZIP-Bombe)")
        if entry.size != size:
            raise PaketError(f"Eintrag '{entry.name}' ist laut Inhaltsverzeichnis "
                             f"{german_int(entry.size)} Bytes groß, laut Manifest "
                             f"{german_int(size)} (verändert)")
        data, span = read_entry(handle, entry, size, directory.start, budget)
        if data.digest.hexdigest() != sha:
            raise PaketError(f"Die Datei '{entry.name}' wurde verändert: ihre SHA-256-"
                             "Prüfsumme stimmt nicht mit dem Manifest überein")
        files[entry.name] = data.take()
        spans.append(span)
    return files, spans


def package_register(paket: Paket) -> Register:
    """The package as a read-only register view (no ``prozesskit.yaml``: a package carries
    processes, not a Kommune's configuration)."""
    from prozesskit.register.discover import classify
    from prozesskit.register.files import MemoryStore
    from prozesskit.register.view import load

    found = classify(Path(f"{KIND}:{paket.path.name}"), paket.files)
    quelle = paket.manifest.quelle
    # read_package compared every file's bytes with the manifest's sha256: not hashed again
    return load(MemoryStore(paket.files), found,
                Provenance(KIND, str(paket.path), sha256=paket.sha256),
                hashes={datei.pfad: datei.sha256 for datei in paket.manifest.dateien},
                angaben=Angaben(quelle.kommune, quelle.typ, quelle.produktrahmen))


def open_package(path: Path) -> Register:
    """What ``Source.open`` gives for ``paket.zip`` (``import``, ``update``, ``diff``):
    verified and its content checked exactly as ``unpack`` checks it (:func:`checked`),
    then viewed. A package with errors in its files is refused as a whole: only ``unpack
    --mit-fehlern`` takes one (a library source with broken processes is not one to import
    or merge from)."""
    paket = read_package(path)
    register = package_register(paket)
    refuse(paket.path, checked(paket, register),
           "Bitte in der Quelle beheben und neu packen (oder mit 'prozesskit unpack "
           "--mit-fehlern' übernehmen)")
    return register


def refuse(path: Path | str, problems: Sequence[Problem], what_now: str) -> None:
    """The German refusal of a package whose files have errors (nothing is written)."""
    if not problems:
        return
    shown = "; ".join(f"{p.file}:{p.line or 1} {p.message}" for p in problems[:SHOWN])
    more = f" und {len(problems) - SHOWN} weitere" if len(problems) > SHOWN else ""
    raise PaketError(f"Paket '{path}': {len(problems)} Fehler in Steckbriefen oder "
                     f"Modellen ({shown}{more}). {what_now}; es wurde nichts geschrieben.")


def content_errors(register: Register, *, models: bool = True) -> list[Problem]:
    """What makes files from outside unusable, wherever they come from (a package, an
    XProzess file): the view's own errors (links, unreadable files, YAML syntax), each
    Steckbrief's schema errors (PK-S004, as ``validate`` words them) and, with ``models``,
    what the safe BPMN parser refuses.

    A model is checked by the safe parser alone (what makes it unusable: not XML, a
    DOCTYPE, too large, not BPMN); the semantic index ``validate``'s rules need would add
    nothing here and cost as much again."""
    from prozesskit.bpmn.parse import parse_bpmn

    problems = [p for p in register.problems if p.level is Level.ERROR]
    for item in register.steckbriefe:
        problems.extend(p for p in item.schema_problems if p.level is Level.ERROR)
    if models:
        for model in register.modelle.values():
            if model.raw is not None:
                problems.extend(p for p in parse_bpmn(model.raw, model.path)[1]
                                if p.level is Level.ERROR)
    return problems


def content_problems(paket: Paket, register: Register) -> list[Problem]:
    """Errors in the package's Steckbriefe and models (:func:`content_errors`) and ids
    that differ from what the manifest says."""
    problems = content_errors(register)
    # validate's PK-S005 (the file name is the id), but required whatever the target's
    # conventions say: the duplicate check (_check_ids) knows its processes by file name.
    # Said in its own words, as a register that switches the rule off packs such files.
    for item in register.steckbriefe:
        stem = item.path.rpartition("/")[2].rpartition(".")[0]
        if item.id is not None and stem != item.id:
            shown = gekuerzt(item.id)  # a package may bring an id of any length
            problems.append(Problem(
                item.path, None, None, "PK-S005", Level.ERROR,
                f"Dateiname '{gekuerzt(stem)}' passt nicht zur id '{shown}': übernommen wird "
                f"ein Steckbrief nur als '{shown}.yaml', auch wo ein Register PK-S005 "
                "abschaltet (die Prüfung auf doppelte Prozesse erkennt sie am Dateinamen); "
                "bitte in der Quelle umbenennen und neu packen", element="id",
                hint=f"Die Quelle sollte die Datei in '{shown}.yaml' umbenennen und neu "
                "packen"))
    by_path = {item.path: item for item in register.steckbriefe}
    for prozess in paket.manifest.prozesse:
        found = by_path.get(prozess.steckbrief)
        if found is not None and found.id is not None and found.id != prozess.id:
            problems.append(Problem(found.path, None, None, "PK-S005", Level.ERROR,
                                    f"Das Manifest nennt den Prozess '{gekuerzt(prozess.id)}', der "
                                    f"Steckbrief hat die id '{gekuerzt(found.id)}'"))
    return sorted(problems, key=Problem.sort_key)


def checked(paket: Paket, register: Register | None = None) -> list[Problem]:
    """:func:`content_problems` of the package's files. With enough of them and a second
    CPU, every other file is checked in a forked child at the same time: the checks (YAML
    with positions, schema, XML parse) are CPU-bound and most of an unpack's time.
    ``register``: the package's view, if the caller keeps it (checked in place, so what
    it parses stays parsed)."""
    from prozesskit.forkpair import both, can_fork

    names = sorted(paket.files)
    if not names:
        return []
    if len(names) < PARALLEL_THRESHOLD or not can_fork():
        return content_problems(paket, register or package_register(paket))
    theirs = set(names[1::2])  # interleaved: Steckbriefe and models on both sides
    mine = replace(paket, files={k: v for k, v in paket.files.items() if k not in theirs})
    other = replace(paket, files={k: v for k, v in paket.files.items() if k in theirs})
    here, there = both(lambda: content_problems(mine, package_register(mine)),
                       lambda: content_problems(other, package_register(other)))
    problems = here + there
    return sorted(problems, key=Problem.sort_key)


def plan_unpack(paket: Paket, target: Path, *, with_errors: bool = False) -> WritePlan:
    """The files of a verified package as one write plan into the register ``target``.

    Files the target already holds byte for byte (same size, same sha256 as the manifest,
    which the package's bytes were checked against) are left out: they are neither checked
    nor written again. The rest is checked for content before anything is planned."""
    if not (target / REGISTER_MANIFEST).is_file():
        raise UsageError(f"'{target}' ist kein Register ({REGISTER_MANIFEST} fehlt); bitte "
                         "mit --ziel einen Register-Ordner angeben oder zuerst 'prozesskit "
                         "init' ausführen")
    same = already_there(paket, target)
    new = replace(paket, files={rel: data for rel, data in paket.files.items()
                                if rel not in same})
    _check_ids(paket, target)  # refused even --mit-fehlern, and cheap: first
    problems = checked(new)
    if not with_errors:
        refuse(paket.path, problems, "Mit --mit-fehlern trotzdem übernehmen")
    plan = WritePlan(target)
    plan.update(sorted(new.files.items()))
    plan.alternative = (f"was sich unterscheidet, zeigt 'prozesskit diff "
                        f"{shell_arg(paket.path)}'; Prozesse, die hier weiterbearbeitet "
                        "werden, übernimmt 'prozesskit import' (mit Herkunft, später "
                        "feldweise mit 'prozesskit update')")
    return plan


def hinweise(paket: Paket, target: Path) -> list[str]:
    """What the receiver should know after unpacking: Produktbereiche numbered in another
    Produktrahmen than the target register's (:mod:`.rahmen`; the Steckbriefe are parsed
    only when the Produktrahmen differ or the package does not name its own)."""
    from prozesskit.exchange.rahmen import hinweis, ziel_rahmen

    ziel = ziel_rahmen(target)
    quelle = paket.manifest.quelle.produktrahmen
    if quelle == ziel:
        return []
    found = hinweis(quelle, ziel, package_register(paket).steckbriefe,
                    f"Das Paket '{paket.path.name}'")
    return [found] if found is not None else []


def already_there(paket: Paket, target: Path) -> set[str]:
    """The package's files that ``target`` has with the same bytes: a regular file (never
    through a symlink) of the listed size whose sha256 is the listed one."""
    from prozesskit.fsutil import no_link_below, read_regular

    listed = {datei.pfad: (datei.groesse, datei.sha256) for datei in paket.manifest.dateien}
    same: set[str] = set()
    # folder → nothing to compare below it: not there (an unpack into a new register: no
    # lstat per file) or reached through a symlink (never read outside the register: the
    # files stay planned and the write plan refuses the link by name)
    skip: dict[str, bool] = {}
    for rel in paket.files:
        folder = rel.rpartition("/")[0]
        gone = skip.get(folder)
        if gone is None:
            gone = skip[folder] = bool(folder) and (
                not no_link_below(target, folder)
                or not os.path.isdir(os.path.join(target, folder)))
        if gone:
            continue
        path = os.path.join(target, rel)
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size != listed[rel][0]:
                continue
            if hashlib.sha256(read_regular(path, info.st_size)).hexdigest() == listed[rel][1]:
                same.add(rel)
        except OSError:  # not there, or not readable: planned (the plan names any problem)
            continue
    return same


def _check_ids(paket: Paket, target: Path) -> None:
    """A process the target has under another path would be there twice (PK-S006).

    A package's Steckbrief is known by its file name and, where the manifest gives it
    another id, by the id the file itself holds (read for those files only; the manifest's
    word alone is no evidence: a wrong one is the package's error, which
    :func:`content_problems` names, not the target's): ``steckbriefe/anderer-name.yaml``
    with the id of a process the target has is the same process. The target's files are
    known by name only (``validate`` holds a register to file name = id, PK-S005), so it
    is not read."""
    from prozesskit.register.discover import discover

    there = {PurePosixPath(rel).stem: rel for rel in discover(target).steckbriefe}
    rels = [rel for rel in paket.files if rel.startswith(STECKBRIEF_DIR + "/")]
    renamed = {prozess.steckbrief for prozess in paket.manifest.prozesse
               if prozess.steckbrief in paket.files
               and prozess.id != PurePosixPath(prozess.steckbrief).stem}
    own: dict[str, str | None] = {}
    if renamed:
        view = package_register(replace(paket, files={rel: paket.files[rel]
                                                      for rel in sorted(renamed)}))
        own = {item.path: item.id for item in view.steckbriefe}
    for rel in rels:
        for name in dict.fromkeys((PurePosixPath(rel).stem, own.get(rel))):
            other = there.get(name) if name is not None else None
            if other is not None and other != rel:
                raise PaketError(f"Paket '{paket.path}': der Steckbrief '{rel}' (id '{name}') "
                                 f"steht im Ziel schon als '{other}'; bitte dort verschieben "
                                 "oder löschen. Es wurde nichts geschrieben.")
