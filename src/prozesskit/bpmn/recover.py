"""A second, recovering read of a model the strict parser refused.

bpmnlint reads many models that are not well-formed XML: elements with a namespace prefix
nobody declared (GovModeler, some bpmn-js exports), namespace URIs with a space (IBM
Process Designer), Latin-1 bytes in a file that says UTF-8, a broken XML declaration. Their
users learned nothing from us but "not well-formed". Now the defect is still an error
(PK-B001, with its line and what to do), and the model is linted from a repaired read:

- bytes that are not UTF-8 are read as Windows-1252 (a superset of Latin-1 for text),
  each on its own, so that a file mixing both keeps its UTF-8 text;
- libxml2's recovering mode reads the rest (with the same protections as the strict read:
  no entities, no DTD, no network, no huge trees; a DOCTYPE was refused before);
- elements under one of bpmn-moddle's package prefixes (``bpmn:``, ``bpmndi:``, ``dc:``,
  ``di:``) that no declaration binds get that package's namespace, as moddle does.

This module runs only after the strict parse failed: valid models never pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from prozesskit.bpmn.ns import BPMN_NS, MODDLE_PREFIXES

_DEFINITIONS = f"{{{BPMN_NS}}}definitions"

#: the hint every finding from a repaired read starts with
REPAIRED_HINT = "Aus reparierter Lesung (die Datei ist kein wohlgeformtes XML, siehe PK-B001)."

_UNDECLARED = re.compile(r"Namespace prefix (\S+) on (\S+) is not defined")
_UNDECLARED_ATTRIBUTE = re.compile(r"Namespace prefix (\S+) for (\S+) on (\S+) is not defined")
_WELL_KNOWN = {**MODDLE_PREFIXES, "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
_BAD_URI = re.compile(r"xmlns(?::(\S+))?: '(.*)' is not a valid URI")
_ENCODING = ("Invalid bytes in character encoding", "Input is not proper UTF-8",
             "Char 0x", "invalid character in attribute value")
_DECLARATION = ("XML declaration", "XMLDecl", "standalone", "Unsupported version",
                "parsing XML declaration", "Unsupported encoding", "xml declaration")
#: the XML declaration, after any BOMs and blanks a broken export put before it
#: (up to the root's '<', so that a declaration missing its '?>' counts too)
_LEADING_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf|\s)*<\?xml\b[^<]*")


#: libxml2's most common complaints in German (as bpmn/xsd.py does for the schema): the
#: message is for a Prozessmanagerin, who should not have to read the parser's English.
#: An unknown one is passed on as libxml2 says it.
_WELLFORMED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Document is empty"), "die Datei ist leer"),
    (re.compile(r"^Start tag expected, '<' not found"),
     "am Anfang steht kein XML-Element ('<' fehlt)"),
    (re.compile(r"^Premature end of data in tag (?P<x>\S+) line (?P<n>\d+)"),
     "die Datei endet mitten im Element <{x}> aus Zeile {n} (abgeschnitten?)"),
    (re.compile(r"^Opening and ending tag mismatch: (?P<x>\S+) line (?P<n>\d+) and "
                r"(?P<y>\S+)"),
     "das Endtag </{y}> passt nicht zu <{x}> aus Zeile {n}"),
    (re.compile(r"^Extra content at the end of the document"),
     "nach dem Ende des Wurzelelements steht weiterer Inhalt"),
    (re.compile(r"^Attribute (?P<x>\S+) redefined"),
     "das Attribut '{x}' steht zweimal im selben Element"),
    (re.compile(r"^Specification mandates value for attribute (?P<x>\S+)"),
     "das Attribut '{x}' hat keinen Wert ({x}=\"…\" erwartet)"),
    (re.compile(r"^AttValue: \" or ' expected"),
     "ein Attributwert steht nicht in Anführungszeichen"),
    (re.compile(r"^attributes construct error"),
     "die Attribute eines Elements sind fehlerhaft geschrieben (Leerzeichen, "
     "Anführungszeichen oder '>' fehlt?)"),
    (re.compile(r"^error parsing attribute name"), "ein Attributname ist ungültig"),
    (re.compile(r"^Couldn't find end of Start Tag (?P<x>\S+)"),
     "das Starttag <{x}> ist nicht abgeschlossen ('>' fehlt)"),
    (re.compile(r"^expected '>'"), "'>' fehlt"),
    (re.compile(r"^Unescaped '<' not allowed in attributes values"),
     "'<' in einem Attributwert muss als &lt; geschrieben werden"),
    (re.compile(r"^(xmlParseEntityRef: no name|EntityRef: expecting ';')"),
     "ein '&' muss als &amp; geschrieben werden"),
    (re.compile(r"^Entity '(?P<x>[^']+)' not defined"),
     "die Entität &{x}; ist in XML nicht definiert (erlaubt: &amp; &lt; &gt; &quot; "
     "&apos; und Zeichenreferenzen wie &#160;)"),
    (re.compile(r"^xmlParseCharRef: invalid xmlChar value (?P<x>\d+)"),
     "die Zeichenreferenz &#{x}; ist in XML nicht erlaubt"),
    (re.compile(r"^StartTag: invalid element name"), "nach '<' folgt kein gültiger Elementname"),
    (re.compile(r"^Failed to parse QName '(?P<x>[^']*)'"),
     "'{x}' ist kein gültiger Name (höchstens ein ':' zwischen Präfix und Name)"),
    (re.compile(r"^Comment not terminated"), "ein Kommentar endet nicht ('-->' fehlt)"),
    (re.compile(r"^CData section not finished"),
     "ein CDATA-Abschnitt endet nicht (']]>' fehlt)"),
    (re.compile(r"^XML declaration allowed only at the start of the document"),
     "die XML-Deklaration <?xml …?> darf nur am Anfang der Datei stehen"),
    (re.compile(r"^EndTag: '</' not found"), "ein Endtag fehlt"),
    (re.compile(r"^PCDATA invalid Char value (?P<x>\d+)"),
     "der Text enthält das in XML verbotene Steuerzeichen {x}"),
)


def german_parse_error(message: str) -> str:
    """libxml2's message in German when it is a common one, else as libxml2 says it
    (without the ', line …, column …' lxml appends: the caller reports the line)."""
    message = message.split(", line ")[0].strip()
    for pattern, template in _WELLFORMED:
        match = pattern.match(message)
        if match:
            return template.format(**match.groupdict())
    return message


@dataclass(frozen=True, slots=True)
class XmlDefect:
    """What the strict parser complained about, for the user: German text and a hint."""

    line: int | None
    message: str
    hint: str


def declaration_lines(raw: bytes) -> int:
    """How many lines the leading XML declaration spans (0: there is none)."""
    match = _LEADING_DECLARATION.match(raw)
    return match.group().rstrip().count(b"\n") + 1 if match else 0


def describe(exc: etree.XMLSyntaxError, declaration: int = 0) -> XmlDefect:
    """libxml2's first error in German, with the usual cause and what to do.

    ``declaration`` is :func:`declaration_lines` of the file: an error there is a broken
    XML declaration, whatever libxml2 calls it ("Blank needed here", "String not started").
    """
    msg = str(exc.msg or exc).split(", line ")[0].strip()
    line = exc.lineno if exc.lineno else None
    undeclared = _UNDECLARED.search(msg)
    attribute = _UNDECLARED_ATTRIBUTE.search(msg)
    if undeclared or attribute:
        if attribute:
            prefix, name, owner = attribute.groups()
            where = f"am Attribut {prefix}:{name} von <{owner}>"
        else:
            assert undeclared is not None
            prefix, name = undeclared.groups()
            where = f"an <{prefix}:{name}>"
        known = _WELL_KNOWN.get(prefix)
        declare = f'xmlns:{prefix}="{known}"' if known else f'xmlns:{prefix}="…"'
        return XmlDefect(line, f"Namensraum-Präfix '{prefix}' ({where}) ist nicht deklariert",
                         f"Am Wurzelelement {declare} ergänzen oder das Modell im Werkzeug "
                         "neu exportieren.")
    if match := _BAD_URI.search(msg):
        prefix, uri = match.groups()
        where = f" (Präfix '{prefix}')" if prefix else ""
        return XmlDefect(line, f"Namensraum-URI '{uri}'{where} ist keine gültige URI",
                         "Leerzeichen in der URI durch %20 ersetzen (oder die URI ohne "
                         "Leerzeichen schreiben); Werkzeuge wie IBM Process Designer "
                         "schreiben sie so.")
    if any(part in msg for part in _ENCODING):
        return XmlDefect(line, "Die Datei enthält Bytes, die kein gültiges UTF-8 sind "
                               "(meist ISO-8859-1 oder Windows-1252); sie wurden als "
                               "Windows-1252 gelesen",
                         "Die Datei als UTF-8 speichern oder ihre tatsächliche Kodierung "
                         "in der XML-Deklaration angeben (encoding=\"ISO-8859-1\").")
    if (line or 1) <= declaration or (any(part in msg for part in _DECLARATION)
                                      and (line or 1) <= 2):
        return XmlDefect(line, f"Die XML-Deklaration ist fehlerhaft: {german_parse_error(msg)}",
                         "Die erste Zeile durch <?xml version=\"1.0\" encoding=\"UTF-8\"?> "
                         "ersetzen; davor darf nichts stehen.")
    return XmlDefect(line, f"XML ist nicht wohlgeformt: {german_parse_error(msg)}",
                     "Die Datei im Modellierungswerkzeug öffnen und neu exportieren.")


def _as_utf8(raw: bytes) -> bytes:
    """Every byte sequence that is not UTF-8 read as Windows-1252 (U+FFFD for its five
    unassigned bytes), the rest kept: line numbers stay, and so do UTF-8 umlauts.

    One pass in C (decode, translate, encode), linear in the file: a regex callback per
    run of bad bytes cost 35 s for a 20 MB payload of random bytes.
    """
    text = raw.decode("utf-8", errors="surrogateescape")
    fixed = text.translate(_CP1252)
    return raw if fixed == text else fixed.encode("utf-8")


#: the escapes surrogateescape makes of the bytes 0x80–0xFF → their Windows-1252 reading
_CP1252 = {0xDC00 + byte: bytes([byte]).decode("cp1252", errors="replace")
           for byte in range(0x80, 0x100)}

#: more bytes than this share that are not UTF-8, and the file is no text a wrong encoding
#: label explains (German prose in Latin-1 has umlauts in about 2 % of its characters)
MAX_FOREIGN_SHARE = 0.1


def foreign_share(raw: bytes) -> float:
    """The share of bytes that are not part of a UTF-8 character (counted in C)."""
    if not raw:
        return 0.0
    kept = len(raw.decode("utf-8", errors="ignore").encode("utf-8"))
    return (len(raw) - kept) / len(raw)


def _bind_moddle_prefixes(root: etree._Element) -> None:
    """``bpmn:task`` left unbound by the recovering parser → the BPMN namespace."""
    for el in root.iter():
        tag = el.tag
        if isinstance(tag, str) and not tag.startswith("{") and ":" in tag:
            prefix, _, name = tag.partition(":")
            namespace = MODDLE_PREFIXES.get(prefix)
            if namespace is not None:
                el.tag = f"{{{namespace}}}{name}"


def _blank_declaration(raw: bytes) -> bytes:
    """The leading declaration (and BOMs before it) as blanks, newlines kept: bpmnlint reads
    the text as UTF-8 whatever the declaration says, and so do we when it is broken."""
    match = _LEADING_DECLARATION.match(raw)
    if match is None:
        return raw
    head = bytes(b if b == 0x0A else 0x20 for b in match.group())
    return head + raw[match.end():]


def recover(
    raw: bytes, parser_for: Callable[[], etree.XMLParser], declared_utf8: bool
) -> etree._Element | None:
    """The repaired tree, or None if even the recovering parser finds no definitions.

    First as the file is (its declaration may be right); then, if the bytes are not UTF-16,
    without its XML declaration, read as UTF-8 (a declaration claiming UTF-16 for UTF-8
    bytes, a doubled BOM).
    """
    attempts = [_as_utf8(raw) if declared_utf8 else raw]
    if b"\x00" not in raw[:4096] and _LEADING_DECLARATION.match(raw):
        attempts.append(_as_utf8(_blank_declaration(raw)))
    for data in attempts:
        try:
            root = etree.fromstring(data, parser_for())
        except etree.XMLSyntaxError:
            continue
        if root is None:
            continue
        _bind_moddle_prefixes(root)
        if root.tag == _DEFINITIONS:
            return root
    return None
