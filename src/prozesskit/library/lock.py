"""``prozesskit.lock``: what was imported from where, exactly enough to find it again.

Per imported process the lock names its source (one entry in ``quellen``), the exact commit
(git) or catalogue version (Blaupause), the path and id in the source, the sha256 of the bytes
imported (the merge base) and of the bytes written (to tell "lokal geändert" without
re-rendering). ``diff`` and ``update`` read it; ``import`` and ``init --blueprint`` write it.

JSON, not YAML: nobody edits it by hand, and a JSON file with sorted keys and one entry per
line merges and reviews well in git. Written atomically; its JSON Schema is generated into
``schemas/lock.schema.json`` like the others.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from prozesskit.errors import InputError, json_reason
from prozesskit.model.codes import COMMIT_PATTERN, ID_PATTERN, SHA256_PATTERN
from prozesskit.validation.layout import LOCK_NAME as LOCK_NAME  # re-exported

#: Version of the file format; a newer prozesskit reads older formats, never the reverse.
LOCK_FORMAT = 1

Sha256 = Annotated[str, Field(pattern=SHA256_PATTERN)]
Commit = Annotated[str, Field(pattern=COMMIT_PATTERN)]
#: The key of a source in ``quellen``; also the folder name of its kept bases.
QUELLE_KEY = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Quelle(_Strict):
    """Eine Quelle, aus der Prozesse übernommen wurden."""

    art: Annotated[Literal["git", "ordner", "blaupause", "paket", "xprozess"], Field(
        title="Art", description="git: Bibliothek als git-Repository; ordner: Register-Ordner; "
        "blaupause: Blaupause (eingebaut oder Katalog); paket: Paket aus 'pack'; xprozess: "
        "XProzess-2.0-Datei.")]
    ort: Annotated[str, Field(min_length=1, title="Ort", description=(
        "git-URL, Pfad des Ordners oder prozesskit:<blaupause>."))]
    ref: Annotated[str | None, Field(title="Ref", description=(
        "Tag, Branch oder Commit, wie beim Import angegeben (git)."))] = None
    pfad: Annotated[str | None, Field(title="Pfad", description=(
        "Unterordner des Registers im Repository (git, '#pfad')."))] = None
    name: Annotated[str | None, Field(title="Name", description=(
        "Name der Blaupause im Katalog (Blaupause)."))] = None


class Modell(_Strict):
    """Ein mit dem Prozess übernommenes Modell."""

    pfad: Annotated[str, Field(min_length=1, title="Pfad in der Quelle")]
    sha256: Annotated[Sha256, Field(title="Prüfsumme", description=(
        "SHA-256 der übernommenen Datei (Basis für spätere Abgleiche)."))]
    daneben_sha256: Annotated[Sha256 | None, Field(title="Prüfsumme daneben", description=(
        "SHA-256 der Fassung der Quelle, die update neben das lokal geänderte Modell "
        "geschrieben hat (<id>.<art>.bibliothek.bpmn): nur diese Datei ersetzt oder "
        "entfernt update ohne --force."))] = None


class Prozess(_Strict):
    """Ein übernommener Prozess (Schlüssel in 'prozesse': seine lokale Id)."""

    quelle: Annotated[str, Field(pattern=QUELLE_KEY, title="Quelle",
                                 description="Schlüssel in 'quellen'.")]
    id: Annotated[str, Field(pattern=ID_PATTERN, title="Id in der Quelle")]
    pfad: Annotated[str, Field(min_length=1, title="Pfad in der Quelle",
                               description="Pfad des Steckbriefs in der Quelle.")]
    datei: Annotated[str, Field(min_length=1, title="Lokale Datei",
                                description="Pfad des Steckbriefs im Register.")]
    commit: Annotated[Commit | None, Field(title="Commit", description=(
        "Exakter git-Commit der Quelle beim Import (git)."))] = None
    version: Annotated[str | None, Field(title="Version", description=(
        "Version des Katalogs (Blaupause)."))] = None
    paket_sha256: Annotated[Sha256 | None, Field(title="Prüfsumme des Pakets", description=(
        "SHA-256 des Pakets oder der XProzess-Datei, aus dem/der übernommen wurde."))] = None
    sha256: Annotated[Sha256, Field(title="Prüfsumme", description=(
        "SHA-256 des übernommenen Steckbriefs in der Quelle: die Basis des 3-Wege-Abgleichs."))]
    lokal_sha256: Annotated[Sha256, Field(title="Prüfsumme lokal", description=(
        "SHA-256 der beim Import geschriebenen Datei: unverändert, solange sie gleich ist."))]
    modelle: Annotated[dict[str, Modell], Field(title="Modelle", description=(
        "Mit übernommene Modelle: lokaler Pfad → Pfad und Prüfsumme in der Quelle."))] = Field(
        default_factory=dict)


class Lock(_Strict):
    """The whole lock; its schema description is German (``json_schema_extra``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="prozesskit.lock",
                              json_schema_extra={"description": (
                                  "Herkunft übernommener Prozesse: Quelle, exakter Commit, "
                                  "Pfad, Id und Prüfsummen (von prozesskit geschrieben).")})

    format: Annotated[Literal[1], Field(title="Format", description="Version des Formats.")]
    quellen: Annotated[dict[Annotated[str, Field(pattern=QUELLE_KEY)], Quelle], Field(
        title="Quellen")] = Field(default_factory=dict)
    prozesse: Annotated[dict[Annotated[str, Field(pattern=ID_PATTERN)], Prozess], Field(
        title="Prozesse", description="Lokale Id → Herkunft.")] = Field(default_factory=dict)

    @classmethod
    def empty(cls) -> Lock:
        return cls(format=LOCK_FORMAT)

    def with_entries(self, quellen: dict[str, Quelle], prozesse: dict[str, Prozess]) -> Lock:
        """This lock plus (or replacing) the given sources and processes."""
        return Lock(format=LOCK_FORMAT, quellen={**self.quellen, **quellen},
                    prozesse={**self.prozesse, **prozesse})

    def to_text(self) -> str:
        """Stable text: sorted keys, two-space indent, unset fields left out, final newline;
        the same lock always gives the same bytes (reviewable diffs, no churn)."""
        data = self.model_dump(mode="json", exclude_none=True)
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def parse_lock(raw: bytes, shown: str = LOCK_NAME) -> Lock:
    """A lock from its bytes; a German :class:`InputError` for anything unusable."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise InputError(f"{shown} ist kein gültiges JSON: zu tief verschachtelt; die Datei "
                         "schreibt prozesskit, bitte aus git wiederherstellen",
                         file=shown) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(f"{shown} ist kein gültiges JSON: {json_reason(exc)}; die Datei schreibt "
                         "prozesskit, bitte nicht von Hand ändern (aus git wiederherstellen)",
                         file=shown, line=line) from exc
    if isinstance(data, dict) and isinstance(data.get("format"), int) and \
            data["format"] > LOCK_FORMAT:
        raise InputError(f"{shown} hat das Format {data['format']}, dieses prozesskit kennt "
                         f"nur bis {LOCK_FORMAT}; bitte prozesskit aktualisieren", file=shown)
    try:
        return Lock.model_validate(data)
    except ValidationError as exc:
        from prozesskit.model.errors import german_message

        reason = german_message(exc, Lock, with_hint=False).rstrip(".")
        raise InputError(f"{shown} ist ungültig: {reason}. Die Datei schreibt prozesskit; "
                         "bitte aus git wiederherstellen", file=shown) from exc


def read_lock(root: Path) -> Lock:
    """The register's lock, or an empty one if it has none yet (never through a link)."""
    return read_lock_as_read(root)[0]


def read_lock_as_read(root: Path) -> tuple[Lock, str | None]:
    """The lock and the sha256 of its bytes (None: no lock yet): a plan that rewrites the
    lock expects it unchanged when it writes (:meth:`~prozesskit.writeplan.WritePlan.expect`)."""
    import hashlib

    from prozesskit.fsutil import NotRegularFile, read_regular
    from prozesskit.limits import MAX_YAML_BYTES

    path = root / LOCK_NAME
    try:
        raw = read_regular(str(path), MAX_YAML_BYTES * 8)
    except FileNotFoundError:
        return Lock.empty(), None
    except NotRegularFile as exc:
        raise InputError(f"{LOCK_NAME} ist keine normale Datei ({exc}); bitte durch die Datei "
                         "aus git ersetzen", file=LOCK_NAME) from exc
    return parse_lock(raw), hashlib.sha256(raw).hexdigest()


def write_lock(root: Path, lock: Lock) -> None:
    """Atomic write (temp file + rename) of the whole lock."""
    from prozesskit.fsutil import atomic_write_text

    atomic_write_text(root / LOCK_NAME, lock.to_text())
