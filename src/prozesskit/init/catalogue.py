"""Load the Blaupausen-Katalog and derive the Steckbriefe of one Blaupause.

The catalogue (``blueprints/katalog.yaml`` plus ``prozesse/*.yaml``) holds every process once,
tagged with the Ebenen it occurs on; a Blaupause is a set of Ebenen. Read with the fast path
(:func:`prozesskit.yamlio.read.parse_yaml`), because ``init`` and ``validate`` only read it.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from prozesskit import limits
from prozesskit.errors import InputError
from prozesskit.fsutil import FileTooLarge, NotRegularFile, os_error_reason, read_regular
from prozesskit.init.ort import builtin_root as builtin_root  # where it always was
from prozesskit.yamlio.read import YamlDoc, parse_yaml

#: Keys that exist only in the catalogue and never reach a Steckbrief: ``ebenen`` (where the
#: process occurs), ``je_ebene`` (field values per Ebene), ``nur_in``/``nicht_in`` (exceptions per
#: Blaupause, e.g. Waffenbehörde is the Polizeipräsidium in a kreisfreie Stadt, so its processes
#: are ``nicht_in: [kreisfreie-stadt]`` although that Blaupause covers the Ebene ``kreis``).
CATALOGUE_KEYS = frozenset({"ebenen", "je_ebene", "nur_in", "nicht_in"})
_EXCEPTION_KEYS = ("nur_in", "nicht_in")
_HEADER_REQUIRED = ("name", "version", "land", "produktrahmen", "blaupausen", "dateien")


@dataclass(frozen=True, slots=True)
class Entry:
    """One process of the catalogue as written, with its position for messages."""

    file: str
    line: int
    data: dict[str, Any]
    ebenen: frozenset[str]


@dataclass(frozen=True, slots=True)
class Catalogue:
    root: Path
    name: str
    version: str
    land: str
    produktrahmen: str
    blaupausen: dict[str, tuple[str, ...]]
    header: dict[str, Any]
    entries: tuple[Entry, ...]


def _read(path: Path, file: str) -> YamlDoc:
    """One catalogue file, read as untrusted input: a catalogue may come from a foreign
    folder or git repository, so a link is never followed (it could name any file of the
    machine, whose content a YAML error would then quote), a FIFO never blocks, and the
    size is bounded before the bytes are read."""
    try:
        raw = read_regular(str(path), limits.MAX_YAML_BYTES)
    except NotRegularFile as exc:
        what = ("ein symbolischer Link" if exc.kind == "link"
                else "keine gewöhnliche Datei (FIFO, Gerät oder Socket)")
        raise InputError(
            f"Datei des Blaupausen-Katalogs ist {what} und wird nicht gelesen; bitte die "
            "Datei selbst in den Katalog legen", file=file
        ) from None
    except FileTooLarge as exc:
        raise InputError(
            f"Datei des Blaupausen-Katalogs ist mit {limits.german_int(exc.size)} Bytes "
            f"größer als die Grenze von {limits.german_int(limits.MAX_YAML_BYTES)} Bytes "
            "und wird nicht gelesen; bitte in mehrere Dateien aufteilen", file=file
        ) from None
    except OSError as exc:
        raise InputError(
            "Datei des Blaupausen-Katalogs nicht lesbar: "
            f"{os_error_reason(OSError(exc.errno, exc.strerror))}", file=file
        ) from exc
    doc, problems = parse_yaml(raw, file)
    if doc is None or problems:
        first = problems[0] if problems else None
        raise InputError(
            first.message if first else "Datei nicht lesbar",
            file=file,
            line=first.line if first else None,
        )
    return doc


def _header(doc: YamlDoc) -> dict[str, Any]:
    data = doc.data
    if not isinstance(data, dict):
        raise InputError(
            "katalog.yaml muss eine Zuordnung (Schlüssel: Wert) sein", file=doc.file, line=1
        )
    for key in _HEADER_REQUIRED:
        if key not in data:
            raise InputError(f"Pflichtfeld '{key}' fehlt im Katalogkopf", file=doc.file, line=1)
    for key in ("name", "version", "land", "produktrahmen"):
        if not isinstance(data[key], str) or not data[key]:
            raise InputError(
                f"'{key}' muss ein nicht leerer Text sein", file=doc.file, line=doc.locate([key])[0]
            )
    return data


def _blaupausen(doc: YamlDoc, header: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    raw = header["blaupausen"]
    if not isinstance(raw, dict) or not raw:
        raise InputError(
            "'blaupausen' muss mindestens eine Blaupause nennen",
            file=doc.file,
            line=doc.locate(["blaupausen"])[0],
        )
    result: dict[str, tuple[str, ...]] = {}
    for name, spec in raw.items():
        ebenen = spec.get("ebenen") if isinstance(spec, dict) else None
        if not _string_list(ebenen):
            raise InputError(
                f"Blaupause '{name}' braucht eine Liste 'ebenen'",
                file=doc.file,
                line=doc.locate(["blaupausen", str(name)])[0],
            )
        result[str(name)] = tuple(ebenen)
    return result


def _string_list(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and bool(value) and all(isinstance(e, str) for e in value)


def _entries(doc: YamlDoc, blaupausen: Collection[str]) -> list[Entry]:
    if not isinstance(doc.data, list):
        raise InputError(
            "Eine Prozessdatei des Katalogs muss eine Liste von Prozessen sein",
            file=doc.file,
            line=1,
        )
    entries: list[Entry] = []
    for index, item in enumerate(doc.data):
        line = doc.locate([index])[0]
        if not isinstance(item, dict):
            raise InputError(
                f"Eintrag {index + 1} ist kein Prozess (Zuordnung erwartet)",
                file=doc.file,
                line=line,
            )
        ebenen = item.get("ebenen")
        if not _string_list(ebenen):
            raise InputError(
                f"Prozess '{item.get('id', index + 1)}' braucht eine Liste 'ebenen'",
                file=doc.file,
                line=line,
            )
        je = item.get("je_ebene", {})
        if not isinstance(je, dict) or not all(
            isinstance(v, dict) and k in ebenen for k, v in je.items()
        ):
            raise InputError(
                f"Prozess '{item.get('id', index + 1)}': 'je_ebene' darf nur "
                "Felder für die eigenen Ebenen überschreiben",
                file=doc.file,
                line=doc.locate([index, "je_ebene"])[0],
            )
        for key in _EXCEPTION_KEYS:
            value = item.get(key)
            if value is None:
                continue
            if not _string_list(value) or not set(value) <= set(blaupausen):
                known = ", ".join(sorted(blaupausen))
                raise InputError(
                    f"Prozess '{item.get('id', index + 1)}': '{key}' muss eine Liste von "
                    f"Blaupausen sein (vorhanden: {known})",
                    file=doc.file,
                    line=doc.locate([index, key])[0],
                )
        entries.append(Entry(doc.file, line, item, frozenset(ebenen)))
    return entries


def load_catalogue(root: Path) -> Catalogue:
    """Read ``katalog.yaml`` and every file it lists; German errors name file and line."""
    head_doc = _read(root / "katalog.yaml", "katalog.yaml")
    header = _header(head_doc)
    blaupausen = _blaupausen(head_doc, header)
    files = header["dateien"]
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise InputError(
            "'dateien' muss eine Liste von Pfaden sein",
            file="katalog.yaml",
            line=head_doc.locate(["dateien"])[0],
        )
    entries: list[Entry] = []
    seen: dict[str, Entry] = {}
    for file in files:
        path = root / file  # read as named: a link in the last part is refused unread
        if not path.resolve().is_relative_to(root.resolve()):
            raise InputError(
                f"Datei '{file}' liegt außerhalb des Katalogs",
                file="katalog.yaml",
                line=head_doc.locate(["dateien"])[0],
            )
        for entry in _entries(_read(path, file), blaupausen):
            pid = entry.data.get("id")
            if isinstance(pid, str) and pid in seen:
                first = seen[pid]
                raise InputError(
                    f"Prozess-Id '{pid}' doppelt (zuerst in {first.file}:{first.line})",
                    file=entry.file,
                    line=entry.line,
                )
            if isinstance(pid, str):
                seen[pid] = entry
            entries.append(entry)
    return Catalogue(
        root=root,
        name=header["name"],
        version=header["version"],
        land=header["land"],
        produktrahmen=header["produktrahmen"],
        blaupausen=blaupausen,
        header=header,
        entries=tuple(entries),
    )


def derive(
    cat: Catalogue, blaupause: str, *, bereiche: Collection[str] | None = None
) -> list[dict[str, Any]]:
    """Steckbrief dicts of one Blaupause, in catalogue order, catalogue-only keys removed."""
    if blaupause not in cat.blaupausen:
        known = ", ".join(sorted(cat.blaupausen))
        raise InputError(
            f"Blaupause '{blaupause}' gibt es im Katalog {cat.name} nicht (vorhanden: {known})",
            file="katalog.yaml",
        )
    levels = cat.blaupausen[blaupause]
    wanted = set(bereiche) if bereiche is not None else None
    result: list[dict[str, Any]] = []
    for entry in cat.entries:
        matching = [level for level in levels if level in entry.ebenen]
        if not matching or not _included(entry.data, blaupause):
            continue
        data = entry.data
        produkt = data.get("produkt")
        bereich = produkt.get("bereich") if isinstance(produkt, dict) else None
        if wanted is not None and bereich not in wanted:
            continue
        steckbrief = {
            key: copy.deepcopy(value) for key, value in data.items() if key not in CATALOGUE_KEYS
        }
        for key, value in _override(data.get("je_ebene", {}), matching).items():
            steckbrief[key] = copy.deepcopy(value)
        result.append(steckbrief)
    return result


def _included(data: dict[str, Any], blaupause: str) -> bool:
    """Apply the per-Blaupause exceptions ``nur_in`` and ``nicht_in`` of one entry."""
    nur_in = data.get("nur_in")
    if nur_in is not None and blaupause not in nur_in:
        return False
    return blaupause not in data.get("nicht_in", ())


def _override(je_ebene: dict[str, dict[str, Any]], matching: list[str]) -> dict[str, Any]:
    """Field values of ``je_ebene`` that hold for every matched Ebene.

    A kreisfreie Stadt matches ``kreis`` and ``stadt`` at once; "Bauaufsicht des Kreises" and
    "Sozialamt (herangezogen)" are right for neither, so a field differing between the matched
    Ebenen keeps the catalogue's level-neutral value.
    """
    first, *rest = (je_ebene.get(level, {}) for level in matching)
    return {
        key: value
        for key, value in first.items()
        if all(key in other and other[key] == value for other in rest)
    }


def entry_sha256(steckbrief: dict[str, Any]) -> str:
    """Hash of the canonical JSON form; recorded in ``herkunft.sha256`` as merge base."""
    text = json.dumps(
        steckbrief, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
