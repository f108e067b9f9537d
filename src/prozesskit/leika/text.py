"""German text normalisation for LeiKa matching: folding, a light stemmer, compounds.

Why hand-made and small: LeiKa Bezeichnungen are "Leistungsobjekt + Verrichtung" in
nominal style ("Gewerbe Anmeldung"), while people search and name their processes with
verbs ("Gewerbe anmelden", "Fahrzeug zulassen"), with or without umlauts, and with
compounds ("Gewerbeanmeldung"). A stemmer that maps "anmelden" and "Anmeldung" onto the
same stem and a folding that maps "Führerschein", "Fuehrerschein" and "Fuhrerschein"
onto the same form cover most of that; a full Snowball stemmer would be another
dependency for little gain. The same functions run over catalogue and query, so an odd
stem ("steur" for "Steuer") is harmless as long as both sides agree.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+")

#: Umlauts and ß, and their two-letter spellings, all folded to the plain vowel so that
#: "ä", "ae" and "a" meet (applied after lowercasing). A digraph after a vowel is a
#: diphthong plus e ("bauen", "Steuer"), not an umlaut, and stays.
_UMLAUTS = {"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}


def _accent_table() -> dict[int, str]:
    """Latin letters with accents → base letter (é → e), built once instead of running
    NFKD over every character of 4,800 Leistungen (that alone took 0.2 s)."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code).lower()
        if len(char) != 1:
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c))
        if base != char and base.isascii():
            table[ord(char)] = base
    table.update({ord(k): v for k, v in _UMLAUTS.items()})
    return table


_FOLD_CHARS = _accent_table()
_FOLD_DIGRAPH = re.compile(r"(?<![aeiou])(?:ae|oe|ue)")

STOPWORDS = frozenset({
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem",
    "einen", "und", "oder", "fur", "von", "vom", "zur", "zum", "zu", "im", "in", "ins", "mit",
    "bei", "beim", "nach", "auf", "aus", "wegen", "als", "an", "am", "sich",
    "sowie", "bzw", "gem", "gemass", "durch", "uber", "unter", "nicht", "ohne", "fuer",
})

#: Endings stripped by :func:`stem`, longest first; one ending per word.
#: No bare "-s" or "-n": they would cut "Ausweis" and "Schein" but not "Ausweise".
_SUFFIXES = ("ungen", "heiten", "keiten", "nisse", "ung", "heit", "keit", "nis", "ern", "eln",
             "en", "er", "es", "e")
_MIN_STEM = 3
_CONSONANTS = frozenset("bcdfgjkmnpqstvwxz")

#: Verb stems whose nominalisation is not "<stem>ung": map the verb onto the noun stem.
NOMINAL: dict[str, str] = {
    "beantrag": "antrag",
    "abgeb": "abgab",
    "angeb": "angab",
    "ausgeb": "ausgab",
    "vergeb": "vergab",
    "ubergeb": "ubergab",
    "abnehm": "abnahm",
    "aufnehm": "aufnahm",
    "teilnehm": "teilnahm",
    "entzieh": "entzug",
}

#: Words (after :func:`stem`) that mean the same thing in the catalogue; each maps to
#: its alternatives. Symmetric by construction (see :func:`_symmetric`).
_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("kfz", "kraftfahrzeug", "fahrzeug", "pkw"),
    ("ausweis", "personalausweis"),
    ("pass", "reisepass"),
    ("fuhrerschein", "fahrerlaubnis"),
    ("kita", "kindertagesstatt", "kindertageseinricht", "kindertagesbetreu"),
    ("bafog", "ausbildungsford"),
    ("hund", "hundehalt"),
    ("wohnsitz", "wohnung"),
    ("heirat", "eheschliess"),
    ("bau", "bauvorhab"),
)


def _symmetric(groups: tuple[tuple[str, ...], ...]) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for group in groups:
        for word in group:
            table.setdefault(word, set()).update(w for w in group if w != word)
    return {word: frozenset(others) for word, others in table.items()}


#: One-way: a colloquial word finds the catalogue's words, not the other way round
#: (otherwise "Gewerbe" would also rank every "Unternehmen" Leistung).
_ONE_WAY: dict[str, tuple[str, ...]] = {
    "firma": ("gewerbe", "unternehmen"),
    "betrieb": ("gewerbe",),
    "auto": ("kraftfahrzeug",),
    "perso": ("personalausweis",),
    "kennzeichen": ("kraftfahrzeugkennzeichen",),
    "umzug": ("ummeldung", "wohnsitz"),
}

SYNONYMS: dict[str, frozenset[str]] = {}  # filled below, once stem() exists


def fold(text: str) -> str:
    """Lowercase, fold umlauts (ä/ae → a …) and strip other accents (é → e)."""
    lowered = text.lower().translate(_FOLD_CHARS)
    return _FOLD_DIGRAPH.sub(lambda m: m.group(0)[0], lowered)


def _trim_after_ung(base: str) -> str:
    """"anderung" → "ander" → "and" like "andern" → "and"; "ubermittl" → "ubermitt"
    like "ubermitteln" → "ubermitt": the verb's -ern/-eln must meet the noun's -erung/-lung."""
    if base.endswith(("er", "el")) and len(base) - 2 >= _MIN_STEM:
        return base[:-2]
    if (len(base) > _MIN_STEM + 1 and base[-1] in "lr" and base[-2] in _CONSONANTS
            and base[-2] != base[-1]):
        return base[:-1]
    return base


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Light German stemmer over a folded word: strip one ending, then map verb → noun."""
    if len(word) <= 4 or word.isdigit():
        return NOMINAL.get(word, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
            if suffix in ("ung", "ungen"):
                word = _trim_after_ung(word)
            break
    return NOMINAL.get(word, word)


def words(text: str) -> list[str]:
    """Folded words of a text without stopwords (not yet stemmed)."""
    return [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS and len(w) > 1]


def stems(text: str) -> list[str]:
    """Stems of the words of a text, in order, duplicates kept (term frequency)."""
    return [stem(w) for w in words(text)]


#: Verbs of asking for or handling a Leistung; they carry no hint which one is meant.
_GENERIC_WORDS = ("beantragen", "antrag", "entgegennehmen", "bearbeiten", "durchführen",
                  "erhalten", "bekommen", "stellen", "machen", "prüfen", "vornehmen",
                  "erledigen", "abwickeln", "verwalten")


def _build_synonyms() -> dict[str, frozenset[str]]:
    table = _symmetric(tuple(tuple(stem(fold(w)) for w in group) for group in _SYNONYM_GROUPS))
    for word, targets in _ONE_WAY.items():
        key = stem(fold(word))
        table[key] = table.get(key, frozenset()) | {stem(fold(t)) for t in targets}
    return table


SYNONYMS.update(_build_synonyms())
GENERIC: frozenset[str] = frozenset(stem(fold(w)) for w in _GENERIC_WORDS)
