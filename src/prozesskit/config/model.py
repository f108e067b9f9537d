"""Pydantic model of ``konventionen`` (in prozesskit.yaml or a shared conventions file)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from prozesskit.model.base import Strict

LevelSetting = Literal["error", "warn", "off"]


class RegelEinstellung(Strict):
    level: LevelSetting | None = None
    optionen: dict[str, Any] = Field(default_factory=dict)


class DateiIgnorieren(Strict):
    dateien: Annotated[
        str, Field(min_length=1, description="Glob relativ zum Register, z. B. 'archiv/**'")
    ]
    regeln: list[str] | None = Field(default=None, description="Regelcodes; leer = alle Regeln")


class ElementIgnorieren(Strict):
    datei: Annotated[str, Field(min_length=1, description="BPMN-Datei oder Glob")]
    element: Annotated[str, Field(min_length=1, description="Element-Id im Modell")]
    regeln: list[str] | None = None


class Konventionen(Strict):
    """Conventions as written by a network; ``extends`` pulls in profiles or shared files."""

    extends: list[str] = Field(
        default_factory=list,
        description="prozesskit:empfohlen | prozesskit:streng | prozesskit:fim | "
        "prozesskit:alle | lokale Datei | git+URL@ref#pfad",
    )
    regeln: dict[str, LevelSetting | RegelEinstellung] = Field(default_factory=dict)
    pflichtfelder: list[str] = Field(default_factory=list)
    ignorieren: list[DateiIgnorieren] = Field(default_factory=list)
    bpmn_ignorieren: list[ElementIgnorieren] = Field(default_factory=list)
