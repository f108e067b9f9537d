"""The register manifest ``prozesskit.yaml`` at the root of every register repository.

Titles and descriptions are the German hover texts of VS Code (register.schema.json).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from prozesskit.config.model import Konventionen
from prozesskit.model import codes
from prozesskit.model.base import Strict, schema_texts
from prozesskit.model.scalars import GANZZAHL, muster

FORMAT_VERSION = 1
_KREIS = "kreis"


class Kommune(Strict):
    model_config = schema_texts(
        "Kommune",
        "Die Kommune, der das Register gehört.",
        # the schema's form of _schluessel_passt_zum_typ
        allOf=[
            {
                "if": {"properties": {"typ": {"const": _KREIS}}, "required": ["typ"]},
                "then": {
                    "properties": {
                        "schluessel": {
                            "maxLength": 5,
                            "errorMessage": "ein Kreis hat einen 5-stelligen Kreisschlüssel "
                            "(z. B. '05774')",
                        }
                    }
                },
                "else": {
                    "properties": {
                        "schluessel": {
                            "minLength": 8,
                            "errorMessage": "Städte und Gemeinden haben einen 8-stelligen "
                            "Amtlichen Gemeindeschlüssel (z. B. '05774032')",
                        }
                    }
                },
            }
        ],
    )

    name: Annotated[
        str,
        Field(
            min_length=1, title="Name", description="Name der Kommune, z. B. 'Kreis Musterland'."
        ),
    ]
    schluessel: Annotated[
        str,
        muster(codes.SCHLUESSEL_PATTERN),
        Field(
            title="Amtlicher Schlüssel",
            description="5-stelliger Kreisschlüssel (Kreis) oder 8-stelliger Amtlicher "
            "Gemeindeschlüssel, in Anführungszeichen, z. B. '05774'.",
        ),
    ]
    typ: Annotated[
        codes.KommunenTyp,
        Field(title="Typ", description="Art der Kommune, z. B. 'kreis' oder 'gemeinde'."),
    ]

    @model_validator(mode="after")
    def _schluessel_passt_zum_typ(self) -> Kommune:
        if self.typ == _KREIS and len(self.schluessel) != 5:
            raise ValueError("ein Kreis hat einen 5-stelligen Kreisschlüssel (z. B. '05774')")
        if self.typ != _KREIS and len(self.schluessel) != 8:
            raise ValueError(
                "Städte und Gemeinden haben einen 8-stelligen Amtlichen Gemeindeschlüssel "
                "(z. B. '05774032')"
            )
        return self


class BlaupausenHerkunft(Strict):
    model_config = schema_texts(
        "Blaupause", "Aus welcher Blaupause das Register angelegt wurde (trägt init ein)."
    )

    name: Annotated[
        str, Field(min_length=1, title="Name", description="Katalog/Blaupause, z. B. 'nrw/kreis'.")
    ]
    version: Annotated[
        str, Field(min_length=1, title="Version", description="Version des Katalogs.")
    ]
    quelle: Annotated[
        str,
        Field(title="Quelle", description="'eingebaut', ein Ordner oder eine git-URL."),
    ]
    commit: Annotated[str | None, Field(title="Commit", description="git-Commit der Quelle.")] = (
        None
    )
    ebene: Annotated[
        codes.Ebene | None,
        Field(title="Ebene", description="'kreis', 'stadt' oder 'gemeinde'."),
    ] = None


class Bibliothek(Strict):
    model_config = schema_texts(
        "Bibliothek", "Eine gemeinsame Prozessbibliothek des Netzwerks (git-Repository)."
    )

    name: Annotated[str, Field(min_length=1, title="Name", description="Kurzname der Bibliothek.")]
    url: Annotated[str, Field(min_length=1, title="Adresse", description="git-URL der Bibliothek.")]
    ref: Annotated[
        str | None,
        Field(title="Stand", description="Branch, Tag oder Commit; ohne Angabe der Hauptzweig."),
    ] = None


class Manifest(Strict):
    """Register manifest: who the register belongs to, where it came from, its conventions."""

    model_config = schema_texts(
        "Register-Manifest",
        "prozesskit.yaml: wem das Register gehört, woher es stammt und welche Konventionen gelten.",
    )

    format: Annotated[
        int,
        Field(ge=1, le=FORMAT_VERSION),
        GANZZAHL,
        Field(
            title="Formatversion", description=f"Version dieses Dateiformats ({FORMAT_VERSION})."
        ),
    ] = FORMAT_VERSION
    kommune: Annotated[
        Kommune, Field(title="Kommune", description="Name, Schlüssel und Typ der Kommune.")
    ]
    produktrahmen: Annotated[
        codes.Produktrahmen,
        Field(
            title="Produktrahmen",
            description="'NKF-NRW' (Vorgabe) oder 'IMK': ordnet die Produktbereiche ein.",
        ),
    ] = "NKF-NRW"
    blaupause: Annotated[
        BlaupausenHerkunft | None,
        Field(title="Blaupause", description="Woher das Register stammt (trägt init ein)."),
    ] = None
    bibliotheken: Annotated[
        list[Bibliothek],
        Field(title="Bibliotheken", description="Gemeinsame Prozessbibliotheken des Netzwerks."),
    ] = Field(default_factory=list)
    konventionen: Annotated[
        Konventionen,
        Field(title="Konventionen", description="Profile, Regeln, Pflichtfelder und Ausnahmen."),
    ] = Field(default_factory=Konventionen)
