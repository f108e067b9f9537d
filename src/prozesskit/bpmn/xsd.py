"""Validate a parsed BPMN model against the OMG BPMN 2.0 XML schema, offline.

The schema (five XSD files, package data in ``prozesskit/bpmn/xsd/``) is compiled once per
process, lazily, from its file path so that ``xsd:include``/``xsd:import`` resolve relative
to the folder. A resolver maps every ``schemaLocation`` to those five files and refuses
anything else; the parser never touches the network and never expands entities.

Validation runs on the tree the parser already built (no re-parse). Schema errors are
split in two: errors caused by vendor extensions (elements in non-OMG namespaces, content
of ``extensionElements`` or ``di:extension``) are noise from modelling tools and become
warnings (``PK-B003``); everything else is a real violation (``PK-B002``).

Caveat: libxml2 stops checking the content model of an element after the first
unexpected child, so a real error behind a misplaced vendor element in the same parent
can be hidden until the vendor element is moved into ``extensionElements``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final, cast

from lxml import etree

from prozesskit.bpmn.parse import BPMN_NS, BPMNDI_NS, DC_NS, DI_NS
from prozesskit.bpmn.query import source_line
from prozesskit.problem import Level, Problem

CODE_XSD: Final = "PK-B002"
CODE_VENDOR: Final = "PK-B003"

XSD_DIR: Final = Path(__file__).with_name("xsd")
XSD_FILES: Final = frozenset({"BPMN20.xsd", "Semantic.xsd", "BPMNDI.xsd", "DI.xsd", "DC.xsd"})
OMG_NAMESPACES: Final = frozenset({BPMN_NS, BPMNDI_NS, DC_NS, DI_NS})
_PREFIXES: Final = {BPMN_NS: "bpmn", BPMNDI_NS: "bpmndi", DC_NS: "dc", DI_NS: "di"}
_EXTENSION_CONTAINERS: Final = frozenset({
    "{" + BPMN_NS + "}extensionElements", "{" + DI_NS + "}extension",
})
_ELEMENT_RE: Final = re.compile(r"^Element '(\{(?P<ns>[^}]*)\})?(?P<local>[^']+)'")
_ATTR_RE: Final = re.compile(r"^Element '[^']+', attribute '(\{(?P<ns>[^}]*)\})?(?P<local>[^']+)'")


class _LocalResolver(etree.Resolver):
    """Resolve schema locations to the packaged XSD files only; refuse everything else."""

    def resolve(self, system_url: str | None, public_id: str | None,  # type: ignore[override]
                context: object) -> object:
        name = (system_url or "").replace("\\", "/").rsplit("/", 1)[-1]
        if name in XSD_FILES:
            return self.resolve_filename(  # type: ignore[attr-defined]
                str(XSD_DIR / name), context)
        return self.resolve_string("", context, base_url=None)  # empty: fails, never fetches


def _schema_parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False,
                             huge_tree=False)
    parser.resolvers.add(_LocalResolver())
    return parser


@cache
def schema() -> etree.XMLSchema:
    """The compiled BPMN 2.0 schema; compiled on first use, once per process (~10 ms)."""
    doc = etree.parse(str(XSD_DIR / "BPMN20.xsd"), _schema_parser())
    return etree.XMLSchema(doc)


@dataclass(frozen=True, slots=True)
class XsdIssue:
    """One schema error, classified and translated."""

    vendor: bool
    line: int | None
    element: str | None  # id of the element or of its nearest ancestor with an id
    message: str


def _short(ns: str | None, local: str) -> str:
    if not ns:
        return local
    prefix = _PREFIXES.get(ns)
    return f"{prefix}:{local}" if prefix else f"{local} (Namensraum {ns})"


def _shorten_all(text: str) -> str:
    return re.sub(r"\{([^}]*)\}([\w.-]+)", lambda m: _short(m.group(1), m.group(2)), text)


class _Locator:
    """The element an error is about: same tag, same source line, first in document order.

    One pass over the elements of each tag the errors name, not one per error: a model
    with thousands of vendor elements has thousands of errors of one tag.
    """

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.by_tag: dict[str, dict[int | None, etree._Element]] = {}

    def __call__(self, line: int | None, tag: str | None) -> etree._Element | None:
        if line is None or tag is None:
            return None
        lines = self.by_tag.get(tag)
        if lines is None:
            lines = self.by_tag[tag] = {}
            for el in self.root.iter(tag):
                lines.setdefault(source_line(el), el)
        return lines.get(line)


def _inside_extension(el: etree._Element | None) -> bool:
    while el is not None:
        if el.tag in _EXTENSION_CONTAINERS:
            return True
        el = el.getparent()
    return False


def _nearest_id(el: etree._Element | None) -> str | None:
    while el is not None:
        el_id = el.get("id")
        if el_id:
            return el_id
        el = el.getparent()
    return None


def _is_vendor(elem_ns: str | None, attr_ns: str | None, el: etree._Element | None) -> bool:
    if attr_ns:
        return attr_ns not in OMG_NAMESPACES
    if elem_ns and elem_ns not in OMG_NAMESPACES:
        return True
    return _inside_extension(el)


_TRANSLATIONS: Final = (
    (re.compile(r"This element is not expected\. Expected is (one of )?\( ?(?P<x>.*?) ?\)\.?$"),
     "Element {el} ist hier nicht erlaubt; erwartet: {x}"),
    (re.compile(r"This element is not expected\.$"), "Element {el} ist hier nicht erlaubt"),
    (re.compile(r"Missing child element\(s\)\. Expected is (one of )?\( ?(?P<x>.*?) ?\)\.?$"),
     "Element {el}: Kindelement fehlt; erwartet: {x}"),
    (re.compile(r"The attribute '(?P<x>[^']+)' is required but missing\.$"),
     "Element {el}: Pflichtattribut '{x}' fehlt"),
    (re.compile(r"The attribute '(?P<x>[^']+)' is not allowed\.$"),
     "Element {el}: Attribut '{x}' ist nicht erlaubt"),
    (re.compile(r"'(?P<v>[^']*)' is not a valid value of the (atomic|list|union) type "
                r"'(?P<x>[^']+)'\.$"),
     "Element {el}: Wert '{v}' ist kein gültiger Wert vom Typ '{x}'"),
    (re.compile(r"'(?P<v>[^']*)' is not a valid value of the local (atomic|list|union) "
                r"type\.$"),
     "Element {el}: Wert '{v}' ist hier nicht gültig"),
    (re.compile(r"\[facet 'enumeration'\] The value '(?P<v>[^']*)' is not an element of the "
                r"set \{(?P<x>.*)\}\.$"),
     "Element {el}: Wert '{v}' ist nicht erlaubt; erlaubt: {x}"),
    (re.compile(r"\[facet '(?P<x>\w+)'\] The value '(?P<v>[^']*)'"),
     "Element {el}: Wert '{v}' verletzt die Einschränkung '{x}' des Schemas"),
    (re.compile(r"Character content other than whitespace is not allowed because the content "
                r"type is 'element-only'\.$"),
     "Element {el}: Text ist hier nicht erlaubt, nur Kindelemente"),
    (re.compile(r"Element content is not allowed, because the (content type is a simple type|"
                r"type definition is simple)\.$"),
     "Element {el}: Kindelemente sind hier nicht erlaubt, nur ein Wert"),
    (re.compile(r"(Character|Element) content is not allowed, because the content type is "
                r"empty\.$"),
     "Element {el}: muss leer sein (ohne Text und Kindelemente)"),
    (re.compile(r"The QName value '(?P<v>[^']*)' has no corresponding namespace declaration "
                r"in scope\.$"),
     "Element {el}: Präfix des QName '{v}' ist nicht deklariert"),
    (re.compile(r"No matching global element declaration available, but demanded by the "
                r"strict wildcard\.$"),
     "Element {el}: keine Schemadeklaration vorhanden (Erweiterung ohne Schema)"),
    (re.compile(r"No matching global declaration available for the validation root\.$"),
     "Wurzelelement {el} ist kein BPMN-2.0-Element"),
)


def _abbreviate(listing: str, keep: int = 6) -> str:
    items = [item.strip() for item in listing.split(",") if item.strip()]
    if len(items) <= keep:
        return ", ".join(items)
    return ", ".join(items[:keep]) + f" … ({len(items) - keep} weitere)"


def _german(message: str, el_name: str) -> str:
    detail = message.split(": ", 1)[1] if ": " in message else message
    detail = detail.strip()
    for pattern, template in _TRANSLATIONS:
        match = pattern.search(detail)
        if match:
            values = {k: _shorten_all(v or "") for k, v in match.groupdict().items()}
            if "x" in values:
                values["x"] = _abbreviate(values["x"])
            return template.format(el=el_name, **values)
    return f"Element {el_name}: {_shorten_all(detail)}"


def _issue(locate: _Locator, entry: etree._LogEntry) -> XsdIssue:
    message = entry.message.strip()
    raw_line: object = entry.line
    line = raw_line if isinstance(raw_line, int) and raw_line > 0 else None
    emat = _ELEMENT_RE.match(message)
    amat = _ATTR_RE.match(message)
    elem_ns = emat.group("ns") if emat else None
    elem_local = emat.group("local") if emat else None
    tag = (f"{{{elem_ns}}}{elem_local}" if elem_ns else elem_local) if elem_local else None
    el = locate(line, tag)
    attr_ns = amat.group("ns") if amat else None
    el_name = f"<{_short(elem_ns, elem_local)}>" if elem_local else "<?>"
    return XsdIssue(
        vendor=_is_vendor(elem_ns, attr_ns, el),
        line=line,
        element=_nearest_id(el),
        message=_german(message, el_name),
    )


_last: tuple[etree._Element, tuple[XsdIssue, ...]] | None = None


def xsd_issues(root: etree._Element) -> tuple[XsdIssue, ...]:
    """Schema errors of a parsed model, classified; the last result is cached.

    Both XSD rules (``PK-B002``, ``PK-B003``) ask for the same tree one after the other,
    so caching the most recent tree (by identity) validates each model once.
    """
    global _last
    if _last is not None and _last[0] is root:
        return _last[1]
    xsd = schema()
    if xsd.validate(root):
        issues: tuple[XsdIssue, ...] = ()
    else:
        entries = cast("Iterable[etree._LogEntry]", xsd.error_log)
        locate = _Locator(root)
        issues = tuple(_issue(locate, entry) for entry in entries)
    _last = (root, issues)
    return issues


HINT_XSD: Final = ("Das Modell verletzt das BPMN-2.0-Schema der OMG; im Modellierungswerkzeug "
                   "öffnen, korrigieren und als BPMN 2.0 XML neu exportieren.")
HINT_VENDOR: Final = ("Herstellerspezifische Inhalte gehören in <bpmn:extensionElements>; "
                      "andere Werkzeuge ignorieren sie oder lesen das Modell nicht.")


def vendor_message(issue: XsdIssue) -> str:
    return f"Herstellererweiterung außerhalb des BPMN-Schemas: {issue.message}"


def xsd_message(issue: XsdIssue) -> str:
    return f"BPMN-Schemafehler: {issue.message}"


def validate_xsd(parsed_root: etree._Element, file: str) -> list[Problem]:
    """All schema problems of one model: real errors (PK-B002) and vendor noise (PK-B003)."""
    problems: list[Problem] = []
    for issue in xsd_issues(parsed_root):
        if issue.vendor:
            problems.append(Problem(file, issue.line, None, CODE_VENDOR, Level.WARN,
                                    vendor_message(issue), issue.element, HINT_VENDOR))
        else:
            problems.append(Problem(file, issue.line, None, CODE_XSD, Level.ERROR,
                                    xsd_message(issue), issue.element, HINT_XSD))
    return problems
