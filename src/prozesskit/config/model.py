"""Pydantic model of ``konventionen`` (in prozesskit.yaml or a shared conventions file)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

LevelSetting = Literal["error", "warn", "off"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegelEinstellung(_Strict):
    level: LevelSetting | None = None
    optionen: dict[str, Any] = Field(default_factory=dict)


class DateiIgnorieren(_Strict):
    dateien: Annotated[
        str, Field(min_length=1, description="Glob relativ zum Register, z. B. 'archiv/**'")
    ]
    regeln: list[str] | None = Field(default=None, description="Regelcodes; leer = alle Regeln")


class ElementIgnorieren(_Strict):
    datei: Annotated[str, Field(min_length=1, description="BPMN-Datei oder Glob")]
    element: Annotated[str, Field(min_length=1, description="Element-Id im Modell")]
    regeln: list[str] | None = None


class Konventionen(_Strict):
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
