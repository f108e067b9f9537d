"""The register manifest ``prozesskit.yaml`` at the root of every register repository."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from prozesskit.config.model import Konventionen
from prozesskit.model import codes
from prozesskit.model.base import Strict

FORMAT_VERSION = 1


class Kommune(Strict):
    name: Annotated[str, Field(min_length=1)]
    schluessel: Annotated[
        str,
        Field(
            pattern=r"^\d{5}(\d{3})?$",
            description="Amtlicher Schlüssel: 5-stelliger Kreisschlüssel oder 8-stelliger AGS",
        ),
    ]
    typ: codes.KommunenTyp

    @model_validator(mode="after")
    def _schluessel_passt_zum_typ(self) -> Kommune:
        if self.typ == "kreis" and len(self.schluessel) != 5:
            raise ValueError("ein Kreis hat einen 5-stelligen Kreisschlüssel (z. B. '05774')")
        if self.typ != "kreis" and len(self.schluessel) != 8:
            raise ValueError(
                "Städte und Gemeinden haben einen 8-stelligen Amtlichen Gemeindeschlüssel "
                "(z. B. '05774032')"
            )
        return self


class BlaupausenHerkunft(Strict):
    name: Annotated[str, Field(min_length=1)]
    version: Annotated[str, Field(min_length=1)]
    quelle: Annotated[str, Field(description="'eingebaut', ein Pfad oder eine git-URL")]
    commit: str | None = None
    ebene: codes.Ebene | None = None


class Bibliothek(Strict):
    name: Annotated[str, Field(min_length=1)]
    url: Annotated[str, Field(min_length=1)]
    ref: str | None = None


class Manifest(Strict):
    """Register manifest: who the register belongs to, where it came from, its conventions."""

    format: Annotated[int, Field(ge=1, le=FORMAT_VERSION)] = FORMAT_VERSION
    kommune: Kommune
    produktrahmen: codes.Produktrahmen = "NKF-NRW"
    blaupause: BlaupausenHerkunft | None = None
    bibliotheken: list[Bibliothek] = Field(default_factory=list)
    konventionen: Konventionen = Field(default_factory=Konventionen)
