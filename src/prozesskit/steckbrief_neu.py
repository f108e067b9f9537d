"""``prozesskit neu``: a new Steckbrief skeleton that the editor checks from the first key.

Only files that carry the schema line get completion and checking in VS Code, so a new
Steckbrief is written with the line right for its folder. The skeleton is validated against
the model before anything is written, written atomically and never over an existing file.
The library plans and writes; the CLI (``cli/neu.py``) asks and prints.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from prozesskit.errors import UsageError
from prozesskit.fsutil import atomic_write_text, contained, current_umask
from prozesskit.model.codes import BEREICH_PATTERN, ID_MIN_LENGTH
from prozesskit.model.errors import german_message
from prozesskit.model.kennung import id_from_name
from prozesskit.model.produktrahmen import RAHMEN, STANDARD, find_bereich, span
from prozesskit.model.steckbrief import Steckbrief
from prozesskit.register.discover import discover
from prozesskit.validation.layout import STECKBRIEF_DIR, STECKBRIEF_SCHEMA
from prozesskit.yamlio.edit import dump_text, to_commented
from prozesskit.yamlio.schemazeile import schema_line


@dataclass(frozen=True)
class NeuerSteckbrief:
    name: str
    bereich: str
    id: str | None = None
    organisationseinheit: str | None = None
    #: subfolder below steckbriefe/ ("" for steckbriefe/ itself), POSIX separators
    ordner: str = ""


@dataclass(frozen=True)
class Plan:
    rel: str  # register-relative path of the new Steckbrief
    text: str
    schema_missing: bool  # the register lacks .prozesskit/schemas/steckbrief.schema.json


def normalise_bereich(text: str) -> str:
    """A Produktbereich as typed: '7' is '07' as in import-xlsx (people drop the leading
    zero); anything else as given, blanks trimmed."""
    from prozesskit.model.produktrahmen import two_digits

    return two_digits(text) or text.strip()


def bereich_problem(text: str, rahmen: str = STANDARD) -> str | None:
    """Why ``text`` is no Produktbereich of the register's Produktrahmen, in words for
    someone typing it (no YAML quoting advice: on the command line or at the prompt nobody
    types quotes); None if it is one."""
    if re.match(BEREICH_PATTERN, text) and (rahmen not in RAHMEN or find_bereich(rahmen, text)):
        return None
    return (f"'{text}' ist kein Produktbereich im Produktrahmen {rahmen}: zwei Ziffern, "
            f"erlaubt {span(rahmen)}")


def register_rahmen(root: Path) -> str:
    """The Produktrahmen the register's manifest names (the default if it cannot be read:
    then validate names the manifest's problem)."""
    from prozesskit.register.manifest import load_manifest

    manifest = load_manifest(root)[0]
    return manifest.produktrahmen if manifest is not None else STANDARD


def _rel_path(ordner: str, sb_id: str) -> str:
    parts = PurePosixPath(ordner.replace("\\", "/")).parts if ordner.strip("/") else ()
    if any(part in ("..", ".") or part.startswith(".") for part in parts) or ordner.startswith("/"):
        raise UsageError(f"--ordner '{ordner}' muss ein Unterordner von {STECKBRIEF_DIR}/ sein")
    return "/".join((STECKBRIEF_DIR, *parts, f"{sb_id}.yaml"))


def plan(root: Path, request: NeuerSteckbrief) -> Plan:
    """The new file's path and text; raises UsageError for anything that would not validate."""
    name = request.name.strip()
    if not name:
        raise UsageError(
            'Der Name des Prozesses fehlt, z. B. prozesskit neu "Gewerbeanmeldung entgegennehmen"'
        )
    sb_id = request.id or id_from_name(name)
    if not request.id and len(sb_id) < ID_MIN_LENGTH:  # the user gave no --id to blame
        raise UsageError(f"Aus dem Namen '{name}' lässt sich keine Id bilden (zu wenige Buchstaben "
                         f"oder Ziffern, mindestens {ID_MIN_LENGTH}); bitte den Prozess mit "
                         'Objekt und Verrichtung benennen, z. B. "Hundesteuer festsetzen", oder '
                         "die Id mit --id nennen")
    bereich = normalise_bereich(request.bereich)
    if (problem := bereich_problem(bereich, register_rahmen(root))) is not None:
        raise UsageError(f"--bereich: {problem}")
    data: dict[str, Any] = {"id": sb_id, "name": name, "produkt": {"bereich": bereich}}
    if request.organisationseinheit:
        data["organisationseinheit"] = request.organisationseinheit
    data["modellierung"] = {"status": "nicht_modelliert"}
    data["status"] = "aktiv"
    try:
        Steckbrief.model_validate(data)
    except ValidationError as exc:
        flag = {"id": "--id", "produkt": "--bereich", "name": "Name"}
        first = str(exc.errors(include_url=False)[0]["loc"][0])
        raise UsageError(f"{flag.get(first, first)}: {german_message(exc, Steckbrief)}") from exc
    rel = _rel_path(request.ordner, sb_id)
    text = f"{schema_line(rel)}\n{dump_text(to_commented(data))}"
    return Plan(rel, text, not (root / STECKBRIEF_SCHEMA).is_file())


def same_id(root: Path, rel: str) -> str | None:
    """Another Steckbrief of the register named like ``rel`` (another folder, ``.yml``):
    the id is the file name, so writing would make a duplicate id (PK-S006)."""
    stem = PurePosixPath(rel).stem
    found = discover(root)
    names = (*found.steckbriefe, *(entry for entry, _ in found.unread))
    return next((other for other in names
                 if other != rel and PurePosixPath(other).stem == stem
                 and other.startswith(STECKBRIEF_DIR + "/")), None)


def write(root: Path, planned: Plan) -> Path:
    """Write the Steckbrief (and the register's schemas if they are missing).

    Never overwrites: the finished temp file is hard-linked to the target name, which fails
    if the name exists, even when another process creates it at the same moment.
    """
    path = contained(root, planned.rel)
    if path.exists() or path.is_symlink():
        raise UsageError(
            f"{planned.rel} gibt es schon; prozesskit neu überschreibt nichts "
            "(anderen Namen oder --id wählen)"
        )
    taken = same_id(root, planned.rel)
    if taken is not None:
        raise UsageError(
            f"Die id '{PurePosixPath(planned.rel).stem}' hat schon {taken} (die id ist der "
            "Dateiname, in jedem Ordner nur einmal); anderen Namen oder --id wählen"
        )
    if planned.schema_missing:
        from prozesskit.schemas import render_all

        for file_name, content in render_all().items():
            schema = root / STECKBRIEF_SCHEMA.rsplit("/", 1)[0] / file_name
            if not schema.exists():
                atomic_write_text(schema, content)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(planned.text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise UsageError(
                f"{planned.rel} gibt es schon; prozesskit neu überschreibt nichts"
            ) from None
        except OSError:  # a file system without hard links: check, then rename
            if path.exists():
                raise UsageError(
                    f"{planned.rel} gibt es schon; prozesskit neu überschreibt nichts"
                ) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return path
