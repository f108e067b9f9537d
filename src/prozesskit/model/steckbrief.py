"""The Steckbrief (process profile): one YAML file per process in ``steckbriefe/``.

Field names are the domain's German words so that the YAML reads like the paper form a
Prozessmanagerin knows; every field maps onto FIM's Prozesssteckbrief (see README) so that
an XProzess export can be added without renaming. ``extra="forbid"`` everywhere except
``merkmale`` so that a typo'd key is an error instead of silently lost data.

Titles and descriptions are German and written for users: they are the hover and completion
texts of VS Code (JSON Schema, ``python -m prozesskit.schemas``). Every condition a validator
here checks is also stated in the schema (``schema_texts(..., **conditions)``), so that the
editor and ``validate`` accept the same files (``tests/core/test_schema_agreement.py``).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, model_validator

from prozesskit.model import codes
from prozesskit.model.base import Strict, schema_texts
from prozesskit.model.scalars import (
    DATUM_ALS_TEXT,
    GANZZAHL,
    Anzahl,
    Datum,
    Menge,
    Pflichttext,
    Text,
    muster,
)


class Produkt(Strict):
    """Place in the Produktrahmen; ``bereich`` is required, the finer levels optional."""

    model_config = schema_texts(
        "Produkt",
        "Einordnung im Produktrahmen des Haushalts (NKF-NRW oder IMK); der Produktbereich ist "
        "Pflicht, Gruppe und Produkt sind freiwillig.",
    )

    bereich: Annotated[
        str,
        muster(codes.BEREICH_PATTERN),
        Field(
            title="Produktbereich",
            description="Zweistelliger Produktbereich, in Anführungszeichen, z. B. '02' "
            "(NKF-NRW 01–17, IMK 11–61).",
        ),
    ]
    gruppe: Annotated[
        Text | None,
        Field(title="Produktgruppe", description="Produktgruppe im Haushalt, z. B. '02.01'."),
    ] = None
    produkt: Annotated[
        Text | None,
        Field(title="Produkt", description="Produkt im Haushalt, z. B. '02.01.03'."),
    ] = None
    bezeichnung: Annotated[
        Text | None,
        Field(title="Bezeichnung", description="Name des Produkts im Haushaltsplan."),
    ] = None


class Ozg(Strict):
    """Where the Leistung sits in the OZG-Umsetzungskatalog."""

    model_config = schema_texts("OZG-Einordnung", "Wo die Leistung im OZG-Umsetzungskatalog steht.")

    themenfeld: Annotated[
        codes.OzgThemenfeld | None,
        Field(
            title="OZG-Themenfeld",
            description="Themenfeld wie im FIM-Portal, z. B. 'unternehmensfuehrung_entwicklung'.",
        ),
    ] = None
    leistung: Annotated[
        Text | None,
        Field(title="OZG-Leistung", description="Name der OZG-Leistung, z. B. 'Gewerbeanmeldung'."),
    ] = None
    id: Annotated[
        Text | None,
        Field(title="OZG-Id", description="Kennung der OZG-Leistung, z. B. '10110'."),
    ] = None


class Rechtsgrundlage(Strict):
    model_config = schema_texts(
        "Rechtsgrundlage", "Ein Gesetz, eine Verordnung oder Satzung, auf der der Prozess beruht."
    )

    name: Annotated[
        Pflichttext,
        Field(title="Name", description="Bezeichnung der Vorschrift, z. B. '§ 14 GewO'."),
    ]
    uri: Annotated[
        Annotated[str, muster(codes.URI_PATTERN)] | None,
        Field(
            title="Adresse",
            description="Link zur Vorschrift (https://…) oder URN, z. B. "
            "'https://www.gesetze-im-internet.de/gewo/__14.html'.",
        ),
    ] = None


class Kennzahlen(Strict):
    """Figures for prioritisation (Fallzahl × Bearbeitungszeit) and reports."""

    model_config = schema_texts(
        "Kennzahlen",
        "Zahlen zum Prozess: Grundlage der Priorisierung (Fallzahl × Bearbeitungszeit) und "
        "der Berichte. Zahlen ohne Anführungszeichen eintragen.",
    )

    fallzahl_pro_jahr: Annotated[
        Anzahl | None,
        Field(
            title="Fallzahl pro Jahr",
            description="Wie oft der Prozess im Jahr vorkommt: eine ganze Zahl ab 0, z. B. 850.",
        ),
    ] = None
    bearbeitungszeit_min: Annotated[
        Menge | None,
        Field(
            title="Bearbeitungszeit (Minuten)",
            description="Arbeitszeit je Fall in Minuten, z. B. 25 oder 12.5.",
        ),
    ] = None
    durchlaufzeit_tage: Annotated[
        Menge | None,
        Field(
            title="Durchlaufzeit (Tage)",
            description="Tage vom Antrag bis zum Ergebnis, z. B. 14.",
        ),
    ] = None
    stand: Annotated[
        Datum | None,
        Field(
            title="Stand der Kennzahlen",
            description="Wann die Zahlen erhoben wurden, als Datum JJJJ-MM-TT.",
        ),
    ] = None


def _stufe_je_modell() -> dict[str, Any]:
    """The schema's form of ``_stufe_passt_zum_modell``: one ``if``/``then`` per model version;
    without ``modell`` the default version's limit applies."""
    conditions = []
    for version, highest in codes.REIFEGRAD_MAX.items():
        condition: dict[str, Any] = {"properties": {"modell": {"const": version}}}
        default = version == codes.REIFEGRAD_MODELL_VORGABE
        if not default:
            condition["required"] = ["modell"]
        conditions.append(
            {
                "if": condition,
                "then": {
                    "properties": {
                        "stufe": {
                            "maximum": highest,
                            "errorMessage": f"Im Reifegradmodell {version} gibt es nur die Stufen "
                            f"0–{highest}" + (" (ohne 'modell' gilt 1.1)" if default else ""),
                        }
                    }
                },
            }
        )
    return {"allOf": conditions}


