"""Read an XProzess message: safely, and leniently as real exports demand.

Safety is that of BPMN models (:mod:`prozesskit.bpmn.parse`): no DOCTYPE, no entities, no
DTD or network, ``huge_tree`` off (no text node beyond 10 MB), file size and element count
bounded before the tree is used.

Leniency, for what a real ADONIS export holds: elements are matched by local name in any
namespace (``<code>`` children stand in no namespace), list URIs are not compared, empty
elements (``<abgeloesteProzessklasse/>``, ``<definition/>``) count as absent, sequences the
outline lists may be choices (a ``verwaltungspolitischeKodierung`` with only
``bundesland``, ``Daten`` with a form reference or a text), ``schlagwort`` may hold several
keywords joined by ``|``, and what is unknown (vendor elements) is skipped. Validation
(:mod:`.pruefen`) reports what deviates; reading never stops for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from prozesskit import limits
from prozesskit.bpmn.parse import has_doctype, safe_parser
from prozesskit.errors import InputError
from prozesskit.exchange.xprozess import codes
from prozesskit.exchange.xprozess.daten import (
    Handlungsgrundlage,
    Klassifikation,
    Merkmal,
    ProzessDaten,
)
from prozesskit.limits import german_int


def parse(raw: bytes, file: str) -> etree._Element:
    """The root element; a German :class:`InputError` with the line for what cannot or must
    not be read."""
    if len(raw) > limits.MAX_XPROZESS_BYTES:
        raise InputError(f"Die XProzess-Datei ist {german_int(len(raw))} Bytes groß; erlaubt "
                         f"sind höchstens {german_int(limits.MAX_XPROZESS_BYTES)}", file=file)
    if has_doctype(raw):
        raise InputError("Die XProzess-Datei enthält eine DOCTYPE-Deklaration; aus "
                         "Sicherheitsgründen (Entitäten, XXE) wird sie nicht gelesen. Die "
                         "DOCTYPE-Zeile entfernen: XProzess braucht keine", file=file, line=1)
    try:
        root = etree.fromstring(raw, safe_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        from prozesskit.bpmn.recover import german_parse_error

        raise InputError("Die XProzess-Datei ist kein wohlgeformtes XML: "
                         f"{german_parse_error(str(exc.msg))}; bitte die Datei neu exportieren",
                         file=file, line=line) from None
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise InputError("Die XProzess-Datei enthält eine DOCTYPE-Deklaration; aus "
                         "Sicherheitsgründen wird sie nicht gelesen", file=file, line=1)
    count = raw.count(b"<")
    if count > limits.MAX_XPROZESS_ELEMENTS:
        counted = int(root.xpath("count(//*)"))  # type: ignore[arg-type]
        if counted > limits.MAX_XPROZESS_ELEMENTS:
            raise InputError(f"Die XProzess-Datei hat {german_int(counted)} XML-Elemente, "
                             f"mehr als die Grenze von "
                             f"{german_int(limits.MAX_XPROZESS_ELEMENTS)}", file=file)
    return root


def line(element: etree._Element) -> int | None:
    value: object = element.sourceline
    return value if isinstance(value, int) else None


def local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def is_xprozess(root: etree._Element) -> bool:
    return etree.QName(root).namespace == codes.NS


def message_name(root: etree._Element) -> str:
    return local(root)


def kids(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """Child elements of that local name, in any namespace (comments and PIs skipped)."""
    for child in element:
        if isinstance(child.tag, str) and local(child) == name:
            yield child


def kid(element: etree._Element, name: str) -> etree._Element | None:
    return next(kids(element, name), None)


def text(element: etree._Element | None, name: str | None = None) -> str | None:
    """Stripped text of the element (or of its child ``name``); None for empty."""
    node = element if name is None or element is None else kid(element, name)
    if node is None:
        return None
    value = "".join(str(part) for part in node.itertext()).strip()
    return value or None


def code(element: etree._Element | None) -> str | None:
    """The value of a code element: its ``<code>`` child (in no namespace, or any)."""
    if element is None:
        return None
    return text(element, "code")


@dataclass(frozen=True, slots=True)
class Eintrag:
    """One process of a message: its data (models not decoded) and where it stands."""

    daten: ProzessDaten
    element: etree._Element
    #: (dateiname, inhalt element) per prozessmodelldatei, decoded by the caller
    dateien: tuple[tuple[str, etree._Element], ...]


def prozesse(root: etree._Element) -> list[Eintrag]:
    """Every ``prozess`` of the Prozessbibliothek, with the codes of the Prozessklasse of
    the same id from the Prozesskatalog (0303)."""
    klassen = {text(k, "id"): k for katalog in kids(root, "prozesskatalog")
               for k in kids(katalog, "prozessklasse")}
    found = []
    for library in kids(root, "prozessbibliothek"):
        for element in kids(library, "prozess"):
            daten = _prozess(element)
            klasse = klassen.get(daten.id)
            if klasse is not None:
                _klasse(daten, klasse)
            dateien = tuple(
                (text(datei, "dateiname") or "", inhalt)
                for modell in kids(element, "prozessmodell")
                for datei in kids(modell, "prozessmodelldatei")
                if (inhalt := kid(datei, "inhalt")) is not None)
            found.append(Eintrag(daten, element, dateien))
    return found


def _prozess(element: etree._Element) -> ProzessDaten:
    daten = ProzessDaten(id=text(element, "id") or "", name=text(element, "name") or "")
    daten.version = text(element, "version")
    daten.bezeichnung = text(element, "bezeichnung")
    daten.fachlich_freigebende_stelle = text(element, "fachlichFreigebendeStelle")
    daten.klassifikationen = list(_klassifikationen(element))
    daten.schlagworte = _schlagworte(element)
    steckbrief = kid(element, "prozesssteckbrief")
    if steckbrief is not None:
        daten.definition = text(steckbrief, "definition")
        daten.beschreibung = text(steckbrief, "beschreibung")
        daten.ausloeser = [t for t in map(_ausloeser, kids(steckbrief, "ausloeser")) if t]
        daten.ergebnis = [t for t in map(_ausloeser, kids(steckbrief, "ergebnis")) if t]
        daten.teilnehmer = [t for t in (text(p, "name") for p in
                                        kids(steckbrief, "prozessteilnehmer")) if t]
        daten.handlungsgrundlagen = list(_handlungsgrundlagen(steckbrief))
        daten.detaillierungsstufe = code(kid(steckbrief, "detaillierungsstufe"))
        daten.merkmale = list(_merkmale(steckbrief))
    zustand = kid(element, "zustandsangaben")
    if zustand is not None:
        daten.status = code(kid(zustand, "status"))
        daten.letzte_aenderung = text(zustand, "letzterAenderungszeitpunkt") or text(
            zustand, "erstellungszeitpunkt")
    return daten


def _klasse(daten: ProzessDaten, klasse: etree._Element) -> None:
    """The Prozessklasse fills what the process leaves blank, and brings its codes."""
    for element in ("zwecksetzung", "operativesZiel", "handlungsform", "verfahrensart"):
        value = code(kid(klasse, element))
        if value:
            daten.klasse[element] = value
    daten.definition = daten.definition or text(klasse, "definition")
    daten.bezeichnung = daten.bezeichnung or text(klasse, "bezeichnung")
    daten.fachlich_freigebende_stelle = daten.fachlich_freigebende_stelle or text(
        klasse, "fachlichFreigebendeStelle")
    if not daten.handlungsgrundlagen:
        daten.handlungsgrundlagen = list(_handlungsgrundlagen(klasse))
    if not daten.schlagworte:
        daten.schlagworte = _schlagworte(klasse)
    for merkmal in _merkmale(klasse):
        if all(m.name != merkmal.name for m in daten.merkmale):
            daten.merkmale.append(merkmal)


def _ausloeser(element: etree._Element) -> str | None:
    """Auslöser/Ergebnis is a choice: a text, a form id or a process id."""
    described = text(element, "textuelleBeschreibung")
    if described:
        return described
    formular = text(element, "formularID")
    if formular:
        return f"Formular {formular}"
    prozess = text(element, "prozessID")
    return f"Prozess {prozess}" if prozess else None


def _handlungsgrundlagen(parent: etree._Element) -> Iterator[Handlungsgrundlage]:
    for item in kids(parent, "handlungsgrundlage"):
        name = text(item, "name")
        if name:
            yield Handlungsgrundlage(name, text(item, "uri"), code(kid(item, "art")))


def _klassifikationen(parent: etree._Element) -> Iterator[Klassifikation]:
    for item in kids(parent, "klassifikation"):
        rahmen, klasse = text(item, "ordnungsrahmenName"), text(item, "klasseID")
        if rahmen and klasse:
            yield Klassifikation(rahmen, klasse, text(item, "klasseName"),
                                 text(item, "ordnungsrahmenVersion"))


def _merkmale(parent: etree._Element) -> Iterator[Merkmal]:
    for item in kids(parent, "merkmal"):
        name = text(item, "merkmalName")
        if name:
            werte = tuple("".join(str(p) for p in w.itertext()) for w in kids(item, "merkmalWert"))
            yield Merkmal(name, werte, text(item, "ordnungsrahmenName"))


def _schlagworte(parent: etree._Element) -> list[str]:
    """Keywords; real exports join several with ``|`` in one element."""
    words: list[str] = []
    for item in kids(parent, "schlagwort"):
        for word in (text(item) or "").split("|"):
            if word.strip() and word.strip() not in words:
                words.append(word.strip())
    return words
