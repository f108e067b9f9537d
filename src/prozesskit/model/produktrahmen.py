"""Produktbereiche of the two Produktrahmen a register can declare (manifest ``produktrahmen``).

Transcribed by hand from ``tests/data/reference/produktbereiche.csv``, whose sources are the
KommunalWiki article "Produktrahmenplan" (https://kommunalwiki.boell.de/index.php/Produktrahmenplan)
for both Rahmen and, for NKF-NRW, the Produktbereich labels of the City of Cologne's
OpenSpending configuration. Names are the official short titles.

The IMK Produktrahmen numbers some Produktbereiche as ranges ("21-24": the Schulträger
produces in 21, 22, 23 and 24), so a Steckbrief may name either the range or any number in it.
"""

from __future__ import annotations

from collections.abc import Mapping

#: NKF-NRW Produktrahmen (Nordrhein-Westfalen): Produktbereiche 01–17.
NKF_NRW: Mapping[str, str] = {
    "01": "Innere Verwaltung",
    "02": "Sicherheit und Ordnung",
    "03": "Schulträgeraufgaben",
    "04": "Kultur und Wissenschaft",
    "05": "Soziale Leistungen",
    "06": "Kinder-, Jugend- und Familienhilfe",
    "07": "Gesundheitsdienste",
    "08": "Sportförderung",
    "09": "Räumliche Planung und Entwicklung, Geoinformationen",
    "10": "Bauen und Wohnen",
    "11": "Ver- und Entsorgung",
    "12": "Verkehrsflächen und -anlagen, ÖPNV",
    "13": "Natur- und Landschaftspflege",
    "14": "Umweltschutz",
    "15": "Wirtschaft und Tourismus",
    "16": "Allgemeine Finanzwirtschaft",
    "17": "Stiftungen",
}

#: Produktrahmen der Innenministerkonferenz (IMK); keys are codes or ranges "von-bis".
IMK: Mapping[str, str] = {
    "11": "Innere Verwaltung",
    "12": "Sicherheit und Ordnung",
    "21-24": "Schulträgeraufgaben",
    "25-29": "Kultur und Wissenschaft",
    "31-35": "Soziale Hilfen",
    "36": "Kinder-, Jugend- und Familienhilfe",
    "41": "Gesundheitsdienste",
    "42": "Sportförderung",
    "51": "Räumliche Planung und Entwicklung",
    "52": "Bauen und Wohnen",
    "53": "Ver- und Entsorgung",
    "54": "Verkehrsflächen und -anlagen, ÖPNV",
    "55": "Natur- und Landschaftspflege",
    "56": "Umweltschutz",
    "57": "Wirtschaft und Tourismus",
    "61": "Allgemeine Finanzwirtschaft",
}

RAHMEN: Mapping[str, Mapping[str, str]] = {"NKF-NRW": NKF_NRW, "IMK": IMK}


def expand(key: str) -> tuple[str, ...]:
    """The two-digit codes a table key covers: "21-24" -> 21, 22, 23, 24."""
    first, _, last = key.partition("-")
    if not last:
        return (first,)
    return tuple(f"{number:02d}" for number in range(int(first), int(last) + 1))


def find_bereich(rahmen: str, bereich: str) -> tuple[str, str] | None:
    """(table key, name) of a Produktbereich given as a code or as a range key; None if unknown."""
    table = RAHMEN.get(rahmen, {})
    if bereich in table:
        return bereich, table[bereich]
    for key, name in table.items():
        if bereich in expand(key):
            return key, name
    return None


def bereich_codes(rahmen: str, bereich: str) -> tuple[str, ...]:
    """Two-digit codes that a Produktgruppe or Produkt under ``bereich`` may start with."""
    if find_bereich(rahmen, bereich) is None:
        return ()
    return expand(bereich)


def span(rahmen: str) -> str:
    """Human-readable list of the valid Produktbereiche, for messages."""
    return ", ".join(RAHMEN.get(rahmen, {}))


def two_digits(value: object) -> str | None:
    """A Produktbereich as typed or as a spreadsheet keeps it (``7``, ``"7"``, ``" 07 "``,
    the number 7 after Excel dropped the leading zero) as its two-digit code, or None for
    anything else. Ranges (``21-24``) and unknown codes are the rules' business."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if isinstance(value, int | str) else ""
    if text.isascii() and text.isdigit() and 1 <= len(text) <= 2:
        return text.zfill(2)
    return None


#: The Produktrahmen of a register whose manifest names none (the schema's default)
STANDARD = "NKF-NRW"


def of_manifest(data: object) -> str:
    """The Produktrahmen a manifest's data names, else :data:`STANDARD`: one answer for
    export, bericht, neu and the site."""
    value = data.get("produktrahmen") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else STANDARD
