"""Instantiate a Blaupause into a new register folder (the library behind ``init``).

Everything is first planned in memory (file → text) and then written into a temporary
sibling folder that is renamed into place, so an interrupted init leaves either nothing or
a complete register. Files are written through the ruamel edit path with the schema comment,
so VS Code checks them while typing and a later load → save is byte-identical.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from prozesskit.errors import InputError, UsageError
from prozesskit.fsutil import contained, current_umask
from prozesskit.init.catalogue import builtin_root, derive, entry_sha256, load_catalogue
from prozesskit.model.codes import BLAUPAUSE_TYP, ID_MAX_LENGTH, ID_MIN_LENGTH, ID_PATTERN
from prozesskit.model.register import Manifest
from prozesskit.model.steckbrief import Steckbrief
from prozesskit.schemas import render_all
from prozesskit.validation.layout import MANIFEST_NAME, MODELL_DIR, STECKBRIEF_DIR
from prozesskit.yamlio.edit import dump_text, to_commented, with_schema_comment

SCHEMA_DIR = ".prozesskit/schemas"
BUILTIN = tuple(BLAUPAUSE_TYP)


@dataclass(frozen=True)
class BlueprintSource:
    root: Path  # folder with katalog.yaml
    name: str  # blueprint within the catalogue
    quelle: str  # "eingebaut", a path or a URL
    commit: str | None = None


@dataclass(frozen=True)
class InitRequest:
    target: Path
    source: BlueprintSource
    kommune_name: str
    schluessel: str
    typ: str
    bereiche: Collection[str] | None = None
    force: bool = False


def resolve_source(
    spec: str, fetch: Callable[[str, str | None], tuple[Path, str]]
) -> BlueprintSource:
    """``kreis`` | local path | git URL with ``@ref``; ``#name`` picks a blueprint."""
    if spec in BUILTIN:
        return BlueprintSource(builtin_root(), spec, "eingebaut")
    location, _, inner = spec.partition("#")
    name = inner
    path = Path(location)
    if path.is_dir() and (path / "katalog.yaml").is_file():
        return BlueprintSource(path.resolve(), name or "", str(path.resolve()))
    if path.exists():
        raise InputError(f"'{location}' enthält keine katalog.yaml und ist keine Blaupause")
    from prozesskit.gitio import split_ref

    url, ref = split_ref(location)
    tree, sha = fetch(url, ref)
    if not (tree / "katalog.yaml").is_file():
        raise InputError(f"Das Repository {url} enthält keine katalog.yaml")
    return BlueprintSource(tree, name or "", url, sha)


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    """Keys in the model's field order, so every Steckbrief reads the same way."""
    order = list(Steckbrief.model_fields)
    return {
        key: data[key] for key in sorted(data, key=lambda k: order.index(k) if k in order else 999)
    }


def yaml_file_text(data: dict[str, Any], schema_ref: str) -> str:
    """A new YAML file (Steckbrief or manifest) with its schema comment on top."""
    return with_schema_comment(dump_text(to_commented(data)), schema_ref)


