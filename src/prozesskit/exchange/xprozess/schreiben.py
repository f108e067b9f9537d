"""Write an XProzess 2.0 message strictly: ``prozessbibliothek.export.0203`` or
``alleInhalte.export.0303`` (only 0303 has a Prozesskatalog).

Strict means: the namespace and ``xprozessVersion="2.0"``, a ``nachrichtenkopf`` with a UUID,
the message type code and a time with zone, elements in the order of the schema, code
elements with their list URI and version, ``<code>`` unqualified as the schema says, no
empty element. Deterministic apart from UUID and time (both can be given, for tests): the
processes in the order given, the models in the Steckbrief's order, payloads from the
deterministic ZIP writer.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from prozesskit import __version__
from prozesskit.errors import InputError, UsageError, WriteError
from prozesskit.exchange.xprozess import codes
from prozesskit.exchange.xprozess.abbildung import ModellQuelle, zu_prozess
from prozesskit.exchange.xprozess.daten import ProzessDaten
from prozesskit.exchange.xprozess.nutzlast import packen
from prozesskit.problem import Level, Problem
from prozesskit.register.modelpath import model_path
from prozesskit.register.view import ManifestFile, Register, SteckbriefFile

_NSMAP = {codes.PREFIX: codes.NS}
SHOWN = 5


@dataclass(frozen=True, slots=True)
class Kopf:
    """What identifies one message: its UUID and creation time (with zone)."""

    uuid: str
    zeit: dt.datetime

    @classmethod
    def neu(cls) -> Kopf:
        return cls(str(uuid.uuid4()), dt.datetime.now(dt.UTC).astimezone())


@dataclass(frozen=True, slots=True)
class Export:
    xml: bytes
    prozesse: int
    modelle: int


def exportieren(register: Register, chosen: Iterable[SteckbriefFile], problems: Iterable[Problem],
                *, nachricht: str = "0203", kopf: Kopf | None = None, force: bool = False
                ) -> Export:
    """The message for ``chosen``; errors among the chosen files (``problems``: the
    register's validation result) refuse the export unless ``force``."""
    if nachricht not in codes.EXPORTE:
        raise UsageError(f"--nachricht {nachricht} gibt es nicht; erlaubt sind "
                         + " und ".join(codes.EXPORTE) + " (0203: Prozessbibliothek, 0303: "
                         "alle Inhalte mit Prozesskatalog)")
    items = list(chosen)
    prozesse = [_prozess(item) for item in items]
    # the chosen Steckbriefe and every model they name, also one not read (a symbolic
    # link: its PK-B001 refuses like any error instead of the model silently missing)
    files = {item.path for item in items} | {
        path for item in items for link in item.modelle
        for path in (link.file.path if link.file is not None else None, model_path(link.datei))
        if path is not None}
    errors = sorted((p for p in problems if p.file in files and p.level is Level.ERROR),
                    key=Problem.sort_key)
    if errors and not force:
        shown = "; ".join(f"{p.file}:{p.line or 1} {p.message} [{p.rule}]" for p in errors[:SHOWN])
        more = f" und {len(errors) - SHOWN} weitere" if len(errors) > SHOWN else ""
        raise InputError(f"Nicht exportiert: {len(errors)} Fehler in den gewählten Dateien "
                         f"({shown}{more}). Bitte beheben ('prozesskit validate' zeigt alle) "
                         "oder mit --force trotzdem exportieren.")
    kommune = register.angaben.name
    if kommune is not None and register.manifest is not None:
        _xml_safe(register.manifest, kommune, ("kommune", "name"))  # the publisher, too
    xml = nachricht_bytes(prozesse, nachricht=nachricht, kopf=kopf or Kopf.neu(),
                          bibliothek=f"Prozessbibliothek {kommune}" if kommune else
                          "Prozessbibliothek", herausgeber=kommune)
    return Export(xml, len(prozesse), sum(len(p.modelle) for p in prozesse))


def _prozess(item: SteckbriefFile) -> ProzessDaten:
    if item.raw is None or not isinstance(item.data, dict):
        raise InputError(f"Steckbrief '{item.path}' kann nicht gelesen werden und wird nicht "
                         "exportiert: " + "; ".join(p.message for p in item.problems))
    _xml_safe(item)
    entries = item.data.get("modelle")
    versions = {e.get("datei"): e.get("version") for e in entries
                if isinstance(e, dict)} if isinstance(entries, list) else {}
    modelle = []
    for link in item.modelle:
        if link.file is None or link.file.raw is None:
            continue  # missing model: validate's PK-S008, refused unless forced
        version = versions.get(link.datei)
        modelle.append(ModellQuelle(link.art, link.datei,
                                    str(version) if version is not None else None, link.file.raw))
    return zu_prozess(item.data, modelle)


#: What XML 1.0 cannot carry (YAML can, as an escape in a double-quoted text: "\v" from a
#: Word line break pasted into an editor)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(item: SteckbriefFile | ManifestFile, value: Any = None,
              at: tuple[str | int, ...] = ()) -> None:
    """Refuse a file with a character XML cannot hold (in ``value`` at ``at``, else the
    whole file), naming field and line, before lxml would fail deep inside the export."""
    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(key, path)
                walk(sub, (*path, str(key)))
        elif isinstance(value, list):
            for index, sub in enumerate(value):
                walk(sub, (*path, index))
        elif isinstance(value, str) and (bad := _NOT_XML.search(value)):
            where = item.doc.locate(path) if path and item.doc is not None else None
            field = ".".join(str(step) for step in path) or "(Schlüssel)"
            what = "im Steckbrief" if isinstance(item, SteckbriefFile) else f"in {item.path}"
            raise InputError(
                f"Feld {field}: das Steuerzeichen U+{ord(bad.group()):04X} kann XProzess (XML) "
                f"nicht enthalten; bitte {what} entfernen oder durch ein Leerzeichen "
                "ersetzen. Es wurde nichts geschrieben.", file=item.path,
                line=where[0] if where else None)

    walk(item.data if not at else value, at)


