"""FIM: zugeklappte Teilprozesse tragen eine Referenzaktivitätengruppe (RAG 1–8).

In FIM-Stammprozessen ist jede Aktivitätengruppe einer Referenzaktivitätengruppe
zugeordnet (Codeliste ``urn:xoev-de:xprozess:codeliste:referenzaktivitaetengruppe``,
Werte 1–8, z. B. 1 „Information empfangen“, 3 „Sachverhalt formell prüfen“,
7 „Beteiligung durchführen“). BPMN kennt dafür kein Attribut; prozesskit liest den Typ aus
einer der beiden Darstellungen (die erste gefundene gilt):

1. Erweiterungsattribut ``rag`` (oder ``referenzaktivitaetengruppe``) in einem beliebigen
   Nicht-OMG-Namensraum, empfohlen ``xmlns:fim="urn:prozesskit:fim"``, z. B. ``fim:rag="3"``;
2. Text in ``<bpmn:documentation>``: „RAG 3“, „RAG: 3“ oder
   „Referenzaktivitätengruppe 3“.

Zugeklappt ist ein Teilprozess, dessen Diagrammform nicht ``isExpanded="true"`` hat
(ohne Diagrammform: ohne eigene Flusselemente). Gemeldet wird ein fehlender Typ und ein
Wert außerhalb 1–8.

Richtig::

    <bpmn:subProcess id="Sub_1" name="Antrag formell prüfen" fim:rag="3" />
    <bpmn:subProcess id="Sub_2" name="Stellungnahme einholen">
      <bpmn:documentation>RAG 7: Beteiligung durchführen</bpmn:documentation>
    </bpmn:subProcess>

Falsch::

    <bpmn:subProcess id="Sub_1" name="Antrag formell prüfen" />
    <bpmn:subProcess id="Sub_2" name="Gebühr festsetzen" fim:rag="12" />
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from lxml import etree

from prozesskit.bpmn.model import SUBPROCESSES, BpmnModel
from prozesskit.bpmn.query import (
    documentation_text,
    expanded_flags,
    is_collapsed_subprocess,
    label,
    source_line,
)
from prozesskit.bpmn.xsd import OMG_NAMESPACES
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext

CODE = "PK-B063"
NAME = "fim-referenzaktivitaetengruppe"
TITLE = "FIM: zugeklappte Teilprozesse mit Referenzaktivitätengruppe 1–8"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("fim",)

FIM_NS: Final = "urn:prozesskit:fim"
RAG_CODES: Final = frozenset(range(1, 9))
_ATTR_NAMES: Final = frozenset({"rag", "referenzaktivitaetengruppe"})
_DOC_RE: Final = re.compile(
    r"\b(?:RAG|Referenzaktivit(?:ä|ae)tengruppe)\s*[:=]?\s*(\S+)", re.IGNORECASE)
HINT: Final = ('Den Typ angeben, z. B. Attribut fim:rag="3" (xmlns:fim="urn:prozesskit:fim") '
               "oder „RAG 3“ in der Dokumentation.")


def rag_value(el: etree._Element) -> str | None:
    """The declared RAG code as written, or ``None`` if the element declares none."""
    for key, value in el.attrib.items():
        qname = etree.QName(key)
        if qname.namespace not in OMG_NAMESPACES and qname.namespace is not None \
                and qname.localname.casefold() in _ATTR_NAMES:
            return str(value).strip()
    match = _DOC_RE.search(documentation_text(el))
    return match.group(1).rstrip(".,;:)") if match else None


def _valid(value: str) -> bool:
    return value.isdigit() and int(value) in RAG_CODES


def check(model: BpmnModel, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    flags = expanded_flags(model)
    for el in model.of_type(*sorted(SUBPROCESSES)):
        if not is_collapsed_subprocess(model, el, flags):
            continue
        name = label(el) or el.get("id", "?")
        value = rag_value(el)
        if value is None:
            message = f"Teilprozess „{name}“ hat keine Referenzaktivitätengruppe"
        elif not _valid(value):
            message = (f"Teilprozess „{name}“ hat die Referenzaktivitätengruppe „{value}“; "
                       "erlaubt sind 1–8")
        else:
            continue
        yield Finding(message, element=el.get("id"), line=source_line(el), hint=HINT)
