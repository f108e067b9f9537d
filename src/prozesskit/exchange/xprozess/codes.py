"""Names and code values of XProzess 2.0, as the outline and real exports show them.

Two spellings of the list URIs exist: the schema fixes ``urn:de:xprozess:codeliste:…`` for
some lists, while real exports (ADONIS) write ``urn:xoev-de:xprozess:codeliste:…``. We
write what the schema fixes where it fixes something, the observed URI elsewhere, and read
both. Code values are those observed in public material (``fim-codes-observed.yaml``):
a value outside them is a warning, never an error, because the lists grow.
"""

from __future__ import annotations

from typing import Final

NS: Final = "http://www.regierung-mv.de/xprozess/2"
PREFIX: Final = "xprozess"
VERSION: Final = "2.0"

#: message root element → message type code (nachrichtentyp)
NACHRICHTEN: Final[dict[str, str]] = {
    "prozesskatalog.anfrage.0101": "0101",
    "prozesskatalog.antwort.0102": "0102",
    "prozesskatalog.export.0103": "0103",
    "prozessbibliothek.anfrage.0201": "0201",
    "prozessbibliothek.antwort.0202": "0202",
    "prozessbibliothek.export.0203": "0203",
    "alleInhalte.anfrage.0301": "0301",
    "alleInhalte.antwort.0302": "0302",
    "alleInhalte.export.0303": "0303",
}
#: the messages prozesskit writes (``--nachricht``)
EXPORTE: Final[dict[str, str]] = {"0203": "prozessbibliothek.export.0203",
                                  "0303": "alleInhalte.export.0303"}

#: (listURI, listVersionID) written per code element; fixed values from the schema outline,
#: the others as real exports write them
LISTEN: Final[dict[str, tuple[str, str]]] = {
    "nachricht": ("urn:de:xprozess:codeliste:nachricht", "1.0"),
    "status": ("urn:de:xprozess:codeliste:status", "1.0"),
    "modellierungsmethode": ("urn:de:xprozess:codeliste:modellierungsmethode", "2019-08-05"),
    "mimetype": ("urn:xoev-de:xprozess:codeliste:mimetype", "2020-01-20"),
    "handlungsgrundlagenart": ("urn:xoev-de:mv:em:codeliste:xprozess:handlungsgrundlagenart",
                               "2019-04-16"),
    "prozessrolle": ("urn:de:xprozess:codeliste:prozessrolle", "1.0"),
    "detaillierungsstufe": ("urn:xoev-de:xprozess:codeliste:detaillierungsstufe", "2022-03-15"),
    "zwecksetzung": ("urn:xoev-de:xprozess:codeliste:zwecksetzung", "2020-01-20"),
    "operativesZiel": ("urn:xoev-de:xprozess:codeliste:operativesziel", "2019-08-05"),
    "handlungsform": ("urn:xoev-de:xprozess:codeliste:handlungsform", "2019-08-05"),
    "verfahrensart": ("urn:xoev-de:xprozess:codeliste:verfahrensart", "2019-08-05"),
}

#: modelling method "FIM"/BPMN as real exports carry BPMN models
MODELLIERUNGSMETHODE_BPMN: Final = "10"
#: MIME type code real exports give the zipped BPMN file
MIMETYPE_BPMN_ZIP: Final = "1"
#: handlungsgrundlagenart "Gesetz": a Steckbrief does not say which kind of norm it names
HANDLUNGSGRUNDLAGE_GESETZ: Final = "104"
#: prozessrolle written for ``beteiligte`` (real exports give authorities code 2)
ROLLE_BETEILIGT: Final = "2"

#: Freigabestatus (urn:xoev-de:xprozess:codeliste:status, 2020 list)
FREIGABESTATUS: Final[dict[str, str]] = {
    "1": "in Planung", "2": "in Bearbeitung", "3": "Entwurf",
    "4": "methodisch freigegeben", "5": "fachlich freigegeben (silber)",
    "6": "fachlich freigegeben (gold)", "7": "inaktiv", "8": "vorgesehen zum Löschen",
}
#: status 2 is "in Bearbeitung" in the 2020 list, "fachlich freigegeben" in ADONIS exports
STATUS_MEHRDEUTIG: Final = "2"
STATUS_INAKTIV: Final = frozenset({"7", "8"})

#: observed code values per code element (local name of the element holding <code>)
BEOBACHTET: Final[dict[str, frozenset[str]]] = {
    "status": frozenset(FREIGABESTATUS),
    "detaillierungsstufe": frozenset({"101", "102", "103", "104", "105"}),
    "referenzaktivitaetengruppeTyp": frozenset("12345678"),
    "formellePruefung": frozenset({"1", "2", "3", "4"}),
    "modellierungsmethode": frozenset({"10"}),
    "operativesZiel": frozenset({
        "101", "201", "202", "203", "204", "205", "206", "207", "208", "311", "312", "313",
        "314", "321", "401", "501", "601", "602", "999"}),
    "handlungsform": frozenset({
        "101", "102", "103", "104", "105", "111", "112", "113", "114", "115", "121", "201",
        "202", "203", "204", "205", "210", "221", "222", "301", "302", "303", "304", "305",
        "310", "410", "420", "430", "450", "801", "802", "803", "804", "805", "806", "999"}),
    "verfahrensart": frozenset({
        "101", "111", "121", "201", "221", "222", "231", "301", "302", "303", "304", "311",
        "312", "321", "322", "331", "332", "333", "334", "341", "361", "401", "421", "422",
        "403", "441", "451", "461", "501", "503", "541", "561", "801", "831", "832", "833",
        "834", "841", "842", "843", "844", "851", "852", "853", "854", "861", "871", "911",
        "912", "921", "998", "999"}),
}
