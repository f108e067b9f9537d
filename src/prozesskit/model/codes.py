"""Code values of the domain, in one place, so schema, rules and docs agree.

Where FIM/XProzess has a code list, the values follow those observed in public sources.
"""

from __future__ import annotations

import re
from typing import Literal, TypeGuard

#: Id of a Steckbrief: lowercase slug, also its file name (``<id>.yaml``).
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MIN_LENGTH = 3
ID_MAX_LENGTH = 80
_ID = re.compile(ID_PATTERN)


def is_valid_id(value: object) -> TypeGuard[str]:
    """Whether ``value`` is an id the schema takes: every place that makes a file name or a
    page from an id (init, import, site) asks this one question, so none of them takes a
    91-character id that validate rejects (or writes a file name too long for the disk)."""
    # fullmatch: ``$`` also matches before a final newline ("abc\n" is no id)
    return (isinstance(value, str) and ID_MIN_LENGTH <= len(value) <= ID_MAX_LENGTH
            and _ID.fullmatch(value) is not None)
#: [0-9], not \d: pydantic's and Python's \d also match Arabic-Indic and other digits, the
#: ECMA regex of VS Code and check-jsonschema does not; the schema and prozesskit must agree.
LEIKA_PATTERN = r"^99[0-9]{12}$"
BEREICH_PATTERN = r"^[0-9]{2}(-[0-9]{2})?$"
URI_PATTERN = r"^(https?|urn):\S+$"
#: no escaped quote: ECMA regex (VS Code, check-jsonschema) rejects '\"'
MODELLDATEI_PATTERN = r'^[^\\:*?"<>|]+\.bpmn$'
SHA256_PATTERN = r"^[0-9a-f]{64}$"
COMMIT_PATTERN = r"^[0-9a-f]{7,64}$"
SCHLUESSEL_PATTERN = r"^[0-9]{5}([0-9]{3})?$"
#: Every pattern of the models in words: PK-S004 and the editor (``patternErrorMessage``)
#: show these instead of the regular expression.
PATTERN_TEXT: dict[str, str] = {
    ID_PATTERN: "nur Kleinbuchstaben ohne Umlaute, Ziffern und einzelne Bindestriche "
    f"({ID_MIN_LENGTH}–{ID_MAX_LENGTH} Zeichen), z. B. 'gewerbe-anmelden'",
    LEIKA_PATTERN: "14 Ziffern, beginnend mit 99, z. B. '99050012104000'",
    BEREICH_PATTERN: "zwei Ziffern, in Anführungszeichen, z. B. '02' (oder '02-01')",
    URI_PATTERN: "eine Adresse ohne Leerzeichen, die mit http://, https:// oder urn: beginnt, "
    "z. B. 'https://www.gesetze-im-internet.de/gewo/__14.html'",
    MODELLDATEI_PATTERN: "ein Pfad, der auf .bpmn endet, ohne die Zeichen \\ : * ? \" < > |, "
    "z. B. 'modelle/gewerbe-anmelden.ist.bpmn'",
    SHA256_PATTERN: "64 Zeichen aus 0–9 und a–f (SHA-256-Prüfsumme)",
    COMMIT_PATTERN: "7 bis 64 Zeichen aus 0–9 und a–f (git-Commit)",
    SCHLUESSEL_PATTERN: "5 Ziffern (Kreisschlüssel) oder 8 Ziffern (Amtlicher Gemeindeschlüssel), "
    "in Anführungszeichen, z. B. '05774' oder '05774032'",
}

KommunenTyp = Literal[
    "kreis",
    "kreisfreie_stadt",
    "grosse_kreisangehoerige_stadt",
    "mittlere_kreisangehoerige_stadt",
    "kleine_kreisangehoerige_stadt",
    "gemeinde",
]
#: The built-in Blaupausen and the Kommune type each stands for (the default of ``init``)
BLAUPAUSE_TYP: dict[str, str] = {
    "kreis": "kreis",
    "stadt": "mittlere_kreisangehoerige_stadt",
    "gemeinde": "gemeinde",
    "kreisfreie-stadt": "kreisfreie_stadt",
}
Produktrahmen = Literal["NKF-NRW", "IMK"]
ProzessStatus = Literal["aktiv", "entfaellt"]
Prioritaet = Literal["hoch", "mittel", "niedrig"]
ModellArt = Literal["ist", "soll"]
Modellierungsstatus = Literal[
    "nicht_modelliert",
    "in_modellierung",
    "ist_modelliert",
    "soll_modelliert",
    "abgestimmt",
    "freigegeben",
]
#: Which model kinds a modelling status promises to exist.
STATUS_VERLANGT_MODELLE: dict[str, frozenset[str]] = {
    "nicht_modelliert": frozenset(),
    "in_modellierung": frozenset(),
    "ist_modelliert": frozenset({"ist"}),
    "soll_modelliert": frozenset({"soll"}),
    "abgestimmt": frozenset({"soll"}),
    "freigegeben": frozenset({"soll"}),
}
DigitalisierungsModell = Literal["1.1", "2.0"]
#: Highest Reifegrad per OZG maturity model version (1.1: 0–4, 2.0: 0–7).
REIFEGRAD_MAX: dict[str, int] = {"1.1": 4, "2.0": 7}
#: The model version a Digitalisierungsgrad without ``modell`` is read in.
REIFEGRAD_MODELL_VORGABE: DigitalisierungsModell = "1.1"
OzgThemenfeld = Literal[
    "mobilitaet_reisen",
    "bildung",
    "engagement_hobby",
    "ein_auswanderung",
    "unternehmensfuehrung_entwicklung",
    "steuern_zoll",
    "umwelt",
    "arbeit_ruhestand",
    "familie_kind",
    "querschnittsleistungen",
    "bauen_wohnen",
    "forschung_foerderung",
    "gesundheit",
    "recht_ordnung",
]
#: LeiKa Typisierung as words (digital-direkt.nrw FAQ; FIM code lists as publicly documented).
LEIKA_TYP_TEXT: dict[str, str] = {
    "1": "Regelungs- und Vollzugskompetenz Bund",
    "2": "Regelung Bund, Vollzug Land oder Kommune",
    "3": "Regelung Bund, Vollzug Land oder Kommune",
    "2/3": "Regelung Bund, Vollzug Land oder Kommune",
    "4": "Regelung Land, Vollzug Land oder Kommune",
    "5": "Regelungs- und Vollzugskompetenz Kommune",
    "6": "Allgemeine Hinweise",
}
HerkunftArt = Literal["blaupause", "bibliothek", "kommune"]
Ebene = Literal["kreis", "stadt", "gemeinde"]
