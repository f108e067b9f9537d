"""Code values of the register in the words a reader of the site expects.

The Steckbrief keeps machine-friendly codes (``ist_modelliert``, ``bauen_wohnen``);
the map, the process pages and the dashboard show them as German text. Field titles come
from the Steckbrief model itself (:mod:`.fields`); only the values need these tables.
"""

from __future__ import annotations

from typing import Final

#: Modelling status as shown on the map, in the order of the modelling process; the map
#: colours a process by it. ``entfaellt`` is the process status of a struck process: it
#: outranks any modelling status on the map (nobody models a process that is gone).
STATUS_TEXT: Final[dict[str, str]] = {
    "nicht_modelliert": "nicht modelliert",
    "in_modellierung": "in Modellierung",
    "ist_modelliert": "IST modelliert",
    "soll_modelliert": "SOLL modelliert",
    "abgestimmt": "SOLL abgestimmt",
    "freigegeben": "SOLL freigegeben",
    "entfaellt": "entfällt",
}

PRIORITAET_TEXT: Final[dict[str, str]] = {
    "hoch": "hoch",
    "mittel": "mittel",
    "niedrig": "niedrig",
    "": "ohne Angabe",
}

PROZESSSTATUS_TEXT: Final[dict[str, str]] = {"aktiv": "aktiv", "entfaellt": "entfällt"}

MODELLART_TEXT: Final[dict[str, str]] = {"ist": "IST", "soll": "SOLL"}

HERKUNFTART_TEXT: Final[dict[str, str]] = {"blaupause": "Blaupause", "bibliothek": "Bibliothek"}

#: OZG-Themenfelder as the OZG-Umsetzungskatalog names them
THEMENFELD_TEXT: Final[dict[str, str]] = {
    "mobilitaet_reisen": "Mobilität & Reisen",
    "bildung": "Bildung",
    "engagement_hobby": "Engagement & Hobby",
    "ein_auswanderung": "Ein- & Auswanderung",
    "unternehmensfuehrung_entwicklung": "Unternehmensführung & -entwicklung",
    "steuern_zoll": "Steuern & Zoll",
    "umwelt": "Umwelt",
    "arbeit_ruhestand": "Arbeit & Ruhestand",
    "familie_kind": "Familie & Kind",
    "querschnittsleistungen": "Querschnittsleistungen",
    "bauen_wohnen": "Bauen & Wohnen",
    "forschung_foerderung": "Forschung & Förderung",
    "gesundheit": "Gesundheit",
    "recht_ordnung": "Recht & Ordnung",
}

#: value tables by field path (dotted), for :func:`prozesskit.site.fields.value_text`
VALUE_TEXT: Final[dict[str, dict[str, str]]] = {
    "modellierung.status": STATUS_TEXT,
    "status": PROZESSSTATUS_TEXT,
    "modelle.art": MODELLART_TEXT,
    "herkunft.art": HERKUNFTART_TEXT,
    "ozg.themenfeld": THEMENFELD_TEXT,
}


def status_text(code: str) -> str:
    return STATUS_TEXT.get(code, code.replace("_", " "))


def key_text(key: str) -> str:
    """A free key (``merkmale``) as a label: ``eigene_ablagenummer`` → ``Eigene ablagenummer``."""
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else key
