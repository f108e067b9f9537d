"""What the XProzess rules look at: the parsed message and its decoded models.

Built once per file by :mod:`.pruefen` (payloads decoded with the package limits; a
refusal is kept as text for PK-P014, never raised), handed to every rule of the
``xprozess`` scope like a BPMN model to BPMN rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from prozesskit.errors import PaketError
from prozesskit.exchange.xprozess.lesen import kid, kids, line, prozesse, text
from prozesskit.exchange.xprozess.nutzlast import Budget, entpacken


@dataclass
class Modell:
    """One ``prozessmodelldatei`` of a process."""

    prozess_id: str
    dateiname: str
    element: etree._Element
    inhalt: etree._Element | None
    bpmn: bytes | None = None
    eintrag: str | None = None  # the ZIP entry's name
    fehler: str | None = None  # why the payload was refused
    #: ids of the model's sub-processes and call activities (what subProzessID names)
    teilprozesse: frozenset[str] = frozenset()

    @property
    def line(self) -> int | None:
        return line(self.inhalt if self.inhalt is not None else self.element)


@dataclass
class XProzessDoc:
    file: str
    root: etree._Element
    modelle: list[Modell] = field(default_factory=list)

    def prozess_elemente(self) -> list[tuple[str, etree._Element]]:
        """(id, element) of every process of the Prozessbibliothek."""
        return [(text(e, "id") or "", e) for lib in kids(self.root, "prozessbibliothek")
                for e in kids(lib, "prozess")]


def build(file: str, root: etree._Element) -> XProzessDoc:
    """The document with every model payload decoded (or its refusal noted)."""
    doc = XProzessDoc(file, root)
    budget = Budget()  # one for the whole message: a payload over it is refused, not kept
    for eintrag in prozesse(root):
        for modell in kids(eintrag.element, "prozessmodell"):
            for datei in kids(modell, "prozessmodelldatei"):
                doc.modelle.append(_modell(eintrag.daten.id, datei, budget))
    return doc


def _modell(prozess_id: str, datei: etree._Element, budget: Budget) -> Modell:
    inhalt = kid(datei, "inhalt")
    found = Modell(prozess_id, text(datei, "dateiname") or "", datei, inhalt)
    if inhalt is None or not (inhalt.text or "").strip():
        return found  # a missing inhalt is PK-P012's
    try:
        found.bpmn, found.eintrag = entpacken(inhalt.text or "", found.dateiname, budget)
    except PaketError as exc:
        found.fehler = str(exc)
        return found
    found.teilprozesse = _teilprozesse(found.bpmn)
    return found


def _teilprozesse(raw: bytes) -> frozenset[str]:
    from prozesskit.bpmn.ns import BPMN_NS
    from prozesskit.bpmn.parse import parse_bpmn

    parsed, _ = parse_bpmn(raw, "modell")
    if parsed is None:
        return frozenset()
    kinds = {f"{{{BPMN_NS}}}{name}" for name in ("subProcess", "callActivity", "transaction",
                                                  "adHocSubProcess")}
    return frozenset(str(e.get("id")) for e in parsed.root.iter(*kinds) if e.get("id"))
