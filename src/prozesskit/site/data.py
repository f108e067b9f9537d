"""The register as the site sees it: one :class:`Process` per usable Steckbrief.

The site reads plain data (``SteckbriefFile.data``), not the pydantic model: a register
with a Steckbrief that fails the schema must still be shown (``validate`` reports the
defect; the site shows what is there). Every value is therefore taken defensively: a field
of the wrong type is treated as absent. A Steckbrief without a usable id gets no page (its
file name would come from user text) and is reported as a note.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from prozesskit.model.codes import ID_PATTERN
from prozesskit.model.produktrahmen import find_bereich
from prozesskit.register.view import ModelFile, Register, SteckbriefFile
from prozesskit.site.labels import STATUS_TEXT

_ID = re.compile(ID_PATTERN)
OHNE_BEREICH = "ohne"


@dataclass(frozen=True, slots=True)
class ModelRef:
    art: str  # "ist", "soll" or "" (unknown)
    datei: str
    file: ModelFile | None


@dataclass(frozen=True, slots=True)
class Process:
    id: str
    name: str
    path: str  # the Steckbrief's file in the register
    sha256: str
    data: dict[str, Any]
    beschreibung: str
    bereich: str  # code as written, "" when missing
    bereich_name: str
    organisationseinheit: str
    prioritaet: str  # hoch | mittel | niedrig | ""
    modellierung: str  # modelling status code
    aktiv: bool
    leika: str
    stufe: int | None  # Digitalisierungsgrad
    reifegradmodell: str
    modelle: tuple[ModelRef, ...]

    @property
    def page(self) -> str:
        return f"prozesse/{self.id}.html"

    @property
    def karte_status(self) -> str:
        """What the map colours by: a struck process is ``entfaellt`` whatever its models."""
        return self.modellierung if self.aktiv else "entfaellt"


@dataclass(frozen=True, slots=True)
class SiteData:
    kommune: str
    produktrahmen: str
    processes: tuple[Process, ...]  # by id
    notes: tuple[str, ...]  # Steckbriefe without a page, in German


def text(value: Any) -> str:
    """A scalar as text; containers and None are no text."""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, str | int | float | dt.date):
        return str(value).strip()
    return ""


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def collect(register: Register) -> SiteData:
    manifest = register.manifest.data if register.manifest is not None else None
    manifest = _mapping(manifest)
    rahmen = text(manifest.get("produktrahmen")) or "NKF-NRW"
    kommune = text(_mapping(manifest.get("kommune")).get("name"))
    if not kommune:
        kommune = f"Blaupause {register.provenance.location}" if register.manifest is None \
            else "Prozessregister"
    processes: dict[str, Process] = {}
    notes: list[str] = []
    for item in register:
        process = _process(item, rahmen, notes)
        if process is None:
            continue
        if process.id in processes:
            notes.append(f"{item.path}: die id '{process.id}' hat schon "
                         f"{processes[process.id].path}; keine eigene Seite")
            continue
        processes[process.id] = process
    ordered = tuple(processes[key] for key in sorted(processes))
    return SiteData(kommune, rahmen, ordered, tuple(notes))


def _process(item: SteckbriefFile, rahmen: str, notes: list[str]) -> Process | None:
    data = item.data
    if not isinstance(data, dict) or item.sha256 is None:
        notes.append(f"{item.path}: nicht lesbar; keine Seite (Fehler zeigt 'prozesskit validate')")
        return None
    ident = item.id
    if ident is None or not _ID.match(ident):
        notes.append(f"{item.path}: keine gültige id; keine Seite (Fehler zeigt "
                     "'prozesskit validate')")
        return None
    produkt = _mapping(data.get("produkt"))
    bereich = text(produkt.get("bereich"))
    found = find_bereich(rahmen, bereich) if bereich else None
    bereich_name = found[1] if found else (text(produkt.get("bezeichnung")) if bereich else "")
    modellierung = text(_mapping(data.get("modellierung")).get("status")) or "nicht_modelliert"
    if modellierung not in STATUS_TEXT:
        modellierung = "nicht_modelliert"
    prioritaet = text(data.get("prioritaet"))
    grad = _mapping(data.get("digitalisierungsgrad"))
    stufe = grad.get("stufe")
    links = {(link.datei, link.art or ""): link.file for link in item.modelle}
    modelle = []
    entries = data.get("modelle")
    for raw_entry in entries if isinstance(entries, list) else []:
        entry = _mapping(raw_entry)
        datei, art = text(entry.get("datei")), text(entry.get("art"))
        if datei:
            modelle.append(ModelRef(art if art in ("ist", "soll") else "", datei,
                                    links.get((datei, art))))
    return Process(
        id=ident,
        name=item.name or ident,
        path=item.path,
        sha256=item.sha256,
        data=data,
        beschreibung=text(data.get("beschreibung")),
        bereich=bereich,
        bereich_name=bereich_name,
        organisationseinheit=text(data.get("organisationseinheit")),
        prioritaet=prioritaet if prioritaet in ("hoch", "mittel", "niedrig") else "",
        modellierung=modellierung,
        aktiv=text(data.get("status")) != "entfaellt",
        leika=text(data.get("leika")),
        stufe=stufe if isinstance(stufe, int) and not isinstance(stufe, bool) else None,
        reifegradmodell=text(grad.get("modell")) or "1.1",
        modelle=tuple(modelle),
    )
