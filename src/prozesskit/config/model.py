"""Pydantic model of ``konventionen`` (in prozesskit.yaml or a shared conventions file).

Titles and descriptions are the German hover texts of VS Code (register.schema.json).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from prozesskit.model.base import Strict, schema_texts

LevelSetting = Literal["error", "warn", "off"]

_REGELCODES = Field(
    title="Regeln",
    description="Regelcodes, z. B. ['PK-S011']; ohne Angabe gilt es für alle Regeln.",
)


class RegelEinstellung(Strict):
    model_config = schema_texts(
        "Regeleinstellung", "Stufe und Optionen einer Regel ('prozesskit erklaere CODE' zeigt sie)."
    )

    level: Annotated[
        LevelSetting | None,
        Field(
            title="Stufe",
            description="'error' (Fehler), 'warn' (Warnung) oder 'off' (abgeschaltet).",
        ),
    ] = None
    optionen: Annotated[
        dict[str, Any],
        Field(
            title="Optionen",
            description="Optionen der Regel; welche es gibt, zeigt 'prozesskit erklaere CODE'.",
        ),
    ] = Field(default_factory=dict)


class DateiIgnorieren(Strict):
    model_config = schema_texts("Dateien ausnehmen", "Dateien, für die Regeln nicht gelten sollen.")

    dateien: Annotated[
        str,
        Field(
            min_length=1,
            title="Dateien",
            description="Muster relativ zum Register, z. B. 'archiv/**'.",
        ),
    ]
    regeln: Annotated[list[str] | None, _REGELCODES] = None


class ElementIgnorieren(Strict):
    model_config = schema_texts(
        "BPMN-Element ausnehmen", "Ein Element eines BPMN-Modells, für das Regeln nicht gelten."
    )

    datei: Annotated[
        str,
        Field(
            min_length=1, title="Datei", description="BPMN-Datei oder Muster, z. B. 'modelle/*'."
        ),
    ]
    element: Annotated[
        str,
        Field(min_length=1, title="Element", description="Id des Elements im Modell."),
    ]
    regeln: Annotated[list[str] | None, _REGELCODES] = None


class Konventionen(Strict):
    """Conventions as written by a network; ``extends`` pulls in profiles or shared files."""

    model_config = schema_texts(
        "Konventionen",
        "Die Regeln, auf die sich das Netzwerk geeinigt hat: Profile, Stufen, Pflichtfelder "
        "und Ausnahmen.",
    )

    extends: Annotated[
        list[str],
        Field(
            title="Grundlage",
            description="Profile oder gemeinsame Dateien, auf denen die Konventionen aufbauen: "
            "prozesskit:empfohlen, prozesskit:streng, prozesskit:fim, prozesskit:alle, eine "
            "lokale Datei oder git+URL@ref#pfad.",
        ),
    ] = Field(default_factory=list)
    regeln: Annotated[
        dict[str, LevelSetting | RegelEinstellung],
        Field(
            title="Regeln",
            description="Stufe je Regelcode, z. B. 'PK-S011: warn', oder 'level' und 'optionen'.",
        ),
    ] = Field(default_factory=dict)
    pflichtfelder: Annotated[
        list[str],
        Field(
            title="Pflichtfelder",
            description="Felder, die jeder Steckbrief ausfüllen muss, z. B. "
            "[organisationseinheit, kennzahlen.fallzahl_pro_jahr].",
        ),
    ] = Field(default_factory=list)
    ignorieren: Annotated[
        list[DateiIgnorieren],
        Field(title="Dateien ausnehmen", description="Dateien, für die Regeln nicht gelten."),
    ] = Field(default_factory=list)
    bpmn_ignorieren: Annotated[
        list[ElementIgnorieren],
        Field(
            title="BPMN-Elemente ausnehmen",
            description="Elemente in BPMN-Modellen, für die Regeln nicht gelten.",
        ),
    ] = Field(default_factory=list)
