"""Parse untrusted BPMN XML safely: no entities, no DTD, no network, bounded size.

Models come from other municipalities and shared libraries. lxml is told never to resolve
entities or fetch anything, documents with a DOCTYPE are refused outright (BPMN needs none;
entity declarations are the billion-laughs and XXE vector), and size and element counts
are bounded before any rule runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import Any

from lxml import etree

from prozesskit import limits
from prozesskit.bpmn.ns import BPMN_NS as BPMN_NS
from prozesskit.bpmn.ns import BPMNDI_NS as BPMNDI_NS
from prozesskit.bpmn.ns import DC_NS as DC_NS
from prozesskit.bpmn.ns import DI_NS as DI_NS
from prozesskit.bpmn.recover import (
    MAX_FOREIGN_SHARE,
    declaration_lines,
    describe,
    foreign_share,
    recover,
)
from prozesskit.problem import Level, Problem

RULE_XML = "PK-B001"


class _NoFetch(etree.Resolver):
    """Answers every external lookup (DTD, parameter entity) with nothing.

    ``load_dtd=False`` and ``resolve_entities=False`` alone still let libxml2 open external
    subsets and parameter entities (``file:///dev/zero`` hangs, ``/etc/passwd`` is read).
    """

    def resolve(  # type: ignore[override]  # lxml-stubs omit the context argument
        self, system_url: str, public_id: str, context: object
    ) -> object:
        return self.resolve_string("", context)  # type: ignore[call-arg]  # stubs again


_PROLOG_END = re.compile(rb"<[A-Za-z_]")


_DEFINITIONS = f"{{{BPMN_NS}}}definitions"


def _has_doctype(raw: bytes) -> bool:
    """A DOCTYPE can only stand before the root element; look there, case-insensitively."""
    match = _PROLOG_END.search(raw)
    prolog = raw[: match.start()] if match else raw
    upper = prolog.upper()
    return b"<!DOCTYPE" in upper or b"\x00!\x00D\x00O\x00C\x00T" in upper


def _parser(*, recover: bool = False) -> etree.XMLParser:
    parser = etree.XMLParser(
        recover=recover,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        remove_comments=False,
        collect_ids=False,
    )
    parser.resolvers.add(_NoFetch())
    return parser


@dataclass(frozen=True, slots=True)
class ParsedXml:
    root: etree._Element
    size: int
    #: read by the recovering parser after the strict one refused the file (see recover.py)
    repaired: bool = False


def _problem(file: str, line: int | None, message: str, hint: str) -> Problem:
    return Problem(file, line, None, RULE_XML, Level.ERROR, message, hint=hint)


def _doctype_problem(file: str) -> Problem:
    return _problem(
        file,
        1,
        "BPMN-Datei enthält eine DOCTYPE-Deklaration; aus Sicherheitsgründen "
        "(Entitäten, XXE) werden solche Dateien nicht gelesen",
        "Die DOCTYPE-Zeile entfernen; BPMN 2.0 braucht keine.",
    )


def parse_bpmn(
    raw: bytes,
    file: str,
    *,
    max_bytes: int = limits.MAX_BPMN_BYTES,
    max_elements: int = limits.MAX_BPMN_ELEMENTS,
) -> tuple[ParsedXml | None, list[Problem]]:
    """Parse bytes into an lxml tree; every failure is a problem, never an exception."""
    if len(raw) > max_bytes:
        return None, [
            _problem(
                file,
                None,
                f"BPMN-Datei ist mit {limits.german_int(len(raw))} Bytes größer als die Grenze "
                f"von {limits.german_int(max_bytes)} Bytes und wird nicht gelesen",
                "Sehr große Modelle in Teilprozesse aufteilen; ist dies die richtige Datei?",
            )
        ]
    if _has_doctype(raw):
        return None, [_doctype_problem(file)]
    repaired = False
    try:
        root = etree.fromstring(raw, _parser())
    except etree.XMLSyntaxError as exc:
        defect = describe(exc, declaration_lines(raw))
        share = foreign_share(raw)
        if share > MAX_FOREIGN_SHARE:  # no text: nothing a repaired read could lint
            return None, [_problem(
                file, defect.line,
                f"Die Datei ist kein XML-Text: {round(share * 100)} % ihrer Bytes gehören "
                "zu keinem UTF-8-Zeichen (Binärdatei, verschlüsselt oder falsch exportiert?); sie "
                "wird weder repariert noch geprüft",
                "Die richtige Datei angeben oder das Modell im Werkzeug als BPMN 2.0 XML "
                "neu exportieren.")]
        root = recover(raw, partial(_parser, recover=True), _declared_utf8(raw))
        if root is None:
            return None, [_problem(file, defect.line, defect.message, defect.hint)]
        repaired = True
        problems = [_problem(
            file, defect.line,
            f"{defect.message}; der Rest des Modells wurde aus einer reparierten Lesung "
            "geprüft (Befunde daraus tragen den Hinweis „Aus reparierter Lesung“)",
            defect.hint,
        )]
    else:
        problems = []
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        return None, [_doctype_problem(file)]
    # Every element has a '<': a file with fewer of them than the limit needs no count,
    # which would cost a sixth of the parse (an XPath pass over the whole tree).
    count = raw.count(b"<")
    if count > max_elements:
        counted: Any = root.xpath("count(//*)")  # in C; a Python loop cost a full extra pass
        count = int(counted)
    if count > max_elements:
        return None, [
            _problem(
                file,
                None,
                f"Modell hat {limits.german_int(count)} XML-Elemente, mehr als die Grenze von "
                f"{limits.german_int(max_elements)}",
                "Das Modell in Teilprozesse aufteilen.",
            )
        ]
    if root.tag != _DEFINITIONS:
        return None, [
            _problem(
                file,
                root.sourceline if isinstance(root.sourceline, int) else None,
                f"Wurzelelement ist <{etree.QName(root).localname}> im Namensraum "
                f"'{etree.QName(root).namespace}', erwartet <definitions> im BPMN-2.0-Namensraum "
                f"'{BPMN_NS}'",
                "Als BPMN 2.0 XML exportieren (nicht als Teilmodell oder proprietäres Format).",
            )
        ]
    return ParsedXml(root, len(raw), repaired), problems


_ENCODING_DECL = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")


def _declared_utf8(raw: bytes) -> bool:
    """No declared encoding (XML's default) or UTF-8: stray Latin-1 bytes can be repaired."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16
        return False
    match = _ENCODING_DECL.match(raw.lstrip())
    return match is None or match.group(1).lower() in (b"utf-8", b"utf8")


#: The same protections for other XML formats prozesskit reads (XProzess messages).
safe_parser = _parser
has_doctype = _has_doctype
