"""A process as XProzess carries it, without XML: what the writer writes, the reader
reads and the mapping (:mod:`.abbildung`) translates to and from a Steckbrief.

Only the parts prozesskit maps are modelled; the reader keeps the rest of a foreign
process (klassifikation, codes of the Prozesskatalog …) in plain fields so that an import
loses nothing a Steckbrief can hold under ``merkmale``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Handlungsgrundlage:
    name: str
    uri: str | None = None
    art: str | None = None  # code of handlungsgrundlagenart


@dataclass(frozen=True, slots=True)
class Merkmal:
    name: str
    werte: tuple[str, ...]
    ordnungsrahmen: str | None = None


@dataclass(frozen=True, slots=True)
class Klassifikation:
    ordnungsrahmen: str
    klasse_id: str
    klasse_name: str | None = None
    ordnungsrahmen_version: str | None = None


@dataclass(frozen=True, slots=True)
class Modelldatei:
    """One ``prozessmodelldatei``: its name (without ``.xml``) and the BPMN bytes."""

    dateiname: str
    bpmn: bytes


@dataclass
class ProzessDaten:
    id: str
    name: str
    version: str | None = None
    bezeichnung: str | None = None
    fachlich_freigebende_stelle: str | None = None
    klassifikationen: list[Klassifikation] = field(default_factory=list)
    schlagworte: list[str] = field(default_factory=list)
    # Prozesssteckbrief
    definition: str | None = None
    beschreibung: str | None = None
    ausloeser: list[str] = field(default_factory=list)
    ergebnis: list[str] = field(default_factory=list)
    teilnehmer: list[str] = field(default_factory=list)
    handlungsgrundlagen: list[Handlungsgrundlage] = field(default_factory=list)
    detaillierungsstufe: str | None = None
    merkmale: list[Merkmal] = field(default_factory=list)
    # Prozessmodell
    modelle: list[Modelldatei] = field(default_factory=list)
    # Zustandsangaben
    status: str | None = None
    letzte_aenderung: str | None = None  # xs:dateTime text
    # Prozesskatalog (0303): codes of the Prozessklasse of the same id
    klasse: dict[str, str] = field(default_factory=dict)
