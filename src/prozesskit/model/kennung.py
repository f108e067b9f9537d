"""Ids made from names: one transliteration for `neu` and for imported foreign processes."""

from __future__ import annotations

import re
import unicodedata

from prozesskit.model.codes import ID_MAX_LENGTH

#: German transliteration (DIN 5007-2 style), applied before accents are dropped.
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ẞ": "ss"}
)


def id_from_name(name: str) -> str:
    """'Gewerbeanmeldung für Märkte entgegennehmen' → 'gewerbeanmeldung-fuer-maerkte-…'
    (at most the id length, cut at a hyphen)."""
    text = unicodedata.normalize("NFKD", name.translate(_GERMAN))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > ID_MAX_LENGTH:
        slug = slug[:ID_MAX_LENGTH].rsplit("-", 1)[0]
    return slug