def plan(request: InitRequest) -> dict[str, str]:
    """Relative path → file content for the whole new register."""
    catalogue = load_catalogue(request.source.root)
    name = request.source.name or _single_blueprint(catalogue.blaupausen)
    if name not in catalogue.blaupausen:
        raise UsageError(
            f"Blaupause '{name}' gibt es im Katalog nicht; vorhanden: "
            + ", ".join(sorted(catalogue.blaupausen))
        )
    entries = derive(catalogue, name, bereiche=request.bereiche)
    if not entries:
        raise UsageError("Die Auswahl enthält keine Prozesse (Produktbereiche prüfen)")
    files: dict[str, str] = {}
    for entry in entries:
        _check_id(entry)
        data = dict(entry)
        data.setdefault("modellierung", {"status": "nicht_modelliert"})
        data.setdefault("status", "aktiv")
        data["herkunft"] = {
            "art": "blaupause",
            "name": f"{catalogue.name}/{name}",
            "id": entry["id"],
            "version": catalogue.version,
            "sha256": entry_sha256(entry),
        }
        if request.source.commit:
            data["herkunft"]["commit"] = request.source.commit
        files[f"{STECKBRIEF_DIR}/{entry['id']}.yaml"] = yaml_file_text(
            _ordered(data), f"../{SCHEMA_DIR}/steckbrief.schema.json"
        )
    files[MANIFEST_NAME] = manifest_text(
        request, catalogue.name, name, catalogue.version, catalogue.produktrahmen
    )
    for schema_name, text in render_all().items():
        files[f"{SCHEMA_DIR}/{schema_name}"] = text
    files[f"{MODELL_DIR}/.gitkeep"] = ""
    files[".gitignore"] = ".prozesskit/cache/\n"
    return files


def _check_id(entry: dict[str, Any]) -> None:
    """Ids become file names: a catalogue from elsewhere must not write outside the target."""
    value = entry.get("id")
    if not isinstance(value, str) or not re.fullmatch(ID_PATTERN, value) or not (
            ID_MIN_LENGTH <= len(value) <= ID_MAX_LENGTH):
        raise InputError(f"Blaupause enthält einen Eintrag mit ungültiger id {value!r} "
                         f"(Name: {entry.get('name')!r}); erlaubt sind Kleinbuchstaben, Ziffern "
                         "und Bindestriche")


def _single_blueprint(blaupausen: Collection[str]) -> str:
    if len(blaupausen) == 1:
        return next(iter(blaupausen))
    raise UsageError(
        "Der Katalog enthält mehrere Blaupausen; bitte mit '#name' wählen: "
        + ", ".join(sorted(blaupausen))
    )


def manifest_text(
    request: InitRequest, catalogue: str, name: str, version: str, produktrahmen: str
) -> str:
    data: dict[str, Any] = {
        "format": 1,
        "kommune": {
            "name": request.kommune_name,
            "schluessel": request.schluessel,
            "typ": request.typ,
        },
        "produktrahmen": produktrahmen,
        "blaupause": {
            "name": f"{catalogue}/{name}",
            "version": version,
            "quelle": request.source.quelle,
        },
        "bibliotheken": [],
        "konventionen": {"extends": ["prozesskit:empfohlen"], "regeln": {}, "pflichtfelder": []},
    }
    if request.source.commit:
        data["blaupause"]["commit"] = request.source.commit
    try:
        Manifest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        message = str((first.get("ctx") or {}).get("error", first["msg"]))
        raise UsageError(f"Angaben zur Kommune ungültig: {message}") from exc
    return yaml_file_text(data, f"{SCHEMA_DIR}/register.schema.json")


def check_target(target: Path, force: bool) -> None:
    if target.exists() and not target.is_dir():
        raise UsageError(f"'{target}' ist eine Datei, kein Ordner")
    if target.exists() and any(target.iterdir()) and not force:
        raise UsageError(
            f"Der Ordner '{target}' ist nicht leer; mit --force trotzdem anlegen "
            "(vorhandene Dateien gleichen Namens werden überschrieben)"
        )


def write(
    files: dict[str, str],
    target: Path,
    progress: Callable[[int], None] | None = None,
) -> None:
    """All files into a temp sibling, then into place: all or nothing."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    staging.chmod(0o777 & ~current_umask())  # mkdtemp makes it 0700; a register is shared
    try:
        for index, (rel, text) in enumerate(sorted(files.items()), start=1):
            path = contained(staging, rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if progress is not None:
                progress(index)
        _move_into_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_into_place(staging: Path, target: Path) -> None:
    if not target.exists():
        os.replace(staging, target)
        return
    for folder, _dirs, names in os.walk(staging):
        for name in names:
            source = Path(folder) / name
            dest = target / source.relative_to(staging)
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, dest)