def nachricht_bytes(prozesse: Sequence[ProzessDaten], *, nachricht: str, kopf: Kopf,
                    bibliothek: str, herausgeber: str | None = None) -> bytes:
    """The message as bytes (UTF-8, with declaration)."""
    if kopf.zeit.tzinfo is None:
        raise ValueError("erstellungszeitpunkt needs a zone")
    root = etree.Element(_q(codes.EXPORTE[nachricht]), nsmap=_NSMAP)
    root.set("produkt", "prozesskit")
    root.set("produkthersteller", "prozesskit")
    root.set("produktversion", __version__)
    root.set("xprozessVersion", codes.VERSION)
    head = _sub(root, "nachrichtenkopf")
    _text(head, "nachrichtUUID", kopf.uuid)
    _code(head, "nachrichtentyp", "nachricht", nachricht)
    _text(head, "erstellungszeitpunkt", kopf.zeit.isoformat(timespec="seconds"))
    _text(head, "autor", "prozesskit")
    if nachricht == "0303":
        katalog = _sub(root, "prozesskatalog")
        _text(katalog, "name", bibliothek.replace("Prozessbibliothek", "Prozesskatalog", 1))
        _herausgeber(katalog, herausgeber)
        for prozess in prozesse:
            _klasse(katalog, prozess)
    library = _sub(root, "prozessbibliothek")
    _text(library, "name", bibliothek)
    _herausgeber(library, herausgeber)
    for prozess in prozesse:
        _prozess_xml(library, prozess)
    body: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                 pretty_print=True)
    return body


def _herausgeber(parent: etree._Element, name: str | None) -> None:
    if name:
        _text(_sub(parent, "herausgeber"), "organisationsname", name)


def _klasse(katalog: etree._Element, prozess: ProzessDaten) -> None:
    klasse = _sub(katalog, "prozessklasse")
    _text(klasse, "id", prozess.id)
    _text(klasse, "version", prozess.version)
    _text(klasse, "name", prozess.name)
    _text(klasse, "bezeichnung", prozess.bezeichnung)
    _text(klasse, "definition", prozess.definition)
    _handlungsgrundlagen(klasse, prozess)
    for element in ("zwecksetzung", "operativesZiel", "handlungsform", "verfahrensart"):
        if element in prozess.klasse:
            _code(klasse, element, element, prozess.klasse[element])
    _text(klasse, "fachlichFreigebendeStelle", prozess.fachlich_freigebende_stelle)
    _klassifikationen(klasse, prozess)
    for wort in prozess.schlagworte:
        _text(klasse, "schlagwort", wort)
    _zustand(klasse, prozess)


