"""Code values of the domain, in one place, so schema, rules and docs agree.

Where FIM/XProzess has a code list, the values follow those observed in public sources.
"""

from __future__ import annotations

import re
from typing import Literal, TypeGuard

#: Names Windows reserves for devices, with any extension (``nul.yaml`` is the device NUL):
#: a file of that name cannot be written or read there. Also refused in package entries.
WINDOWS_DEVICES = ("con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                   *(f"lpt{n}" for n in range(10)))


def _segment_except(words: tuple[str, ...]) -> str:
    """A regex for ``[a-z0-9]+`` except ``words``, without look-ahead: the schema's pattern
    must run in pydantic's Rust engine and the editors' ECMA engines alike. Built over the
    words' trie: at each prefix any other character may follow freely."""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

    def node(prefix: str) -> str:
        nexts = sorted({w[len(prefix)] for w in words
                        if w.startswith(prefix) and len(w) > len(prefix)})
        others = _ranges([c for c in alphabet if c not in nexts])
        following: dict[str, list[str]] = {}  # children with the same rest share a class
        for c in nexts:
            following.setdefault(node(prefix + c), []).append(c)
        options = [f"[{others}][a-z0-9]*"] + [
            f"{cs[0] if len(cs) == 1 else f'[{_ranges(cs)}]'}{rest}"
            for rest, cs in following.items()]
        if prefix and prefix not in words:
            options.append("")  # the segment may end here
        elif prefix in words and not nexts:
            options = ["[a-z0-9]+"]  # a reserved word: only as the start of a longer one
        return f"(?:{'|'.join(options)})"

    return node("")


def _ranges(chars: list[str]) -> str:
    """``b-df-z0-9`` for a character class: runs of consecutive characters as ranges."""
    runs: list[list[str]] = []
    for c in chars:
        if runs and ord(c) == ord(runs[-1][-1]) + 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    return "".join(run[0] if len(run) == 1 else f"{run[0]}{run[1]}" if len(run) == 2
                   else f"{run[0]}-{run[-1]}" for run in runs)


#: Id of a Steckbrief: lowercase slug, also its file name (``<id>.yaml``); one without a
#: hyphen is no Windows device name (WINDOWS_DEVICES).
ID_PATTERN = rf"^(?:[a-z0-9]+(?:-[a-z0-9]+)+|{_segment_except(WINDOWS_DEVICES)})$"
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
    f"({ID_MIN_LENGTH}–{ID_MAX_LENGTH} Zeichen), z. B. 'gewerbe-anmelden'; kein "
    "Windows-Gerätename (con, prn, aux, nul, com0–com9, lpt0–lpt9)",
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

#: The largest Kennzahl (Fallzahl pro Jahr, Bearbeitungszeit in Minuten, Durchlaufzeit in
#: Tagen) a Steckbrief may state: far beyond any administration's figures, so nothing real is
#: refused, yet a typo of many digits (or 4,000 of them) is an error in ``validate`` instead
#: of a figure netz and bericht silently leave out (they compute only with figures up to
#: this one: products of larger ones overflow a float)
HOECHSTE_KENNZAHL = 999_999_999_999
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