class Digitalisierungsgrad(Strict):
    """Reifegrad nach OZG-Reifegradmodell 1.1 (0–4) oder 2.0 (0–7)."""

    model_config = schema_texts(
        "Digitalisierungsgrad",
        "Reifegrad der Online-Leistung nach dem OZG-Reifegradmodell: Version 1.1 kennt die "
        "Stufen 0–4, Version 2.0 die Stufen 0–7.",
        **_stufe_je_modell(),
    )

    modell: Annotated[
        codes.DigitalisierungsModell,
        Field(
            title="Reifegradmodell",
            description="Version des Reifegradmodells, in Anführungszeichen: '1.1' (Stufen 0–4, "
            "Vorgabe) oder '2.0' (Stufen 0–7).",
        ),
    ] = codes.REIFEGRAD_MODELL_VORGABE
    stufe: Annotated[
        int,
        Field(ge=0, le=max(codes.REIFEGRAD_MAX.values())),
        GANZZAHL,
        Field(
            title="Reifegradstufe",
            description="Erreichte Stufe als ganze Zahl: 0–4 im Modell 1.1, 0–7 im Modell 2.0.",
        ),
    ]

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

    model_config = schema_texts(
        "Modellierung", "Wer den Prozess im Netzwerk modelliert und wie weit das Modell ist."
    )

    status: Annotated[
        codes.Modellierungsstatus,
        Field(
            title="Modellierungsstatus",
            description="Stand der Modellierung: 'ist_modelliert' verlangt ein IST-Modell, "
            "'soll_modelliert', 'abgestimmt' und 'freigegeben' ein SOLL-Modell unter 'modelle'.",
        ),
    ] = "nicht_modelliert"
    verantwortlich: Annotated[
        Text | None,
        Field(
            title="Verantwortlich",
            description="Wer im Netzwerk modelliert (Kommune oder Person).",
        ),
    ] = None
    termin: Annotated[
        Datum | None,
        Field(title="Termin", description="Geplanter Fertigstellungstermin, Datum JJJJ-MM-TT."),
    ] = None
    werkstatt: Annotated[
        Datum | None,
        Field(
            title="Prozesswerkstatt",
            description="Datum der Prozesswerkstatt, in der das Modell abgestimmt wurde "
            "(JJJJ-MM-TT).",
        ),
    ] = None


