"""``netz.yaml``: who is in the network, where their registers are, when the Werkstatt meets.

A pydantic model like the Steckbrief and the manifest, so that the JSON Schema in
``schemas/netz.schema.json`` completes and checks the file in the editor, and errors name
file and line (read on the fast path with positions, validated once).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from prozesskit.model import codes
from prozesskit.model.base import Strict, schema_texts
from prozesskit.model.scalars import Datum, Pflichttext, Text

#: The file name ``prozesskit netz`` looks for when no argument is given
NETZ_NAME = "netz.yaml"


class Mitglied(Strict):
    """One member: a Kommune and where its register is."""

    model_config = schema_texts(
        "Mitglied", "Eine Kommune des Netzwerks und wo ihr Prozessregister liegt.")

    name: Annotated[
        Pflichttext,
        Field(title="Name", description="Name der Kommune, wie er im Bericht erscheint, "
              "z. B. 'Gemeinde Musterdorf'."),
    ]
    typ: Annotated[
        codes.KommunenTyp | None,
        Field(title="Kommunentyp", description="'kreis', 'kreisfreie_stadt', "
              "'mittlere_kreisangehoerige_stadt', 'gemeinde' …"),
    ] = None
    # ``register`` is a method of pydantic's BaseModel (abc): the field keeps its YAML name
    # through the alias
    quelle: Annotated[
        Pflichttext,
        Field(alias="register", title="Register",
              description="Ordner des Registers (relativ zu netz.yaml) oder "
              "git-URL mit Stand, z. B. 'https://git.example.de/musterdorf/register.git@main'; "
              "'#pfad' wählt einen Unterordner."),
    ]
    kapazitaet: Annotated[
        int | None,
        Field(title="Kapazität", ge=1, description="Gewicht in der Arbeitsteilung (ganze Zahl ab "
              "1, etwa die Stellen für Prozessmanagement): wer 4 angibt, bekommt doppelt so "
              "viele neue Prozesse wie ein Mitglied mit 2; ohne Angabe der Mittelwert der "
              "anderen."),
    ] = None


class Bibliothek(Strict):
    """The shared library of the network (where agreed models are published)."""

    model_config = schema_texts(
        "Bibliothek", "Die gemeinsame Prozessbibliothek des Netzwerks.")

    name: Annotated[Pflichttext, Field(title="Name", description="Name der Bibliothek.")]
    quelle: Annotated[
        Text | None,
        Field(title="Quelle", description="Ordner oder git-URL@Stand der Bibliothek."),
    ] = None


class Netz(Strict):
    """The network description: members, library, Werkstatt dates."""

    model_config = schema_texts(
        "Netzwerk",
        "Beschreibung eines Netzwerks von Kommunen (netz.yaml): Mitglieder mit ihren "
        "Registern, gemeinsame Bibliothek und Termine der Prozesswerkstatt.",
    )

    format: Annotated[
        int, Field(title="Format", ge=1, le=1, description="Version des Dateiformats: 1.")
    ] = 1
    name: Annotated[
        Pflichttext, Field(title="Name", description="Name des Netzwerks.")
    ]
    bibliothek: Annotated[
        Bibliothek | None,
        Field(title="Bibliothek", description="Die gemeinsame Bibliothek (Name, Quelle)."),
    ] = None
    werkstatt: Annotated[
        list[Datum],
        Field(title="Prozesswerkstatt", description="Termine der Prozesswerkstatt, je Zeile "
              "ein Datum JJJJ-MM-TT."),
    ] = Field(default_factory=list)
    mitglieder: Annotated[
        list[Mitglied],
        Field(title="Mitglieder", min_length=1, description="Die Kommunen des Netzwerks, je "
              "Eintrag 'name', 'register' und optional 'typ' und 'kapazitaet'."),
    ]

    @model_validator(mode="after")
    def _namen_eindeutig(self) -> Netz:
        at = second_entry([mitglied.name for mitglied in self.mitglieder])
        if at is not None:
            raise ValueError(f"Mitglied '{self.mitglieder[at].name}' ist doppelt eingetragen; "
                             "jeder Name nur einmal")
        return self


def second_entry(names: Sequence[object]) -> int | None:
    """Index of the first member whose name an earlier member has; read_netz reports its
    line (a model-wide error would otherwise point at line 1)."""
    seen: set[object] = set()
    for index, name in enumerate(names):
        if name in seen:
            return index
        seen.add(name)
    return None


def resolve_register(spec: str, base: Path) -> str:
    """A member's ``register`` as a source spec: relative folders are relative to netz.yaml
    (the file is shared; the working directory of whoever runs it is not). URLs
    (``https://…``, ``file://…``, ``git@host:pfad``) and ``prozesskit:<blaupause>`` stay."""
    if "://" in spec or spec.startswith(("prozesskit:", "git+")) or re.match(
            r"^[\w.-]+@[\w.-]+:", spec):
        return spec
    path = Path(spec)
    return str(path if path.is_absolute() else base / path)