def _prozess_xml(library: etree._Element, prozess: ProzessDaten) -> None:
    node = _sub(library, "prozess")
    _text(node, "id", prozess.id)
    _text(node, "version", prozess.version)
    _text(node, "name", prozess.name)
    _text(node, "bezeichnung", prozess.bezeichnung)
    _text(node, "fachlichFreigebendeStelle", prozess.fachlich_freigebende_stelle)
    _klassifikationen(node, prozess)
    for wort in prozess.schlagworte:
        _text(node, "schlagwort", wort)
    steckbrief = _sub(node, "prozesssteckbrief")
    _text(steckbrief, "definition", prozess.definition)
    _text(steckbrief, "beschreibung", prozess.beschreibung)
    for name, texts in (("ausloeser", prozess.ausloeser), ("ergebnis", prozess.ergebnis)):
        for value in texts:
            _text(_sub(steckbrief, name), "textuelleBeschreibung", value)
    for teilnehmer in prozess.teilnehmer:
        item = _sub(steckbrief, "prozessteilnehmer")
        _text(item, "name", teilnehmer)
        _code(item, "rolle", "prozessrolle", codes.ROLLE_BETEILIGT)
    _handlungsgrundlagen(steckbrief, prozess)
    if prozess.detaillierungsstufe:
        _code(steckbrief, "detaillierungsstufe", "detaillierungsstufe",
              prozess.detaillierungsstufe)
    for merkmal in prozess.merkmale:
        item = _sub(steckbrief, "merkmal")
        _text(item, "ordnungsrahmenName", merkmal.ordnungsrahmen)
        _text(item, "merkmalName", merkmal.name)
        for wert in merkmal.werte:
            _text(item, "merkmalWert", wert)
    if len(steckbrief) == 0:
        node.remove(steckbrief)
    if prozess.modelle:
        modell = _sub(node, "prozessmodell")
        for datei in prozess.modelle:
            item = _sub(modell, "prozessmodelldatei")
            _text(item, "dateiname", datei.dateiname)
            methode = _sub(item, "modellierungsmethode")
            _code(methode, "code", "modellierungsmethode", codes.MODELLIERUNGSMETHODE_BPMN)
            _text(methode, "freitext", "BPMN 2.0")
            _code(item, "mimeType", "mimetype", codes.MIMETYPE_BPMN_ZIP)
            _text(item, "inhalt", packen(datei.dateiname, datei.bpmn))
    _zustand(node, prozess)


def _handlungsgrundlagen(parent: etree._Element, prozess: ProzessDaten) -> None:
    for grundlage in prozess.handlungsgrundlagen:
        item = _sub(parent, "handlungsgrundlage")
        _text(item, "name", grundlage.name)
        _code(item, "art", "handlungsgrundlagenart",
              grundlage.art or codes.HANDLUNGSGRUNDLAGE_GESETZ)
        _text(item, "uri", grundlage.uri)


def _klassifikationen(parent: etree._Element, prozess: ProzessDaten) -> None:
    for klasse in prozess.klassifikationen:
        item = _sub(parent, "klassifikation")
        _text(item, "ordnungsrahmenName", klasse.ordnungsrahmen)
        _text(item, "ordnungsrahmenVersion", klasse.ordnungsrahmen_version)
        _text(item, "klasseID", klasse.klasse_id)
        _text(item, "klasseName", klasse.klasse_name)


def _zustand(parent: etree._Element, prozess: ProzessDaten) -> None:
    if not (prozess.letzte_aenderung or prozess.status):
        return
    zustand = _sub(parent, "zustandsangaben")
    _text(zustand, "letzterAenderungszeitpunkt", prozess.letzte_aenderung)
    if prozess.status:
        _code(zustand, "status", "status", prozess.status)


def _q(name: str) -> str:
    return f"{{{codes.NS}}}{name}"


def _sub(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, _q(name))


def _text(parent: etree._Element, name: str, value: str | None) -> None:
    """An element with text; nothing for an empty value (XProzess has no empty elements)."""
    if value is not None and value.strip():
        etree.SubElement(parent, _q(name)).text = value


def _code(parent: etree._Element, name: str, liste: str, value: str) -> None:
    uri, version = codes.LISTEN[liste]
    element = etree.SubElement(parent, _q(name), listURI=uri, listVersionID=version)
    etree.SubElement(element, "code").text = value  # unqualified, as the schema says


def schreiben(export: Export, output: Path) -> None:
    """The message written atomically (temp file + rename): never half a file."""
    from prozesskit.fsutil import atomic_write_bytes, output_folder, write_failure

    output_folder(output, "export.xml")
    try:
        atomic_write_bytes(output, export.xml)
    except OSError as exc:
        raise WriteError(write_failure("XProzess-Nachricht", output, exc)) from None