class Modell(Strict):
    model_config = schema_texts("BPMN-Modell", "Eine BPMN-Datei zu diesem Prozess.")

    art: Annotated[
        codes.ModellArt,
        Field(title="Art", description="'ist' für den heutigen Ablauf, 'soll' für den künftigen."),
    ]
    datei: Annotated[
        str,
        muster(codes.MODELLDATEI_PATTERN),
        Field(
            title="Datei",
            description="Pfad der BPMN-Datei relativ zum Register, z. B. "
            "'modelle/gewerbe-anmelden.ist.bpmn'.",
        ),
    ]
    version: Annotated[
        Text | None,
        Field(title="Version", description="Versionsangabe des Modells, z. B. '1.2'."),
    ] = None


class Herkunft(Strict):
    """Where a Steckbrief came from; the hash is the merge base for later updates."""

    model_config = schema_texts(
        "Herkunft",
        "Woher der Steckbrief stammt (von prozesskit eingetragen; bitte nicht von Hand ändern): "
        "die Prüfsumme ist die Grundlage späterer Abgleiche.",
    )

    art: Annotated[
        codes.HerkunftArt,
        Field(title="Art", description="'blaupause', 'bibliothek' oder 'kommune' (Beitrag einer "
              "Kommune an eine Bibliothek, von prozesskit beitragen eingetragen)."),
    ]
    name: Annotated[
        Pflichttext, Field(title="Name",
                           description="Name der Blaupause, der Bibliothek oder der Kommune.")
    ]
    id: Annotated[
        Pflichttext, Field(title="Id", description="Kennung des Prozesses in der Quelle.")
    ]
    version: Annotated[
        Pflichttext, Field(title="Version", description="Version der Quelle beim Übernehmen.")
    ]
    sha256: Annotated[
        Annotated[str, muster(codes.SHA256_PATTERN)] | None,
        Field(title="Prüfsumme", description="SHA-256 des übernommenen Eintrags."),
    ] = None
    url: Annotated[
        Text | None, Field(title="Adresse", description="Adresse der Quelle (git-URL).")
    ] = None
    commit: Annotated[
        Annotated[str, muster(codes.COMMIT_PATTERN)] | None,
        Field(title="Commit", description="git-Commit der Quelle beim Übernehmen."),
    ] = None


#: The fields of which ``quelle`` needs at least one (filled in, not null or empty).
QUELLE_ANGABEN = ("leika", "produkt", "hinweis")


class Quelle(Strict):
    """The public source a process is drawn from, so a reviewer can check it is real."""

    model_config = schema_texts(
        "Quelle",
        "Die öffentliche Quelle des Prozesses, damit andere ihn nachprüfen können: "
        "ein LeiKa-Schlüssel, ein Produkt (mit Plan) oder ein Hinweis.",
        anyOf=[
            {"required": [name], "properties": {name: {"type": "string", "minLength": 1}}}
            for name in QUELLE_ANGABEN
        ],
        errorMessage="quelle braucht leika, produkt (mit plan) oder hinweis",
    )

    leika: Annotated[
        Annotated[str, muster(codes.LEIKA_PATTERN)] | None,
        Field(title="LeiKa-Schlüssel", description="LeiKa-Leistung, aus der der Prozess stammt."),
    ] = None
    produkt: Annotated[
        Text | None,
        Field(
            title="Produkt",
            description="Produkt aus einem veröffentlichten Haushalts- oder Produktplan.",
        ),
    ] = None
    plan: Annotated[
        Text | None,
        Field(title="Plan", description="Der Haushalts- oder Produktplan, der das Produkt nennt."),
    ] = None
    hinweis: Annotated[
        Text | None,
        Field(title="Hinweis", description="Andere öffentliche Quelle, in Worten."),
    ] = None

    @model_validator(mode="after")
    def _etwas_angegeben(self) -> Quelle:
        if not any(getattr(self, name) for name in QUELLE_ANGABEN):
            raise ValueError("quelle braucht leika, produkt (mit plan) oder hinweis")
        return self


