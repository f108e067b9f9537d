"""``prozesskit-paket.json``: what a package holds and how it was made.

The manifest is the package's contract: ``unpack`` takes exactly the files it lists, each
with the size and sha256 given here, and nothing else. It also records where the processes
came from (Kommune, Blaupause) and the validation result at pack time (``pruefung``), so a
receiver sees whether it was packed with errors (``erzwungen``), how often each rule found
something (``regeln``) and the first findings of each rule (``befunde``). Not every finding:
they were found under the sender's conventions, the receiver's ``validate`` lists them all
under hers, and a register's thousands of findings made the manifest megabytes large. No
time, host or local path is recorded: the same content packed twice gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from prozesskit.errors import PaketError, json_reason
from prozesskit.exchange.kennung import (
    BEFUNDE_JE_REGEL,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    READABLE_VERSIONS,
)

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "MANIFEST_NAME", "PaketManifest", "manifest_bytes",
           "parse_manifest", "schema"]


_SHA256 = r"^[0-9a-f]{64}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Datei(_Strict):
    """Eine Datei des Pakets."""

    pfad: Annotated[str, Field(title="Pfad", description="Pfad relativ zum Register, mit '/'.",
                               min_length=1)]
    groesse: Annotated[int, Field(title="Größe", description="Größe in Bytes.", ge=0)]
    sha256: Annotated[str, Field(title="SHA-256", description="Prüfsumme des Inhalts "
                                 "(64 Hexadezimalziffern, klein).", pattern=_SHA256)]


class ModellAngabe(_Strict):
    """Ein Modell eines Prozesses, wie der Steckbrief es nennt."""

    art: Annotated[str | None, Field(title="Art", description="'ist' oder 'soll'.")] = None
    datei: Annotated[str, Field(title="Datei", description="Pfad der BPMN-Datei im Paket.")]
    version: Annotated[str | None, Field(title="Version",
                                         description="Version des Modells laut Steckbrief.")
                       ] = None


class Prozess(_Strict):
    """Ein Prozess des Pakets: sein Steckbrief und seine Modelle."""

    id: Annotated[str, Field(title="Id", description="Kennung des Prozesses.", min_length=1)]
    name: Annotated[str | None, Field(title="Name", description="Name des Prozesses.")] = None
    version: Annotated[str | None, Field(
        title="Version", description="Stand des Steckbriefs (Feld 'stand', JJJJ-MM-TT); "
        "genau bestimmt ihn die Prüfsumme der Datei.")] = None
    herkunft: Annotated[dict[str, Any] | None, Field(
        title="Herkunft", description="Das Feld 'herkunft' des Steckbriefs (Blaupause oder "
        "Bibliothek), wie es dort steht.")] = None
    steckbrief: Annotated[str, Field(title="Steckbrief",
                                     description="Pfad des Steckbriefs im Paket.")]
    modelle: Annotated[list[ModellAngabe], Field(
        title="Modelle", description="Modelle des Prozesses, die das Paket enthält.")] = []


class Quelle(_Strict):
    """Das Register, aus dem gepackt wurde."""

    kommune: Annotated[str | None, Field(title="Kommune", description="Name der Kommune.")
                       ] = None
    schluessel: Annotated[str | None, Field(title="Schlüssel",
                                            description="Amtlicher Schlüssel der Kommune.")
                          ] = None
    typ: Annotated[str | None, Field(title="Typ", description="Typ der Kommune.")] = None
    blaupause: Annotated[str | None, Field(
        title="Blaupause", description="Blaupause des Registers (Name@Version).")] = None
    produktrahmen: Annotated[str | None, Field(
        title="Produktrahmen", description="Produktrahmen des Registers (NKF-NRW oder IMK), "
        "nach dem die Produktbereiche der Steckbriefe nummeriert sind; ab Formatversion 3.")
    ] = None


class Befund(_Strict):
    """Ein Problem, das die Prüfung beim Packen gemeldet hat."""

    datei: str
    zeile: int | None = None
    regel: str
    stufe: Literal["error", "warn"]
    meldung: str


class RegelAnzahl(_Strict):
    """Wie oft eine Regel beim Packen angeschlagen hat."""

    regel: Annotated[str, Field(title="Regel")]
    stufe: Annotated[Literal["error", "warn"], Field(title="Stufe")]
    anzahl: Annotated[int, Field(title="Anzahl", description="Befunde dieser Regel in den "
                                 "gepackten Dateien, auch die nicht aufgeführten.", ge=1)]


class Pruefung(_Strict):
    """Das Ergebnis von 'prozesskit validate' beim Packen, für die gepackten Dateien."""

    fehler: Annotated[int, Field(title="Fehler", ge=0)]
    warnungen: Annotated[int, Field(title="Warnungen", ge=0)]
    erzwungen: Annotated[bool, Field(
        title="Erzwungen", description="true: trotz Fehlern mit --force gepackt.")] = False
    regeln: Annotated[list[RegelAnzahl], Field(
        title="Regeln", description="Jede Regel mit Befunden (nach Regel und Stufe sortiert) "
        "und ihre Zahl.")] = []
    befunde: Annotated[list[Befund], Field(
        title="Befunde", description=f"Je Regel und Stufe die ersten {BEFUNDE_JE_REGEL} "
        "Befunde, in der Reihenfolge von 'prozesskit validate' (nach Datei und Zeile); alle "
        "zeigt 'prozesskit validate' nach dem Entpacken.")] = []
    ausgelassen: Annotated[int, Field(
        title="Ausgelassen", description="Befunde, die 'befunde' nicht aufführt (über "
        f"{BEFUNDE_JE_REGEL} je Regel).", ge=0)] = 0


class PaketManifest(_Strict):
    """Manifest eines prozesskit-Pakets (prozesskit-paket.json)."""

    format: Annotated[Literal["prozesskit-paket"], Field(title="Format")]
    formatversion: Annotated[Literal[1, 2, 3], Field(title="Formatversion")]
    prozesskit: Annotated[str, Field(title="prozesskit-Version",
                                     description="Version, mit der gepackt wurde.")]
    quelle: Annotated[Quelle, Field(title="Quelle")]
    prozesse: Annotated[list[Prozess], Field(title="Prozesse")]
    dateien: Annotated[list[Datei], Field(title="Dateien")]
    pruefung: Annotated[Pruefung, Field(title="Prüfung beim Packen")]


def manifest_bytes(manifest: PaketManifest) -> bytes:
    """Deterministic JSON: field order of the model, no ``null`` fields, two-space indent."""
    data = manifest.model_dump(mode="json", exclude_none=True)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def parse_manifest(raw: bytes) -> PaketManifest:
    """The manifest of a package from outside; a German :class:`PaketError` when unusable."""
    try:  # orjson: a third faster than json on a manifest with thousands of findings
        data = orjson.loads(raw)
    except RecursionError:
        raise PaketError(f"{MANIFEST_NAME} ist kein gültiges JSON: zu tief verschachtelt"
                         ) from None
    except ValueError as exc:  # also invalid UTF-8, nesting over 1,024 (orjson's English)
        raise PaketError(f"{MANIFEST_NAME} ist kein gültiges JSON: {json_reason(exc)}; das "
                         "Paket mit 'prozesskit pack' neu erstellen") from None
    if not isinstance(data, dict):
        raise PaketError(f"{MANIFEST_NAME} muss ein JSON-Objekt ({{\"format\": …}}) sein, "
                         f"gefunden: {_JSON_TYPES.get(type(data), 'ein anderer Wert')}")
    if isinstance(data, dict) and data.get("format") == FORMAT_NAME and \
            data.get("formatversion") not in READABLE_VERSIONS:
        raise PaketError(f"{MANIFEST_NAME} hat Formatversion {data.get('formatversion')!r}; "
                         "diese prozesskit-Version liest die Versionen "
                         f"{', '.join(map(str, READABLE_VERSIONS))}. Bitte "
                         "prozesskit aktualisieren")
    try:
        return PaketManifest.model_validate(data)
    except ValidationError as exc:
        from prozesskit.model.errors import german_message

        more = f" (und {exc.error_count() - 1} weitere Fehler)" if exc.error_count() > 1 \
            else ""
        reason = german_message(exc, PaketManifest, with_hint=False).rstrip(".")
        raise PaketError(f"{MANIFEST_NAME} passt nicht zum Paketformat: {reason}{more}"
                         ) from None


_JSON_TYPES = {list: "eine Liste", str: "ein Text", int: "eine Zahl", float: "eine Zahl",
               bool: "true oder false", type(None): "null"}


def schema() -> dict[str, Any]:
    return PaketManifest.model_json_schema(mode="validation")
