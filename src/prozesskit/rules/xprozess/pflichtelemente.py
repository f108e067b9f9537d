"""Pflichtelemente sind vorhanden, Auswahlen (choices) haben genau eine Angabe.

Geprüft wird, was das Schema als Pflicht führt: Nachrichtenkopf (UUID, Nachrichtentyp,
Erstellungszeitpunkt), Name der Prozessbibliothek und des Prozesskatalogs, je Prozess und
Prozessklasse ``id`` und ``name``, je Handlungsgrundlage ``name`` und ``art``, je
Prozessteilnehmer ``name`` und ``rolle``, je Merkmal ``merkmalName`` und ``merkmalWert``,
je Klassifikation ``ordnungsrahmenName`` und ``klasseID``, je Modelldatei ``dateiname``,
``modellierungsmethode``, ``mimeType`` und ``inhalt``, je Aktivitätengruppe Typ, ``id``,
``subProzessID``, ``name`` und ``spezifischeAttribute``, und in jedem Code-Element ein
``<code>``. Ein leeres Pflichtelement fehlt ebenso. Auswahlen: eine
``verwaltungspolitischeKodierung`` nennt genau eine Ebene (z. B. nur ``bundesland``),
``eingehendeDaten``/``ausgehendeDaten`` nennen einen Formularverweis oder einen Text.
Leere optionale Elemente (``<abgeloesteProzessklasse/>``) sind erlaubt.

Richtig::

    <xprozess:handlungsgrundlage>
      <xprozess:name>§ 27 MuSchG</xprozess:name>
      <xprozess:art listURI="…"><code>104</code></xprozess:art>
    </xprozess:handlungsgrundlage>

Falsch::

    <xprozess:handlungsgrundlage>
      <xprozess:name></xprozess:name>
    </xprozess:handlungsgrundlage>
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.exchange.xprozess.dokument import XProzessDoc
from prozesskit.exchange.xprozess.lesen import kid, kids, text
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext
from prozesskit.rules.xprozess._helpers import line, local, walk, where

CODE = "PK-P012"
NAME = "xprozess-pflichtelemente"
TITLE = "XProzess: Pflichtelemente vorhanden, Auswahlen eindeutig"
SCOPE = Scope.XPROZESS
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")

#: element (local name) → required children; (name, True): a code element (needs <code>)
PFLICHT: dict[str, tuple[str, ...]] = {
    "nachrichtenkopf": ("nachrichtUUID", "nachrichtentyp", "erstellungszeitpunkt"),
    "prozessbibliothek": ("name",),
    "prozesskatalog": ("name",),
    "prozess": ("id", "name"),
    "prozessklasse": ("id", "name"),
    "handlungsgrundlage": ("name", "art"),
    "prozessteilnehmer": ("name", "rolle"),
    "merkmal": ("merkmalName", "merkmalWert"),
    "klassifikation": ("ordnungsrahmenName", "klasseID"),
    "prozessmodelldatei": ("dateiname", "modellierungsmethode", "mimeType", "inhalt"),
    "visualisierungsdatei": ("dateiname", "modellierungsmethode", "mimeType", "inhalt"),
    "beschreibungsdatei": ("dateiname", "modellierungsmethode", "mimeType", "inhalt"),
    "aktivitaetengruppe": ("referenzaktivitaetengruppeTyp", "id", "subProzessID", "name",
                           "spezifischeAttribute"),
    "herausgeber": ("organisationsname",),
}
#: elements of a code type: they need their <code> child
CODE_ELEMENTE = ("nachrichtentyp", "art", "rolle", "status", "detaillierungsstufe",
                 "mimeType", "zwecksetzung", "operativesZiel", "handlungsform", "verfahrensart",
                 "referenzaktivitaetengruppeTyp", "formellePruefung", "entscheidungsart",
                 "bearbeitungsart", "beteiligungsform", "uebermittlungsart", "bundesland",
                 "kreis", "bezirk", "gemeindeschluessel", "regionalschluessel", "nation",
                 "gemeindeverband")
KODIERUNG = ("kreis", "bezirk", "bundesland", "gemeindeschluessel", "regionalschluessel",
             "nation", "gemeindeverband")


def check(doc: XProzessDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    root = doc.root
    if kid(root, "nachrichtenkopf") is None:
        yield Finding("Der Nachrichtenkopf fehlt", line=line(root),
                      hint="Jede XProzess-Nachricht beginnt mit <nachrichtenkopf>.")
    for element in walk(root, *PFLICHT):
        for name in PFLICHT[local(element)]:
            child = kid(element, name)
            if child is None or (len(child) == 0 and text(child) is None):
                yield Finding(f"{where(element)}: Pflichtelement <{name}> fehlt oder ist leer",
                              line=line(child if child is not None else element),
                              hint=f"<{name}> angeben.")
    for element in walk(root, *CODE_ELEMENTE):
        parent = element.getparent()
        if local(element) == "art" and (parent is None or local(parent) != "handlungsgrundlage"):
            continue
        if local(element) == "status" and (parent is None or local(parent) != "zustandsangaben"):
            continue
        if len(element) == 0 and text(element) is None:
            continue  # an empty element: PFLICHT reports it where it is required
        if text(element, "code") is None:
            yield Finding(f"{where(element)}: das Code-Element hat kein <code>",
                          line=line(element), hint="Den Code als <code>…</code> angeben.")
    yield from _choices(root)


def _choices(root: object) -> Iterator[Finding]:
    from lxml import etree

    assert isinstance(root, etree._Element)
    for element in walk(root, "verwaltungspolitischeKodierung"):
        levels = [local(c) for c in element if isinstance(c.tag, str) and local(c) in KODIERUNG]
        if len(levels) != 1:
            yield Finding(f"{where(element)}: nennt {len(levels)} Ebenen "
                          f"({', '.join(levels) or 'keine'}); erwartet genau eine",
                          line=line(element),
                          hint="Je Kodierung genau eine Ebene, z. B. nur <bundesland>; für "
                          "mehrere Ebenen mehrere Kodierungen.")
    for element in walk(root, "eingehendeDaten", "ausgehendeDaten"):
        found = [local(c) for c in element if isinstance(c.tag, str)
                 and local(c) in ("formularverweis", "textuelleBeschreibung")]
        if len(found) != 1:
            yield Finding(f"{where(element)}: braucht genau einen Formularverweis oder eine "
                          f"textuelle Beschreibung (gefunden: {', '.join(found) or 'keines'})",
                          line=line(element),
                          hint="Entweder <formularverweis> oder <textuelleBeschreibung>.")
    for library in kids(root, "prozessbibliothek"):
        for prozess in kids(library, "prozess"):
            yield from _strukturbeschreibung(prozess)


def _strukturbeschreibung(prozess: object) -> Iterator[Finding]:
    from lxml import etree

    assert isinstance(prozess, etree._Element)
    for struktur in kids(prozess, "prozessstrukturbeschreibung"):
        if kid(struktur, "modellierungsmethode") is None:
            yield Finding("prozessstrukturbeschreibung: Pflichtelement <modellierungsmethode> "
                          "fehlt", line=line(struktur), hint="<modellierungsmethode> angeben.")
        bodies = [local(c) for c in struktur if isinstance(c.tag, str) and local(c) in (
            "strukturbeschreibungFIM", "strukturbeschreibungSonstige")]
        if len(bodies) != 1:
            yield Finding("prozessstrukturbeschreibung: braucht genau eine "
                          "strukturbeschreibungFIM oder strukturbeschreibungSonstige "
                          f"(gefunden: {len(bodies)})", line=line(struktur),
                          hint="Genau eine der beiden Beschreibungen angeben.")
