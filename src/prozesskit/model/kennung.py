"""Ids made from names: one transliteration for `neu` and for imported foreign processes."""

from __future__ import annotations

import re
import unicodedata

from prozesskit.model.codes import ID_MAX_LENGTH

#: German transliteration (DIN 5007-2 style), applied before accents are dropped.
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ẞ": "ss"}
)
#: Latin letters that Unicode does not decompose into a base letter and an accent, so that
#: dropping accents would drop them whole ('Œuvre' → 'uvre'); applied after the accents
#: are gone ('Ǿ' → 'Ø' → 'oe'). Ligatures as their letters, Ø like Ö.
_LATIN = str.maketrans({
    "Æ": "ae", "æ": "ae", "Œ": "oe", "œ": "oe", "Ø": "oe", "ø": "oe",
    "Ð": "d", "ð": "d", "Đ": "d", "đ": "d", "Þ": "th", "þ": "th",
    "Ħ": "h", "ħ": "h", "ı": "i", "Ł": "l", "ł": "l", "Ŋ": "ng", "ŋ": "ng",
    "Ŧ": "t", "ŧ": "t", "ĸ": "k", "Ə": "e", "ə": "e", "Ǝ": "e", "ǝ": "e",
})


def id_from_name(name: str) -> str:
    """'Gewerbeanmeldung für Märkte entgegennehmen' → 'gewerbeanmeldung-fuer-maerkte-…'
    (at most the id length, cut at a hyphen)."""
    text = unicodedata.normalize("NFKD", name.translate(_GERMAN))
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_LATIN).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > ID_MAX_LENGTH:
        slug = slug[:ID_MAX_LENGTH].rsplit("-", 1)[0]
    return slug


def german_key(name: str) -> str:
    """German folding for matching and sorting names: lower case, ä→ae, ö→oe, ü→ue, ß→ss
    (the phone-book order of DIN 5007-2), runs of whitespace as one space. One key for
    netz, bericht and the site, so that all three list processes in the same order."""
    return " ".join(name.lower().translate(_GERMAN).split())
