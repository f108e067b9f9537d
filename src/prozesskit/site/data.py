"""The register as the site sees it: one :class:`Process` per usable Steckbrief.

The site reads plain data (``SteckbriefFile.data``), not the pydantic model: a register
with a Steckbrief that fails the schema must still be shown (``validate`` reports the
defect; the site shows what is there). Every value is therefore taken defensively: a field
of the wrong type is treated as absent. A Steckbrief without a usable id gets no page (its
file name would come from user text) and is reported as a note.

What the map, the dashboard and the search index need of a Steckbrief is its
:class:`Summary`: a function of its bytes (and of the Produktrahmen and the LeiKa catalogue,
which :mod:`.cache` keys by), so a rebuild takes it from the cache for every Steckbrief
whose sha256 it knows and parses only the changed ones. Only a page that must be drawn
again needs the full data (:meth:`.inputs.SiteInput.parse`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from prozesskit.model.codes import is_valid_id
from prozesskit.model.produktrahmen import find_bereich, of_manifest
from prozesskit.register.modelpath import model_path
from prozesskit.register.view import ModelFile, SteckbriefFile
from prozesskit.site.labels import STATUS_TEXT

OHNE_BEREICH = "ohne"

#: Why a Steckbrief has no page (:attr:`Summary.fehlt`)
UNLESBAR = "unlesbar"
KEINE_ID = "keine-id"


@dataclass(frozen=True, slots=True)
class ModelRef:
    art: str  # "ist", "soll" or "" (unknown)
    datei: str
    file: ModelFile | None


@dataclass(frozen=True, slots=True)
class Summary:
    """What the site shows of a Steckbrief outside its own page; cached by content.

    ``modelle``: (art, datei, register path of the model the entry links, or None when the
    entry is no link); ``terms``: folded search terms with their weight (the highest of
    the fields they occur in); ``fehlt``: "" or why there is no page (then the rest is empty).
    """

    id: str
    name: str
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
    modelle: tuple[tuple[str, str, str | None], ...]
    terms: tuple[tuple[str, int], ...]
    fehlt: str = ""


def missing(reason: str) -> Summary:
    return Summary("", "", "", "", "", "", "", "", False, "", None, "", (), (), reason)


@dataclass(frozen=True, slots=True)
class Process:
    path: str  # the Steckbrief's file in the register
    sha256: str
    summary: Summary
    modelle: tuple[ModelRef, ...]

    # the summary's fields, as the templates and the index use them
    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def name(self) -> str:
        return self.summary.name

    @property
    def beschreibung(self) -> str:
        return self.summary.beschreibung

    @property
    def bereich(self) -> str:
        return self.summary.bereich

    @property
    def bereich_name(self) -> str:
        return self.summary.bereich_name

    @property
    def organisationseinheit(self) -> str:
        return self.summary.organisationseinheit

    @property
    def prioritaet(self) -> str:
        return self.summary.prioritaet

    @property
    def modellierung(self) -> str:
        return self.summary.modellierung

    @property
    def aktiv(self) -> bool:
        return self.summary.aktiv

    @property
    def leika(self) -> str:
        return self.summary.leika

    @property
    def stufe(self) -> int | None:
        return self.summary.stufe

    @property
    def reifegradmodell(self) -> str:
        return self.summary.reifegradmodell

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
    netz_seite: bool = False  # the site has netz.html (``site --netz``): linked from every page


def text(value: Any) -> str:
    """A scalar as text; containers and None are no text."""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, str | int | float | dt.date):
        return str(value).strip()
    return ""


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def heading(manifest: Any, location: str) -> tuple[str, str]:
    """(Kommune, Produktrahmen) from the manifest's data; ``manifest`` None: a Blaupause."""
    data = _mapping(manifest)
    rahmen = of_manifest(data)
    kommune = text(_mapping(data.get("kommune")).get("name"))
    if not kommune:
        kommune = f"Blaupause {location}" if manifest is None else "Prozessregister"
    return kommune, rahmen


def assemble(kommune: str, rahmen: str, summaries: list[tuple[str, str | None, Summary]],
             modelle: Mapping[str, ModelFile]) -> SiteData:
    """The processes of ``summaries`` ((path, sha256, summary) in path order): the first
    file of an id gets the page, every other file a note, as before the cache."""
    processes: dict[str, Process] = {}
    notes: list[str] = []
    for path, sha256, summary in summaries:
        if summary.fehlt or sha256 is None:
            if summary.fehlt == KEINE_ID:
                notes.append(f"{path}: keine gültige id; keine Seite (Fehler zeigt "
                             "'prozesskit validate')")
            else:
                notes.append(f"{path}: nicht lesbar; keine Seite (Fehler zeigt "
                             "'prozesskit validate')")
            continue
        if summary.id in processes:
            notes.append(f"{path}: die id '{summary.id}' hat schon "
                         f"{processes[summary.id].path}; keine eigene Seite")
            continue
        refs = tuple(ModelRef(art, datei, modelle.get(target) if target is not None else None)
                     for art, datei, target in summary.modelle)
        processes[summary.id] = Process(path, sha256, summary, refs)
    ordered = tuple(processes[key] for key in sorted(processes))
    return SiteData(kommune, rahmen, ordered, tuple(notes))


def summarize(item: SteckbriefFile, rahmen: str,
              terms: Callable[[Summary, dict[str, Any]], tuple[tuple[str, int], ...]]
              ) -> Summary:
    """The summary of one parsed Steckbrief; ``terms`` makes its search terms."""
    data = item.data
    if not isinstance(data, dict) or item.sha256 is None:
        return missing(UNLESBAR)
    ident = item.id
    if not is_valid_id(ident):
        return missing(KEINE_ID)
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
    # the model a (datei, art) entry links, as the register view resolves it
    links = {(link.datei, link.art or ""): model_path(link.datei) or ""
             for link in item.modelle}
    modelle = []
    entries = data.get("modelle")
    for raw_entry in entries if isinstance(entries, list) else []:
        entry = _mapping(raw_entry)
        datei, art = text(entry.get("datei")), text(entry.get("art"))
        if datei:
            modelle.append((art if art in ("ist", "soll") else "", datei, links.get((datei, art))))
    summary = Summary(
        id=ident,
        name=item.name or ident,
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
        terms=(),
    )
    return replace(summary, terms=terms(summary, data))