class Variante(Strict):
    """One more LeiKa-Leistung the process covers: a Prozessmanagerin keeps one process for
    "Aufenthaltserlaubnis erteilen", not one per Aufenthaltszweck, yet every LeiKa key of
    it must stay findable (netz matching, ``leika vorschlagen``, imports by key)."""

    model_config = schema_texts(
        "Variante",
        "Eine weitere LeiKa-Leistung, die derselbe Prozess abdeckt (z. B. ein Aufenthaltszweck "
        "oder eine Kennzeichenart): Schlüssel und Name der Variante.",
    )

    leika: Annotated[
        str,
        muster(codes.LEIKA_PATTERN),
        Field(
            title="LeiKa-Schlüssel der Variante",
            description="14-stelliger LeiKa-Schlüssel der Variante, in Anführungszeichen, "
            "z. B. '99010001001027'. Jeder Schlüssel nur einmal im Register.",
        ),
    ]
    name: Annotated[
        Pflichttext,
        Field(
            title="Name der Variante",
            description="Woran man die Variante erkennt, z. B. 'zum Studium' oder "
            "'Saisonkennzeichen'.",
        ),
    ]


class Steckbrief(Strict):
    """One process of the register."""

    model_config = schema_texts(
        "Steckbrief",
        "Steckbrief eines Prozesses im Prozessregister (prozesskit): eine Datei je Prozess "
        "in steckbriefe/, Dateiname = id.",
    )

    id: Annotated[
        str,
        muster(codes.ID_PATTERN),
        Field(min_length=codes.ID_MIN_LENGTH, max_length=codes.ID_MAX_LENGTH),
        DATUM_ALS_TEXT,
        Field(
            title="Id",
            description="Stabile Kennung des Prozesses, zugleich Dateiname <id>.yaml: "
            "Kleinbuchstaben, Ziffern und Bindestriche, z. B. 'gewerbe-anmelden'. Pflicht.",
        ),
    ]
    name: Annotated[
        Pflichttext,
        Field(
            title="Name",
            description="Objekt + Verrichtung, z. B. 'Gewerbeanmeldung entgegennehmen'. Pflicht.",
        ),
    ]
    beschreibung: Annotated[
        Text | None,
        Field(title="Beschreibung", description="Kurze fachliche Beschreibung des Prozesses."),
    ] = None
    produkt: Annotated[
        Produkt,
        Field(
            title="Produkt",
            description="Einordnung im Produktrahmen; 'bereich' ist Pflicht.",
        ),
    ]
    organisationseinheit: Annotated[
        Text | None,
        Field(
            title="Organisationseinheit",
            description="Zuständiges Amt oder zuständiger Fachdienst, z. B. 'Ordnungsamt'.",
        ),
    ] = None
    prozessverantwortlich: Annotated[
        Text | None,
        Field(
            title="Prozessverantwortlich",
            description="Rolle oder Person, die für den Prozess verantwortlich ist.",
        ),
    ] = None
    leika: Annotated[
        Annotated[str, muster(codes.LEIKA_PATTERN)] | None,
        Field(
            title="LeiKa-Schlüssel",
            description="14-stelliger Schlüssel aus dem Leistungskatalog (LeiKa), in "
            "Anführungszeichen; nur eintragen, wenn bekannt ('prozesskit leika' sucht ihn).",
        ),
    ] = None
    varianten: Annotated[
        list[Variante],
        Field(
            title="Varianten",
            description="Weitere LeiKa-Leistungen, die dieser Prozess abdeckt, je Eintrag "
            "'leika' und 'name' (z. B. die Aufenthaltszwecke von 'Aufenthaltserlaubnis "
            "erteilen'). Der Hauptschlüssel steht in 'leika'.",
        ),
    ] = Field(default_factory=list)
    ozg: Annotated[
        Ozg | None,
        Field(title="OZG", description="Einordnung im OZG-Umsetzungskatalog."),
    ] = None
    rechtsgrundlagen: Annotated[
        list[Rechtsgrundlage],
        Field(
            title="Rechtsgrundlagen",
            description="Gesetze, Verordnungen und Satzungen, je Eintrag mit 'name' und "
            "optional 'uri'.",
        ),
    ] = Field(default_factory=list)
    ausloeser: Annotated[
        Text | None,
        Field(title="Auslöser", description="Was den Prozess anstößt, z. B. 'Antrag geht ein'."),
    ] = None
    ergebnis: Annotated[
        Text | None,
        Field(title="Ergebnis", description="Was am Ende vorliegt, z. B. 'Bescheid versandt'."),
    ] = None
    beteiligte: Annotated[
        list[Pflichttext],
        Field(title="Beteiligte", description="Beteiligte Stellen und Personen, je Zeile eine."),
    ] = Field(default_factory=list)
    kennzahlen: Annotated[
        Kennzahlen | None,
        Field(
            title="Kennzahlen",
            description="Fallzahl, Bearbeitungs- und Durchlaufzeit: Grundlage der Priorisierung.",
        ),
    ] = None
    digitalisierungsgrad: Annotated[
        Digitalisierungsgrad | None,
        Field(
            title="Digitalisierungsgrad",
            description="Reifegrad nach dem OZG-Reifegradmodell ('modell' und 'stufe').",
        ),
    ] = None
    prioritaet: Annotated[
        codes.Prioritaet | None,
        Field(title="Priorität", description="'hoch', 'mittel' oder 'niedrig'."),
    ] = None
    modellierung: Annotated[
        Modellierung,
        Field(
            title="Modellierung",
            description="Stand der Modellierung im Netzwerk; ohne Angabe 'nicht_modelliert'.",
        ),
    ] = Field(default_factory=Modellierung)
    modelle: Annotated[
        list[Modell],
        Field(
            title="Modelle",
            description="BPMN-Dateien zu diesem Prozess, je Eintrag 'art' (ist/soll) und 'datei'.",
        ),
    ] = Field(default_factory=list)
    status: Annotated[
        codes.ProzessStatus,
        Field(
            title="Status",
            description="'aktiv' (Vorgabe) oder 'entfaellt': gestrichene Prozesse bleiben im "
            "Register, mit Begründung in 'status_grund'.",
        ),
    ] = "aktiv"
    status_grund: Annotated[
        Text | None,
        Field(
            title="Grund des Entfalls",
            description="Warum der Prozess entfällt (Pflicht bei status 'entfaellt').",
        ),
    ] = None
    stand: Annotated[
        Datum | None,
        Field(
            title="Stand",
            description="Datum der letzten fachlichen Prüfung des Steckbriefs (JJJJ-MM-TT).",
        ),
    ] = None
    quelle: Annotated[
        Quelle | None,
        Field(
            title="Quelle",
            description="Öffentliche Quelle des Prozesses: 'leika', 'produkt' (mit 'plan') "
            "oder 'hinweis'.",
        ),
    ] = None
    herkunft: Annotated[
        Herkunft | None,
        Field(
            title="Herkunft",
            description="Woher der Steckbrief stammt; trägt prozesskit beim Anlegen aus einer "
            "Blaupause ein.",
        ),
    ] = None
    merkmale: Annotated[
        dict[str, Any],
        Field(
            title="Merkmale",
            description="Eigene Attribute der Kommune, frei wählbar (werden nicht geprüft).",
        ),
    ] = Field(default_factory=dict)
