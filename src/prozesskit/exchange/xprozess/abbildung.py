"""THE mapping Steckbrief ↔ XProzess Prozess (with its Prozesssteckbrief), in one place.

The README's table "XProzess-Abbildung" documents it field by field. In short: what
XProzess has a place for goes there (name, beschreibung, handlungsgrundlage, auslöser,
ergebnis, prozessteilnehmer, LeiKa as klassifikation, stand as letzter Änderungszeitpunkt,
status, models); what it cannot carry goes into ``merkmal`` elements of the
Prozesssteckbrief under the ordnungsrahmen ``prozesskit`` (text as text, structures as
JSON), so that prozesskit → XProzess → prozesskit loses nothing. A foreign export's
facts that a Steckbrief has no field for land in ``merkmale.xprozess`` and are written
back to their XProzess elements on the next export.

Pure functions over plain data (the read path's dicts): no XML here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from prozesskit.exchange.xprozess import codes
from prozesskit.exchange.xprozess.daten import (
    Handlungsgrundlage,
    Klassifikation,
    Merkmal,
    Modelldatei,
    ProzessDaten,
)
from prozesskit.model.codes import ID_MAX_LENGTH, LEIKA_PATTERN, is_valid_id
from prozesskit.model.kennung import id_from_name

#: ordnungsrahmenName of the merkmal elements prozesskit writes
ORDNUNGSRAHMEN = "prozesskit"
#: ordnungsrahmenName of the LeiKa klassifikation
LEIKA_RAHMEN = "LeiKa"
#: Steckbrief fields kept as merkmal, written as text
TEXT_FELDER = ("organisationseinheit", "prozessverantwortlich", "prioritaet", "status",
               "status_grund")
#: Steckbrief fields kept as merkmal, written as JSON
#: (``varianten``: XProzess has one LeiKa classification per process, the main key's)
JSON_FELDER = ("produkt", "varianten", "ozg", "kennzahlen", "digitalisierungsgrad",
               "modellierung", "quelle")
#: merkmal with the Steckbrief's id: marks a process as written by prozesskit
ID_MERKMAL = "id"
#: merkmal naming the Steckbrief's model entries (art, datei, version) as JSON
MODELLE_MERKMAL = "modelle"
#: prefix of the user's own ``merkmale`` (each as JSON)
EIGENE = "merkmale."
#: key under ``merkmale`` for facts of a foreign export without a Steckbrief field
XPROZESS_KEY = "xprozess"
#: codes of the Prozesskatalog's Prozessklasse: XML element → key under merkmale.xprozess
KLASSE_CODES = {"zwecksetzung": "zwecksetzung", "operativesZiel": "operatives_ziel",
                "handlungsform": "handlungsform", "verfahrensart": "verfahrensart"}
#: keys under merkmale.xprozess that become XProzess elements of their own; any other key
#: (and ``status`` where the Steckbrief's own status decides the code) travels as a
#: prozesskit merkmal ``merkmale.xprozess.<key>`` and comes back to its place on import
XPROZESS_ELEMENTE = frozenset({"version", "bezeichnung", "fachlich_freigebende_stelle",
                               "klassifikation", "schlagworte", "definition",
                               "detaillierungsstufe", "status", "merkmal",
                               *KLASSE_CODES.values()})
#: order of the Steckbrief's keys (as the schema lists them)
REIHENFOLGE = ("id", "name", "beschreibung", "produkt", "organisationseinheit",
               "prozessverantwortlich", "leika", "varianten", "ozg", "rechtsgrundlagen",
               "ausloeser", "ergebnis", "beteiligte", "kennzahlen", "digitalisierungsgrad",
               "prioritaet", "modellierung", "modelle", "status", "status_grund", "stand", "quelle",
               "herkunft", "merkmale")
#: modellierung.status → Freigabestatus (lossy; the exact value travels as merkmal)
FREIGABE = {"nicht_modelliert": "1", "in_modellierung": "3", "ist_modelliert": "3",
            "soll_modelliert": "3", "abgestimmt": "4", "freigegeben": "5"}

_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class ModellQuelle:
    """A model of the Steckbrief with its bytes (the export's input)."""

    art: str | None
    datei: str
    version: str | None
    raw: bytes


# ---------------------------------------------------------------- Steckbrief → XProzess


def zu_prozess(data: Mapping[str, Any], modelle: Sequence[ModellQuelle]) -> ProzessDaten:
    """The XProzess process of a Steckbrief (read-path data) and its models."""
    fremd = _mapping(_mapping(data.get("merkmale")).get(XPROZESS_KEY))
    prozess = ProzessDaten(id=str(data.get("id", "")), name=_text(data.get("name")) or "")
    prozess.version = _text(fremd.get("version"))
    prozess.bezeichnung = _text(fremd.get("bezeichnung"))
    prozess.fachlich_freigebende_stelle = _text(fremd.get("fachlich_freigebende_stelle"))
    leika = _text(data.get("leika"))
    if leika:
        prozess.klassifikationen.append(Klassifikation(LEIKA_RAHMEN, leika))
    for entry in _list(fremd.get("klassifikation")):
        item = _mapping(entry)
        if _text(item.get("ordnungsrahmen")) and _text(item.get("klasse_id")):
            prozess.klassifikationen.append(Klassifikation(
                str(item["ordnungsrahmen"]), str(item["klasse_id"]),
                _text(item.get("klasse_name")), _text(item.get("ordnungsrahmen_version"))))
    prozess.schlagworte = [s for s in (_text(w) for w in _list(fremd.get("schlagworte"))) if s]
    prozess.definition = _text(fremd.get("definition"))
    prozess.beschreibung = _text(data.get("beschreibung"))
    prozess.ausloeser = [t for t in [_text(data.get("ausloeser"))] if t]
    prozess.ergebnis = [t for t in [_text(data.get("ergebnis"))] if t]
    prozess.teilnehmer = [t for t in (_text(b) for b in _list(data.get("beteiligte"))) if t]
    for entry in _list(data.get("rechtsgrundlagen")):
        item = _mapping(entry)
        name = _text(item.get("name"))
        if name:
            prozess.handlungsgrundlagen.append(Handlungsgrundlage(
                name, _text(item.get("uri")), codes.HANDLUNGSGRUNDLAGE_GESETZ))
    prozess.detaillierungsstufe = _text(fremd.get("detaillierungsstufe"))
    prozess.merkmale = _merkmale(data)
    prozess.modelle = [Modelldatei(_dateiname(m.datei), m.raw) for m in modelle]
    if modelle:
        prozess.merkmale.append(Merkmal(MODELLE_MERKMAL, (_json([
            {k: v for k, v in (("art", m.art), ("datei", m.datei), ("version", m.version))
             if v is not None} for m in modelle]),), ORDNUNGSRAHMEN))
    prozess.status = _freigabe(data, fremd)
    stand = data.get("stand")
    prozess.letzte_aenderung = zeitpunkt(stand) if isinstance(stand, dt.date) or (
        isinstance(stand, str) and _DATUM.match(stand)) else None
    prozess.klasse = {xml: str(fremd[key]) for xml, key in KLASSE_CODES.items()
                      if _text(fremd.get(key))}
    return prozess


def _merkmale(data: Mapping[str, Any]) -> list[Merkmal]:
    found = [Merkmal(ID_MERKMAL, (str(data.get("id", "")),), ORDNUNGSRAHMEN)]
    for key in TEXT_FELDER:
        value = _text(data.get(key))
        if value:
            found.append(Merkmal(key, (value,), ORDNUNGSRAHMEN))
    for key in JSON_FELDER:
        value = data.get(key)
        if value not in (None, {}, []):
            found.append(Merkmal(key, (_json(value),), ORDNUNGSRAHMEN))
    for key, value in _mapping(data.get("merkmale")).items():
        if key != XPROZESS_KEY:
            found.append(Merkmal(EIGENE + str(key), (_json(value),), ORDNUNGSRAHMEN))
    fremd = _mapping(_mapping(data.get("merkmale")).get(XPROZESS_KEY))
    status_decided = data.get("status") == "entfaellt"  # code 7, not merkmale.xprozess.status
    for key, value in fremd.items():
        if key not in XPROZESS_ELEMENTE or (key == "status" and status_decided):
            found.append(Merkmal(f"{EIGENE}{XPROZESS_KEY}.{key}", (_json(value),),
                                 ORDNUNGSRAHMEN))
    # a foreign export's own merkmale (imported under merkmale.xprozess.merkmal) go back
    # out as merkmale (their Ordnungsrahmen is not kept on import)
    for name, werte in _mapping(fremd.get("merkmal")).items():
        items = werte if isinstance(werte, list) else [werte]
        found.append(Merkmal(str(name), tuple(_text(w) or "" for w in items)))
    return found


def _freigabe(data: Mapping[str, Any], fremd: Mapping[str, Any]) -> str | None:
    if data.get("status") == "entfaellt":
        return "7"
    known = _text(fremd.get("status"))
    if known:
        return known
    status = _mapping(data.get("modellierung")).get("status", "nicht_modelliert")
    return FREIGABE.get(str(status))


def _dateiname(datei: str) -> str:
    """A model's ``dateiname`` in XProzess: its file name without ``.bpmn``."""
    name = PurePosixPath(datei.replace("\\", "/")).name
    return name[: -len(".bpmn")] if name.lower().endswith(".bpmn") else name


def zeitpunkt(value: dt.date | str) -> str:
    """A date as xs:dateTime with zone: midnight in Germany (ADONIS writes the same
    instant in UTC, 23:00 of the day before)."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    return dt.datetime(day.year, day.month, day.day, tzinfo=_berlin()).isoformat()


def tag(value: str) -> dt.date | None:
    """The German calendar day of an xs:dateTime (or xs:date) text; None if unreadable."""
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(_berlin()).date()


def _berlin() -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Berlin")
    except Exception:  # no tz database (some Windows installs): UTC is still a zone
        return dt.UTC


# ---------------------------------------------------------------- XProzess → Steckbrief


@dataclass(frozen=True, slots=True)
class Ergebnis:
    """A Steckbrief made from an XProzess process: its data and model files."""

    data: dict[str, Any]
    modelle: tuple[tuple[str, bytes], ...]  # (register path, BPMN bytes)
    notes: tuple[str, ...]  # what the user should know (ambiguous status, no Produktbereich)


def zu_steckbrief(prozess: ProzessDaten, vergeben: set[str]) -> Ergebnis:
    """The Steckbrief of an XProzess process; ``vergeben``: ids already used in this file
    (a second process of the same name gets ``-2``)."""
    eigene = {m.name: m for m in prozess.merkmale if m.ordnungsrahmen == ORDNUNGSRAHMEN}
    leika = next((k.klasse_id for k in prozess.klassifikationen
                  if k.ordnungsrahmen == LEIKA_RAHMEN and re.match(LEIKA_PATTERN, k.klasse_id)),
                 None)
    if leika is None and re.match(LEIKA_PATTERN, prozess.id):
        leika = prozess.id  # FIM processes are named by their LeiKa key
    ours = eigene.get(ID_MERKMAL)
    data: dict[str, Any] = {
        "id": _id(prozess, leika, vergeben, ours.werte[0] if ours and ours.werte else None),
        "name": prozess.name}
    _felder(data, prozess, eigene, leika)
    modelle, eintraege = _modelle(prozess, data["id"], eigene.get(MODELLE_MERKMAL))
    if eintraege:
        data["modelle"] = eintraege
        modellierung = data.setdefault("modellierung", {})
        if isinstance(modellierung, dict) and "status" not in modellierung:
            modellierung["status"] = _modellierung(prozess.status, eintraege)
    _zustand(data, prozess)
    merkmale = _eigene_merkmale(eigene)
    fremd = _fremd(prozess, leika, eigene)
    if fremd:
        merkmale[XPROZESS_KEY] = fremd
    if merkmale:
        data["merkmale"] = merkmale
    notes = []
    if prozess.status == codes.STATUS_MEHRDEUTIG and ID_MERKMAL not in eigene:
        notes.append("Status 2 ist mehrdeutig (2020er-Liste: 'in Bearbeitung', ADONIS-Exporte: "
                     "'fachlich freigegeben'); als 'in Bearbeitung' gelesen, der Code steht "
                     "unter merkmale.xprozess.status")
    if "produkt" not in data:
        notes.append("XProzess kennt keinen Produktbereich: produkt.bereich bitte ergänzen")
    ordered = {key: data[key] for key in REIHENFOLGE if key in data}
    return Ergebnis(ordered, modelle, tuple(notes))


def _felder(data: dict[str, Any], prozess: ProzessDaten, eigene: Mapping[str, Merkmal],
            leika: str | None) -> None:
    """The fields XProzess has a place for, and those kept as prozesskit merkmal."""
    if prozess.beschreibung:
        data["beschreibung"] = prozess.beschreibung
    data.update({key: eigene[key].werte[0] for key in TEXT_FELDER
                 if key in eigene and eigene[key].werte})
    for key in JSON_FELDER:
        value = _unjson(eigene[key].werte[0]) if key in eigene and eigene[key].werte else None
        if value is not None:
            data[key] = value
    if leika:
        data["leika"] = leika
    rechte = [{"name": h.name, **({"uri": h.uri} if h.uri else {})}
              for h in prozess.handlungsgrundlagen if h.name]
    if rechte:
        data["rechtsgrundlagen"] = rechte
    if prozess.ausloeser:
        data["ausloeser"] = "; ".join(prozess.ausloeser)
    if prozess.ergebnis:
        data["ergebnis"] = "; ".join(prozess.ergebnis)
    if prozess.teilnehmer:
        data["beteiligte"] = list(dict.fromkeys(prozess.teilnehmer))


def _zustand(data: dict[str, Any], prozess: ProzessDaten) -> None:
    if prozess.status in codes.STATUS_INAKTIV:
        data["status"] = "entfaellt"
        data.setdefault("status_grund", "In XProzess als "
                        f"'{codes.FREIGABESTATUS[prozess.status]}' gekennzeichnet")
    day = tag(prozess.letzte_aenderung) if prozess.letzte_aenderung else None
    if day is not None:
        data["stand"] = day


def _id(prozess: ProzessDaten, leika: str | None, vergeben: set[str], own: str | None) -> str:
    """Our own export's id, else the process id if it is one of ours in form, else a slug
    of the name (a LeiKa key as id says nothing)."""
    wanted = next((c for c in (own, prozess.id) if is_valid_id(c) and c != leika), None) \
        or id_from_name(prozess.name) or id_from_name(prozess.id) or "prozess"
    candidate, number = wanted, 2
    while candidate in vergeben:
        suffix = f"-{number}"
        candidate = wanted[: ID_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        number += 1
    vergeben.add(candidate)
    return candidate


def _modelle(prozess: ProzessDaten, local_id: str, merkmal: Merkmal | None
             ) -> tuple[tuple[tuple[str, bytes], ...], list[dict[str, Any]]]:
    known: dict[str, dict[str, Any]] = {}
    for entry in _list(_unjson(merkmal.werte[0]) if merkmal and merkmal.werte else None):
        item = _mapping(entry)
        if isinstance(item.get("datei"), str):
            known[_dateiname(item["datei"])] = item
    files: list[tuple[str, bytes]] = []
    eintraege: list[dict[str, Any]] = []
    used: set[str] = set()
    for datei in prozess.modelle:
        item = known.get(datei.dateiname, {})
        art = item.get("art") if item.get("art") in ("ist", "soll") else "soll"
        rel = _model_rel(item.get("datei"), local_id, str(art), used)
        used.add(rel.lower())
        files.append((rel, datei.bpmn))
        eintrag: dict[str, Any] = {"art": art, "datei": rel}
        if isinstance(item.get("version"), str):
            eintrag["version"] = item["version"]
        eintraege.append(eintrag)
    return tuple(files), eintraege


def _model_rel(original: Any, local_id: str, art: str, used: set[str]) -> str:
    from prozesskit.register.modelpath import model_path

    if isinstance(original, str):
        rel = model_path(original)
        if rel is not None and rel.lower().endswith(".bpmn") and rel.lower() not in used \
                and not any(part.startswith(".") for part in rel.split("/")):
            return rel
    rel, number = f"modelle/{local_id}.{art}.bpmn", 2
    while rel.lower() in used:
        rel, number = f"modelle/{local_id}.{art}-{number}.bpmn", number + 1
    return rel


def _modellierung(status: str | None, eintraege: list[dict[str, Any]]) -> str:
    if status in ("5", "6"):
        return "freigegeben"
    if status == "4":
        return "abgestimmt"
    return "soll_modelliert" if any(e["art"] == "soll" for e in eintraege) else "ist_modelliert"


def _eigene_merkmale(eigene: Mapping[str, Merkmal]) -> dict[str, Any]:
    return {name[len(EIGENE):]: _unjson(m.werte[0]) if m.werte else None
            for name, m in eigene.items()
            if name.startswith(EIGENE) and not name.startswith(_FREMD_EIGEN)}


_FREMD_EIGEN = f"{EIGENE}{XPROZESS_KEY}."


def _fremd_eigene(eigene: Mapping[str, Merkmal]) -> dict[str, Any]:
    """Keys of merkmale.xprozess that our own export carried as merkmal (see _merkmale)."""
    return {name[len(_FREMD_EIGEN):]: _unjson(m.werte[0]) if m.werte else None
            for name, m in eigene.items() if name.startswith(_FREMD_EIGEN)}


def _fremd(prozess: ProzessDaten, leika: str | None, eigene: Mapping[str, Merkmal]
           ) -> dict[str, Any]:
    """What a foreign process holds that no Steckbrief field takes (for the next export)."""
    fremd: dict[str, Any] = {}
    fremd.update({key: value for key, value in (
        ("id", prozess.id if prozess.id != leika else None), ("version", prozess.version),
        ("bezeichnung", prozess.bezeichnung), ("definition", prozess.definition),
        ("fachlich_freigebende_stelle", prozess.fachlich_freigebende_stelle),
        ("detaillierungsstufe", prozess.detaillierungsstufe)) if value})
    ours = ID_MERKMAL in eigene
    if ours:
        fremd.pop("id", None)  # our own export: the id is the Steckbrief's
    klassen = [{k: v for k, v in (("ordnungsrahmen", c.ordnungsrahmen),
                                  ("ordnungsrahmen_version", c.ordnungsrahmen_version),
                                  ("klasse_id", c.klasse_id), ("klasse_name", c.klasse_name))
                if v} for c in prozess.klassifikationen if c.ordnungsrahmen != LEIKA_RAHMEN]
    if klassen:
        fremd["klassifikation"] = klassen
    if prozess.schlagworte:
        fremd["schlagworte"] = prozess.schlagworte
    for xml, key in KLASSE_CODES.items():
        if xml in prozess.klasse:
            fremd[key] = prozess.klasse[xml]
    if prozess.status and prozess.status not in codes.STATUS_INAKTIV and not ours:
        fremd["status"] = prozess.status
    fremde_merkmale = {m.name: list(m.werte) if len(m.werte) != 1 else m.werte[0]
                       for m in prozess.merkmale if m.ordnungsrahmen != ORDNUNGSRAHMEN}
    if fremde_merkmale:
        fremd["merkmal"] = fremde_merkmale
    fremd.update(_fremd_eigene(eigene))
    return fremd


# ---------------------------------------------------------------- helpers


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False, default=_plain,
                      separators=(",", ":"))


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _unjson(text: str) -> Any:
    try:
        return _dates(json.loads(text))
    except (ValueError, RecursionError):
        return text


def _dates(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates(v) for v in value]
    if isinstance(value, str) and _DATUM.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip() if isinstance(value, (str, int, float)) else None
    return text or None
