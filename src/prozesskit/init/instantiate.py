"""Instantiate a Blaupause into a new register folder (the library behind ``init``).

Everything is first planned in memory (file → text) and then written as one
:class:`~prozesskit.writeplan.WritePlan`, so an interrupted init leaves either nothing or a
complete register. Files are written through the ruamel edit path with the schema comment,
so VS Code checks them while typing and a later load → save is byte-identical.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from prozesskit.errors import InputError, UsageError
from prozesskit.init.catalogue import (
    Catalogue,
    builtin_root,
    derive,
    entry_sha256,
    load_catalogue,
)
from prozesskit.init.workspace import workspace_files
from prozesskit.library.anfang import init_files
from prozesskit.model.codes import (
    BLAUPAUSE_TYP,
    is_valid_id,
)
from prozesskit.model.errors import german_message
from prozesskit.model.register import Manifest
from prozesskit.model.steckbrief import Steckbrief
from prozesskit.schemas import render_all
from prozesskit.validation.layout import MANIFEST_NAME, MODELL_DIR, SCHEMA_DIR, STECKBRIEF_DIR
from prozesskit.writeplan import write_error
from prozesskit.yamlio.edit import dump_text, to_commented, with_schema_comment
from prozesskit.yamlio.schemazeile import schema_ref

BUILTIN = tuple(BLAUPAUSE_TYP)


@dataclass(frozen=True)
class BlueprintSource:
    root: Path  # folder with katalog.yaml
    name: str  # blueprint within the catalogue
    quelle: str  # "eingebaut", a path or a URL
    commit: str | None = None


@dataclass(frozen=True)
class Blueprint:
    """A chosen Blaupause: where it came from, its catalogue and its name in it."""

    source: BlueprintSource
    catalogue: Catalogue
    name: str


@dataclass(frozen=True)
class InitRequest:
    target: Path
    blueprint: Blueprint
    kommune_name: str
    schluessel: str
    typ: str
    bereiche: Collection[str] | None = None
    force: bool = False


_WHAT_BLUEPRINT = (
    f"--blueprint erwartet eine eingebaute Blaupause ({', '.join(BUILTIN)}), einen Ordner mit "
    "katalog.yaml oder eine git-URL (https://…, ssh://…, git@host:pfad, file://…), "
    "z. B. --blueprint 'https://opencode.de/netz/blaupause.git@v2026.1#gemeinde'"
)


def _looks_like_url(location: str) -> bool:
    return "://" in location or re.match(r"^[\w.-]+@[\w.-]+:", location) is not None


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
    if not _looks_like_url(url) and not Path(url).exists():
        close = difflib.get_close_matches(url, BUILTIN, n=1)
        guess = f"Meinten Sie '{close[0]}'? " if close else ""
        raise InputError(f"Den Ordner '{url}' gibt es nicht. {guess}{_WHAT_BLUEPRINT}")
    tree, sha = fetch(url, ref)
    if not (tree / "katalog.yaml").is_file():
        raise InputError(f"Das Repository {url} enthält keine katalog.yaml")
    from prozesskit.credentials import without_credentials

    # quelle is written into prozesskit.yaml and the lock, which are committed: no token
    return BlueprintSource(tree, name or "", without_credentials(url), sha)


def open_blueprint(
    spec: str, fetch: Callable[[str, str | None], tuple[Path, str]]
) -> Blueprint:
    """Resolve ``--blueprint`` and choose the Blaupause in its catalogue, before any question
    is asked: the name decides the suggested Kommune type."""
    source = resolve_source(spec, fetch)
    catalogue = load_catalogue(source.root)
    known = sorted(catalogue.blaupausen)
    if not source.name:
        if len(known) != 1:
            example = f"{spec.partition('#')[0]}#{known[0]}"
            raise UsageError(
                f"Der Katalog in {source.quelle} enthält mehrere Blaupausen ({', '.join(known)}); "
                f"bitte eine mit '#name' hinter der Quelle wählen, z. B. --blueprint '{example}'"
            )
        return Blueprint(source, catalogue, known[0])
    if source.name not in catalogue.blaupausen:
        raise UsageError(
            f"Blaupause '{source.name}' gibt es im Katalog nicht; vorhanden: {', '.join(known)}"
        )
    return Blueprint(source, catalogue, source.name)


def check_schluessel(value: str) -> str:
    """The AGS/Kreisschlüssel in German terms (the model's pattern message is pydantic's
    English), before any file is planned."""
    if not re.fullmatch(r"\d{5}|\d{8}", value):
        raise UsageError(
            f"--ags '{value}' ist kein amtlicher Schlüssel: ein Kreis hat einen 5-stelligen "
            "Kreisschlüssel (z. B. 05774), eine Stadt oder Gemeinde den 8-stelligen Amtlichen "
            "Gemeindeschlüssel (z. B. 05774032); nur Ziffern, ohne Leerzeichen"
        )
    return value


#: Kommune types that do a Kreis's tasks (Kfz-Zulassung, Jugendamt, Ausländerbehörde …)
_KREISAUFGABEN = frozenset({"kreis", "kreisfreie_stadt"})


def typ_mismatch(blaupause: str, typ: str) -> str | None:
    """Why ``typ`` does not fit a built-in Blaupause (None: it fits, or the catalogue is not
    one of ours). A Kreis or kreisfreie Stadt from a municipal Blaupause lacks the Kreis's
    processes; a Gemeinde from a Kreis Blaupause gets hundreds it never runs. Said, not
    refused: a register may start small on purpose."""
    meant = BLAUPAUSE_TYP.get(blaupause)
    if meant is None or typ == meant:
        return None
    if (typ in _KREISAUFGABEN or meant in _KREISAUFGABEN) and typ != meant:
        fitting = next((name for name, art in BLAUPAUSE_TYP.items() if art == typ), None)
        instead = f" (die Blaupause für diesen Typ ist '{fitting}')" if fitting else \
            " (die Blaupausen 'stadt' und 'gemeinde' sind für kreisangehörige Kommunen)"
        return (f"Typ '{typ}', aber Blaupause '{blaupause}' (gedacht für '{meant}') – richtig? "
                f"Die Steckbriefe passen zur Blaupause, nicht zum Typ{instead}.")
    return None


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
    catalogue = request.blueprint.catalogue
    name = request.blueprint.name
    source = request.blueprint.source
    files = steckbrief_files(catalogue, name, source.commit, request.bereiche)
    files.update(init_files(files, catalogue=catalogue.name, name=name,
                            version=catalogue.version, quelle=source.quelle,
                            commit=source.commit, builtin=source.quelle == "eingebaut"))
    files[MANIFEST_NAME] = manifest_text(
        request, catalogue.name, name, catalogue.version, catalogue.produktrahmen
    )
    for schema_name, text in render_all().items():
        files[f"{SCHEMA_DIR}/{schema_name}"] = text
    files[f"{MODELL_DIR}/.gitkeep"] = ""
    files[".gitignore"] = ".prozesskit/cache/\n"
    files.update(workspace_files())
    return files


def steckbrief_files(
    catalogue: Catalogue, name: str, commit: str | None, bereiche: Collection[str] | None = None
) -> dict[str, str]:
    """The Steckbriefe of one Blaupause as ``init`` writes them (path → text); also the
    read-only view of a Blaupause (``prozesskit:kreis`` as a source), so that a file
    nobody edited since ``init`` equals its source byte for byte."""
    if bereiche:
        from prozesskit.model.produktrahmen import two_digits

        bereiche = {two_digits(b) or b for b in bereiche}  # `--bereich 2` means 02
    entries = derive(catalogue, name, bereiche=bereiche)
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
        if commit:
            data["herkunft"]["commit"] = commit
        rel = f"{STECKBRIEF_DIR}/{entry['id']}.yaml"
        files[rel] = yaml_file_text(_ordered(data), schema_ref(rel))
    return files


def _check_id(entry: dict[str, Any]) -> None:
    """Ids become file names: a catalogue from elsewhere must not write outside the target."""
    value = entry.get("id")
    if not is_valid_id(value):
        raise InputError(f"Blaupause enthält einen Eintrag mit ungültiger id {value!r} "
                         f"(Name: {entry.get('name')!r}); erlaubt sind Kleinbuchstaben, Ziffern "
                         "und Bindestriche")


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
            "quelle": request.blueprint.source.quelle,
        },
        "bibliotheken": [],
        "konventionen": {"extends": ["prozesskit:empfohlen"], "regeln": {}, "pflichtfelder": []},
    }
    if request.blueprint.source.commit:
        data["blaupause"]["commit"] = request.blueprint.source.commit
    try:
        Manifest.model_validate(data)
    except ValidationError as exc:
        message = german_message(exc, Manifest)
        raise UsageError(f"Angaben zur Kommune ungültig: {message}") from exc
    return yaml_file_text(data, f"{SCHEMA_DIR}/register.schema.json")


def check_target(target: Path, force: bool) -> None:
    try:
        if target.exists() and not target.is_dir():
            raise UsageError(f"'{target}' ist eine Datei, kein Ordner")
        if target.exists() and any(target.iterdir()) and not force:
            raise UsageError(
                f"Der Ordner '{target}' ist nicht leer; mit --force trotzdem anlegen "
                "(vorhandene Dateien gleichen Namens werden überschrieben)"
            )
    except OSError as exc:
        raise write_error(target, exc) from exc
