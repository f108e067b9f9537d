"""The Steckbrief (process profile): one YAML file per process in ``steckbriefe/``.

Field names are the domain's German words so that the YAML reads like the paper form a
Prozessmanagerin knows; every field maps onto FIM's Prozesssteckbrief (see README) so that
an XProzess export can be added without renaming. ``extra="forbid"`` everywhere except
``merkmale`` so that a typo'd key is an error instead of silently lost data.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, model_validator

from prozesskit.model import codes
from prozesskit.model.base import Strict

Text = Annotated[str, Field(min_length=1)]


class Produkt(Strict):
    """Place in the Produktrahmen; ``bereich`` is required, the finer levels optional."""

    bereich: Annotated[
        str,
        Field(pattern=r"^\d{2}(-\d{2})?$", description="Produktbereich, zweistellig, z. B. '02'"),
    ]
    gruppe: Annotated[str | None, Field(description="Produktgruppe, z. B. '02.01'")] = None
    produkt: Annotated[str | None, Field(description="Produkt, z. B. '02.01.03'")] = None
    bezeichnung: Annotated[str | None, Field(description="Name des Produkts im Haushalt")] = None


class Ozg(Strict):
    """Where the Leistung sits in the OZG-Umsetzungskatalog."""

    themenfeld: codes.OzgThemenfeld | None = None
    leistung: Annotated[str | None, Field(description="OZG-Leistung, z. B. 'Gewerbeanmeldung'")] = (
        None
    )
    id: Annotated[str | None, Field(description="OZG-Id, z. B. '10110'")] = None


class Rechtsgrundlage(Strict):
    name: Text
    uri: Annotated[str | None, Field(pattern=r"^(https?|urn):\S+$")] = None


class Kennzahlen(Strict):
    """Figures for prioritisation (Fallzahl × Bearbeitungszeit) and reports."""

    fallzahl_pro_jahr: Annotated[int | None, Field(ge=0)] = None
    bearbeitungszeit_min: Annotated[float | None, Field(ge=0, description="Minuten je Fall")] = None
    durchlaufzeit_tage: Annotated[float | None, Field(ge=0)] = None
    stand: Annotated[dt.date | None, Field(description="Erhebungsdatum der Zahlen")] = None


class Digitalisierungsgrad(Strict):
    """Reifegrad nach OZG-Reifegradmodell 1.1 (0–4) oder 2.0 (0–7)."""

    modell: codes.DigitalisierungsModell = "1.1"
    stufe: Annotated[int, Field(ge=0, le=7)]

    @model_validator(mode="after")
    def _stufe_passt_zum_modell(self) -> Digitalisierungsgrad:
        highest = codes.REIFEGRAD_MAX[self.modell]
        if self.stufe > highest:
            raise ValueError(
                f"Stufe {self.stufe} gibt es im Reifegradmodell {self.modell} nicht "
                f"(erlaubt 0–{highest})"
            )
        return self


class Modellierung(Strict):
    """Who models the process in the network, and how far it is."""

    status: codes.Modellierungsstatus = "nicht_modelliert"
    verantwortlich: Annotated[
        str | None, Field(description="Wer im Netzwerk modelliert (Kommune oder Person)")
    ] = None
    termin: dt.date | None = None
    werkstatt: Annotated[
        dt.date | None,
        Field(description="Datum der Prozesswerkstatt, in der das Modell abgestimmt wurde"),
    ] = None


class Modell(Strict):
    art: codes.ModellArt
    datei: Annotated[
        str,
        Field(
            # no escaped quote: ECMA regex (VS Code, check-jsonschema) rejects '\"'
            pattern=r'^[^\\:*?"<>|]+\.bpmn$',
            description="Pfad relativ zum Register, z. B. modelle/x.ist.bpmn",
        ),
    ]
    version: str | None = None


class Herkunft(Strict):
    """Where a Steckbrief came from; the hash is the merge base for later updates."""

    art: codes.HerkunftArt
    name: Text
    id: Text
    version: Text
    sha256: Annotated[str | None, Field(pattern=r"^[0-9a-f]{64}$")] = None
    url: str | None = None
    commit: Annotated[str | None, Field(pattern=r"^[0-9a-f]{7,64}$")] = None


class Quelle(Strict):
    """The public source a process is drawn from, so a reviewer can check it is real."""

    leika: Annotated[str | None, Field(pattern=codes.LEIKA_PATTERN)] = None
    produkt: str | None = None
    plan: str | None = None
    hinweis: str | None = None

    @model_validator(mode="after")
    def _etwas_angegeben(self) -> Quelle:
        if not (self.leika or self.produkt or self.hinweis):
            raise ValueError("quelle braucht leika, produkt (mit plan) oder hinweis")
        return self


class Steckbrief(Strict):
    """One process of the register."""

    id: Annotated[
        str,
        Field(
            pattern=codes.ID_PATTERN,
            min_length=codes.ID_MIN_LENGTH,
            max_length=codes.ID_MAX_LENGTH,
            description="Stabile Kennung, zugleich Dateiname <id>.yaml",
        ),
    ]
    name: Annotated[
        Text, Field(description="Objekt + Verrichtung, z. B. 'Gewerbeanmeldung entgegennehmen'")
    ]
    beschreibung: str | None = None
    produkt: Produkt
    organisationseinheit: str | None = None
    prozessverantwortlich: str | None = None
    leika: Annotated[
        str | None, Field(pattern=codes.LEIKA_PATTERN, description="14-stelliger LeiKa-Schlüssel")
    ] = None
    ozg: Ozg | None = None
    rechtsgrundlagen: list[Rechtsgrundlage] = Field(default_factory=list)
    ausloeser: str | None = None
    ergebnis: str | None = None
    beteiligte: list[Text] = Field(default_factory=list)
    kennzahlen: Kennzahlen | None = None
    digitalisierungsgrad: Digitalisierungsgrad | None = None
    prioritaet: codes.Prioritaet | None = None
    modellierung: Modellierung = Field(default_factory=Modellierung)
    modelle: list[Modell] = Field(default_factory=list)
    status: codes.ProzessStatus = "aktiv"
    status_grund: Annotated[str | None, Field(description="Warum der Prozess entfällt")] = None
    stand: Annotated[dt.date | None, Field(description="Datum der letzten fachlichen Prüfung")] = (
        None
    )
    quelle: Quelle | None = None
    herkunft: Herkunft | None = None
    merkmale: Annotated[
        dict[str, Any], Field(description="Eigene Attribute der Kommune, frei wählbar")
    ] = Field(default_factory=dict)
